"""SQL the KPI figures and their drill-down share: placeholders, the repeat-call probe, what counts for FCR."""

from __future__ import annotations

from collections.abc import Collection

from store import settings as settings_lib
from store.db import Tx
from store.kpi_call_sql import FCR_ELIGIBLE_SQL, FCR_EXCLUDED, REPEAT_SQL

WORKING_STATUSES = ("ready", "on-call", "wrap-up")
# what counts for FCR and the repeat-call probe live with the rollups' SQL (one formula for both reads)
__all__ = ["FCR_ELIGIBLE_SQL", "FCR_EXCLUDED", "MANY_AGENTS", "REPEAT_SQL", "WORKING_STATUSES", "by_agent",
           "fcr_window", "placeholders"]
# from this many agents on, a period's rows are read as one range by time, not one index seek per agent (the
# whole centre's week: 9,444 callbacks of 500 agents, the first 500 complaints of 40,000): see `by_agent`
MANY_AGENTS = 50


def placeholders(ids: Collection[object]) -> str:
    """"?, ?, ?": one SQL parameter mark per id."""
    return ", ".join("?" for _ in ids)


def by_agent(column: str, ids: Collection[object]) -> str:
    """`column IN (?, ...)` for the ids; for MANY_AGENTS or more `+column`, which SQLite does not seek by."""
    return f"{'+' if len(ids) >= MANY_AGENTS else ''}{column} IN ({placeholders(ids)})"


def fcr_window(tx: Tx) -> str:
    return f"+{int(settings_lib.read(tx, 'fcr_window_days'))} days"
