"""Opening a case: with the call that raised it (in the call's own transaction), or by hand from a call or a
customer; and linking a later call to an open case (the customer chasing it, 催办) instead of a second case."""

from __future__ import annotations

from typing import Any

from store.access import ANY_ROLE
from store.case_records import Case
from store.case_timeline import (
    case_number,
    change_case,
    event_in_tx,
    load_case,
    require_not_closed,
    told_in_tx,
)
from store.cases.sla import due_at_for
from store.db import Store, Tx
from store.errors import Conflict, NotFound, ValidationError
from store.messages import N_
from store.validate import clean_text, one_of
from store.vocab import CASE_SEVERITIES, CASE_TYPES

DEPARTMENT_OF_OUTCOME = {"escalated-tech": "tech", "escalated-sales": "sales", "escalated-manager": "manager"}
NOT_A_PROBLEM = ("resolved", "no-answer", "wrong-number")  # a complaint with these outcomes opens no case
UNREACHED = ("no-answer", "wrong-number")  # a linked call with these did not tell the customer anything


def opens_case(category: str, outcome: str) -> bool:
    """Whether a call of `category` and `outcome` opens a case by itself."""
    if outcome.startswith("escalated-"):
        return True
    return category in ("complaint", "after-sales") and outcome not in NOT_A_PROBLEM


def type_of_category(category: str) -> str:
    return category if category in ("complaint", "after-sales") else "request"


def department_of_outcome(outcome: str) -> str:
    return DEPARTMENT_OF_OUTCOME.get(outcome, "customer-service")


def _lead_of(tx: Tx, team: str | None) -> int | None:
    if team is None:
        return None
    found = tx.scalar("SELECT id FROM agents WHERE team = ? AND role = 'lead' AND active = 1 ORDER BY login LIMIT 1",
                      (team,))
    return None if found is None else int(found)


def open_case_in_tx(tx: Tx, *, customer_id: int | None, case_type: str, severity: str = "normal",
                    department: str = "customer-service", origin_call_id: int | None = None, summary: str = "",
                    status: str = "open") -> int:
    """A new case owned by the acting agent (a major complaint: by a lead of their team at once)."""
    case_type = one_of(case_type, "type", CASE_TYPES)
    severity = one_of(severity or "normal", "severity", CASE_SEVERITIES)
    if customer_id is not None and not tx.scalar("SELECT 1 FROM customers WHERE id = ?", (customer_id,)):
        raise NotFound(N_("customer: there is no customer #{customer_id}."), customer_id=customer_id)
    case_id = tx.insert("cases", {
        "customer_id": customer_id, "origin_call_id": origin_call_id, "type": case_type, "severity": severity,
        "department": department, "owner_id": tx.actor.id, "team": tx.actor.team, "status": status,
        "summary": clean_text(summary, "summary", 200), "opened_at": tx.now, "opened_by": tx.login,
        "updated_at": tx.now, "updated_by": tx.login, "due_at": due_at_for(tx, tx.now, case_type, severity),
    })
    event_in_tx(tx, case_id, "opened", call_id=origin_call_id, after=status)
    if case_type == "complaint" and severity == "major":  # the manager handles major complaints (重大投诉)
        lead = _lead_of(tx, tx.actor.team)
        if lead is not None and lead != tx.actor.id:
            change_case(tx, load_case(tx, case_id), {"owner_id": lead})
            login = tx.scalar("SELECT login FROM agents WHERE id = ?", (lead,))
            event_in_tx(tx, case_id, "owner", before=tx.login, after=login)
    return case_id


def _call_row(tx: Tx, call_id: int) -> tuple[Any, ...]:
    row = tx.one("SELECT id, customer_id, category, outcome, notes, direction FROM calls WHERE id = ?", (int(call_id),))
    if row is None:
        raise NotFound(N_("there is no call #{call_id}."), call_id=call_id)
    return row


