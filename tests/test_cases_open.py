"""Opening a case: with the call that raised the problem, in its transaction, from each qualifying outcome and
category and not from the others; by hand; a major complaint to a lead at once; one case per problem (a later
call linked to the open case is a chase, 催办, and opens no second case)."""

from __future__ import annotations

import pytest

from store import cases
from store.call_records import CallEntry
from store.calls import log_call
from store.customers import create_customer
from store.errors import Conflict, NotFound, ValidationError
from store.vocab import CATEGORIES, OUTCOMES

NUMBER = "139 0013 8001"


@pytest.fixture
def desk(team):
    team.customer = create_customer(team, "li", phones=[NUMBER], name="吴敏")
    return team


def call(category, outcome, **more):
    reason = "needs them" if outcome.startswith("escalated-") else None
    return CallEntry(category=category, outcome=outcome, number=NUMBER, escalation_reason=reason,
                     notes="screen cracked\nsecond line", **more)


def cases_of(store):
    return store.conn.execute("SELECT id, type, department, status, origin_call_id, owner_id FROM cases").fetchall()


def expected_to_open(category, outcome):
    return outcome.startswith("escalated-") or (
        category in ("complaint", "after-sales") and outcome not in ("resolved", "no-answer", "wrong-number"))


@pytest.mark.parametrize("outcome", OUTCOMES)
@pytest.mark.parametrize("category", CATEGORIES)
def test_a_saved_call_opens_a_case_exactly_when_it_raised_a_problem(desk, category, outcome):
    call_id = log_call(desk, "li", call(category, outcome))
    opened = cases_of(desk)
    if not expected_to_open(category, outcome):
        assert opened == []
        return
    (case_id, case_type, department, status, origin, owner), = opened
    assert origin == call_id
    assert case_type == (category if category in ("complaint", "after-sales") else "request")
    assert department == {"escalated-tech": "tech", "escalated-sales": "sales",
                          "escalated-manager": "manager"}.get(outcome, "customer-service")
    assert status == ("waiting-department" if outcome.startswith("escalated-") else "open")
    case = cases.get_case(desk, "li", case_id)
    assert (case.owner, case.customer_id, case.summary) == ("li", desk.customer, "screen cracked")
    assert [(e.kind, e.actor, e.call_id) for e in case.timeline] == [("opened", "li", call_id)]


def test_the_case_is_in_the_call_s_transaction(desk, monkeypatch):
    from store.cases import opening

    def broken(*args, **kwargs):
        raise ValidationError("type", "type: broken.")

    monkeypatch.setattr(opening, "open_case_in_tx", broken)
    with pytest.raises(ValidationError):
        log_call(desk, "li", call("complaint", "callback-needed"))
    assert desk.conn.execute("SELECT count(*) FROM calls").fetchone() == (0,)


def test_a_major_complaint_goes_to_a_lead_of_the_team_at_once(desk):
    case_id = cases.open_case(desk, "li", customer_id=desk.customer, case_type="complaint", severity="major")
    case = cases.get_case(desk, "li", case_id)
    assert case.owner == "lin" and case.team == "north"
    assert [(e.kind, e.before, e.after) for e in case.timeline] == [("opened", None, "open"), ("owner", "li", "lin")]
    normal = cases.get_case(desk, "li", cases.open_case(desk, "li", customer_id=desk.customer, case_type="complaint"))
    assert normal.owner == "li"


def test_by_hand_from_a_call_takes_its_customer_and_department_once(desk):
    call_id = log_call(desk, "li", call("consultation", "resolved"))
    case_id = cases.open_case(desk, "li", call_id=call_id, case_type="request")
    case = cases.get_case(desk, "li", case_id)
    assert (case.customer_id, case.origin_call_id, case.department, case.summary) == (
        desk.customer, call_id, "customer-service", "screen cracked")
    with pytest.raises(Conflict):
        cases.open_case(desk, "li", call_id=call_id, case_type="request")
    with pytest.raises(ValidationError) as refused:
        cases.open_case(desk, "li", customer_id=desk.customer, case_type="bug")
    assert refused.value.field == "type"
    with pytest.raises(NotFound):
        cases.open_case(desk, "li", customer_id=999, case_type="request")
    with pytest.raises(ValidationError):
        cases.open_case(desk, "li", case_type="request")


def test_a_repeat_call_linked_to_the_open_case_is_a_chase_and_opens_no_second_case(desk):
    first = log_call(desk, "li", call("complaint", "escalated-tech"))
    (case_id, *_), = cases_of(desk)
    offered = cases.customer_open_cases(desk, "chen", desk.customer)  # another team's agent takes the next call
    assert [c.id for c in offered] == [case_id]
    again = log_call(desk, "chen", call("complaint", "callback-needed", case_id=case_id))
    assert [row[0] for row in cases_of(desk)] == [case_id]
    case = cases.get_case(desk, "li", case_id)
    assert case.chases == 1 and case.last_told_at == desk.now()
    assert [(e.kind, e.actor, e.call_id) for e in case.timeline] == [("opened", "li", first), ("chase", "chen", again)]


def test_link_call_by_hand_counts_once(desk):
    log_call(desk, "li", call("after-sales", "callback-needed"))
    (case_id, *_), = cases_of(desk)
    other = log_call(desk, "wang", call("consultation", "resolved"))
    assert cases.link_call(desk, "wang", case_id, other).chases == 1
    with pytest.raises(Conflict):
        cases.link_call(desk, "wang", case_id, other)
    stranger = create_customer(desk, "li", phones=["139 0013 8002"], name="周杰")
    theirs = log_call(desk, "li", CallEntry(category="order", outcome="resolved", customer_id=stranger))
    with pytest.raises(ValidationError) as refused:
        cases.link_call(desk, "li", case_id, theirs)
    assert refused.value.field == "case"
