"""Rings, surveys, drafts and desk heartbeats in the store."""

from __future__ import annotations

import pytest

from store import calls, desk_sessions, drafts, rings, status, surveys
from store.call_records import CallEntry
from store.errors import NotFound, PermissionDenied, ValidationError


def test_ring_by_extension_pops_once_in_order(team, clock):
    first = rings.record_ring(team, number="138 0013 8000", extension="8001", uniqueid="u1", line="sales")
    clock.advance(seconds=5)
    second = rings.record_ring(team, number="withheld", agent="li")
    popped = rings.next_ring(team, "li")
    assert popped.id == first and popped.e164 == "+8613800138000" and popped.line == "sales"
    assert rings.next_ring(team, "li").id == second
    assert rings.next_ring(team, "li") is None
    assert team.conn.execute("SELECT e164 FROM rings WHERE id = ?", (second,)).fetchone()[0] is None


def test_stale_ring_is_missed_not_popped(team, clock):
    rings.record_ring(team, number="13800138000", agent="li")
    clock.advance(seconds=61)
    fresh = rings.record_ring(team, number="13900139000", agent="li")
    assert rings.next_ring(team, "li").id == fresh
    missed = rings.missed_rings(team, "li", since="2026-01-01T00:00:00Z")
    assert [r.number_raw for r in missed] == ["13800138000"]


def test_ring_for_unknown_extension_or_inactive_agent(team):
    with pytest.raises(NotFound, match="extension 9999"):
        rings.record_ring(team, number="13800138000", extension="9999")
    from store.agents import set_agent

    set_agent(team, "root", "wang", active=False)
    with pytest.raises(ValidationError, match="inactive"):
        rings.record_ring(team, number="13800138000", agent="wang")


def test_ring_is_only_popped_by_its_agent(team):
    rings.record_ring(team, number="13800138000", agent="li")
    assert rings.next_ring(team, "wang") is None
    assert rings.next_ring(team, "li") is not None


def test_survey_by_uniqueid_and_by_call(team):
    call_id = calls.log_call(team, "li", CallEntry(number="13800138000", category="order", outcome="resolved", uniqueid="pbx-1"))
    assert surveys.record_survey(team, "root", 5, uniqueid="pbx-1") == call_id
    assert team.conn.execute("SELECT survey_score FROM calls WHERE id = ?", (call_id,)).fetchone()[0] == 5
    surveys.record_survey(team, "lin", "4", call_id=call_id)
    assert team.conn.execute("SELECT survey_score FROM calls WHERE id = ?", (call_id,)).fetchone()[0] == 4
    with pytest.raises(ValidationError, match="score"):
        surveys.record_survey(team, "root", 6, call_id=call_id)
    with pytest.raises(NotFound, match="uniqueid nope"):
        surveys.record_survey(team, "root", 3, uniqueid="nope")
    with pytest.raises(PermissionDenied):
        surveys.record_survey(team, "li", 5, call_id=call_id)  # agents do not score themselves
    with pytest.raises(PermissionDenied, match="team"):
        surveys.record_survey(team, "zhao", 5, call_id=call_id)  # another team's lead


def test_draft_round_trip_and_privacy(team):
    drafts.save_draft(team, "li", {"number": "138", "notes": "半句话"})
    drafts.save_draft(team, "li", {"number": "13800138000", "notes": "整句话"})
    assert drafts.load_draft(team, "li") == {"number": "13800138000", "notes": "整句话"}
    assert drafts.load_draft(team, "wang") is None
    before = team.conn.execute("SELECT count(*) FROM change_log").fetchone()[0]
    drafts.save_draft(team, "li", {"number": "1"})
    assert team.conn.execute("SELECT count(*) FROM change_log").fetchone()[0] == before
    drafts.discard_draft(team, "li")
    assert drafts.load_draft(team, "li") is None


def test_dead_desk_goes_offline_at_its_last_beat(team, clock):
    status.set_status(team, "li", "ready")
    session = desk_sessions.start_desk(team, "li", "host", 1234)
    clock.advance(seconds=10)
    desk_sessions.beat(team, "li", session)
    last_beat = team.now()
    clock.advance(seconds=30)
    assert desk_sessions.close_dead_desks(team, "wang") == []  # two missed beats: still alive
    clock.advance(seconds=30)
    (li_id,) = team.conn.execute("SELECT id FROM agents WHERE login = 'li'").fetchone()
    assert desk_sessions.close_dead_desks(team, "wang") == [li_id]
    rows = team.conn.execute(
        "SELECT status, started_at, ended_at FROM agent_status_log WHERE agent_id = ? ORDER BY id", (li_id,)
    ).fetchall()
    assert rows[-2][0] == "ready" and rows[-2][2] == last_beat
    assert rows[-1] == ("offline", last_beat, None)
    assert desk_sessions.close_dead_desks(team, "wang") == []


def test_clean_exit_goes_offline_only_when_last_desk(team, clock):
    status.set_status(team, "li", "ready")
    one = desk_sessions.start_desk(team, "li", "host", 1)
    two = desk_sessions.start_desk(team, "li", "host", 2)
    desk_sessions.end_desk(team, "li", one)
    assert status.current_status(team, "li")["status"] == "ready"
    desk_sessions.end_desk(team, "li", two)
    assert status.current_status(team, "li")["status"] == "offline"


def test_missed_call_creates_one_pool_callback_per_number(team):
    from store import callbacks, customers

    cid = customers.create_customer(team, "li", phones=["13800138000"], name="张伟")
    first, created = callbacks.record_missed_call(team, "root", "+86 138-0013-8000", uniqueid="a1", queue="sales")
    again, created_again = callbacks.record_missed_call(team, "root", "13800138000")
    assert created and not created_again and again == first
    row = team.conn.execute(
        "SELECT kind, owner_id, customer_id, status, reason FROM callbacks WHERE id = ?", (first,)
    ).fetchone()
    assert row == ("missed-call", None, cid, "open", "(sales) [a1]")
    team.conn.execute("UPDATE callbacks SET status = 'done' WHERE id = ?", (first,))
    third, created_third = callbacks.record_missed_call(team, "root", "13800138000")
    assert created_third and third != first
    with pytest.raises(ValidationError, match="number"):
        callbacks.record_missed_call(team, "root", "12345")
