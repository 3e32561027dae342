"""KPI rollups (store/kpi_rollups.py): on random stores, the rollup path equals the direct computation, for
days, weeks, months and ranges that are not whole local days, in several time zones, after late figures
(surveys, corrections, repeat calls) and after a rebuild; the migration fills them; settings rebuild them."""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store import kpi, open_store, scorecard
from store.agents import add_agent
from store.call_records import CallEntry
from store.calls import log_call, update_call
from store.clock import FixedClock, iso
from store.customers import create_customer
from store.errors import PermissionDenied
from store.kpi.call_sums import rollups_current
from store.kpi.figures import figures
from store.kpi_rollups import built_for
from store.migrations import MIGRATIONS
from store.migrations_rollups import M_ROLLUPS
from store.periods import Period, iso_week, month, parse_period
from store.settings import set_setting
from store.surveys import record_survey

ZONES = ("Asia/Shanghai", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC")
BASE = datetime(2026, 10, 20, tzinfo=timezone.utc)  # the calls span New York's end of summer time and two months
SPAN_MIN = 30 * 24 * 60
NOW = datetime(2026, 11, 26, 2, 0, tzinfo=timezone.utc)
AGENTS = ("li", "wang", "chen")

calls_st = st.tuples(
    st.sampled_from(AGENTS),
    st.one_of(st.none(), st.integers(0, 2)),  # customer
    st.sampled_from(("in", "in", "out")),
    st.sampled_from(("order", "complaint", "feedback", "billing")),
    st.sampled_from(("resolved", "resolved", "transferred", "escalated-manager", "callback-needed")),
    st.integers(0, SPAN_MIN),  # minutes after BASE
    st.integers(0, 900),  # talk seconds
    st.one_of(st.none(), st.integers(1, 5)),  # survey score given at once
)
late_st = st.tuples(  # a figure that arrives late: a survey score or a correction of one call
    st.integers(0, 10_000),
    st.sampled_from(("survey", "category", "outcome", "customer_id", "direction", "talk_s")),
    st.integers(0, 10_000),
)


def make_store(path: Path):
    s = open_store(path, FixedClock(NOW))
    add_agent(s, None, "root", "Root", "admin", None)
    add_agent(s, "root", "lin", "Lin", "lead", "north", "8000")
    for i, login in enumerate(AGENTS):
        add_agent(s, "root", login, login.title(), "agent", "north" if i < 2 else "south", f"81{i:02d}")
    customers = [create_customer(s, "root", phones=[f"138 0013 80{i:02d}"], name=f"C{i}") for i in range(3)]
    return s, customers


def log(s, customers, agent, customer, direction, category, outcome, minute, talk, survey) -> int:
    fields = dict(category=category, outcome=outcome, direction=direction, talk_s=talk, hold_s=talk // 7, wrap_s=30,
                  started_at=iso(BASE + timedelta(minutes=minute)))
    if outcome.startswith("escalated"):
        fields["escalation_reason"] = "needs the supervisor"
    if customer is not None:
        fields["customer_id"] = customers[customer]
    call_id = log_call(s, agent, CallEntry(**fields))
    if survey is not None:
        record_survey(s, "root", survey, call_id=call_id)
    return call_id


def late(s, customers, call_ids, which, what, value) -> None:
    call_id = call_ids[which % len(call_ids)]
    if what == "survey":
        record_survey(s, "root", 1 + value % 5, call_id=call_id)
    elif what == "category":
        update_call(s, "root", call_id, category=("order", "complaint", "billing", "return-visit")[value % 4])
    elif what == "outcome":
        update_call(s, "root", call_id, outcome=("resolved", "transferred")[value % 2])
    elif what == "customer_id":
        update_call(s, "root", call_id, customer_id=customers[value % 3])
    elif what == "direction":
        update_call(s, "root", call_id, direction=("in", "out")[value % 2])
    else:
        update_call(s, "root", call_id, talk_s=value % 1000)


def periods(zone_name: str, starts: list[int], lengths: list[int]) -> list[Period]:
    """Local days, ISO weeks, the two months, and ranges cut at any minute (not whole local days)."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(zone_name)
    out = [month(2026, 10, zone), month(2026, 11, zone), iso_week(2026, 44, zone), iso_week(2026, 45, zone)]
    for minute, length in zip(starts, lengths):
        moment = BASE + timedelta(minutes=minute)
        out.append(parse_period(moment.astimezone(zone).date().isoformat(), NOW, zone))
        end = moment + timedelta(minutes=length)
        out.append(Period("range", moment.date(), end.date(), iso(moment), iso(end)))
    return out


def ids_of(s) -> list[int]:
    return [r[0] for r in s.conn.execute("SELECT id FROM agents WHERE role = 'agent' ORDER BY id")]


def assert_same(s, ps: list[Period]) -> None:
    with s.read(None) as tx:
        assert rollups_current(tx)
        for p in ps:
            assert figures(tx, ids_of(s), p) == figures(tx, ids_of(s), p, use_rollups=False), p


def rollup_rows(s) -> list[tuple]:
    return s.conn.execute("SELECT * FROM kpi_day_rollups WHERE calls_handled > 0 ORDER BY agent_id, day").fetchall()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    zone=st.sampled_from(ZONES),
    zone_first=st.booleans(),  # the time zone set before the calls, or after (a rebuild)
    window=st.one_of(st.none(), st.integers(1, 10)),
    calls=st.lists(calls_st, min_size=1, max_size=30),
    lates=st.lists(late_st, max_size=8),
    starts=st.lists(st.integers(0, SPAN_MIN), min_size=3, max_size=3),
    lengths=st.lists(st.integers(1, 4 * 24 * 60), min_size=3, max_size=3),
)
def test_rollups_equal_the_direct_figures_on_random_stores(zone, zone_first, window, calls, lates, starts, lengths):
    with tempfile.TemporaryDirectory() as tmp:
        s, customers = make_store(Path(tmp) / "desk.db")
        try:
            if zone_first:
                set_setting(s, "root", "timezone", zone)
            call_ids = [log(s, customers, *c) for c in calls]  # in random order: a repeat may come before
            for which, what, value in lates:
                late(s, customers, call_ids, which, what, value)
            if not zone_first:
                set_setting(s, "root", "timezone", zone)
            if window is not None:
                set_setting(s, "root", "fcr_window_days", window)
            ps = periods(zone, starts, lengths)
            assert_same(s, ps)
            kept = rollup_rows(s)
            kpi.rebuild_rollups(s, "root")
            assert rollup_rows(s) == kept  # what the triggers kept is what a rebuild makes
            assert_same(s, ps)
        finally:
            s.close()


# -- the rollups are what is read ---------------------------------------------------------------
def test_whole_days_are_read_from_the_rollups_and_partial_days_from_the_calls(tmp_path):
    s, customers = make_store(tmp_path / "desk.db")
    log(s, customers, "li", 0, "in", "order", "resolved", 60, 100, None)  # 2026-10-20 09:00 in Shanghai
    li = ids_of(s)[0]
    s.conn.execute("UPDATE kpi_day_rollups SET talk_s = 7777 WHERE agent_id = ?", (li,))  # a marked rollup row
    day = parse_period("2026-10-20", NOW, __import__("zoneinfo").ZoneInfo("Asia/Shanghai"))
    part = Period("range", day.first, day.last, "2026-10-20T00:30:00Z", "2026-10-20T02:00:00Z")  # not a whole day
    with s.read(None) as tx:
        assert figures(tx, [li], day)[li]["talk_s"] == 7777
        assert figures(tx, [li], day, use_rollups=False)[li]["talk_s"] == 100
        assert figures(tx, [li], part)[li]["talk_s"] == 100
    s.close()


def test_a_repeat_call_turns_an_earlier_days_fcr_into_a_miss_in_its_rollup(tmp_path):
    s, customers = make_store(tmp_path / "desk.db")
    log(s, customers, "li", 0, "in", "order", "resolved", 60, 100, None)
    li = ids_of(s)[0]

    def fcr():
        return s.conn.execute("SELECT fcr_eligible, fcr_resolved FROM kpi_day_rollups WHERE agent_id = ?"
                              " AND day = '2026-10-20'", (li,)).fetchone()

    assert fcr() == (1, 1)
    repeat = log(s, customers, "wang", 0, "in", "order", "resolved", 3 * 24 * 60, 50, None)  # another agent, 3 days on
    assert fcr() == (1, 0)
    update_call(s, "root", repeat, category="billing")  # corrected: no longer a repeat of the order call
    assert fcr() == (1, 1)
    s.close()


def test_timezone_and_fcr_window_changes_rebuild_the_rollups_in_the_same_transaction(tmp_path):
    s, customers = make_store(tmp_path / "desk.db")
    log(s, customers, "li", 0, "in", "order", "resolved", 23 * 60, 100, None)  # 10-20 23:00Z: 10-21 in Shanghai
    log(s, customers, "li", 0, "in", "order", "resolved", 23 * 60 + 9 * 24 * 60, 100, None)  # 9 days on
    assert [r[1] for r in rollup_rows(s)] == ["2026-10-21", "2026-10-30"]
    set_setting(s, "root", "timezone", "UTC")
    assert built_for(s.conn) == ("UTC", 7)
    assert [r[1] for r in rollup_rows(s)] == ["2026-10-20", "2026-10-29"]
    assert [r[-1] for r in rollup_rows(s)] == [1, 1]  # FCR resolved: 9 days is outside a 7-day window
    set_setting(s, "root", "fcr_window_days", 10)
    assert [r[-1] for r in rollup_rows(s)] == [0, 1]  # within 10 days: the first call was repeated
    s.close()


def test_stale_rollups_are_not_read(tmp_path):
    s, customers = make_store(tmp_path / "desk.db")
    log(s, customers, "li", 0, "in", "order", "resolved", 60, 100, None)
    s.conn.execute("UPDATE kpi_rollup_state SET timezone = 'UTC'")  # built for another zone (a stray writer)
    li = ids_of(s)[0]
    s.conn.execute("UPDATE kpi_day_rollups SET talk_s = 7777")
    with s.read(None) as tx:
        assert not rollups_current(tx)
        assert figures(tx, [li], parse_period("2026-10", NOW, __import__("zoneinfo").ZoneInfo("Asia/Shanghai")))[li][
            "talk_s"] == 100
    s.close()


def test_a_closed_periods_scorecard_does_not_change_with_a_late_survey(tmp_path):
    s, customers = make_store(tmp_path / "desk.db")
    call_id = log(s, customers, "li", 0, "in", "order", "resolved", 60, 100, None)
    scorecard.close_period(s, "lin", "2026-10")
    record_survey(s, "root", 5, call_id=call_id)
    row = kpi.agent_kpis(s, "li", None, "2026-10")
    assert row["closed"] is True and row["csat_n"] == 0
    kpi.rebuild_rollups(s, "root")
    assert kpi.agent_kpis(s, "li", None, "2026-10")["csat_n"] == 0
    scorecard.reopen_period(s, "lin", "2026-10", None, "late survey")
    assert kpi.agent_kpis(s, "li", None, "2026-10")["csat_n"] == 1
    s.close()


def test_rebuild_is_for_admins(tmp_path):
    s, _ = make_store(tmp_path / "desk.db")
    for who in ("li", "lin"):
        with pytest.raises(PermissionDenied):
            kpi.rebuild_rollups(s, who)
    assert kpi.rebuild_rollups(s, "root") == 0
    s.close()


def test_the_migration_rolls_up_the_calls_of_an_upgraded_store(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("BEGIN")
    before = MIGRATIONS.index(M_ROLLUPS)  # the schema version before the rollups
    for number in range(1, before + 1):
        for step in MIGRATIONS[number - 1]:
            conn.execute(step) if isinstance(step, str) else step(conn)
    conn.execute(f"PRAGMA user_version = {before}")
    t0 = "2026-10-01T00:00:00Z"
    conn.execute("INSERT INTO agents (id, login, display_name, role, team, active, created_at, updated_at)"
                 " VALUES (1, 'root', 'Root', 'admin', NULL, 1, ?, ?), (2, 'li', 'Li', 'agent', 'north', 1, ?, ?)",
                 (t0, t0, t0, t0))
    conn.execute("INSERT INTO settings (key, value, updated_at, updated_by) VALUES ('timezone', '\"UTC\"', ?, 'root')",
                 (t0,))
    for i, started in enumerate(("2026-10-05T23:30:00Z", "2026-10-06T00:30:00Z", "2026-10-06T10:00:00Z")):
        conn.execute("INSERT INTO calls (agent_id, direction, channel, category, outcome, talk_s, hold_s, wrap_s,"
                     " started_at, created_at, updated_at, updated_by) VALUES (2, 'in', 'phone', 'order', 'resolved',"
                     " ?, 0, 0, ?, ?, ?, 'root')", (10 * (i + 1), started, t0, t0))
    conn.execute("COMMIT")
    conn.close()
    s = open_store(path, FixedClock(NOW))
    assert s.conn.execute("SELECT day, calls_handled, talk_s FROM kpi_day_rollups ORDER BY day").fetchall() == [
        ("2026-10-05", 1, 10), ("2026-10-06", 2, 50)]
    assert built_for(s.conn) == ("UTC", 7)
    log_call(s, "li", CallEntry(category="order", outcome="resolved", started_at="2026-10-06T11:00:00Z", talk_s=5))
    assert s.conn.execute("SELECT calls_handled, talk_s FROM kpi_day_rollups WHERE day = '2026-10-06'").fetchone() == (3, 55)
    s.close()


def test_local_days_match_the_periods_in_every_zone_tested(tmp_path):
    from zoneinfo import ZoneInfo

    from store.periods import range_bounds

    s, _ = make_store(tmp_path / "desk.db")
    for zone in ("America/New_York", "Pacific/Apia", "Australia/Lord_Howe", "Asia/Tehran"):
        set_setting(s, "root", "timezone", zone)
        rows = s.conn.execute("SELECT day, start, end FROM kpi_local_days").fetchall()
        assert len(rows) == (date(2050, 1, 1) - date(2020, 1, 1)).days
        assert all((st_, en) == range_bounds(date.fromisoformat(d), date.fromisoformat(d), ZoneInfo(zone))
                   for d, st_, en in rows), zone
    s.close()


def test_the_refresh_recomputes_through_indexes(tmp_path):
    from store.kpi_rollups import _TOUCHED, recompute_sql

    s, _ = make_store(tmp_path / "desk.db")
    plan = [r[3] for r in s.conn.execute("EXPLAIN QUERY PLAN " + recompute_sql(_TOUCHED))]
    assert not [step for step in plan if step.startswith("SCAN") and step not in ("SCAN t", "SCAN x")], plan
    assert any("calls_fcr_repeat" in step for step in plan) and any("calls_agent_kpi" in step for step in plan)
    s.close()


def test_a_writer_that_does_not_refresh_leaves_the_rollups_unread_until_one_does(tmp_path):
    s, customers = make_store(tmp_path / "desk.db")
    log(s, customers, "li", 0, "in", "order", "resolved", 60, 100, None)
    li, wang = ids_of(s)[:2]
    with s.write("root") as tx:  # a raw insert (a script, a bulk import): the trigger notes it, nothing more
        tx.execute("INSERT INTO calls (agent_id, customer_id, direction, channel, category, outcome, talk_s, hold_s,"
                   " wrap_s, started_at, created_at, updated_at, updated_by) VALUES (?, ?, 'in', 'phone', 'order',"
                   " 'resolved', 5, 0, 0, '2026-10-21T01:00:00Z', 'x', 'x', 'x')", (wang, customers[0]))
    oct_ = parse_period("2026-10", NOW, __import__("zoneinfo").ZoneInfo("Asia/Shanghai"))
    with s.read(None) as tx:
        assert not rollups_current(tx)
        assert figures(tx, [li], oct_)[li]["fcr_resolved"] == 0  # read from the calls: the repeat counts
    log(s, customers, "chen", None, "out", "order", "resolved", 90, 10, None)  # any save brings them up to date
    with s.read(None) as tx:
        assert rollups_current(tx)
        assert figures(tx, [li], oct_)[li]["fcr_resolved"] == 0
    assert s.conn.execute("SELECT fcr_resolved FROM kpi_day_rollups WHERE agent_id = ? AND day = '2026-10-20'",
                          (li,)).fetchone() == (0,)
    s.close()
