"""Closing a case: refused without a resolution, or without a contact with the customer after it (a linked call
that reached them, a reached attempt of its update callback); the unreachable path (3 unreached attempts on 3
local days, a lead's approval recorded); reopening within case_reopen_days, audited, refused after."""

from __future__ import annotations

import json

import pytest

from store import callbacks as cb
from store import cases
from store.call_records import CallEntry
from store.calls import log_call
from store.customers import create_customer
from store.errors import Conflict, PermissionDenied, ValidationError
from store.settings import set_setting

NUMBER = "139 0013 8001"


@pytest.fixture
def desk(team):
    team.customer = create_customer(team, "li", phones=[NUMBER], name="吴敏")
    team.case = cases.open_case(team, "li", customer_id=team.customer, case_type="complaint")
    return team


def reply_call(store, agent, case_id, outcome="resolved", direction="out"):
    return log_call(store, agent, CallEntry(category="complaint", outcome=outcome, number=NUMBER, direction=direction,
                                            case_id=case_id))


def test_closing_is_refused_without_a_resolution(desk):
    with pytest.raises(ValidationError) as refused:
        cases.close_case(desk, "li", desk.case)
    assert refused.value.field == "resolution"
    with pytest.raises(ValidationError) as refused:
        cases.change_status(desk, "li", desk.case, "resolved")
    assert refused.value.field == "resolution"
    assert cases.get_case(desk, "li", desk.case).status == "open"


def test_closing_is_refused_until_the_customer_heard_the_resolution(desk, clock):
    reply_call(desk, "li", desk.case)  # a contact before the resolution does not count
    clock.advance(minutes=5)
    cases.change_status(desk, "li", desk.case, "resolved", resolution="new screen sent")
    with pytest.raises(ValidationError) as refused:
        cases.close_case(desk, "li", desk.case)
    assert refused.value.field == "contact"
    clock.advance(minutes=5)
    reply_call(desk, "li", desk.case, outcome="no-answer")  # nobody answered: still not heard
    with pytest.raises(ValidationError):
        cases.close_case(desk, "li", desk.case)
    clock.advance(minutes=5)
    reply_call(desk, "li", desk.case)
    closed = cases.close_case(desk, "li", desk.case)
    assert (closed.status, closed.closed_by, closed.resolution) == ("closed", "li", "new screen sent")
    assert [e.kind for e in cases.get_case(desk, "li", desk.case).timeline][-2:] == ["call", "closed"]
    with pytest.raises(Conflict):
        cases.close_case(desk, "li", desk.case)


def test_a_reached_attempt_of_the_update_callback_tells_the_customer_and_allows_closing(desk, clock):
    cases.change_status(desk, "li", desk.case, "resolved", resolution="refund made")
    callback_id = cases.schedule_update_callback(desk, "li", desk.case, due="+1h")
    assert cb.get_callback(desk, "li", callback_id).owner == "li"
    clock.advance(minutes=70)
    cb.record_attempt(desk, "li", callback_id, "reached")
    case = cases.get_case(desk, "li", desk.case)
    assert case.last_told_at == desk.now()
    assert [(e.kind, e.callback_id, e.after) for e in case.timeline][-2:] == [
        ("callback", callback_id, case.timeline[-2].after), ("attempt", callback_id, "reached")]
    assert cases.close_case(desk, "li", desk.case).status == "closed"


def test_an_unresolved_case_does_not_close_even_with_a_resolution_given(desk):
    with pytest.raises(ValidationError) as refused:
        cases.close_case(desk, "li", desk.case, resolution="done")
    assert refused.value.field == "status"
    assert cases.get_case(desk, "li", desk.case).resolution == ""


def _unreached_attempt(store, clock, case_id, days_later):
    callback_id = cases.schedule_update_callback(store, "li", case_id, due="+1h")
    clock.advance(hours=2)
    cb.record_attempt(store, "li", callback_id, "no-answer")
    clock.advance(days=days_later)


