"""The customer archive: customers, their phones and their search tokens.

Search tokens are rewritten in the same transaction as every change
(`reindex`), so customer_fts never disagrees with customers.
"""

from __future__ import annotations

from store import phones as phone_lib
from store import settings as settings_lib
from store.access import ANY_ROLE
from store.errors import Conflict, NotFound, ValidationError
from store.tokens import document_tokens, match_query
from store.validate import clean_text, email, one_of, tags
from store.vocab import CUSTOMER_STATUSES

CUSTOMER_COLUMNS = (
    "id", "name", "company", "email", "wechat_id", "city", "status", "tags", "notes",
    "do_not_call", "last_contact_at", "created_at", "created_by", "updated_at", "updated_by",
)
_SELECT = f"SELECT {', '.join('c.' + c for c in CUSTOMER_COLUMNS)} FROM customers c"

# field -> (max length, multi-line)
_TEXT_FIELDS = {"name": (80, False), "company": (120, False), "wechat_id": (60, False), "city": (60, False), "notes": (4000, True)}


def clean_fields(values: dict, partial: bool = False) -> dict:
    """Validate customer fields; with partial=True only those given."""
    out: dict = {}
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


def reindex(tx, customer_id: int) -> None:
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


def phone_owner(tx, e164: str) -> tuple[int, str] | None:
    return tx.one(
        "SELECT p.customer_id, c.name FROM customer_phones p JOIN customers c ON c.id = p.customer_id"
        " WHERE p.e164 = ?",
        (e164,),
    )


def attach_phone(tx, customer_id: int, phone: phone_lib.Phone, main: bool = False) -> None:
    """Give `customer_id` this number; refuse one that belongs to someone else."""
    owner = phone_owner(tx, phone.e164)
    if owner is not None:
        if owner[0] == customer_id:
            return
        raise Conflict(
            f"phone {phone.e164} already belongs to customer #{owner[0]} {owner[1]}; "
            "open that customer or merge the two records."
        )
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


def insert_customer(tx, fields: dict, phone_texts=(), region: str | None = None) -> int:
    """Create a customer inside an open write transaction; returns its id."""
    values = clean_fields(fields)
    region = region or settings_lib.read(tx, "phone_region")
    parsed = [phone_lib.normalize(p, region, field="phone") for p in phone_texts if p and str(p).strip()]
    for p in parsed:
        owner = phone_owner(tx, p.e164)
        if owner is not None:
            raise Conflict(
                f"phone {p.e164} already belongs to customer #{owner[0]} {owner[1]}; "
                "open that customer or merge the two records."
            )
    values.update(created_at=tx.now, created_by=tx.login, updated_at=tx.now, updated_by=tx.login)
    customer_id = tx.insert("customers", values)
    for i, p in enumerate(parsed):
        attach_phone(tx, customer_id, p, main=(i == 0))
    reindex(tx, customer_id)
    tx.changed("customers", customer_id)
    return customer_id


def update_fields(tx, customer_id: int, fields: dict) -> dict:
    values = clean_fields(fields, partial=True)
    if not tx.scalar("SELECT 1 FROM customers WHERE id = ?", (customer_id,)):
        raise NotFound(f"there is no customer #{customer_id}.")
    changed = tx.update("customers", customer_id, values) if values else {}
    if changed:
        tx.execute(
            "UPDATE customers SET updated_at = ?, updated_by = ? WHERE id = ?",
            (tx.now, tx.login, customer_id),
        )
        reindex(tx, customer_id)
        tx.changed("customers", customer_id)
    return changed


def create_customer(store, actor: str, phones=(), **fields) -> int:
    with store.write(actor, *ANY_ROLE) as tx:
        return insert_customer(tx, fields, phones)


def update_customer(store, actor: str, customer_id: int, **fields) -> dict:
    with store.write(actor, *ANY_ROLE) as tx:
        return update_fields(tx, customer_id, fields)


