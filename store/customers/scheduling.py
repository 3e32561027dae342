"""A callback for a customer, scheduled from the lookup or the card."""

from __future__ import annotations

from store.access import ANY_ROLE
from store.callbacks.records import insert_callback
from store.customers.records import require_customer
from store.db import Store
from store.do_not_call import refuse_outbound
from store.duetime import due_at_from_text
from store.validate import one_of


def schedule_callback(store: Store, actor: str, customer_id: int, due: str, owner: str = "me", reason: str = "") -> int:
    """A callback for this customer at `due` as typed (+30m, tomorrow 10:00 ...); owner me | pool."""
    owner = one_of(owner, "owner", ("me", "pool"))
    with store.write(actor, *ANY_ROLE) as tx:
        require_customer(tx, customer_id)
        due_at = due_at_from_text(tx, due)
        main = tx.scalar("SELECT e164 FROM customer_phones WHERE customer_id = ? AND is_main = 1", (customer_id,))
        refuse_outbound(tx, customer_id)  # a callback is an outgoing call to come
        return insert_callback(
            tx, due_at=due_at, customer_id=customer_id, phone_e164=main, reason=reason,
            owner=tx.login if owner == "me" else None,
        )