def test_the_unreachable_path_needs_three_local_days_and_a_lead(desk, clock):
    cases.change_status(desk, "li", desk.case, "resolved", resolution="refund made")
    _unreached_attempt(desk, clock, desk.case, 0)
    _unreached_attempt(desk, clock, desk.case, 1)  # two attempts on one local day
    _unreached_attempt(desk, clock, desk.case, 1)
    with pytest.raises(ValidationError) as refused:
        cases.close_case(desk, "lin", desk.case, unreachable=True)
    assert refused.value.field == "unreachable" and "2 day(s)" in str(refused.value)
    _unreached_attempt(desk, clock, desk.case, 0)
    with pytest.raises(PermissionDenied):
        cases.close_case(desk, "li", desk.case, unreachable=True)
    with pytest.raises(PermissionDenied):
        cases.close_case(desk, "zhao", desk.case, unreachable=True)  # another team's lead
    closed = cases.close_case(desk, "lin", desk.case, unreachable=True)
    assert (closed.status, closed.unreachable_approved_by, closed.closed_by) == ("closed", "lin", "lin")
    last = cases.get_case(desk, "lin", desk.case).timeline[-1]
    assert (last.kind, last.actor, last.after) == ("closed", "lin", "unreachable")


def _closed(store, clock):
    cases.change_status(store, "li", store.case, "resolved", resolution="refund made")
    clock.advance(minutes=1)
    reply_call(store, "li", store.case)
    cases.close_case(store, "li", store.case)


def test_reopen_within_the_window_is_audited_and_refused_after(desk, clock):
    _closed(desk, clock)
    clock.advance(days=7)
    with pytest.raises(ValidationError):
        cases.reopen_case(desk, "li", desk.case, " ")
    reopened = cases.reopen_case(desk, "li", desk.case, "screen broke again")
    assert (reopened.status, reopened.closed_at, reopened.resolved_at) == ("open", None, None)
    assert cases.get_case(desk, "li", desk.case).timeline[-1].text == "screen broke again"
    audit = desk.conn.execute("SELECT actor, after FROM audit_log WHERE table_name = 'cases' AND row_id = ?"
                              " ORDER BY id DESC LIMIT 1", (desk.case,)).fetchone()
    assert audit[0] == "li" and json.loads(audit[1])["status"] == "open"
    with pytest.raises(Conflict):
        cases.reopen_case(desk, "li", desk.case, "again")
    clock.advance(minutes=1)
    reply_call(desk, "li", desk.case)
    cases.change_status(desk, "li", desk.case, "resolved")  # the resolution kept from before
    clock.advance(minutes=1)
    reply_call(desk, "li", desk.case)
    cases.close_case(desk, "li", desk.case)
    clock.advance(days=7, seconds=1)
    with pytest.raises(PermissionDenied) as refused:
        cases.reopen_case(desk, "lin", desk.case, "too late")
    assert "7 days" in str(refused.value)


def test_reopen_days_is_a_setting(desk, clock):
    set_setting(desk, "root", "case_reopen_days", 1)
    _closed(desk, clock)
    clock.advance(days=2)
    with pytest.raises(PermissionDenied):
        cases.reopen_case(desk, "li", desk.case, "late")


def test_a_closed_case_takes_no_more_work(desk, clock):
    _closed(desk, clock)
    with pytest.raises(Conflict):
        cases.add_note(desk, "li", desk.case, "more")
    with pytest.raises(Conflict):
        reply_call(desk, "li", desk.case)


def test_a_call_made_from_the_update_callback_is_its_attempt_and_opens_no_second_case(desk, clock):
    cases.change_status(desk, "li", desk.case, "resolved", resolution="refund made")
    callback_id = cases.schedule_update_callback(desk, "li", desk.case, due="+1h")
    clock.advance(hours=1)
    call_id = log_call(desk, "li", CallEntry(category="complaint", outcome="callback-needed", number=NUMBER,
                                             direction="out", callback_id=callback_id))
    assert desk.conn.execute("SELECT count(*) FROM cases").fetchone() == (1,)
    case = cases.get_case(desk, "li", desk.case)
    last = case.timeline[-1]
    assert (last.kind, last.callback_id, last.call_id, last.after) == ("attempt", callback_id, call_id, "reached")
    assert case.last_told_at == desk.now()
    assert cases.close_case(desk, "li", desk.case).status == "closed"
