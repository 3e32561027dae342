"""Who may close a callback and when: cancelling (owners, never the pool's by an agent) and done (after a try).

"Started in the pool" is read from the callback's own history: its `created` event gave it no owner
(missed calls always, return visits, a callback added with owner pool); a missed call counts whatever its
history says. Claiming it later does not make it the agent's to drop: the pool is the centre's debt to callers.
"""

from __future__ import annotations

from store.callback_records import Callback
from store.callbacks.records import require_may_act
from store.db import Tx
from store.errors import PermissionDenied, ValidationError
from store.messages import N_


def started_in_pool(tx: Tx, cb: Callback) -> bool:
    if cb.kind == "missed-call":
        return True
    created = tx.one("SELECT to_owner_id FROM callback_events WHERE callback_id = ? AND event = 'created'"
                     " ORDER BY id LIMIT 1", (cb.id,))
    return created is not None and created[0] is None


def require_may_cancel(tx: Tx, cb: Callback) -> None:
    if tx.actor.role != "agent":
        require_may_act(tx, cb)
        return
    if started_in_pool(tx, cb):
        raise PermissionDenied(
            N_("callback #{id} started in the pool (a missed call or a shared callback): only a lead cancels it; "
               "log an attempt, or ask your lead."),
            id=cb.id,
        )
    if cb.owner_id != tx.actor.id:
        raise PermissionDenied(
            N_("callback #{id} is not yours: an agent cancels only their own callbacks; ask its owner or your lead."),
            id=cb.id,
        )


def require_tried(tx: Tx, cb: Callback) -> None:
    tried = tx.scalar("SELECT 1 FROM callback_attempts WHERE callback_id = ? UNION ALL"
                      " SELECT 1 FROM calls WHERE callback_id = ? LIMIT 1", (cb.id, cb.id))
    if not tried:
        raise ValidationError(
            "attempt",
            N_("callback #{id} has no attempt yet: call the customer from it (o) or log an attempt "
               "('agentdesk callbacks attempt {id} --result ...') before marking it done."),
            id=cb.id,
        )
