"""Showing a whole phone number where the masked one stands (lists, queues, CLI tables): a reveal.

A reveal needs a reason and writes a `phone_reveals` row (audited like any insert): who saw whose number,
when and why. The card of the customer being served and the call form show the whole number without one.
"""

from __future__ import annotations

from store.access import ANY_ROLE
from store.callbacks.records import load_callback, require_may_act
from store.db import Store, Tx
from store.errors import NotFound, ValidationError
from store.messages import N_
from store.validate import clean_text


def _record(tx: Tx, reason: str, customer_id: int | None, callback_id: int | None = None) -> None:
    why = clean_text(reason, "reason", 200)
    if not why:
        raise ValidationError("reason", N_("reason: say why you need the whole number."))
    tx.insert("phone_reveals", {"at": tx.now, "actor": tx.login, "customer_id": customer_id,
                                "callback_id": callback_id, "reason": why})


def reveal_callback_number(store: Store, actor: str, callback_id: int, reason: str) -> str:
    """The whole number of a callback (its own, else its customer's main one), recorded with `reason`."""
    with store.write(actor, *ANY_ROLE) as tx:
        cb = load_callback(tx, callback_id)
        require_may_act(tx, cb)  # the owner, anyone for the pool, the owner's lead, an admin
        if not cb.phone:
            raise NotFound(N_("callback #{id} has no number to show."), id=callback_id)
        _record(tx, reason, cb.customer_id, cb.id)
        return cb.phone


def reveal_customer_numbers(store: Store, actor: str, customer_id: int, reason: str) -> tuple[str, ...]:
    """A customer's whole numbers (main first), recorded with `reason`."""
    with store.write(actor, *ANY_ROLE) as tx:
        if not tx.scalar("SELECT 1 FROM customers WHERE id = ?", (customer_id,)):
            raise NotFound(N_("there is no customer #{customer_id}."), customer_id=customer_id)
        _record(tx, reason, customer_id)
        return tuple(r[0] for r in tx.execute(
            "SELECT e164 FROM customer_phones WHERE customer_id = ? ORDER BY is_main DESC, id", (customer_id,)))
