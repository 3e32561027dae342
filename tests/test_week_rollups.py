"""The category rollups by local ISO week (migration 20, store/kpi_week_rollups.py): on random stores the kept
week rows equal the day rows summed by week and a rebuild, and the counts of any span of whole days read
through them equal the direct ones; the refresh writes each changed day's week; the migration fills them."""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_kpi_rollups import NOW, ZONES, late, late_st, log, make_store
from test_weekly_rollups import calls_st

from store import kpi, open_store
from store.calls import update_call
from store.clock import FixedClock, iso
from store.kpi.call_sums import category_counts
from store.kpi_week_rollups import split_weeks
from store.migrations import MIGRATIONS
from store.migrations_weekly_fast import M_WEEKLY_FAST
from store.periods import local_midnight
from store.settings import set_setting


def week_rows(s) -> list[tuple]:
    return s.conn.execute("SELECT agent_id, week, category, calls, resolved FROM kpi_week_category_rollups"
                          " ORDER BY 1, 2, 3").fetchall()


def summed_by_week(s) -> list[tuple]:
    """The day rows summed by the Monday of each day's week, in Python."""
    out: dict[tuple, list[int]] = {}
    for agent, day, category, calls, resolved in s.conn.execute(
            "SELECT agent_id, day, category, calls, resolved FROM kpi_day_category_rollups"):
        d = date.fromisoformat(day)
        sums = out.setdefault((agent, (d - timedelta(days=d.weekday())).isoformat(), category), [0, 0])
        sums[0] += calls
        sums[1] += resolved
    return sorted((*key, *sums) for key, sums in out.items())


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(zone=st.sampled_from(ZONES), zone_first=st.booleans(), calls=st.lists(calls_st, min_size=1, max_size=30),
       lates=st.lists(late_st, max_size=8),
       spans=st.lists(st.tuples(st.integers(0, 32), st.integers(1, 24)), min_size=3, max_size=3))
def test_week_rows_equal_the_day_rows_and_whole_days_read_through_them_equal_the_calls(
        zone, zone_first, calls, lates, spans):
    with tempfile.TemporaryDirectory() as tmp:
        s, customers = make_store(Path(tmp) / "desk.db")
        try:
            if zone_first:
                set_setting(s, "root", "timezone", zone)
            call_ids = [log(s, customers, *c) for c in calls]
            for which, what, value in lates:
                late(s, customers, call_ids, which, what, value)
            if not zone_first:
                set_setting(s, "root", "timezone", zone)
            kept = week_rows(s)
            assert kept == summed_by_week(s)
            kpi.rebuild_rollups(s, "root")
            assert week_rows(s) == kept
            ids = [r[0] for r in s.conn.execute("SELECT id FROM agents ORDER BY id")]
            with s.read("root") as tx:
                for offset, days in spans:  # whole local days from 2026-10-19 on: weeks, with days either side
                    first = date(2026, 10, 19) + timedelta(days=offset)
                    start = local_midnight(first, ZoneInfo(zone))
                    end = local_midnight(first + timedelta(days=days), ZoneInfo(zone))
                    assert (category_counts(tx, ids, iso(start), iso(end))
                            == category_counts(tx, ids, iso(start), iso(end), use_rollups=False)), (first, days)
        finally:
            s.close()


def test_split_weeks_cuts_whole_weeks_and_the_days_either_side():
    assert split_weeks("2026-11-16", "2026-11-22") == (("2026-11-16", "2026-11-16"), [])  # a Monday to a Sunday
    assert split_weeks("2026-11-14", "2026-11-24") == (("2026-11-16", "2026-11-16"),
                                                       [("2026-11-14", "2026-11-15"), ("2026-11-23", "2026-11-24")])
    assert split_weeks("2026-11-17", "2026-11-23") == (None, [("2026-11-17", "2026-11-23")])  # 7 days, no ISO week
    assert split_weeks("2026-11-02", "2026-11-29") == (("2026-11-02", "2026-11-23"), [])  # four weeks
    assert split_weeks("2026-11-18", "2026-11-18") == (None, [("2026-11-18", "2026-11-18")])


def test_the_refresh_writes_the_week_of_each_changed_day(tmp_path):
    s, customers = make_store(tmp_path / "desk.db")
    call = log(s, customers, "li", 0, "in", "order", "resolved", 60, 100, None)  # 2026-10-20 Shanghai: week of 10-19
    assert [r[1:] for r in week_rows(s)] == [("2026-10-19", "order", 1, 1)]
    log(s, customers, "li", 0, "in", "order", "transferred", 5 * 24 * 60, 100, None)  # 10-25, the Sunday: same week
    log(s, customers, "li", 0, "in", "order", "resolved", 7 * 24 * 60, 100, None)  # 10-27: the next week
    assert [r[1:] for r in week_rows(s)] == [("2026-10-19", "order", 2, 1), ("2026-10-26", "order", 1, 1)]
    update_call(s, "root", call, category="complaint", outcome="transferred")  # a correction: the order row shrinks
    assert [r[1:] for r in week_rows(s)] == [("2026-10-19", "complaint", 1, 0), ("2026-10-19", "order", 1, 0),
                                             ("2026-10-26", "order", 1, 1)]
    s.close()


def test_migration_20_sums_the_day_rows_of_an_upgraded_store(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(str(path), isolation_level=None)  # a store of the schema before it, with day rows in it
    conn.execute("BEGIN")
    before = MIGRATIONS.index(M_WEEKLY_FAST)
    for number in range(1, before + 1):
        for step in MIGRATIONS[number - 1]:
            conn.execute(step) if isinstance(step, str) else step(conn)
    conn.execute(f"PRAGMA user_version = {before}")
    conn.execute("INSERT INTO kpi_day_category_rollups (agent_id, day, category, calls, resolved) VALUES"
                 " (2, '2026-10-05', 'order', 3, 1), (2, '2026-10-11', 'order', 2, 2), (2, '2026-10-12', 'order', 1, 0)")
    conn.execute("COMMIT")
    conn.close()
    s = open_store(path, FixedClock(NOW))
    assert [r[1:] for r in week_rows(s)] == [("2026-10-05", "order", 5, 3), ("2026-10-12", "order", 1, 0)]
    s.close()
