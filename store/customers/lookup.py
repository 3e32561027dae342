"""Finding customers: the F3 lookup and `customers find` (ranked by store/search.py), by phone, and the
archive in name order (`customers list`: pinyin for Chinese names, store/name_order.py)."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from store import phones as phone_lib
from store import search as search_lib
from store import settings as settings_lib
from store.access import ANY_ROLE, LEADS
from store.card_views import agent_lookup_too_wide, require_agent_limit
from store.customer_phones import phone_owner, phones_of
from store.customer_records import Customer
from store.customers.records import CUSTOMER_SELECT, require_customer, row_to_dict
from store.db import Store, Tx
from store.errors import NotFound
from store.messages import N_
from store.name_order import sort_key

LOOKUP_PAGE = 20  # rows the F3 lookup shows: one page, never more (fits a 40-line terminal: no scrollbar to lay out)
LIST_PAGE = 50  # customers a page of `customers list` shows unless told


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


def _with_phone(tx: Tx, where: str, params: list[Any]) -> list[tuple[dict[str, Any], str]]:
    """(customer dict with `main_phone`, name_sort) of the customers `where` selects, in its order."""
    select = CUSTOMER_SELECT.replace(" FROM", f", {_main_phone_sql()}, c.name_sort FROM")
    out = []
    for row in tx.all(f"{select} {where}", params):
        d = row_to_dict(row[:-2])
        d["main_phone"] = row[-2]
        out.append((d, row[-1]))
    return out


def _ranked_rows(tx: Tx, found: search_lib.LookupResult) -> list[dict[str, Any]]:
    """Customer dicts (with `main_phone` and `match`) for ranked ids, in that order; customers tied in it
    (ranked by the same read with the same last contact: often never contacted) in name order."""
    ranked = found.ranked
    if not ranked:
        return []
    ids = [cid for cid, _klass in ranked]
    by_id = {d["id"]: (d, key) for d, key in _with_phone(tx, f"WHERE c.id IN ({','.join('?' for _ in ids)})", ids)}
    rows = []
    for cid, klass in ranked:
        if cid in by_id:
            by_id[cid][0]["match"] = klass
            rows.append(by_id[cid])
    out: list[dict[str, Any]] = []
    for _tie, run in groupby(rows, key=lambda p: (found.read_in.get(p[0]["id"]), p[0]["last_contact_at"])):
        out.extend(d for d, _key in sorted(run, key=lambda p: p[1]))
    return out


def lookup_customers(store: Store, actor: str, query: str, limit: int = LOOKUP_PAGE,
                     status: str | None = None, tag: str | None = None) -> dict[str, Any]:
    """The F3 lookup and `customers find`: {"rows": ranked customers, "more": bool}.

    Ranked by match class (store/search.py); a blank query lists the newest contacts. An agent's query
    needs 2 characters or 4 digits (else no rows and "too_wide" true) and at most 20 rows (else refused).
    status / tag filter every class. Never raises on odd input.
    """
    limit = max(1, min(int(limit), 500))
    with store.read(actor, *ANY_ROLE) as tx:
        require_agent_limit(tx, limit)
        if agent_lookup_too_wide(tx, query):
            return {"rows": [], "more": False, "too_wide": True}
        found = search_lib.lookup(tx, query, limit, status, tag)
        return {"rows": _ranked_rows(tx, found), "more": found.more, "too_wide": False}


def search_customers(store: Store, actor: str, query: str, limit: int = LOOKUP_PAGE) -> list[dict[str, Any]]:
    """Customers matching `query`, best match class first (see store/search.py).

    Each dict is a customer row plus `main_phone` and `match` (phone | name | prefix | other).
    A blank query finds nothing. Never raises on odd input.
    """
    if not search_lib.clean_query(query):
        return []
    rows: list[dict[str, Any]] = lookup_customers(store, actor, query, limit)["rows"]
    return rows


def list_customers(store: Store, actor: str, *, start: str | None = None, after: int | None = None,
                   limit: int = LIST_PAGE) -> dict[str, Any]:
    """`customers list`: {"rows": a page of the archive in name order, "next": the id to pass as `after`
    for the next page, or None}. Leads and admins (the archive, as an export gives it).

    The order is customers.name_sort (store/name_order.py: 安 < 白 < 陈 < 李 < 王 < 张, Latin names
    among them by spelling), then id; a page is one range of customers_name_sort. `start` (a name,
    its first characters or pinyin: 张, zh, Li) begins at the first name at or after it; `after`
    continues after that customer, wherever `start` began."""
    limit = max(1, min(int(limit), 500))
    with store.read(actor, *LEADS) as tx:
        if after is not None:
            key = tx.scalar("SELECT name_sort FROM customers WHERE id = ?", (int(after),))
            if key is None:
                raise NotFound(N_("there is no customer #{customer_id} to list after; start again without --after."),
                               customer_id=after)
            where, params = "(c.name_sort, c.id) > (?, ?)", [key, int(after)]
        else:
            where, params = "c.name_sort >= ?", [sort_key(start)]
        rows = [d for d, _key in _with_phone(
            tx, f"INDEXED BY customers_name_sort WHERE {where} ORDER BY c.name_sort, c.id LIMIT ?", [*params, limit + 1])]
        more = len(rows) > limit
        rows = rows[:limit]
        return {"rows": rows, "next": rows[-1]["id"] if more else None}
