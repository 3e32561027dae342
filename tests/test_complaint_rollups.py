"""Complaints resolved later, kept per complaint (migration 20, store/complaint_rollups.py), and the whole
centre's reads of that migration: on random stores the kept rows equal both a rebuild and each complaint's
first later resolving call worked out here; late figures (a resolving call, a correction, a merge) update
them; the rebuild command and the migration make them; the summary reads them (and the partial indexes);
the callbacks' on-time test in SQL agrees with closed_on_time to the second; the many-agent reads (one
range, not a seek per agent) give the same summary as the per-agent ones."""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_kpi_rollups import NOW, late, late_st, log, make_store
from test_weekly_rollups import add_callbacks, callbacks_st, calls_st, weeks

from store import kpi, open_store, reports
from store.call_records import CallEntry
from store.callbacks import insert_callback
from store.calls import log_call, update_call
from store.clock import FixedClock, iso
from store.customers import create_customer
from store.customers.merge import merge_customers
from store.kpi import sql as kpi_sql
from store.kpi.callbacks_due import closed_on_time, due_counts
from store.migrations import MIGRATIONS
from store.migrations_weekly_fast import M_WEEKLY_FAST
from store.periods import Period, iso_week

COMPLAINTS = ("complaint", "after-sales")
W43 = iso_week(2026, 43, ZoneInfo("Asia/Shanghai"))  # 2026-10-19 .. 25 local; BASE (10-20 00:00Z) is in it


def kept(s) -> list[tuple]:
    return s.conn.execute("SELECT call_id, agent_id, started_at, category, customer_id, resolved_at"
                          " FROM complaint_resolutions ORDER BY call_id").fetchall()


def worked_out(s) -> list[tuple]:
    """Each complaint not resolved on the call with a later resolving call of its customer and category,
    with that call's start: from the calls, in Python."""
    calls = s.conn.execute("SELECT id, agent_id, started_at, category, customer_id, outcome FROM calls").fetchall()
    out = []
    for cid, agent, started, category, customer, outcome in calls:
        if category not in COMPLAINTS or outcome == "resolved" or customer is None:
            continue
        later = [n[2] for n in calls if n[4] == customer and n[3] == category and n[5] == "resolved" and n[2] > started]
        if later:
            out.append((cid, agent, started, category, customer, min(later)))
    return sorted(out)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(calls=st.lists(calls_st, min_size=1, max_size=30), lates=st.lists(late_st, max_size=10))
def test_the_kept_rows_equal_a_rebuild_and_the_calls_on_random_stores(calls, lates):
    with tempfile.TemporaryDirectory() as tmp:
        s, customers = make_store(Path(tmp) / "desk.db")
        try:
            call_ids = [log(s, customers, *c) for c in calls]  # in random order: a resolving call may come first
            for which, what, value in lates:
                late(s, customers, call_ids, which, what, value)
            rows = kept(s)
            assert rows == worked_out(s)
            kpi.rebuild_rollups(s, "root")
            assert kept(s) == rows
        finally:
            s.close()


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(calls=st.lists(calls_st, min_size=1, max_size=25), lates=st.lists(late_st, max_size=6),
       callbacks=st.lists(callbacks_st, max_size=8), starts=st.lists(st.integers(0, 30 * 24 * 60), min_size=1, max_size=1))
def test_many_agents_read_by_time_give_the_summary_of_the_per_agent_reads(calls, lates, callbacks, starts):
    with tempfile.TemporaryDirectory() as tmp:
        s, customers = make_store(Path(tmp) / "desk.db")
        try:
            call_ids = [log(s, customers, *c) for c in calls]
            for which, what, value in lates:
                late(s, customers, call_ids, which, what, value)
            add_callbacks(s, callbacks)
            for p in weeks("Asia/Shanghai", starts):
                for actor in ("root", "lin"):
                    with pytest.MonkeyPatch.context() as patch, s.read(actor) as tx:
                        by_owner = reports.to_json(reports.summary_in_tx(tx, p))
                        patch.setattr(kpi_sql, "MANY_AGENTS", 1)  # every scope read by time
                        assert reports.to_json(reports.summary_in_tx(tx, p)) == by_owner, (p, actor)
        finally:
            s.close()


