"""Acting on callbacks: add, claim, release, reassign, reschedule, try, complete, cancel, reopen.

Each is one write transaction. Claiming is one conditional UPDATE decided by its row count.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from store import phones as phone_lib
from store import settings as settings_lib
from store.access import ANY_ROLE, can_see_agent, find_agent, get_agent
from store.callback_records import Callback
from store.callbacks.records import (
    change_callback,
    close_callback,
    event_in_tx,
    insert_callback,
    load_callback,
    record_attempt_in_tx,
    require_may_act,
    require_open,
)
from store.callbacks.rules import require_may_cancel, require_tried
from store.clock import iso, parse_iso
from store.customer_phones import phone_owner
from store.db import Store, Tx
from store.do_not_call import refuse_outbound
from store.duetime import due_at_from_text
from store.errors import Conflict, PermissionDenied, ValidationError
from store.messages import N_
from store.validate import clean_text, one_of
from store.vocab import ATTEMPT_RESULTS


def _checked_due_at(tx: Tx, due: str | None, due_at: str | None) -> str:
    if due_at:
        if parse_iso(due_at) <= parse_iso(tx.now):
            raise ValidationError("due", N_("due: {shown} is in the past; give a later time."), shown=due_at)
        return iso(parse_iso(due_at))
    return due_at_from_text(tx, due)


def add_callback(store: Store, actor: str, *, due: str | None = None, due_at: str | None = None, number: str | None = None,
                 customer_id: int | None = None, owner: str = "me", reason: str = "", priority: int = 2,
                 kind: str = "callback") -> int:
    """A new callback. owner: 'me', 'pool' or a login (another agent's: leads and admins only)."""
    with store.write(actor, *ANY_ROLE) as tx:
        when = _checked_due_at(tx, due, due_at)
        phone_e164 = None
        if number and number.strip():
            phone = phone_lib.normalize(number, settings_lib.read(tx, "phone_region"), field="number")
            phone_e164 = phone.e164
            if customer_id is None:
                found = phone_owner(tx, phone.e164)
                customer_id = found[0] if found else None
        elif customer_id is None:
            raise ValidationError("customer", N_("customer: give --number or --customer."))
        owner = (owner or "me").strip()
        login = None if owner == "pool" else tx.actor.login if owner == "me" else owner
        if login is not None and login != tx.actor.login:
            target = find_agent(tx.conn, login)
            if target is None:
                raise ValidationError(
                    "owner",
                    N_("owner: '{login}' is not an agent; give me, pool or a login."),
                    login=login,
                )
            if tx.actor.role == "agent":
                raise PermissionDenied(
                    N_("an agent may give a callback to themselves or the pool; a lead assigns it to others."),
                )
            if not can_see_agent(tx.actor, target):
                raise PermissionDenied(N_("'{login}' is not in your team ({team})."), login=login, team=tx.actor.team)
        refuse_outbound(tx, customer_id, phone_e164)  # a callback is an outgoing call to come
        return insert_callback(tx, due_at=when, kind=kind, customer_id=customer_id, phone_e164=phone_e164,
                               reason=reason, priority=priority, owner=login)


def check_may_call(store: Store, actor: str, callback_id: int) -> None:
    """Before dialling: PermissionDenied with one sentence when the customer is on the do-not-call list."""
    with store.read(actor, *ANY_ROLE) as tx:
        cb = load_callback(tx, callback_id)
        refuse_outbound(tx, cb.customer_id, cb.phone)


def claim_callback(store: Store, actor: str, callback_id: int) -> Callback:
    """Take a pool callback. Exactly one of several agents claiming at once wins; the others get
    Conflict naming the holder. Claiming one already yours is a no-op. Returns the callback."""
    with store.write(actor, *ANY_ROLE) as tx:
        cur = tx.execute(
            "UPDATE callbacks SET owner_id = ?, updated_at = ?, updated_by = ?"
            " WHERE id = ? AND status = 'open' AND owner_id IS NULL",
            (tx.actor.id, tx.now, tx.login, int(callback_id)),
        )
        won = cur.rowcount == 1
        if won:
            tx.audit("callbacks", int(callback_id), "update", {"owner_id": None}, {"owner_id": tx.actor.id})
            event_in_tx(tx, int(callback_id), "claimed", to_owner=tx.actor.id)
            tx.changed("callbacks", int(callback_id))
        cb = load_callback(tx, callback_id)
        if won or (cb.status == "open" and cb.owner_id == tx.actor.id):
            return cb
        require_open(cb)
        raise Conflict(
            N_("callback #{id} is already claimed by {owner}."),
            holder=cb.owner, id=cb.id, owner=cb.owner,
        )


def release_callback(store: Store, actor: str, callback_id: int) -> None:
    """Back to the pool (the owner, their lead or an admin)."""
    with store.write(actor, *ANY_ROLE) as tx:
        cb = load_callback(tx, callback_id)
        require_open(cb)
        if cb.owner_id is None:
            raise ValidationError("owner", N_("callback #{id} is already in the pool."), id=cb.id)
        require_may_act(tx, cb)
        change_callback(tx, cb, {"owner_id": None})
        event_in_tx(tx, cb.id, "released", from_owner=cb.owner_id)


def reassign_callbacks(store: Store, actor: str, callback_ids: Iterable[int | str], to: str | None) -> int:
    """Give open callbacks to agent `to` (a login) or the pool (None), all in one transaction.

    Leads: callbacks of their team or the pool, to an agent of their team; admins: any.
    An agent may only hand their own callbacks to the pool (a release). Returns how many moved.
    """
    ids = sorted({int(i) for i in callback_ids})
    if not ids:
        raise ValidationError("id", N_("id: choose at least one callback."))
    with store.write(actor, *ANY_ROLE) as tx:
        target = None
        if to is not None:
            target = get_agent(tx.conn, to)
            if not target.active:
                raise ValidationError("to", N_("to: '{to}' is inactive; give an active agent or pool."), to=to)
            if tx.actor.role == "agent" and target.id != tx.actor.id:
                raise PermissionDenied(N_("an agent may only claim or release callbacks; a lead reassigns them."))
            if not can_see_agent(tx.actor, target):
                raise PermissionDenied(N_("'{login}' is not in your team ({team})."), login=to, team=tx.actor.team)
        moved = 0
        for callback_id in ids:
            cb = load_callback(tx, callback_id)
            require_open(cb)
            if tx.actor.role == "agent" and target is not None and cb.owner_id is not None and cb.owner_id != tx.actor.id:
                raise Conflict(
                    N_("callback #{id} is already claimed by {owner}."),
                    holder=cb.owner, id=cb.id, owner=cb.owner,
                )
            require_may_act(tx, cb)
            new_owner = None if target is None else target.id
            if cb.owner_id == new_owner:
                continue
            change_callback(tx, cb, {"owner_id": new_owner})
            event_in_tx(tx, cb.id, "reassigned", from_owner=cb.owner_id, to_owner=new_owner)
            moved += 1
        return moved


def reschedule_callback(store: Store, actor: str, callback_id: int, due: str | None = None, due_at: str | None = None) -> str:
    """A new due time (text as typed in the call form, or UTC ISO); returns it. first_due_at stays."""
    with store.write(actor, *ANY_ROLE) as tx:
        cb = load_callback(tx, callback_id)
        require_open(cb)
        require_may_act(tx, cb)
        when = _checked_due_at(tx, due, due_at)
        change_callback(tx, cb, {"due_at": when})
        event_in_tx(tx, cb.id, "rescheduled", due_at=when)
        return when


def record_attempt(store: Store, actor: str, callback_id: int, result: str, note: str = "", due: str | None = None) -> Callback:
    """An attempt without a call form; `due` (optional) reschedules an unreached callback. Returns the callback."""
    with store.write(actor, *ANY_ROLE) as tx:
        cb = load_callback(tx, callback_id)
        require_open(cb)
        require_may_act(tx, cb)
        result = one_of(result, "result", ATTEMPT_RESULTS)
        when = _checked_due_at(tx, due, None) if due and due.strip() and result != "reached" else None
        record_attempt_in_tx(tx, cb.id, result, note=note)
        if when:
            cb = load_callback(tx, cb.id)
            change_callback(tx, cb, {"due_at": when})
            event_in_tx(tx, cb.id, "rescheduled", due_at=when)
        return load_callback(tx, cb.id)


def complete_callback(store: Store, actor: str, callback_id: int, note: str = "") -> None:
    """Done by hand: only after an attempt or a call logged from it (else on-time figures could be made up)."""
    with store.write(actor, *ANY_ROLE) as tx:
        cb = load_callback(tx, callback_id)
        require_open(cb)
        require_may_act(tx, cb)
        require_tried(tx, cb)
        close_callback(tx, cb, "done")
        event_in_tx(tx, cb.id, "completed", note=clean_text(note, "note", 500))


def cancel_callback(store: Store, actor: str, callback_id: int, reason: str) -> None:
    """With a reason: an agent only their own callback, never one that started in the pool; leads and admins."""
    with store.write(actor, *ANY_ROLE) as tx:
        cb = load_callback(tx, callback_id)
        require_open(cb)
        require_may_cancel(tx, cb)
        reason = clean_text(reason, "reason", 500, required=True)
        close_callback(tx, cb, "cancelled", cancel_reason=reason)
        event_in_tx(tx, cb.id, "cancelled", note=reason)


def reopen_callback(store: Store, actor: str, callback_id: int, reason: str) -> Callback:
    """A done or cancelled callback open again, saying why (audited, and in its history).

    The one undo rule: whoever closed it, or its owner, within `callback_undo_min` minutes of its
    closing; a lead of the owner's team (or of the pool) and an admin at any time.
    """
    with store.write(actor, *ANY_ROLE) as tx:
        cb = load_callback(tx, callback_id)
        if cb.status == "open":
            raise Conflict(N_("callback #{id} is open already."), id=cb.id)
        reason = clean_text(reason, "reason", 500, required=True)
        if tx.actor.role == "agent":
            closer = tx.scalar(
                "SELECT actor FROM callback_events WHERE callback_id = ? AND event IN ('completed', 'cancelled')"
                " ORDER BY id DESC LIMIT 1", (cb.id,))
            if cb.owner_id != tx.actor.id and closer != tx.login:
                raise PermissionDenied(N_("callback #{id} was closed by {closer}; only they or a lead may reopen it."),
                                       id=cb.id, closer=closer or "?")
            limit = int(settings_lib.read(tx, "callback_undo_min"))
            if cb.closed_at is None or parse_iso(cb.closed_at) + timedelta(minutes=limit) < parse_iso(tx.now):
                raise PermissionDenied(
                    N_("callback #{id} was closed more than {limit} minutes ago: an agent may reopen a callback "
                       "within {limit} minutes of closing it; ask your lead."),
                    id=cb.id, limit=limit)
        else:
            require_may_act(tx, cb)
        if cb.kind in ("return-visit", "missed-call"):
            twin = _open_twin(tx, cb)
            if twin is not None:
                raise Conflict(N_("callback #{id} cannot reopen: #{twin} is open for the same customer."),
                               id=cb.id, twin=twin)
        change_callback(tx, cb, {"status": "open", "closed_at": None, "cancel_reason": None})
        event_in_tx(tx, cb.id, "reopened", note=reason)
        return load_callback(tx, cb.id)


def _open_twin(tx: Tx, cb: Callback) -> int | None:
    """The open callback of the same kind that one open return visit per customer (or missed call per
    number) allows, if any."""
    if cb.kind == "return-visit":
        twin = tx.scalar("SELECT id FROM callbacks WHERE kind = 'return-visit' AND status = 'open' AND customer_id = ?",
                         (cb.customer_id,))
    else:
        twin = tx.scalar("SELECT id FROM callbacks WHERE kind = 'missed-call' AND status = 'open' AND phone_e164 = ?",
                         (cb.phone_e164,))
    return None if twin is None else int(twin)
