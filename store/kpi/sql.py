"""SQL the KPI figures and their drill-down share: placeholders, the repeat-call probe, what counts for FCR."""

from __future__ import annotations

from collections.abc import Collection

from store import settings as settings_lib
from store.db import Tx

WORKING_STATUSES = ("ready", "on-call", "wrap-up")
FCR_EXCLUDED = ("feedback", "return-visit")  # categories that never count for first-call resolution

# an inbound call from the same customer in the same category, later and within the window
REPEAT_SQL = (
    "SELECT n.id FROM calls n WHERE n.customer_id = k.customer_id AND n.category = k.category"
    " AND n.direction = 'in' AND n.started_at > k.started_at"
    " AND n.started_at <= strftime('%Y-%m-%dT%H:%M:%SZ', k.started_at, ?) ORDER BY n.started_at LIMIT 1"
)
FCR_ELIGIBLE_SQL = f"k.direction = 'in' AND k.customer_id IS NOT NULL AND k.category NOT IN {FCR_EXCLUDED}"


def placeholders(ids: Collection[object]) -> str:
    """"?, ?, ?": one SQL parameter mark per id."""
    return ", ".join("?" for _ in ids)


def fcr_window(tx: Tx) -> str:
    return f"+{int(settings_lib.read(tx, 'fcr_window_days'))} days"
