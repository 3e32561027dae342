"""The one "now" of the test suite: every store, command and desk a test starts reads it."""

from __future__ import annotations

from datetime import datetime, timezone

# 10:00 in Shanghai on a Thursday: "today" is stable in every test.
FIXED_NOW = datetime(2026, 11, 26, 2, 0, 0, tzinfo=timezone.utc)
NOW_TEXT = FIXED_NOW.strftime("%Y-%m-%dT%H:%M:%SZ")  # as AGENTDESK_NOW takes it
