"""The category rollups by local ISO week: `kpi_week_category_rollups` (migration 20).

Per agent, week (its Monday, a local day) and category, the sums of that week's rows of
`kpi_day_category_rollups` (store/kpi_rollups.py): the whole centre's week is ~4,000 rows here against ~21,000
day rows. Whenever the refresh writes an (agent, day)'s category rows it writes that (agent, week)'s rows again
from them (`week_sql`, the same transaction); a rebuild makes them all from the day rows (`rebuild_weeks`). A
read of whole local days takes the whole weeks among them from here and the other days from the day rows
(`split_weeks`; store/kpi/call_sums.py category_counts). A leaf module beside store/kpi_rollups.py.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from store.kpi_call_sql import CATEGORY_COLUMNS

WEEK_TABLE = f"""CREATE TABLE kpi_week_category_rollups (
        agent_id INTEGER NOT NULL,
        week TEXT NOT NULL,
        category TEXT NOT NULL,
        {", ".join(f"{c} INTEGER NOT NULL DEFAULT 0" for c in CATEGORY_COLUMNS)},
        PRIMARY KEY (agent_id, week, category)
    ) WITHOUT ROWID"""


def monday_of(day: str) -> str:
    """SQL: the Monday of the ISO week of local day `day` (a YYYY-MM-DD expression; Sunday is 'weekday 0')."""
    return f"date({day}, 'weekday 0', '-6 days')"


_SUMS = ", ".join(f"sum(r.{c})" for c in CATEGORY_COLUMNS)
_COLUMNS = ", ".join(CATEGORY_COLUMNS)


def week_sql(touched: str) -> list[str]:
    """The statements writing the week rows of the (agent_id, day) pairs `touched` selects (no parameters),
    from the day rows, once those are written: each pair's whole week made again."""
    weeks = f"SELECT DISTINCT agent_id, {monday_of('day')} AS week FROM ({touched})"
    return [
        f"DELETE FROM kpi_week_category_rollups WHERE (agent_id, week) IN ({weeks})",
        f"INSERT INTO kpi_week_category_rollups (agent_id, week, category, {_COLUMNS})"
        f" SELECT w.agent_id, w.week, r.category, {_SUMS} FROM ({weeks}) w JOIN kpi_day_category_rollups r"
        " ON r.agent_id = w.agent_id AND r.day >= w.week AND r.day <= date(w.week, '+6 days')"
        " GROUP BY w.agent_id, w.week, r.category",
    ]


def rebuild_weeks(conn: sqlite3.Connection) -> int:
    """Every week row made again from the day rows; returns their number."""
    conn.execute("DELETE FROM kpi_week_category_rollups")
    conn.execute(f"INSERT INTO kpi_week_category_rollups (agent_id, week, category, {_COLUMNS})"
                 f" SELECT r.agent_id, {monday_of('r.day')}, r.category, {_SUMS} FROM kpi_day_category_rollups r"
                 " GROUP BY r.agent_id, 2, r.category")
    return int(conn.execute("SELECT count(*) FROM kpi_week_category_rollups").fetchone()[0])


def split_weeks(first: str, last: str) -> tuple[tuple[str, str] | None, list[tuple[str, str]]]:
    """The local days first..last (YYYY-MM-DD) as (the Mondays of the whole weeks among them, first and last;
    None if there is none) and the spans of days before and after those weeks (first, last day of each)."""
    f, last_day = date.fromisoformat(first), date.fromisoformat(last)
    monday = f + timedelta(days=(7 - f.weekday()) % 7)  # the first Monday on or after `first`
    sunday = last_day - timedelta(days=(last_day.weekday() + 1) % 7)  # the last Sunday on or before `last`
    if sunday < monday:
        return None, [(first, last)]
    days = [(first, (monday - timedelta(days=1)).isoformat()), ((sunday + timedelta(days=1)).isoformat(), last)]
    return (monday.isoformat(), (sunday - timedelta(days=6)).isoformat()), [(a, b) for a, b in days if a <= b]
