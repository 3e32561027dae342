"""The weekly summary read through the category rollups (migration 18, store/kpi_rollups.py): on random stores
it equals the direct computation, for the whole centre and for a team, for ISO weeks (cut at local days)
and for 7-day spans cut at any minute; complaint states agree with each complaint's own state; the
callbacks counted without dataclasses agree with due_callbacks; the refresh and a rebuild keep the rows."""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_kpi_rollups import AGENTS, BASE, NOW, SPAN_MIN, ZONES, late, late_st, log, make_store

from store import kpi, open_store, reports
from store.call_records import CallEntry
from store.callbacks import insert_callback
from store.calls import log_call, update_call
from store.clock import FixedClock, iso
from store.customers import create_customer
from store.kpi.call_sums import category_counts, whole_days
from store.kpi.callbacks_due import due_by_kind, due_callbacks, on_time
from store.migrations import MIGRATIONS
from store.migrations_weekly import M_WEEKLY
from store.periods import Period, iso_week
from store.settings import set_setting

calls_st = st.tuples(  # as test_kpi_rollups' calls, with both complaint categories
    st.sampled_from(AGENTS),
    st.one_of(st.none(), st.integers(0, 2)),  # customer
    st.sampled_from(("in", "in", "out")),
    st.sampled_from(("order", "complaint", "after-sales", "feedback")),
    st.sampled_from(("resolved", "resolved", "transferred", "escalated-manager", "callback-needed")),
    st.integers(0, SPAN_MIN),  # minutes after BASE
    st.integers(0, 900),  # talk seconds
    st.one_of(st.none(), st.integers(1, 5)),  # survey score given at once
)
callbacks_st = st.tuples(
    st.sampled_from(AGENTS),
    st.sampled_from(("callback", "return-visit")),
    st.integers(0, SPAN_MIN),  # due, minutes after BASE
    st.one_of(st.none(), st.integers(0, 3 * 24 * 60)),  # done this many minutes after due (None: open)
    st.one_of(st.none(), st.sampled_from(AGENTS)),  # handed to another agent later
)


def add_callbacks(s, callbacks) -> None:
    for i, (owner, kind, due, done_after, new_owner) in enumerate(callbacks):
        due_at = BASE + timedelta(minutes=due)
        customer = create_customer(s, "root", phones=[f"139 0013 90{i:02d}"], name=f"V{i}")  # one open visit each
        with s.write("root") as tx:
            cid = insert_callback(tx, due_at=iso(due_at), customer_id=customer, owner=owner, kind=kind)
            if done_after is not None:
                tx.update("callbacks", cid, {"status": "done", "closed_at": iso(due_at + timedelta(minutes=done_after))})
        if new_owner is not None:
            with s.write("root") as tx:
                tx.update("callbacks", cid, {"owner_id": tx.scalar("SELECT id FROM agents WHERE login = ?", (new_owner,))})


def weeks(zone_name: str, starts: list[int]) -> list[Period]:
    """The ISO weeks of the calls in the zone, and 7-day spans starting at any minute (not local midnights)."""
    zone = ZoneInfo(zone_name)
    out = [iso_week(2026, n, zone) for n in (43, 45, 47)]
    for minute in starts:
        moment = BASE + timedelta(minutes=minute)
        end = moment + timedelta(days=7)
        out.append(Period("range", moment.date(), end.date(), iso(moment), iso(end)))
    return out


def summaries(s, actor: str, p: Period) -> tuple[str, str]:
    with s.read(actor) as tx:
        assert whole_days(tx, p.start, p.end) is not None  # the rollups are current and a day is whole
        return (reports.to_json(reports.summary_in_tx(tx, p)),
                reports.to_json(reports.summary_in_tx(tx, p, use_rollups=False)))


