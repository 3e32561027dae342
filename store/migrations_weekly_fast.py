"""The whole centre's week under 100 ms (issue 17): complaints resolved later kept, callbacks due by due time.

Its number is its place in store.migrations.MIGRATIONS (nothing here names it).

- `complaint_resolutions`: per complaint not resolved on the call, the start of the first later call of
  its customer and category that resolved it (store/complaint_rollups.py), so the summary counts the
  complaints resolved later from an index instead of probing each one's later calls; the existing calls
  are filled in here, the writers' refresh keeps them with the other rollups.
- `kpi_week_category_rollups`: the category rollups summed per agent, local ISO week and category
  (store/kpi_week_rollups.py), filled from the day rows here and kept by the refresh with them: the whole
  centre's week is ~4,000 rows, not ~21,000.
- partial indexes `calls_complaint_started` and `calls_feedback_started`: the summary's lists (the first
  500 complaints and market feedback calls of the period, by start) read in order from the matching calls
  alone, not from every call of the week.
- index `callbacks_due_kind`: the callbacks first due in a period, with the columns the summary counts,
  from the index alone (the whole centre's week: one range, not an owner seek per agent).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from store.complaint_rollups import INDEXES, TABLE, rebuild_complaints
from store.kpi_call_sql import COMPLAINT_CATEGORIES
from store.kpi_week_rollups import WEEK_TABLE, rebuild_weeks


def fill_resolutions(conn: sqlite3.Connection) -> None:
    rebuild_complaints(conn)


def fill_weeks(conn: sqlite3.Connection) -> None:
    rebuild_weeks(conn)


M_WEEKLY_FAST: list[str | Callable[[sqlite3.Connection], None]] = [
    TABLE, fill_resolutions, *INDEXES, WEEK_TABLE, fill_weeks,
    f"CREATE INDEX calls_complaint_started ON calls (started_at) WHERE category IN {COMPLAINT_CATEGORIES}",
    "CREATE INDEX calls_feedback_started ON calls (started_at) WHERE category = 'feedback'",
    "CREATE INDEX callbacks_due_kind ON callbacks (first_due_at, owner_id, kind, status, closed_at)",
]
