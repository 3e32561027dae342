"""Closing and reopening a case: the customer hears the answer before it closes.

Close: it needs a resolution and a contact with the customer at or after the resolution (a linked call that
reached them, or a reached attempt of its update callback). A customer not reached by 3 attempts on 3
different local days since the resolution may be closed unheard by a lead or admin: their approval is
recorded (`unreachable_approved_by`, the timeline). Reopen: within `case_reopen_days` of closing, audited.
"""

from __future__ import annotations

from datetime import timedelta

from store import settings as settings_lib
from store.access import ANY_ROLE
from store.case_records import Case
from store.case_timeline import case_number, change_case, event_in_tx, load_case, require_may_decide
from store.clock import parse_iso
from store.db import Store, Tx
from store.errors import Conflict, PermissionDenied, ValidationError
from store.messages import N_
from store.validate import clean_text

UNREACHABLE_DAYS = 3  # attempts on this many different local days without reaching the customer
TEXT_MAX = 4000


def contacted_since(tx: Tx, case_id: int, since: str) -> bool:
    """A linked call that reached the customer, or a reached attempt of its update callback, at or after `since`."""
    return bool(tx.scalar(
        "SELECT 1 FROM case_events e LEFT JOIN calls k ON k.id = e.call_id WHERE e.case_id = ? AND e.at >= ? AND"
        " ((e.kind IN ('call', 'chase') AND k.outcome NOT IN ('no-answer', 'wrong-number'))"
        " OR (e.kind = 'attempt' AND e.after = 'reached')) LIMIT 1", (case_id, since)))


def unreached_days(tx: Tx, case_id: int, since: str) -> int:
    """On how many different local days (the centre's zone) the customer was tried and not reached since `since`:
    attempts of its update callbacks, and outgoing linked calls nobody (or the wrong person) answered."""
    zone = settings_lib.zone(tx)
    rows = tx.all(
        "SELECT e.at FROM case_events e LEFT JOIN calls k ON k.id = e.call_id WHERE e.case_id = ? AND e.at >= ? AND"
        " ((e.kind = 'attempt' AND e.after != 'reached') OR (e.kind = 'call' AND k.outcome IN ('no-answer',"
        " 'wrong-number')))", (case_id, since))
    return len({parse_iso(at).astimezone(zone).date() for (at,) in rows})


def close_case(store: Store, actor: str, case_id: int | str, resolution: str | None = None,
               unreachable: bool = False) -> Case:
    """Close a resolved case once the customer has heard the answer (see the module's rules); `resolution`
    words the answer anew (a case without one is refused); `unreachable` (leads and admins) closes after
    3 unreached attempts on 3 days."""
    with store.write(actor, *ANY_ROLE) as tx:
        case = load_case(tx, case_number(case_id))
        if case.status == "closed":
            raise Conflict(N_("case #{id} is closed already."), id=case.id)
        require_may_decide(tx, case)
        text = clean_text(resolution or "", "resolution", TEXT_MAX, multiline=True) or case.resolution
        if not text:
            raise ValidationError("resolution", N_("resolution: case #{id} has none; say how it was resolved to "
                                                   "close it."), id=case.id)
        if case.status != "resolved" or case.resolved_at is None:
            raise ValidationError("status", N_("status: case #{id} is not resolved yet: set it to resolved with its "
                                               "resolution, tell the customer, then close it."), id=case.id)
        resolved_at = case.resolved_at
        if text != case.resolution:  # the answer put in other words; the customer heard it since resolved_at
            change_case(tx, case, {"resolution": text})
        values: dict[str, object] = {"status": "closed", "closed_at": tx.now, "closed_by": tx.login}
        if unreachable:
            if tx.actor.role == "agent":
                raise PermissionDenied(N_("case #{id}: only a lead or an admin approves closing a case whose "
                                          "customer could not be reached; ask your lead."), id=case.id)
            days = unreached_days(tx, case.id, resolved_at)
            if days < UNREACHABLE_DAYS:
                raise ValidationError("unreachable", N_("unreachable: case #{id} has unreached attempts on {days} "
                                                        "day(s) since its resolution; closing unheard needs "
                                                        "{needed} days."), id=case.id, days=days,
                                      needed=UNREACHABLE_DAYS)
            values["unreachable_approved_by"] = tx.login
        elif not contacted_since(tx, case.id, resolved_at):
            raise ValidationError("contact", N_("contact: the customer has not heard the resolution of case #{id}: "
                                                "call them (a call linked to the case) or schedule an update "
                                                "callback and reach them, then close it."), id=case.id)
        change_case(tx, load_case(tx, case.id), values)
        event_in_tx(tx, case.id, "closed", before="resolved", after="unreachable" if unreachable else "closed",
                    text=text)
        return load_case(tx, case.id)


def reopen_case(store: Store, actor: str, case_id: int | str, reason: str) -> Case:
    """A closed case open again within `case_reopen_days` of its closing (its owner, a lead of its team, an
    admin), saying why; refused after (open a new case then). Its due time stays."""
    with store.write(actor, *ANY_ROLE) as tx:
        case = load_case(tx, case_number(case_id))
        if case.status != "closed":
            raise Conflict(N_("case #{id} is not closed."), id=case.id)
        require_may_decide(tx, case)
        reason = clean_text(reason, "reason", TEXT_MAX, required=True, multiline=True)
        days = int(settings_lib.read(tx, "case_reopen_days"))
        if case.closed_at is None or parse_iso(case.closed_at) + timedelta(days=days) < parse_iso(tx.now):
            raise PermissionDenied(N_("case #{id} was closed more than {days} days ago (case_reopen_days): open a "
                                      "new case for the customer instead."), id=case.id, days=days)
        change_case(tx, case, {"status": "open", "closed_at": None, "closed_by": None, "resolved_at": None,
                               "unreachable_approved_by": None})
        event_in_tx(tx, case.id, "reopened", before="closed", after="open", text=reason)
        return load_case(tx, case.id)
