"""Changing a customer's numbers: add one, remove one, choose the main one."""

from __future__ import annotations

from store import phones as phone_lib
from store import settings as settings_lib
from store.access import ANY_ROLE
from store.customer_phones import attach_phone, phone_owner
from store.customers.records import record_customer_change, require_customer
from store.db import Store, Tx
from store.errors import NotFound
from store.messages import N_


def add_phone(store: Store, actor: str, customer_id: int, text: str, main: bool = False) -> str:
    with store.write(actor, *ANY_ROLE) as tx:
        require_customer(tx, customer_id)
        phone = phone_lib.normalize(text, settings_lib.read(tx, "phone_region"))
        owner = phone_owner(tx, phone.e164)
        if owner is None:
            attach_phone(tx, customer_id, phone, main=main)
            record_customer_change(tx, customer_id)
        elif owner[0] != customer_id:
            attach_phone(tx, customer_id, phone, main=main)  # refuses, naming the owner
        elif main:
            set_main_in_tx(tx, customer_id, phone.e164)
        return phone.e164


def _customer_phone_row(tx: Tx, customer_id: int, text: str) -> tuple[int, str, int]:
    region = settings_lib.read(tx, "phone_region")
    phone = phone_lib.try_normalize(text, region)
    e164 = phone.e164 if phone else str(text or "").strip()
    row = tx.one(
        "SELECT id, e164, is_main FROM customer_phones WHERE customer_id = ? AND e164 = ?", (customer_id, e164)
    )
    if row is None:
        raise NotFound(N_("phone: customer #{customer_id} has no number {e164}."), customer_id=customer_id, e164=e164)
    return row


def remove_phone(store: Store, actor: str, customer_id: int, text: str) -> None:
    """Take a number off the customer; the oldest remaining one becomes main if it was."""
    with store.write(actor, *ANY_ROLE) as tx:
        require_customer(tx, customer_id)
        phone_id, _e164, was_main = _customer_phone_row(tx, customer_id, text)
        tx.delete("customer_phones", phone_id)
        if was_main:
            nxt = tx.scalar("SELECT id FROM customer_phones WHERE customer_id = ? ORDER BY id LIMIT 1", (customer_id,))
            if nxt is not None:
                tx.update("customer_phones", nxt, {"is_main": 1})
        record_customer_change(tx, customer_id)


def set_main_in_tx(tx: Tx, customer_id: int, text: str) -> None:
    phone_id, _e164, is_main = _customer_phone_row(tx, customer_id, text)
    if is_main:
        return
    current = tx.scalar("SELECT id FROM customer_phones WHERE customer_id = ? AND is_main = 1", (customer_id,))
    if current is not None:
        tx.update("customer_phones", current, {"is_main": 0})
    tx.update("customer_phones", phone_id, {"is_main": 1})
    record_customer_change(tx, customer_id)


def set_main_phone(store: Store, actor: str, customer_id: int, text: str) -> None:
    """Make one of the customer's numbers the main one."""
    with store.write(actor, *ANY_ROLE) as tx:
        require_customer(tx, customer_id)
        set_main_in_tx(tx, customer_id, text)