def complaint_states_agree(summary) -> None:
    """The counts equal each listed complaint's own state (the CASE of store/reports.py STATE)."""
    c = summary["complaints"]
    assert c["received"] == len(c["items"])
    by_cat: dict[str, dict[str, int]] = {}
    for item in c["items"]:
        counts = by_cat.setdefault(item["category"], {"received": 0, "resolved": 0, "still_open": 0})
        counts["received"] += 1
        counts["still_open" if item["state"] == "open" else "resolved"] += 1
    assert c["by_category"] == by_cat


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    zone=st.sampled_from(ZONES),
    zone_first=st.booleans(),
    calls=st.lists(calls_st, min_size=1, max_size=30),
    lates=st.lists(late_st, max_size=8),
    callbacks=st.lists(callbacks_st, max_size=8),
    starts=st.lists(st.integers(0, SPAN_MIN), min_size=2, max_size=2),
)
def test_the_weekly_summary_through_rollups_equals_the_direct_one_on_random_stores(
        zone, zone_first, calls, lates, callbacks, starts):
    with tempfile.TemporaryDirectory() as tmp:
        s, customers = make_store(Path(tmp) / "desk.db")
        try:
            if zone_first:
                set_setting(s, "root", "timezone", zone)
            call_ids = [log(s, customers, *c) for c in calls]
            for which, what, value in lates:
                late(s, customers, call_ids, which, what, value)
            add_callbacks(s, callbacks)
            if not zone_first:
                set_setting(s, "root", "timezone", zone)
            kept = s.conn.execute("SELECT * FROM kpi_day_category_rollups ORDER BY 1, 2, 3").fetchall()
            kpi.rebuild_rollups(s, "root")
            assert s.conn.execute("SELECT * FROM kpi_day_category_rollups ORDER BY 1, 2, 3").fetchall() == kept
            for p in weeks(zone, starts):
                for actor in ("root", "lin"):  # the whole centre, team north
                    through_rollups, direct = summaries(s, actor, p)
                    assert through_rollups == direct, (p, actor)
                with s.read("root") as tx:
                    complaint_states_agree(reports.summary_in_tx(tx, p))
                    ids = [r[0] for r in tx.all("SELECT id FROM agents ORDER BY id")]
                    old = {}  # the old count: a DueCallback each
                    for cb in due_callbacks(tx, ids, p):
                        due, done, in_time = old.get(cb.kind, (0, 0, 0))
                        old[cb.kind] = (due + 1, done + (cb.status == "done" and cb.closed_at < p.end),
                                        in_time + on_time(cb, timedelta(minutes=30)))
                    assert due_by_kind(tx, ids, p, timedelta(minutes=30)) == old
        finally:
            s.close()


def test_whole_days_are_read_from_the_category_rollups(tmp_path):
    s, customers = make_store(tmp_path / "desk.db")
    log(s, customers, "li", 0, "in", "complaint", "callback-needed", 60, 100, None)  # 2026-10-20 Shanghai
    s.conn.execute("UPDATE kpi_week_category_rollups SET calls = 5, resolved = 2")  # marked rows: a whole week's (19)
    week = iso_week(2026, 43, ZoneInfo("Asia/Shanghai"))
    with s.read("root") as tx:
        read = reports.summary_in_tx(tx, week)
        direct = reports.summary_in_tx(tx, week, use_rollups=False)
    assert read["calls"]["total"] == 5 and read["complaints"]["resolved"] == 2
    assert direct["calls"]["total"] == 1 and direct["complaints"]["still_open"] == 1
    s.close()


def test_a_correction_moves_a_call_between_categories(tmp_path):
    s, customers = make_store(tmp_path / "desk.db")
    call = log(s, customers, "li", 0, "in", "order", "resolved", 60, 100, None)

    def rows():
        return s.conn.execute("SELECT day, category, calls, resolved FROM kpi_day_category_rollups").fetchall()

    assert rows() == [("2026-10-20", "order", 1, 1)]
    update_call(s, "root", call, category="complaint", outcome="transferred")
    assert rows() == [("2026-10-20", "complaint", 1, 0)]  # the order row is gone, not left at zero
    log(s, customers, "li", 1, "in", "complaint", "resolved", 90, 100, None)  # same day: the row sums both
    assert rows() == [("2026-10-20", "complaint", 2, 1)]
    s.close()


