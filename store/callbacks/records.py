"""One callback inside a write transaction: create it, load it, check who may act, change it, log its event.

A callback is owned by one agent or sits in the shared pool (owner_id NULL).
Every change writes the audit row (tx.update) and a `callback_events` row, the
history a desk shows.
"""

from __future__ import annotations

from typing import Any

from store.access import Agent, find_agent
from store.callback_records import Callback
from store.case_timeline import attempt_in_tx
from store.columns import CALLBACK_COLUMNS
from store.db import Tx
from store.do_not_call import refuse_outbound
from store.errors import Conflict, NotFound, PermissionDenied, ValidationError
from store.messages import N_
from store.validate import clean_text, int_range, one_of
from store.vocab import ATTEMPT_RESULTS, CALLBACK_KINDS

# every column, then the joined values in the order of Callback's fields (Callback.from_row)
CALLBACK_SQL = (
    f"SELECT {', '.join('b.' + c for c in CALLBACK_COLUMNS)}, a.login, a.team, cu.name,"
    " coalesce(b.phone_e164, (SELECT p.e164 FROM customer_phones p WHERE p.customer_id = b.customer_id AND p.is_main = 1)),"
    " (SELECT count(*) FROM callback_attempts t WHERE t.callback_id = b.id),"
    " (SELECT t.result FROM callback_attempts t WHERE t.callback_id = b.id ORDER BY t.id DESC LIMIT 1)"
    " FROM callbacks b LEFT JOIN agents a ON a.id = b.owner_id LEFT JOIN customers cu ON cu.id = b.customer_id"
)


def event_in_tx(tx: Tx, callback_id: int, event: str, *, from_owner: int | None = None, to_owner: int | None = None,
                due_at: str | None = None, note: str = "") -> None:
    tx.execute(
        "INSERT INTO callback_events (callback_id, at, actor, event, from_owner_id, to_owner_id, due_at, note)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (callback_id, tx.now, tx.login, event, from_owner, to_owner, due_at, note),
    )


def _active_owner_id(tx: Tx, owner: str | None) -> int | None:
    if owner is None:
        return None
    agent = find_agent(tx.conn, owner)
    if agent is None or not agent.active:
        raise ValidationError(
            "owner",
            N_("owner: '{owner}' is not an active agent; give a login or 'pool'."),
            owner=owner,
        )
    return agent.id


def insert_callback(tx: Tx, *, due_at: str, kind: str = "callback", customer_id: int | None = None,
                    phone_e164: str | None = None, reason: str = "", priority: int = 2,
                    owner: str | None = None, source_call_id: int | None = None) -> int:
    """Create one open callback inside a write transaction. owner=None puts it in the pool."""
    kind = one_of(kind, "kind", CALLBACK_KINDS)
    if customer_id is None and not phone_e164:
        raise ValidationError("customer", N_("customer: give a customer or a phone number to call back."))
    if customer_id is not None and not tx.scalar("SELECT 1 FROM customers WHERE id = ?", (customer_id,)):
        raise NotFound(N_("customer: there is no customer #{customer_id}."), customer_id=customer_id)
    owner_id = _active_owner_id(tx, owner)
    callback_id = tx.insert(
        "callbacks",
        {
            "kind": kind,
            "customer_id": customer_id,
            "phone_e164": phone_e164,
            "reason": clean_text(reason, "reason", 500, multiline=True),
            "first_due_at": due_at,
            "due_at": due_at,
            "priority": int_range(priority, "priority", 1, 3),
            "owner_id": owner_id,
            "status": "open",
            "source_call_id": source_call_id,
            "created_at": tx.now,
            "created_by": tx.login,
            "updated_at": tx.now,
            "updated_by": tx.login,
        },
    )
    event_in_tx(tx, callback_id, "created", to_owner=owner_id, due_at=due_at)
    tx.changed("callbacks", callback_id)
    return callback_id


def load_callback(tx: Tx, callback_id: int | str) -> Callback:
    """The callback (without its history); `callback_id` as given (a number or its text)."""
    try:
        callback_id = int(callback_id)
    except (TypeError, ValueError):
        raise ValidationError(
            "id",
            N_("id: '{callback_id}' is not a callback number."),
            callback_id=callback_id,
        ) from None
    row = tx.one(f"{CALLBACK_SQL} WHERE b.id = ?", (callback_id,))
    if row is None:
        raise NotFound(N_("there is no callback #{callback_id}."), callback_id=callback_id)
    return Callback.from_row(row)


def require_open(cb: Callback) -> None:
    if cb.status != "open":
        raise Conflict(N_("callback #{id} is already {status}."), id=cb.id, status=cb.status)


def _may_act(actor: Agent, cb: Callback) -> bool:
    """The owner, anyone for the pool, the owner's lead, an admin."""
    if cb.owner_id is None or cb.owner_id == actor.id or actor.role == "admin":
        return True
    return actor.role == "lead" and cb.owner_team is not None and cb.owner_team == actor.team


def require_may_act(tx: Tx, cb: Callback) -> None:
    if not _may_act(tx.actor, cb):
        raise PermissionDenied(
            N_("callback #{id} is {owner}'s; only they or their lead may change it."),
            id=cb.id, owner=cb.owner,
        )


def change_callback(tx: Tx, cb: Callback, values: dict[str, Any]) -> None:
    values = {**values, "updated_at": tx.now, "updated_by": tx.login}
    tx.update("callbacks", cb.id, values)
    tx.changed("callbacks", cb.id)


def close_callback(tx: Tx, cb: Callback, status: str, cancel_reason: str | None = None) -> None:
    values = {"status": status, "closed_at": tx.now}
    if cancel_reason is not None:
        values["cancel_reason"] = cancel_reason
    change_callback(tx, cb, values)


def record_attempt_in_tx(tx: Tx, callback_id: int, result: str, call_id: int | None = None, note: str = "") -> int:
    """One try at a callback by the acting agent; `reached` completes it. Returns the attempt id.

    Called by store.calls.insert_call for a call logged from a callback: the call is
    saved whatever became of the callback meanwhile, so a closed one only gains the attempt.
    """
    result = one_of(result, "result", ATTEMPT_RESULTS)
    note = clean_text(note, "note", 500)
    cb = load_callback(tx, callback_id)
    refuse_outbound(tx, cb.customer_id, cb.phone)
    attempt_id = tx.insert("callback_attempts", {
        "callback_id": cb.id, "at": tx.now, "agent_id": tx.actor.id, "result": result, "call_id": call_id,
        "note": note,
    })
    event_in_tx(tx, cb.id, "attempt", note=result + (f": {note}" if note else ""))
    attempt_in_tx(tx, cb.id, result, call_id)  # an update callback of a case: its timeline, and told when reached
    if cb.status == "open":
        if result == "reached":
            close_callback(tx, cb, "done")
            event_in_tx(tx, cb.id, "completed")
            if cb.customer_id is not None:  # a reached customer was contacted: the return-visit clock restarts
                tx.execute(
                    "UPDATE customers SET last_contact_at = max(coalesce(last_contact_at, ''), ?) WHERE id = ?",
                    (tx.now, cb.customer_id),
                )
        else:
            tx.changed("callbacks", cb.id)
    return attempt_id


def attempt_result_for_outcome(outcome: str) -> str:
    """A call logged from a callback: `reached` unless nobody (or the wrong person) answered."""
    return outcome if outcome in ("no-answer", "wrong-number") else "reached"
