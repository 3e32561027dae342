"""A customer's phone numbers (the customer_phones table): who owns a number, a customer's numbers, adding one.

Below store.customers and store.callbacks: both look numbers up here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from store import phones as phone_lib
from store.db import Tx
from store.errors import Conflict
from store.messages import N_

PHONE_TAKEN = N_("phone {phone} already belongs to customer #{customer_id} {name}; "
                 "open that customer or merge the two records.")


@dataclass(frozen=True)
class CustomerPhone:
    """One of a customer's numbers: E.164, as typed, and whether it is the main one."""

    e164: str
    raw: str
    main: bool

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def phone_owner(tx: Tx, e164: str) -> tuple[int, str] | None:
    """(customer id, name) of the customer who has this E.164 number, or None."""
    return tx.one(
        "SELECT p.customer_id, c.name FROM customer_phones p JOIN customers c ON c.id = p.customer_id"
        " WHERE p.e164 = ?",
        (e164,),
    )


def phones_of(tx: Tx, customer_id: int) -> tuple[CustomerPhone, ...]:
    """The customer's numbers, the main one first."""
    return tuple(
        CustomerPhone(e164=e, raw=raw, main=bool(main))
        for e, raw, main in tx.all(
            "SELECT e164, raw, is_main FROM customer_phones WHERE customer_id = ? ORDER BY is_main DESC, id",
            (customer_id,),
        )
    )


def attach_phone(tx: Tx, customer_id: int, phone: phone_lib.Phone, main: bool = False) -> None:
    """Give `customer_id` this number; refuse one that belongs to someone else."""
    owner = phone_owner(tx, phone.e164)
    if owner is not None:
        if owner[0] == customer_id:
            return
        raise Conflict(PHONE_TAKEN, phone=phone.e164, customer_id=owner[0], name=owner[1])
    has_main = tx.scalar("SELECT 1 FROM customer_phones WHERE customer_id = ? AND is_main = 1", (customer_id,))
    if main and has_main:
        tx.execute("UPDATE customer_phones SET is_main = 0 WHERE customer_id = ? AND is_main = 1", (customer_id,))
    tx.insert(
        "customer_phones",
        {
            "customer_id": customer_id,
            "e164": phone.e164,
            "raw": phone.raw,
            "digits_rev": phone.digits_rev,
            "is_main": 1 if (main or not has_main) else 0,
            "created_at": tx.now,
        },
    )