def test_late_figures_update_the_kept_rows(tmp_path):
    s, customers = make_store(tmp_path / "desk.db")
    complaint = log(s, customers, "li", 0, "in", "complaint", "callback-needed", 60, 100, None)
    assert kept(s) == []
    fix = log(s, customers, "wang", 0, "in", "complaint", "resolved", 600, 100, None)  # a later call resolves it
    li = s.conn.execute("SELECT id FROM agents WHERE login = 'li'").fetchone()[0]
    started, fixed_at = (iso(datetime(2026, 10, 20, 1, 0, tzinfo=timezone.utc)),
                         iso(datetime(2026, 10, 20, 10, 0, tzinfo=timezone.utc)))
    assert kept(s) == [(complaint, li, started, "complaint", customers[0], fixed_at)]
    earlier = log(s, customers, "chen", 0, "in", "complaint", "resolved", 120, 100, None)  # an earlier one, logged later
    assert kept(s)[0][5] == iso(datetime(2026, 10, 20, 2, 0, tzinfo=timezone.utc))
    update_call(s, "root", earlier, outcome="transferred")  # corrected: not resolved after all
    assert [(r[0], r[5]) for r in kept(s)] == [(complaint, fixed_at), (earlier, fixed_at)]  # a complaint itself now
    update_call(s, "root", fix, category="order")  # the fix was about an order: nothing resolves them
    assert kept(s) == []
    log(s, customers, "wang", 1, "in", "complaint", "resolved", 900, 100, None)  # another customer's fix
    assert kept(s) == []
    merge_customers(s, "root", customers[0], customers[1])  # one customer now: that fix resolved both
    assert [(r[0], r[5]) for r in kept(s)] == [
        (complaint, iso(datetime(2026, 10, 20, 15, 0, tzinfo=timezone.utc))),
        (earlier, iso(datetime(2026, 10, 20, 15, 0, tzinfo=timezone.utc)))]
    update_call(s, "root", complaint, outcome="resolved")  # resolved on the call after all: no row
    assert [r[0] for r in kept(s)] == [earlier]
    s.close()


def test_the_rebuild_command_makes_the_rows_again(tmp_path):
    s, customers = make_store(tmp_path / "desk.db")
    log(s, customers, "li", 0, "in", "after-sales", "transferred", 60, 100, None)
    log(s, customers, "li", 0, "in", "after-sales", "resolved", 90, 100, None)
    rows = kept(s)
    assert len(rows) == 1
    s.conn.execute("DELETE FROM complaint_resolutions")
    s.conn.execute("INSERT INTO complaint_resolutions VALUES (999, 1, 'x', 'complaint', 1, 'y')")
    kpi.rebuild_rollups(s, "root")
    assert kept(s) == rows
    s.close()


def test_the_summary_reads_the_kept_rows_through_their_index(tmp_path):
    s, customers = make_store(tmp_path / "desk.db")
    log(s, customers, "li", 0, "in", "complaint", "callback-needed", 60, 100, None)
    log(s, customers, "li", 0, "in", "complaint", "resolved", 600, 100, None)
    sent: list[str] = []
    s.trace(sent.append)
    try:
        with s.read("root") as tx:
            read = reports.summary_in_tx(tx, W43)
    finally:
        s.trace(None)
    assert read["complaints"]["resolved"] == 2 and read["complaints"]["still_open"] == 0
    count = next(sql for sql in sent if "FROM complaint_resolutions" in sql)
    plan = [r[3] for r in s.conn.execute("EXPLAIN QUERY PLAN " + count)]
    assert any("COVERING INDEX complaint_resolutions_agent" in step for step in plan), plan
    assert not any("outcome != 'resolved'" in sql for sql in sent)  # no probe of each complaint's later calls
    s.conn.execute("UPDATE complaint_resolutions SET resolved_at = '2030-01-01T00:00:00Z'")  # marked: after the week
    with s.read("root") as tx:
        assert reports.summary_in_tx(tx, W43)["complaints"]["still_open"] == 1
        assert reports.summary_in_tx(tx, W43, use_rollups=False)["complaints"]["still_open"] == 0
    s.close()


