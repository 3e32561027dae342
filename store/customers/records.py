"""Customer records: their fields, creating and changing them, their search tokens.

Search tokens, pinyin keys and the name's sort key are rewritten in the same transaction as every
change (`reindex`), so customer_fts, customer_pinyin and customers.name_sort never disagree with the name.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from store import phones as phone_lib
from store import settings as settings_lib
from store.access import ANY_ROLE
from store.columns import CUSTOMER_COLUMNS
from store.customer_phones import PHONE_TAKEN, attach_phone, phone_owner, phones_of
from store.customer_records import Customer
from store.db import Row, Store, Tx
from store.do_not_call import DoNotCall, do_not_call_of, flag_values
from store.errors import Conflict, NotFound
from store.messages import N_
from store.name_order import sort_key
from store.pinyin import rewrite_keys
from store.tokens import document_tokens
from store.validate import clean_text, email, one_of, tags
from store.vocab import CUSTOMER_STATUSES

CUSTOMER_SELECT = f"SELECT {', '.join('c.' + c for c in CUSTOMER_COLUMNS)} FROM customers c"

# field -> (max length, multi-line)
_TEXT_FIELDS = {"name": (80, False), "company": (120, False), "wechat_id": (60, False), "city": (60, False), "notes": (4000, True)}


def clean_fields(values: dict[str, Any], partial: bool = False) -> dict[str, Any]:
    """Validate customer fields; with partial=True only those given."""
    out: dict[str, Any] = {}
    for field, (limit, multi) in _TEXT_FIELDS.items():
        if field in values or (not partial and field == "name"):
            out[field] = clean_text(values.get(field), field, limit, required=(field == "name"), multiline=multi)
    if "email" in values:
        out["email"] = email(values["email"])
    if "status" in values and values["status"] is not None:
        out["status"] = one_of(values["status"], "status", CUSTOMER_STATUSES)
    if "tags" in values:
        out["tags"] = tags(values["tags"])
    if "do_not_call" in values:
        out["do_not_call"] = 1 if values["do_not_call"] else 0
    return out


def reindex(tx: Tx, customer_id: int) -> None:
    row = tx.one(
        "SELECT name, company, email, wechat_id, city, tags, notes FROM customers WHERE id = ?",
        (customer_id,),
    )
    tx.execute("DELETE FROM customer_fts WHERE rowid = ?", (customer_id,))
    if row is not None:
        tx.execute(
            "INSERT INTO customer_fts (rowid, tokens) VALUES (?, ?)",
            (customer_id, document_tokens(*(v or "" for v in row))),
        )
    rewrite_keys(tx.conn, customer_id, row[0] if row else None, row[1] if row else None)
    if row is not None:  # not audited: it follows the name, which is
        key = sort_key(row[0])
        tx.execute("UPDATE customers SET name_sort = ? WHERE id = ? AND name_sort IS NOT ?", (key, customer_id, key))


def row_to_dict(row: Row) -> dict[str, Any]:
    """A customer row as a dict: the lookup's result rows, the merge's fields (a Customer crosses the layers)."""
    d = dict(zip(CUSTOMER_COLUMNS, row))
    d["do_not_call"] = bool(d["do_not_call"])
    d["tags"] = [t for t in (d["tags"] or "").split(",") if t]
    return d


def insert_customer(tx: Tx, fields: dict[str, Any], phone_texts: Iterable[str] = (), region: str | None = None) -> int:
    """Create a customer inside an open write transaction; returns its id."""
    values = clean_fields(fields)
    if values.pop("do_not_call", 0):
        values.update(flag_values(tx, True, fields.get("do_not_call_reason")))
    region = region or settings_lib.read(tx, "phone_region")
    parsed = [phone_lib.normalize(p, region, field="phone") for p in phone_texts if p and str(p).strip()]
    for p in parsed:
        owner = phone_owner(tx, p.e164)
        if owner is not None:
            raise Conflict(PHONE_TAKEN, phone=p.e164, customer_id=owner[0], name=owner[1])
    values.update(created_at=tx.now, created_by=tx.login, updated_at=tx.now, updated_by=tx.login)
    customer_id = tx.insert("customers", values)
    for i, p in enumerate(parsed):
        attach_phone(tx, customer_id, p, main=(i == 0))
    reindex(tx, customer_id)
    tx.changed("customers", customer_id)
    return customer_id


def update_fields(tx: Tx, customer_id: int, fields: dict[str, Any]) -> dict[str, Any]:
    values = clean_fields(fields, partial=True)
    flagged = tx.one("SELECT do_not_call FROM customers WHERE id = ?", (customer_id,))
    if flagged is None:
        raise NotFound(N_("there is no customer #{customer_id}."), customer_id=customer_id)
    if "do_not_call" in values:  # who and why come with the flag as it goes on; off clears them
        on = bool(values.pop("do_not_call"))
        if on != bool(flagged[0]):
            values.update(flag_values(tx, on, fields.get("do_not_call_reason"), fields.get("reason_required", False)))
    changed = tx.update("customers", customer_id, values) if values else {}
    if changed:
        tx.execute(
            "UPDATE customers SET updated_at = ?, updated_by = ? WHERE id = ?",
            (tx.now, tx.login, customer_id),
        )
        reindex(tx, customer_id)
        tx.changed("customers", customer_id)
    return changed


def create_customer(store: Store, actor: str, phones: Iterable[str] = (), **fields: Any) -> int:
    with store.write(actor, *ANY_ROLE) as tx:
        return insert_customer(tx, fields, phones)


def update_customer(store: Store, actor: str, customer_id: int, **fields: Any) -> dict[str, Any]:
    with store.write(actor, *ANY_ROLE) as tx:
        return update_fields(tx, customer_id, fields)


def get_customer(store: Store, actor: str, customer_id: int) -> Customer:
    with store.read(actor, *ANY_ROLE) as tx:
        return Customer.from_row(require_customer(tx, customer_id), phones_of(tx, customer_id))


def require_customer(tx: Tx, customer_id: int) -> Row:
    """The customer's row (CUSTOMER_COLUMNS), or NotFound saying where a merged record went."""
    row = tx.one(CUSTOMER_SELECT + " WHERE c.id = ?", (customer_id,))
    if row is None:
        merged = tx.scalar(
            "SELECT after FROM audit_log WHERE table_name = 'customers' AND row_id = ?"
            " AND after LIKE '{\"merged_into\"%' ORDER BY id DESC LIMIT 1",
            (customer_id,),
        )
        if merged:
            into = json.loads(merged)["merged_into"]
            raise NotFound(
                N_("customer #{customer_id} was merged into #{into}; open #{into}."),
                customer_id=customer_id, into=into,
            )
        raise NotFound(N_("there is no customer #{customer_id}."), customer_id=customer_id)
    return row


def record_customer_change(tx: Tx, customer_id: int) -> None:
    """Record who changed the customer (their phones count as their details)."""
    tx.update("customers", customer_id, {"updated_at": tx.now, "updated_by": tx.login})
    tx.changed("customers", customer_id)


def count_customers(store: Store) -> int:
    with store.read(None) as tx:
        return int(tx.scalar("SELECT count(*) FROM customers"))


def set_do_not_call(store: Store, actor: str, customer_id: int, on: bool, reason: str | None = None) -> dict[str, Any]:
    """Put the customer on the do-not-call list (a reason is required) or take them off; audited."""
    with store.write(actor, *ANY_ROLE) as tx:
        return update_fields(tx, customer_id, {"do_not_call": on, "do_not_call_reason": reason, "reason_required": True})


def do_not_call_flag(store: Store, actor: str, customer_id: int) -> DoNotCall | None:
    """Who put the customer on the do-not-call list, when and why; None when they may be called."""
    with store.read(actor, *ANY_ROLE) as tx:
        return do_not_call_of(tx, customer_id)
