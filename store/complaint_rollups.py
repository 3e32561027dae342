"""The weekly summary's "resolved later", kept per complaint: `complaint_resolutions` (migration 20).

A complaint (store/kpi_call_sql.py COMPLAINT_CATEGORIES) not resolved on the call is resolved later in a
period when a later call of the same customer and category resolved it before the period's end
(store/reports.py RESOLVED_LATER). That is: the first such call started before the end. So each complaint
not resolved on the call whose customer has a later resolving call in its category gets one row here, with
that first call's start (`resolved_at`); the summary counts the rows of its complaints with
`resolved_at < end` instead of probing each complaint's later calls.

Kept as the other rollups are (store/kpi_rollups.py): the triggers on `calls` note each change of a call
(customer, category, outcome and start among them) in `kpi_rollup_dirty`, and the writers' refresh
recomputes the rows of every (customer, category) a noted call had before or after, complaints or not,
before the list is emptied; a rebuild makes them all. A leaf module beside store/kpi_rollups.py.
"""

from __future__ import annotations

import sqlite3

from store.kpi_call_sql import COMPLAINT_CATEGORIES

TABLE = """CREATE TABLE complaint_resolutions (
        call_id INTEGER PRIMARY KEY,
        agent_id INTEGER NOT NULL,
        started_at TEXT NOT NULL,
        category TEXT NOT NULL,
        customer_id INTEGER NOT NULL,
        resolved_at TEXT NOT NULL
    )"""
INDEXES = [
    # the summary's count: an agent's complaints of a period, with the first resolving call's start
    "CREATE INDEX complaint_resolutions_agent ON complaint_resolutions (agent_id, started_at, category, resolved_at)",
    # the refresh's rows of one customer and category
    "CREATE INDEX complaint_resolutions_customer ON complaint_resolutions (customer_id, category)",
]

# the first later call of complaint k's customer and category that resolved it (calls_complaint_resolved)
FIRST_RESOLVING = (
    "SELECT min(n.started_at) FROM calls n WHERE n.customer_id = k.customer_id AND n.category = k.category"
    f" AND n.category IN {COMPLAINT_CATEGORIES} AND n.outcome = 'resolved' AND n.started_at > k.started_at"
)
_COMPLAINT = f"k.category IN {COMPLAINT_CATEGORIES} AND k.outcome != 'resolved' AND k.customer_id IS NOT NULL"
_INSERT = ("INSERT INTO complaint_resolutions (call_id, agent_id, started_at, category, customer_id, resolved_at)"
           " SELECT * FROM (SELECT k.id, k.agent_id, k.started_at, k.category, k.customer_id,"
           f" ({FIRST_RESOLVING}) AS resolved_at FROM {{source}} WHERE {_COMPLAINT}) WHERE resolved_at IS NOT NULL")
# the (customer, category) pairs of complaints the noted calls had, before or after their change
_TOUCHED = (f"SELECT DISTINCT customer_id, category FROM kpi_rollup_dirty WHERE category IN {COMPLAINT_CATEGORIES}"
            " AND customer_id IS NOT NULL")

# the summary's count: {(category, agent id): complaints of the period resolved later, before its end}
COUNT_SQL = ("SELECT category, agent_id, count(*) FROM complaint_resolutions WHERE agent_id IN ({agents})"
             " AND started_at >= ? AND started_at < ? AND resolved_at < ? GROUP BY category, agent_id")


def refresh_complaints(conn: sqlite3.Connection) -> None:
    """The rows of every (customer, category) the noted calls touch, made again from the calls (the caller's
    transaction, before kpi_rollup_dirty is emptied: store/kpi_rollups.py refresh)."""
    conn.execute(f"DELETE FROM complaint_resolutions WHERE (customer_id, category) IN ({_TOUCHED})")
    conn.execute(_INSERT.format(source=f"({_TOUCHED}) t JOIN calls k ON k.customer_id = t.customer_id"
                                       " AND k.category = t.category"))


def rebuild_complaints(conn: sqlite3.Connection) -> int:
    """Every row made again from the calls; returns their number."""
    conn.execute("DELETE FROM complaint_resolutions")
    conn.execute(_INSERT.format(source="calls k INDEXED BY calls_complaint_unresolved"))
    return int(conn.execute("SELECT count(*) FROM complaint_resolutions").fetchone()[0])