def link_call_in_tx(tx: Tx, case_id: int, call_id: int) -> Case:
    """Record that call `call_id` is about the case: an incoming one is the customer chasing it (催办);
    a call that reached the customer tells them of progress."""
    case = load_case(tx, case_id)
    require_not_closed(case)  # whoever takes the customer's call links it: one case per problem, any team
    _, customer_id, _, outcome, _, direction = _call_row(tx, call_id)
    if case.customer_id is not None and customer_id is not None and customer_id != case.customer_id:
        raise ValidationError("case", N_("case: case #{id} is another customer's; link the call to one of this "
                                         "customer's cases."), id=case.id)
    if tx.scalar("SELECT 1 FROM case_events WHERE case_id = ? AND call_id = ?", (case.id, int(call_id))):
        raise Conflict(N_("call #{call_id} is linked to case #{id} already."), call_id=call_id, id=case.id)
    chase = direction == "in"
    event_in_tx(tx, case.id, "chase" if chase else "call", call_id=int(call_id), after=outcome)
    if chase:
        tx.execute("UPDATE cases SET chases = chases + 1 WHERE id = ?", (case.id,))
        tx.audit("cases", case.id, "update", {"chases": case.chases}, {"chases": case.chases + 1})
    if outcome not in UNREACHED:
        told_in_tx(tx, case.id)
    return load_case(tx, case.id)


def after_call_saved(tx: Tx, call_id: int, values: dict[str, Any], case_id: int | None) -> int | None:
    """Called by store.calls.insert_call in the call's transaction: link it to `case_id`, or open a case when
    the call raised a problem (not when it answers a case's update callback). Returns the case's id."""
    if case_id is not None:
        return link_call_in_tx(tx, case_id, call_id).id
    callback_id = values.get("callback_id")
    if callback_id and tx.scalar("SELECT 1 FROM case_events WHERE callback_id = ? AND kind = 'callback'",
                                 (callback_id,)):
        return None
    if not opens_case(values["category"], values["outcome"]):
        return None
    status = "waiting-department" if values["outcome"].startswith("escalated-") else "open"
    return open_case_in_tx(tx, customer_id=values.get("customer_id"), case_type=type_of_category(values["category"]),
                           department=department_of_outcome(values["outcome"]), origin_call_id=call_id,
                           summary=(values.get("notes") or "").split("\n", 1)[0][:200], status=status)


def open_case(store: Store, actor: str, *, call_id: int | None = None, customer_id: int | None = None,
              case_type: str, severity: str = "normal", summary: str = "") -> int:
    """By hand from a call (its customer, the department its outcome names) or from a customer. Returns the id."""
    if (call_id is None) == (customer_id is None):
        raise ValidationError("customer", N_("customer: open a case from a call or from a customer (give one)."))
    with store.write(actor, *ANY_ROLE) as tx:
        department, status = "customer-service", "open"
        if call_id is not None:
            _, customer_id, _, outcome, notes, _ = _call_row(tx, call_id)
            department = department_of_outcome(outcome)
            status = "waiting-department" if department != "customer-service" else "open"
            summary = summary or (notes or "").split("\n", 1)[0][:200]
            if tx.scalar("SELECT case_id FROM case_events WHERE call_id = ? LIMIT 1", (int(call_id),)):
                other = tx.scalar("SELECT case_id FROM case_events WHERE call_id = ? LIMIT 1", (int(call_id),))
                raise Conflict(N_("call #{call_id} belongs to case #{id} already."), call_id=call_id, id=other)
        return open_case_in_tx(tx, customer_id=customer_id, case_type=case_type, severity=severity,
                               department=department, origin_call_id=call_id, summary=summary, status=status)


def link_call(store: Store, actor: str, case_id: int | str, call_id: int) -> Case:
    """Link a saved call to an open case (a chase when the customer called); returns the case."""
    with store.write(actor, *ANY_ROLE) as tx:
        return link_call_in_tx(tx, case_number(case_id), call_id)

