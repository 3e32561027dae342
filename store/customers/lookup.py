"""Finding customers: the F3 lookup and `customers find` (ranked by store/search.py), and by phone."""

from __future__ import annotations

from typing import Any

from store import phones as phone_lib
from store import search as search_lib
from store import settings as settings_lib
from store.access import ANY_ROLE
from store.customer_phones import phone_owner, phones_of
from store.customer_records import Customer
from store.customers.records import CUSTOMER_SELECT, require_customer, row_to_dict
from store.db import Store, Tx

LOOKUP_PAGE = 20  # rows the F3 lookup shows: one page, never more (fits a 40-line terminal: no scrollbar to lay out)


def find_by_phone(store: Store, actor: str, text: str) -> Customer | None:
    """The customer who owns this number, typed in any format."""
    with store.read(actor, *ANY_ROLE) as tx:
        phone = phone_lib.try_normalize(text, settings_lib.read(tx, "phone_region"))
        if phone is None:
            return None
        owner = phone_owner(tx, phone.e164)
        if owner is None:
            return None
        return Customer.from_row(require_customer(tx, owner[0]), phones_of(tx, owner[0]))


def _main_phone_sql() -> str:
    return "(SELECT e164 FROM customer_phones p WHERE p.customer_id = c.id AND p.is_main = 1)"


def _ranked_rows(tx: Tx, ranked: list[tuple[int, str]]) -> list[dict[str, Any]]:
    """Customer dicts (with `main_phone` and `match`) for ranked ids, in that order."""
    if not ranked:
        return []
    ids = [cid for cid, _klass in ranked]
    marks = ",".join("?" for _ in ids)
    rows = tx.all(f"{CUSTOMER_SELECT.replace(' FROM', ', ' + _main_phone_sql() + ' FROM')} WHERE c.id IN ({marks})", ids)
    by_id = {}
    for row in rows:
        d = row_to_dict(row[:-1])
        d["main_phone"] = row[-1]
        by_id[d["id"]] = d
    out = []
    for cid, klass in ranked:
        if cid in by_id:
            by_id[cid]["match"] = klass
            out.append(by_id[cid])
    return out


def lookup_customers(store: Store, actor: str, query: str, limit: int = LOOKUP_PAGE,
                     status: str | None = None, tag: str | None = None) -> dict[str, Any]:
    """The F3 lookup and `customers find`: {"rows": ranked customers, "more": bool}.

    Ranked by match class (store/search.py); a blank query lists the newest contacts.
    status / tag filter every class. Never raises on odd input.
    """
    limit = max(1, min(int(limit), 500))
    with store.read(actor, *ANY_ROLE) as tx:
        found = search_lib.lookup(tx, query, limit, status, tag)
        return {"rows": _ranked_rows(tx, found.ranked), "more": found.more}


def search_customers(store: Store, actor: str, query: str, limit: int = 50) -> list[dict[str, Any]]:
    """Customers matching `query`, best match class first (see store/search.py).

    Each dict is a customer row plus `main_phone` and `match` (phone | name | prefix | other).
    A blank query finds nothing. Never raises on odd input.
    """
    if not search_lib.clean_query(query):
        return []
    rows: list[dict[str, Any]] = lookup_customers(store, actor, query, limit)["rows"]
    return rows
