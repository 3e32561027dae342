"""Daily KPI rollups: the call-derived sums of each agent and local day, kept in the writing transaction.

`kpi_local_days` cuts 2020-2049 into the centre's local days (UTC bounds); `kpi_day_rollups` holds, per
agent and local day, the sums of store/kpi_call_sql.py over the calls started that day; `kpi_rollup_state`
says which time zone and FCR window they were built for. Triggers on `calls` note each change of a call a
figure reads in `kpi_rollup_dirty` (plain inserts: the schema computes no time); `refresh`, called by the
writers (store/calls.py saves and corrections, store/surveys.py, a customer merge) before they commit,
recomputes every (agent, day) those changes touch: the call's own day, old and new, and the days of the
same customer's earlier inbound calls in its category whose FCR it may turn into a miss (or back), then
empties the list. A writer that does not refresh (a script, a bulk import) leaves the list non-empty, and
the KPI reads the calls directly until the next refresh; a bulk load may drop the triggers and `rebuild`
after. Changing the time zone or the FCR window rebuilds them (store/settings.py); a read whose settings
differ from the state's reads the calls directly.

`kpi_day_category_rollups` (migration 18) holds, per agent, local day and category, the weekly summary's
counts (CATEGORY_SUMS): the refresh recomputes the dirty calls' own days (old and new), a rebuild all.
`complaint_resolutions` (migration 20, store/complaint_rollups.py): each complaint's first later resolving call,
made again by the refresh for the dirty calls' (customer, category) pairs, and by a rebuild; and
`kpi_week_category_rollups` (migration 20, store/kpi_week_rollups.py): the category rows summed by local ISO week.

A leaf module beside store/kpi_call_sql.py: the migrations and the settings import it.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from store.clock import iso
from store.complaint_rollups import rebuild_complaints, refresh_complaints
from store.kpi_call_sql import CATEGORY_COLUMNS, CATEGORY_SUMS, SUM_COLUMNS, call_sums
from store.kpi_week_rollups import rebuild_weeks, week_sql

ZONE_DEFAULT = "Asia/Shanghai"  # the settings' defaults of timezone and fcr_window_days (store/settings.py)
FCR_WINDOW_DEFAULT = 7
ROLLUP_KEYS = ("timezone", "fcr_window_days")  # the settings the rollups are built for
# 30 years (10,958 rows, made at each store's first open): calls outside are read directly, never rolled up
FIRST_DAY, LAST_DAY = date(2020, 1, 1), date(2049, 12, 31)
TRIGGERS = ("calls_rollup_insert", "calls_rollup_update", "calls_rollup_delete")
# the calls columns a figure reads: a change of any other column (notes, order number...) touches no rollup
READ_COLUMNS = ("agent_id", "started_at", "direction", "category", "outcome", "customer_id", "talk_s", "hold_s",
                "wrap_s", "survey_score")

TABLES = [
    """CREATE TABLE kpi_local_days (
        day TEXT PRIMARY KEY,
        start TEXT NOT NULL,
        end TEXT NOT NULL
    ) WITHOUT ROWID""",
    # a moment's local day: the last day starting at or before it (a day a zone skipped starts where the next does)
    "CREATE INDEX kpi_local_days_start ON kpi_local_days (start, day)",
    f"""CREATE TABLE kpi_day_rollups (
        agent_id INTEGER NOT NULL,
        day TEXT NOT NULL,
        {", ".join(f"{c} INTEGER NOT NULL DEFAULT 0" for c in SUM_COLUMNS)},
        PRIMARY KEY (agent_id, day)
    ) WITHOUT ROWID""",
    """CREATE TABLE kpi_rollup_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        timezone TEXT NOT NULL,
        fcr_window_days INTEGER NOT NULL,
        built_at TEXT NOT NULL
    )""",
    # the calls changed since the rollups were last brought up to date (their values before and after)
    """CREATE TABLE kpi_rollup_dirty (
        id INTEGER PRIMARY KEY,
        agent_id INTEGER NOT NULL,
        started_at TEXT NOT NULL,
        direction TEXT NOT NULL,
        customer_id INTEGER,
        category TEXT NOT NULL
    )""",
]

# migration 18 (store/migrations_weekly.py): the weekly summary's counts per agent, local day and category
CATEGORY_TABLE = f"""CREATE TABLE kpi_day_category_rollups (
        agent_id INTEGER NOT NULL,
        day TEXT NOT NULL,
        category TEXT NOT NULL,
        {", ".join(f"{c} INTEGER NOT NULL DEFAULT 0" for c in CATEGORY_COLUMNS)},
        PRIMARY KEY (agent_id, day, category)
    ) WITHOUT ROWID"""

_WINDOW = "(SELECT '+' || fcr_window_days || ' days' FROM kpi_rollup_state WHERE id = 1)"
_BACK = "(SELECT '-' || (fcr_window_days + 1) || ' days' FROM kpi_rollup_state WHERE id = 1)"


def _day_of(moment: str) -> str:
    return f"(SELECT day FROM kpi_local_days WHERE start <= {moment} ORDER BY start DESC, day DESC LIMIT 1)"


# (agent_id, day) pairs the changed calls touch: each one's own day, and the days of the earlier inbound
# calls of its customer and category it may be the repeat of (a day more than the window)
_TOUCHED = (
    f"SELECT x.agent_id AS agent_id, {_day_of('x.started_at')} AS day FROM kpi_rollup_dirty x"
    f" UNION SELECT k.agent_id, {_day_of('k.started_at')} FROM kpi_rollup_dirty x JOIN calls k"
    " ON x.direction = 'in' AND k.customer_id = x.customer_id AND k.category = x.category AND k.direction = 'in'"
    " AND k.started_at < x.started_at"
    f" AND k.started_at >= strftime('%Y-%m-%dT%H:%M:%SZ', x.started_at, {_BACK})"
)


# (agent_id, day) of the changed calls themselves: a category's counts read no other call
_OWN_DAYS = f"SELECT DISTINCT x.agent_id AS agent_id, {_day_of('x.started_at')} AS day FROM kpi_rollup_dirty x"


def category_sql(touched: str) -> list[str]:
    """The statements writing the category rollups of the distinct (agent_id, day) pairs `touched` selects
    (its parameters, if any, twice: the old rows go, the calls' rows come; a category may have left a day)."""
    sums = ", ".join(expr for _, expr in CATEGORY_SUMS)
    return [
        f"DELETE FROM kpi_day_category_rollups WHERE (agent_id, day) IN (SELECT agent_id, day FROM ({touched}))",
        f"INSERT INTO kpi_day_category_rollups (agent_id, day, category, {', '.join(CATEGORY_COLUMNS)})"
        f" SELECT t.agent_id, d.day, k.category, {sums} FROM ({touched}) t JOIN kpi_local_days d ON d.day = t.day"
        " JOIN calls k ON k.agent_id = t.agent_id AND k.started_at >= d.start AND k.started_at < d.end"
        " GROUP BY t.agent_id, d.day, k.category",
    ]


def recompute_sql(touched: str) -> str:
    """The statement writing the rollup rows of the (agent_id, day) pairs `touched` selects, from the calls."""
    sums = ", ".join(f"coalesce({expr}, 0)" for _, expr in call_sums(_WINDOW))
    updates = ", ".join(f"{c} = excluded.{c}" for c in SUM_COLUMNS)
    return (
        f"INSERT INTO kpi_day_rollups (agent_id, day, {', '.join(SUM_COLUMNS)})"
        f" SELECT t.agent_id, d.day, {sums} FROM ({touched}) t JOIN kpi_local_days d ON d.day = t.day"
        " LEFT JOIN calls k ON k.agent_id = t.agent_id AND k.started_at >= d.start AND k.started_at < d.end"
        f" GROUP BY t.agent_id, d.day ON CONFLICT (agent_id, day) DO UPDATE SET {updates}"
    )


def refresh(conn: sqlite3.Connection) -> int:
    """Bring the rollups up to date with the calls changed since (kpi_rollup_dirty), in the caller's
    transaction: store/calls.py and store/surveys.py call it after each write. Returns the calls seen."""
    changed = int(conn.execute("SELECT count(*) FROM kpi_rollup_dirty").fetchone()[0])
    if changed:
        conn.execute(recompute_sql(_TOUCHED))
        for sql in [*category_sql(_OWN_DAYS), *week_sql(_OWN_DAYS)]:
            conn.execute(sql)
        refresh_complaints(conn)
        conn.execute("DELETE FROM kpi_rollup_dirty")
    return changed


def trigger_sql() -> list[str]:
    """Triggers noting each change of a call a figure reads (plain inserts: no time computed in the schema)."""
    columns = ", ".join(READ_COLUMNS)

    def note(row: str) -> str:
        return ("INSERT INTO kpi_rollup_dirty (agent_id, started_at, direction, customer_id, category)"
                f" VALUES ({row}.agent_id, {row}.started_at, {row}.direction, {row}.customer_id, {row}.category);")

    return [
        f"CREATE TRIGGER calls_rollup_insert AFTER INSERT ON calls BEGIN {note('NEW')} END",
        f"CREATE TRIGGER calls_rollup_update AFTER UPDATE OF {columns} ON calls BEGIN {note('OLD')} {note('NEW')} END",
        f"CREATE TRIGGER calls_rollup_delete AFTER DELETE ON calls BEGIN {note('OLD')} END",
    ]


def create_triggers(conn: sqlite3.Connection) -> None:
    for sql in trigger_sql():
        conn.execute(sql)


def drop_triggers(conn: sqlite3.Connection) -> None:
    """For a bulk load that calls `rebuild` after (bench/build_store.py)."""
    for name in TRIGGERS:
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")


def local_midnight(day: date, zone: ZoneInfo) -> str:
    """As store.periods.local_midnight (which this leaf cannot import), in UTC ISO."""
    return iso(datetime.combine(day, time(0), tzinfo=zone))


def _offsets(zone: ZoneInfo) -> list[tuple[date, date, int]]:
    """(first day, last day, UTC offset in seconds at local midnight) of each stretch of days with one offset:
    a weekly scan, each change found to the day by halving (no zone changes twice within a week)."""
    def offset(day: date) -> int:
        moment = datetime.combine(day, time(0), tzinfo=zone).utcoffset()
        return int(moment.total_seconds()) if moment is not None else 0

    starts = [(FIRST_DAY, offset(FIRST_DAY))]
    day = FIRST_DAY
    while day < LAST_DAY:
        ahead = min(day + timedelta(days=7), LAST_DAY)
        if offset(ahead) == starts[-1][1]:
            day = ahead
            continue
        low, high = day, ahead  # offset(low) is the stretch's, offset(high) is not
        while (high - low).days > 1:
            middle = low + timedelta(days=(high - low).days // 2)
            low, high = (middle, high) if offset(middle) == starts[-1][1] else (low, middle)
        starts.append((high, offset(high)))
        day = high
    ends = [following - timedelta(days=1) for following, _ in starts[1:]] + [LAST_DAY]
    return [(first, last, seconds) for (first, seconds), last in zip(starts, ends)]


def fill_days(conn: sqlite3.Connection, zone_name: str) -> None:
    """The local days 2020-2049 of the zone with their UTC bounds, made in SQL stretch by stretch."""
    zone = ZoneInfo(zone_name)
    conn.execute("DELETE FROM kpi_local_days")
    for first, last, seconds in _offsets(zone):
        shift = f"{-seconds} seconds"
        conn.execute(
            "WITH RECURSIVE d(day) AS (SELECT ? UNION ALL SELECT date(day, '+1 day') FROM d WHERE day < ?)"
            " INSERT INTO kpi_local_days (day, start, end) SELECT day, strftime('%Y-%m-%dT%H:%M:%SZ', day, ?),"
            " strftime('%Y-%m-%dT%H:%M:%SZ', day, '+1 day', ?) FROM d",
            (first.isoformat(), last.isoformat(), shift, shift))
        # a stretch's last day ends where the next stretch's first begins, at that day's own offset
        conn.execute("UPDATE kpi_local_days SET end = ? WHERE day = ?",
                     (local_midnight(last + timedelta(days=1), zone), last.isoformat()))


def _agent_days(conn: sqlite3.Connection) -> tuple[str, list[tuple[int, str, str]]]:
    """(the pairs of one agent's days from its first call's to its last's, with parameters agent id, first
    and last start; each agent's (id, first, last)): rebuilt agent by agent, memory stays one agent's days."""
    touched = (
        "SELECT ? AS agent_id, d.day AS day FROM kpi_local_days d"
        f" WHERE d.day >= coalesce({_day_of('?')}, '') AND d.day <= coalesce({_day_of('?')}, '')"
    )
    return touched, conn.execute("SELECT agent_id, min(started_at), max(started_at) FROM calls GROUP BY agent_id").fetchall()


def rebuild(conn: sqlite3.Connection, zone_name: str, window_days: int, now: str, categories: bool = True) -> int:
    """Every rollup made again from the calls for this zone and window (in the caller's transaction); the
    category rollups and the complaint resolutions too unless `categories` is False (migration 17, made
    before their tables). Returns the number of (agent, day) rows written."""
    fill_days(conn, zone_name)
    conn.execute("INSERT INTO kpi_rollup_state (id, timezone, fcr_window_days, built_at) VALUES (1, ?, ?, ?)"
                 " ON CONFLICT (id) DO UPDATE SET timezone = excluded.timezone,"
                 " fcr_window_days = excluded.fcr_window_days, built_at = excluded.built_at",
                 (zone_name, int(window_days), now))
    conn.execute("DELETE FROM kpi_day_rollups")
    conn.execute("DELETE FROM kpi_rollup_dirty")
    sums = ", ".join(f"coalesce({expr}, 0)" for _, expr in call_sums(_WINDOW))
    touched, agents = _agent_days(conn)
    for agent_id, first, last in agents:
        conn.execute(
            f"INSERT INTO kpi_day_rollups (agent_id, day, {', '.join(SUM_COLUMNS)})"
            f" SELECT t.agent_id, d.day, {sums} FROM ({touched}) t JOIN kpi_local_days d ON d.day = t.day"
            " JOIN calls k ON k.agent_id = t.agent_id AND k.started_at >= d.start AND k.started_at < d.end"
            " GROUP BY t.agent_id, d.day", (agent_id, first, last))
    if categories:
        rebuild_categories(conn)
        rebuild_weeks(conn)
        rebuild_complaints(conn)
    return int(conn.execute("SELECT count(*) FROM kpi_day_rollups").fetchone()[0])


def rebuild_categories(conn: sqlite3.Connection) -> int:
    """Every category rollup made again from the calls, for the local days as they are (kpi_local_days).
    Returns the number of (agent, day, category) rows written."""
    conn.execute("DELETE FROM kpi_day_category_rollups")
    touched, agents = _agent_days(conn)
    insert = category_sql(touched)[1]
    for agent_id, first, last in agents:
        conn.execute(insert, (agent_id, first, last))
    return int(conn.execute("SELECT count(*) FROM kpi_day_category_rollups").fetchone()[0])


def centre_settings(conn: sqlite3.Connection) -> tuple[str, int]:
    """The centre's time zone and FCR window as the settings table holds them now."""
    values = dict(conn.execute("SELECT key, value FROM settings WHERE key IN ('timezone', 'fcr_window_days')").fetchall())
    zone = json.loads(values["timezone"]) if "timezone" in values else ZONE_DEFAULT
    window = json.loads(values["fcr_window_days"]) if "fcr_window_days" in values else FCR_WINDOW_DEFAULT
    return str(zone), int(window)


def rebuild_from_settings(conn: sqlite3.Connection, now: str, only_if_stale: bool = False,
                          categories: bool = True) -> int | None:
    """`rebuild` for the centre's current time zone and FCR window; with `only_if_stale`, only when the
    rollups were built for others (None: nothing to do)."""
    wanted = centre_settings(conn)
    if only_if_stale and built_for(conn) == wanted:
        return None
    return rebuild(conn, *wanted, now, categories=categories)


def built_for(conn: sqlite3.Connection) -> tuple[str, int] | None:
    """(time zone, FCR window) the rollups were built for; None before any build."""
    row = conn.execute("SELECT timezone, fcr_window_days FROM kpi_rollup_state WHERE id = 1").fetchone()
    return None if row is None else (str(row[0]), int(row[1]))
