"""What agents and leads do to a case: a note, a department's reply, a status, an owner, a department, a
severity, the customer told, an update callback. Each is one write transaction and one timeline entry.

Who: an agent works on their own and their team's cases (a customer's later call may reach anyone of the
team), a lead on their team's, an admin on all (store/case_timeline.py may_work); reassigning is for leads
(their team's cases, to an active agent of their team) and admins.
"""

from __future__ import annotations

from store.access import ANY_ROLE, LEADS, can_see_agent, get_agent
from store.callbacks import insert_callback
from store.case_records import Case
from store.case_timeline import (
    case_number,
    change_case,
    event_in_tx,
    load_case,
    require_may_work,
    require_not_closed,
    told_in_tx,
)
from store.cases.sla import due_at_for
from store.clock import iso, parse_iso
from store.db import Store, Tx
from store.do_not_call import refuse_outbound
from store.duetime import due_at_from_text
from store.errors import PermissionDenied, ValidationError
from store.messages import N_
from store.validate import clean_text, one_of
from store.vocab import CASE_DEPARTMENTS, CASE_SEVERITIES, CASE_STATUSES

TEXT_MAX = 4000
SETTABLE_STATUSES = tuple(s for s in CASE_STATUSES if s != "closed")  # closing has its own rules (closing.py)


def _working(tx: Tx, case_id: int | str) -> Case:
    case = load_case(tx, case_number(case_id))
    require_not_closed(case)
    require_may_work(tx, case)
    return case


def add_note(store: Store, actor: str, case_id: int | str, text: str) -> Case:
    """A note on the timeline."""
    with store.write(actor, *ANY_ROLE) as tx:
        case = _working(tx, case_id)
        event_in_tx(tx, case.id, "note", text=clean_text(text, "text", TEXT_MAX, required=True, multiline=True))
        return load_case(tx, case.id)


def record_reply(store: Store, actor: str, case_id: int | str, department: str, text: str) -> Case:
    """What a department answered (recorded by the agent or the lead who heard it)."""
    with store.write(actor, *ANY_ROLE) as tx:
        case = _working(tx, case_id)
        department = one_of(department, "department", CASE_DEPARTMENTS)
        event_in_tx(tx, case.id, "reply", after=department,
                    text=clean_text(text, "text", TEXT_MAX, required=True, multiline=True))
        return load_case(tx, case.id)


def change_status(store: Store, actor: str, case_id: int | str, status: str, resolution: str | None = None) -> Case:
    """open, waiting-department, waiting-customer or resolved (which needs a resolution: given here or kept from
    before); leaving resolved clears resolved_at. Closing is close_case."""
    with store.write(actor, *ANY_ROLE) as tx:
        case = _working(tx, case_id)
        if status == "closed":
            raise ValidationError("status", N_("status: case #{id} is closed by closing it, not by a status: that "
                                               "needs its resolution and a later contact with the customer."), id=case.id)
        status = one_of(status, "status", SETTABLE_STATUSES)
        values: dict[str, object] = {"status": status}
        text = clean_text(resolution or "", "resolution", TEXT_MAX, multiline=True)
        if status == "resolved":
            text = text or case.resolution
            if not text:
                raise ValidationError("resolution", N_("resolution: say how case #{id} was resolved."), id=case.id)
            values.update(resolution=text, resolved_at=tx.now)
        elif case.status == "resolved":
            values["resolved_at"] = None
        if status == case.status and text == case.resolution:
            return case
        change_case(tx, case, values)
        event_in_tx(tx, case.id, "status", before=case.status, after=status, text=text if status == "resolved" else "")
        return load_case(tx, case.id)


def reassign_case(store: Store, actor: str, case_id: int | str, to: str) -> Case:
    """A new accountable owner (leads: their team's cases, to an active agent of their team; admins: any)."""
    with store.write(actor, *LEADS) as tx:
        case = _working(tx, case_id)
        target = get_agent(tx.conn, str(to).strip())
        if not target.active:
            raise ValidationError("to", N_("to: '{to}' is inactive; give an active agent."), to=to)
        if not can_see_agent(tx.actor, target):
            raise PermissionDenied(N_("'{login}' is not in your team ({team})."), login=target.login,
                                   team=tx.actor.team)
        if target.id == case.owner_id:
            return case
        change_case(tx, case, {"owner_id": target.id, "team": target.team})
        event_in_tx(tx, case.id, "owner", before=case.owner, after=target.login)
        return load_case(tx, case.id)


def change_department(store: Store, actor: str, case_id: int | str, department: str, text: str = "") -> Case:
    """The department working on it now; the owner stays accountable (不推诿)."""
    with store.write(actor, *ANY_ROLE) as tx:
        case = _working(tx, case_id)
        department = one_of(department, "department", CASE_DEPARTMENTS)
        if department == case.department:
            return case
        change_case(tx, case, {"department": department})
        event_in_tx(tx, case.id, "department", before=case.department, after=department,
                    text=clean_text(text, "text", TEXT_MAX, multiline=True))
        return load_case(tx, case.id)


def change_severity(store: Store, actor: str, case_id: int | str, severity: str) -> Case:
    """normal or major; the due time is computed again from the opening with the new SLA."""
    with store.write(actor, *ANY_ROLE) as tx:
        case = _working(tx, case_id)
        severity = one_of(severity, "severity", CASE_SEVERITIES)
        if severity == case.severity:
            return case
        change_case(tx, case, {"severity": severity, "due_at": due_at_for(tx, case.opened_at, case.type, severity)})
        event_in_tx(tx, case.id, "severity", before=case.severity, after=severity)
        return load_case(tx, case.id)


def mark_told(store: Store, actor: str, case_id: int | str, text: str = "") -> Case:
    """The customer was told of progress (by a way the store does not see: WeChat, e-mail, a walk-in)."""
    with store.write(actor, *ANY_ROLE) as tx:
        case = _working(tx, case_id)
        event_in_tx(tx, case.id, "told", text=clean_text(text, "text", TEXT_MAX, multiline=True))
        told_in_tx(tx, case.id)
        return load_case(tx, case.id)


def schedule_update_callback(store: Store, actor: str, case_id: int | str, *, due: str | None = None,
                             due_at: str | None = None, reason: str = "") -> int:
    """A callback to tell the customer how their case stands, owned by the actor; its attempts join the
    timeline (a reached one tells the customer). Returns the callback's id."""
    with store.write(actor, *ANY_ROLE) as tx:
        case = _working(tx, case_id)
        if case.customer_id is None:
            raise ValidationError("customer", N_("customer: case #{id} names no customer to call back; link it to "
                                                 "one first."), id=case.id)
        refuse_outbound(tx, case.customer_id)
        if due_at:
            if parse_iso(due_at) <= parse_iso(tx.now):
                raise ValidationError("due", N_("due: {shown} is in the past; give a later time."), shown=due_at)
            when = iso(parse_iso(due_at))
        else:
            when = due_at_from_text(tx, due)
        reason = clean_text(reason, "reason", 500) or f"#{case.id} {case.summary}"[:200]
        callback_id = insert_callback(tx, due_at=when, customer_id=case.customer_id, reason=reason,
                                      owner=tx.actor.login, source_call_id=case.origin_call_id)
        event_in_tx(tx, case.id, "callback", callback_id=callback_id, after=when)
        return callback_id
