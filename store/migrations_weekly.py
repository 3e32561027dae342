"""The weekly summary's rollups (issue 17): the whole centre's week read from a few thousand rows.

Its number is its place in store.migrations.MIGRATIONS (nothing here names it).

- `kpi_day_category_rollups`: per agent, local day and category, the calls and those resolved on the call
  (store/kpi_call_sql.py CATEGORY_SUMS), kept by the writers' refresh with the daily rollups
  (store/kpi_rollups.py); the existing calls are rolled up here, for the local days migration 17 made.
- index `calls_complaint_unresolved`: the complaints not resolved on the call, by agent and start, the
  only ones the "resolved later" probe runs for (store/reports.py).
- index `calls_complaint_resolved`: that probe's later resolved call of the customer and category, from
  the index alone.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from store.kpi_call_sql import COMPLAINT_CATEGORIES
from store.kpi_rollups import CATEGORY_TABLE, rebuild_categories


def fill_categories(conn: sqlite3.Connection) -> None:
    rebuild_categories(conn)


M_WEEKLY: list[str | Callable[[sqlite3.Connection], None]] = [
    CATEGORY_TABLE, fill_categories,
    f"CREATE INDEX calls_complaint_unresolved ON calls (agent_id, started_at, category, customer_id, outcome)"
    f" WHERE category IN {COMPLAINT_CATEGORIES} AND outcome != 'resolved'",
    f"CREATE INDEX calls_complaint_resolved ON calls (customer_id, category, started_at, outcome)"
    f" WHERE category IN {COMPLAINT_CATEGORIES} AND outcome = 'resolved'",
]
