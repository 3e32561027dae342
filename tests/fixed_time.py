"""The one "now" of the test suite: every store, command and desk a test starts reads it."""

from __future__ import annotations

from datetime import datetime, timezone

# 10:00 in Shanghai on a Thursday: "today" is stable in every test.
FIXED_NOW = datetime(2026, 11, 26, 2, 0, 0, tzinfo=timezone.utc)
NOW_TEXT = FIXED_NOW.strftime("%Y-%m-%dT%H:%M:%SZ")  # as AGENTDESK_NOW takes it


class Ticks:
    """A fake monotonic timer for time budgets: every reading is `step` seconds after the last (no wall
    clock in the test)."""

    def __init__(self, step: float):
        self.step, self.now = step, 0.0

    def __call__(self) -> float:
        self.now += self.step
        return self.now
