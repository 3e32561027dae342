"""One case inside a write transaction: load it, check who may act, change it, write its timeline entry.

Beside store/cases/ (not in it) because store/callbacks records attempts at a case's update callback
through `attempt_in_tx` and store/callbacks is imported by the cases package: here no import goes back.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from store.access import Agent
from store.case_records import CASE_COLUMNS, EVENT_COLUMNS, Case, CaseEvent
from store.db import Tx
from store.errors import Conflict, NotFound, PermissionDenied, ValidationError
from store.messages import N_
from store.vocab import CASE_ACTIVE_STATUSES

_ACTIVE = "('" + "', '".join(CASE_ACTIVE_STATUSES) + "')"
# every column, then owner login and name, customer name, and the overdue flag at :now (Case.from_row)
CASE_SQL = (
    f"SELECT {', '.join('c.' + c for c in CASE_COLUMNS)}, a.login, a.display_name, cu.name,"
    f" c.status IN {_ACTIVE} AND c.due_at < :now"
    " FROM cases c JOIN agents a ON a.id = c.owner_id LEFT JOIN customers cu ON cu.id = c.customer_id"
)
NOT_YOURS = N_("case #{id} is {owner}'s in team {team}; an agent works on their own and their team's cases, a lead "
               "on their team's: ask its owner or their lead.")


def case_number(case_id: object) -> int:
    try:
        return int(str(case_id).strip().lstrip("#"))
    except (TypeError, ValueError):
        raise ValidationError("id", N_("id: '{case_id}' is not a case number."), case_id=case_id) from None


def load_case(tx: Tx, case_id: object, timeline: bool = False) -> Case:
    """The case (with its timeline, oldest first, when asked); NotFound when there is none."""
    number = case_number(case_id)
    row = tx.one(f"{CASE_SQL} WHERE c.id = :id", {"now": tx.now, "id": number})
    if row is None:
        raise NotFound(N_("there is no case #{case_id}."), case_id=number)
    case = Case.from_row(row)
    if not timeline:
        return case
    events = tx.all(f"SELECT {', '.join(EVENT_COLUMNS)} FROM case_events WHERE case_id = ? ORDER BY id", (number,))
    return replace(case, timeline=tuple(CaseEvent.from_row(e) for e in events))


def may_work(actor: Agent, case: Case) -> bool:
    """Its owner, an agent or lead of its team, an admin: who may see it, write to it and change its status."""
    if actor.role == "admin" or case.owner_id == actor.id:
        return True
    return case.team is not None and case.team == actor.team


def may_decide(actor: Agent, case: Case) -> bool:
    """Its owner, a lead of its team, an admin: who may close and reopen it."""
    if actor.role == "admin" or case.owner_id == actor.id:
        return True
    return actor.role == "lead" and case.team is not None and case.team == actor.team


def require_may_work(tx: Tx, case: Case) -> None:
    if not may_work(tx.actor, case):
        raise PermissionDenied(NOT_YOURS, id=case.id, owner=case.owner, team=case.team or "-")


def require_may_decide(tx: Tx, case: Case) -> None:
    if not may_decide(tx.actor, case):
        raise PermissionDenied(N_("case #{id} is {owner}'s: only they, a lead of team {team} or an admin close or "
                                  "reopen it."), id=case.id, owner=case.owner, team=case.team or "-")


def require_not_closed(case: Case) -> None:
    if case.status == "closed":
        raise Conflict(N_("case #{id} is closed; reopen it first ('agentdesk cases reopen {id}')."), id=case.id)


def event_in_tx(tx: Tx, case_id: int, kind: str, *, text: str = "", call_id: int | None = None,
                callback_id: int | None = None, before: str | None = None, after: str | None = None) -> int:
    """One timeline entry by the acting agent at the transaction's time; the case counts as updated."""
    cur = tx.execute(
        "INSERT INTO case_events (case_id, at, actor, kind, text, call_id, callback_id, before, after)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (case_id, tx.now, tx.login, kind, text, call_id, callback_id, before, after),
    )
    tx.execute("UPDATE cases SET updated_at = ?, updated_by = ? WHERE id = ?", (tx.now, tx.login, case_id))
    tx.changed("cases", case_id)
    assert cur.lastrowid is not None
    return cur.lastrowid


def change_case(tx: Tx, case: Case, values: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Set columns of the case (audited: only what really changes)."""
    changed = tx.update("cases", case.id, values)
    tx.changed("cases", case.id)
    return changed


def case_of_callback(tx: Tx, callback_id: int) -> int | None:
    """The case an update callback was scheduled for, if any."""
    found = tx.scalar("SELECT case_id FROM case_events WHERE callback_id = ? AND kind = 'callback' ORDER BY id LIMIT 1",
                      (callback_id,))
    return None if found is None else int(found)


def told_in_tx(tx: Tx, case_id: int) -> None:
    """The customer heard of progress now (audited)."""
    case = load_case(tx, case_id)
    change_case(tx, case, {"last_told_at": tx.now})


def attempt_in_tx(tx: Tx, callback_id: int, result: str, call_id: int | None = None) -> None:
    """An attempt at a callback: on a case's update callback, its timeline entry; reached tells the customer."""
    case_id = case_of_callback(tx, callback_id)
    if case_id is None:
        return
    event_in_tx(tx, case_id, "attempt", callback_id=callback_id, call_id=call_id, after=result)
    if result == "reached":
        told_in_tx(tx, case_id)