def test_the_lists_and_the_centres_callbacks_read_their_indexes(tmp_path):
    s, _ = make_store(tmp_path / "desk.db")
    sent: list[str] = []
    s.trace(sent.append)
    try:
        with pytest.MonkeyPatch.context() as patch, s.read("root") as tx:
            patch.setattr(kpi_sql, "MANY_AGENTS", 1)
            reports.summary_in_tx(tx, W43)
    finally:
        s.trace(None)

    def plan(word: str) -> list[str]:
        sql = next(q for q in sent if word in q)
        return [r[3] for r in s.conn.execute("EXPLAIN QUERY PLAN " + sql)]

    assert any("calls_complaint_started" in step for step in plan("cu.name, k.notes, CASE")), plan("CASE")
    assert any("calls_feedback_started" in step for step in plan("k.category = 'feedback'"))
    assert any("COVERING INDEX callbacks_due_kind" in step for step in plan("FROM callbacks b WHERE +b.owner_id"))
    s.close()


def test_on_time_in_sql_agrees_with_closed_on_time_to_the_second(tmp_path):
    s, _ = make_store(tmp_path / "desk.db")
    due = datetime(2026, 10, 21, 2, 0, tzinfo=timezone.utc)
    for n, closed_after in enumerate((timedelta(minutes=30), timedelta(minutes=30, seconds=1), timedelta(0))):
        customer = create_customer(s, "root", phones=[f"139 0013 91{n:02d}"], name=f"T{n}")
        with s.write("root") as tx:
            cid = insert_callback(tx, due_at=iso(due), customer_id=customer, owner="li", kind="callback")
            tx.update("callbacks", cid, {"status": "done", "closed_at": iso(due + closed_after)})
        assert closed_on_time("done", iso(due + closed_after), iso(due), timedelta(minutes=30)) == (n != 1)
    li = s.conn.execute("SELECT id FROM agents WHERE login = 'li'").fetchone()[0]
    week = Period("range", due.date(), due.date(), iso(due - timedelta(days=1)), iso(due + timedelta(days=6)))
    with s.read("root") as tx:
        assert due_counts(tx, [li], week, timedelta(minutes=30)) == {li: (3, 2)}
    s.close()


def test_migration_20_keeps_the_complaints_of_an_upgraded_store(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(str(path), isolation_level=None)  # the schema before 20, with calls in it
    conn.execute("BEGIN")
    before = MIGRATIONS.index(M_WEEKLY_FAST)
    for number in range(1, before + 1):
        for step in MIGRATIONS[number - 1]:
            conn.execute(step) if isinstance(step, str) else step(conn)
    conn.execute(f"PRAGMA user_version = {before}")
    t0 = "2026-10-01T00:00:00Z"
    conn.execute("INSERT INTO agents (id, login, display_name, role, team, active, created_at, updated_at)"
                 " VALUES (2, 'li', 'Li', 'agent', 'north', 1, ?, ?)", (t0, t0))
    conn.execute("INSERT INTO customers (id, name, created_at, created_by, updated_at, updated_by)"
                 " VALUES (7, 'Wu', ?, 'root', ?, 'root')", (t0, t0))
    for started, outcome in (("2026-10-06T00:30:00Z", "transferred"), ("2026-10-06T10:00:00Z", "resolved"),
                             ("2026-10-07T10:00:00Z", "resolved")):
        conn.execute("INSERT INTO calls (agent_id, customer_id, direction, channel, category, outcome, talk_s, hold_s,"
                     " wrap_s, started_at, created_at, updated_at, updated_by) VALUES (2, 7, 'in', 'phone', 'complaint',"
                     " ?, 10, 0, 0, ?, ?, ?, 'root')", (outcome, started, t0, t0))
    conn.execute("COMMIT")
    conn.close()
    s = open_store(path, FixedClock(NOW))
    assert [r[2:] for r in kept(s)] == [("2026-10-06T00:30:00Z", "complaint", 7, "2026-10-06T10:00:00Z")]
    log_call(s, "li", CallEntry(category="complaint", outcome="resolved", started_at="2026-10-06T05:00:00Z",
                                customer_id=7, talk_s=5))
    assert kept(s)[0][5] == "2026-10-06T05:00:00Z"
    s.close()
