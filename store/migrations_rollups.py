"""The KPI rollups migration (issue 17): per agent and local day, the call-derived sums the KPIs read.

Its number is its place in store.migrations.MIGRATIONS (nothing here names it).

- `kpi_local_days`: the centre's local days 2020-2049 with their UTC bounds (the time zone setting's).
- `kpi_day_rollups`: per agent and local day, the sums of store/kpi_call_sql.py over the calls started then.
- `kpi_rollup_state`: the time zone and FCR window the rollups were built for.
- `kpi_rollup_dirty` and triggers `calls_rollup_insert / _update / _delete`: each change of a call noted,
  for the writer's `refresh` in the same transaction (store/kpi_rollups.py). The existing calls are rolled
  up here, so an upgraded store reads right at once.
- index `callbacks_kpi_due`: the callbacks due of a team's month counted from the index alone.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime, timezone

from store.clock import iso
from store.kpi_rollups import TABLES, rebuild_from_settings, trigger_sql


def fill_rollups(conn: sqlite3.Connection) -> None:
    # the category rollups come with their own table, in migration 18 (store/migrations_weekly.py)
    rebuild_from_settings(conn, iso(datetime.now(timezone.utc)), categories=False)


# the rollups of the existing calls first, then the triggers that keep them
M_ROLLUPS: list[str | Callable[[sqlite3.Connection], None]] = [
    *TABLES, fill_rollups, *trigger_sql(),
    # callbacks due for the KPIs read from the index alone (store/kpi/callbacks_due.py due_counts)
    "CREATE INDEX callbacks_kpi_due ON callbacks (owner_id, first_due_at, status, closed_at)",
]
