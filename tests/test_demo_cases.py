"""The demo's cases (demo/cases.py): opened from the qualifying calls of its last days and worked through the
store, so F12 has something to show: open, waiting, overdue, resolved and closed cases, a major complaint at its
lead's, timelines with notes, replies and the customer told; in Chinese for the Chinese demo."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from demo import seed_demo
from demo.cases import CASE_DAYS
from store import cases, open_store
from store.cases.opening import opens_case
from store.clock import FixedClock, iso

NOW = datetime(2026, 11, 26, 4, 20, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module", params=["en", "zh_CN"])
def demo(request, tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("demo-cases") / "demo.db", FixedClock(NOW))
    summary = seed_demo(store, customers=300, agents=6, days=14, seed=3, language=request.param)
    yield store, summary, request.param
    store.close()


def test_every_case_comes_from_a_qualifying_call_of_the_last_days(demo):
    store, summary, _ = demo
    found = store.conn.execute(
        "SELECT k.origin_call_id, c.category, c.outcome, c.started_at FROM cases k JOIN calls c ON c.id = k.origin_call_id"
    ).fetchall()
    assert len(found) == summary.cases > 20
    assert all(opens_case(category, outcome) for _, category, outcome, _ in found)
    since = iso(NOW - timedelta(days=CASE_DAYS))
    assert min(started for *_, started in found) >= since
    qualifying = [r for r in store.conn.execute(
        "SELECT category, outcome FROM calls WHERE started_at >= ? AND customer_id IS NOT NULL", (since,))
        if opens_case(*r)]
    assert len(qualifying) == summary.cases  # none left out


def test_the_demo_agent_has_cases_in_every_state_and_a_lead_a_major_one(demo):
    store, summary, _ = demo
    states = {r[0] for r in store.conn.execute("SELECT status FROM cases")}
    assert {"open", "waiting-department", "resolved", "closed"} <= states
    mine = cases.list_cases(store, summary.demo_agent, scope="mine").rows
    assert mine and any(c.overdue for c in mine)
    majors = store.conn.execute("SELECT a.role FROM cases k JOIN agents a ON a.id = k.owner_id"
                                " WHERE k.severity = 'major' AND k.type = 'complaint'").fetchall()
    assert majors and {role for (role,) in majors} == {"lead"}


def test_the_timelines_have_notes_replies_and_the_customer_told_before_closing(demo):
    store, _, language = demo
    kinds = {r[0] for r in store.conn.execute("SELECT kind FROM case_events")}
    assert {"opened", "note", "reply", "status", "closed"} <= kinds, kinds
    for (case_id,) in store.conn.execute("SELECT id FROM cases WHERE status = 'closed' LIMIT 5").fetchall():
        case = cases.get_case(store, "admin", case_id)
        assert case.last_told_at and case.resolved_at <= case.last_told_at <= case.closed_at
    notes = [t for (t,) in store.conn.execute("SELECT text FROM case_events WHERE kind = 'note'")]
    chinese = all(any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in notes)
    assert chinese == (language == "zh_CN")