def add_phone(store, actor: str, customer_id: int, text: str, main: bool = False) -> str:
    with store.write(actor, *ANY_ROLE) as tx:
        if not tx.scalar("SELECT 1 FROM customers WHERE id = ?", (customer_id,)):
            raise NotFound(f"there is no customer #{customer_id}.")
        phone = phone_lib.normalize(text, settings_lib.read(tx, "phone_region"))
        attach_phone(tx, customer_id, phone, main=main)
        tx.changed("customers", customer_id)
        return phone.e164


def row_to_dict(row) -> dict:
    d = dict(zip(CUSTOMER_COLUMNS, row))
    d["do_not_call"] = bool(d["do_not_call"])
    d["tags"] = [t for t in (d["tags"] or "").split(",") if t]
    return d


def phones_of(tx, customer_id: int) -> list[dict]:
    return [
        {"e164": e, "raw": raw, "main": bool(main)}
        for e, raw, main in tx.all(
            "SELECT e164, raw, is_main FROM customer_phones WHERE customer_id = ? ORDER BY is_main DESC, id",
            (customer_id,),
        )
    ]


def get_customer(store, actor: str, customer_id: int) -> dict:
    with store.read(actor, *ANY_ROLE) as tx:
        row = tx.one(_SELECT + " WHERE c.id = ?", (customer_id,))
        if row is None:
            raise NotFound(f"there is no customer #{customer_id}.")
        customer = row_to_dict(row)
        customer["phones"] = phones_of(tx, customer_id)
        return customer


def find_by_phone(store, actor: str, text: str) -> dict | None:
    """The customer who owns this number, typed in any format."""
    with store.read(actor, *ANY_ROLE) as tx:
        phone = phone_lib.try_normalize(text, settings_lib.read(tx, "phone_region"))
        if phone is None:
            return None
        owner = phone_owner(tx, phone.e164)
        if owner is None:
            return None
        customer = row_to_dict(tx.one(_SELECT + " WHERE c.id = ?", (owner[0],)))
        customer["phones"] = phones_of(tx, owner[0])
        return customer


def _main_phone_sql() -> str:
    return "(SELECT e164 FROM customer_phones p WHERE p.customer_id = c.id AND p.is_main = 1)"


def search_customers(store, actor: str, query: str, limit: int = 50) -> list[dict]:
    """Customers matching `query`: exact phone first, then phone suffix, then text.

    Each dict is a customer row plus `main_phone`. Never raises on odd input.
    """
    limit = max(1, min(int(limit), 500))
    text = (query or "")[:500]
    with store.read(actor, *ANY_ROLE) as tx:
        ids: list[int] = []
        region = settings_lib.read(tx, "phone_region")
        digits = phone_lib.ascii_digits(text)
        phone = phone_lib.try_normalize(text, region) if len(digits) >= 5 else None
        if phone is not None:
            owner = phone_owner(tx, phone.e164)
            if owner:
                ids.append(owner[0])
        if len(digits) >= 4 and len(digits) == len("".join(ch for ch in text if not ch.isspace() and ch not in "+-()（）")):
            low, high = phone_lib.suffix_range(digits)
            for (cid,) in tx.all(
                "SELECT customer_id FROM customer_phones WHERE digits_rev >= ? AND digits_rev < ? LIMIT ?",
                (low, high, limit),
            ):
                if cid not in ids:
                    ids.append(cid)
        expression = match_query(text)
        if expression and len(ids) < limit:
            for (cid,) in tx.all(
                "SELECT rowid FROM customer_fts WHERE customer_fts MATCH ? LIMIT ?",
                (expression, limit),
            ):
                if cid not in ids:
                    ids.append(cid)
        ids = ids[:limit]
        if not ids:
            return []
        marks = ",".join("?" for _ in ids)
        rows = tx.all(f"{_SELECT.replace(' FROM', ', ' + _main_phone_sql() + ' FROM')} WHERE c.id IN ({marks})", ids)
        by_id = {}
        for row in rows:
            d = row_to_dict(row[:-1])
            d["main_phone"] = row[-1]
            by_id[d["id"]] = d
        return [by_id[i] for i in ids if i in by_id]


def count_customers(store) -> int:
    with store.read(None) as tx:
        return tx.scalar("SELECT count(*) FROM customers")
