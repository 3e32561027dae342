"""SQL the KPI figures and their drill-down share: placeholders, the repeat-call probe, what counts for FCR."""

from __future__ import annotations

from collections.abc import Collection

from store import settings as settings_lib
from store.db import Tx
from store.kpi_call_sql import FCR_ELIGIBLE_SQL, FCR_EXCLUDED, REPEAT_SQL

WORKING_STATUSES = ("ready", "on-call", "wrap-up")
# what counts for FCR and the repeat-call probe live with the rollups' SQL (one formula for both reads)
__all__ = ["FCR_ELIGIBLE_SQL", "FCR_EXCLUDED", "REPEAT_SQL", "WORKING_STATUSES", "fcr_window", "placeholders"]


def placeholders(ids: Collection[object]) -> str:
    """"?, ?, ?": one SQL parameter mark per id."""
    return ", ".join("?" for _ in ids)


def fcr_window(tx: Tx) -> str:
    return f"+{int(settings_lib.read(tx, 'fcr_window_days'))} days"