def test_a_partial_day_is_read_from_the_calls(tmp_path):
    s, customers = make_store(tmp_path / "desk.db")
    log(s, customers, "li", 0, "in", "order", "resolved", 60, 100, None)  # 10-20 01:00Z: whole day 10-20
    log(s, customers, "li", 0, "in", "billing", "transferred", 60 + 26 * 60, 100, None)  # 10-21 03:00Z
    li = s.conn.execute("SELECT id FROM agents WHERE login = 'li'").fetchone()[0]
    s.conn.execute("UPDATE kpi_day_category_rollups SET calls = 9")
    with s.read(None) as tx:  # 10-19 16:00Z (a Shanghai midnight) to 10-21 02:00Z: one whole day, then part
        counts = category_counts(tx, [li], "2026-10-19T16:00:00Z", "2026-10-21T04:00:00Z")
    assert counts == {("billing", li): [1, 0], ("order", li): [9, 1]}
    s.close()


def test_the_complaint_probe_reads_only_unresolved_complaints_from_partial_indexes(tmp_path):
    s, customers = make_store(tmp_path / "desk.db")
    log(s, customers, "li", 0, "in", "complaint", "callback-needed", 60, 100, None)
    sent: list[str] = []
    s.trace(sent.append)
    try:  # the direct read (rollups not current): migration 19 keeps the probe's answers (test_complaint_rollups)
        with s.read("root") as tx:
            reports.summary_in_tx(tx, iso_week(2026, 43, ZoneInfo("Asia/Shanghai")), use_rollups=False)
    finally:
        s.trace(None)
    probe = next(sql for sql in sent if "outcome != 'resolved'" in sql)
    plan = [r[3] for r in s.conn.execute("EXPLAIN QUERY PLAN " + probe)]
    assert any("COVERING INDEX calls_complaint_unresolved" in step for step in plan), plan
    assert any("calls_complaint_resolved" in step and "COVERING" in step for step in plan), plan
    s.close()


def test_migration_18_rolls_up_the_categories_of_an_upgraded_store(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(str(path), isolation_level=None)  # the schema before 18, with calls in it
    conn.execute("BEGIN")
    before = MIGRATIONS.index(M_WEEKLY)
    for number in range(1, before + 1):
        for step in MIGRATIONS[number - 1]:
            conn.execute(step) if isinstance(step, str) else step(conn)
    conn.execute(f"PRAGMA user_version = {before}")
    t0 = "2026-10-01T00:00:00Z"
    conn.execute("INSERT INTO agents (id, login, display_name, role, team, active, created_at, updated_at)"
                 " VALUES (2, 'li', 'Li', 'agent', 'north', 1, ?, ?)", (t0, t0))
    for started, category, outcome in (("2026-10-05T23:30:00Z", "order", "resolved"),
                                       ("2026-10-06T00:30:00Z", "complaint", "transferred"),
                                       ("2026-10-06T10:00:00Z", "complaint", "resolved")):
        conn.execute("INSERT INTO calls (agent_id, direction, channel, category, outcome, talk_s, hold_s, wrap_s,"
                     " started_at, created_at, updated_at, updated_by) VALUES (2, 'in', 'phone', ?, ?,"
                     " 10, 0, 0, ?, ?, ?, 'root')", (category, outcome, started, t0, t0))
    conn.execute("COMMIT")  # a raw insert: the triggers noted the calls, nobody refreshed
    conn.close()
    s = open_store(path, FixedClock(NOW))  # Shanghai: 10-05 23:30Z is 10-06 local
    assert s.conn.execute("SELECT day, category, calls, resolved FROM kpi_day_category_rollups ORDER BY 1, 2"
                          ).fetchall() == [("2026-10-06", "complaint", 2, 1), ("2026-10-06", "order", 1, 1)]
    log_call(s, "li", CallEntry(category="order", outcome="transferred", started_at="2026-10-06T11:00:00Z", talk_s=5))
    assert s.conn.execute("SELECT calls, resolved FROM kpi_day_category_rollups WHERE category = 'order'").fetchone() == (2, 1)
    s.close()
