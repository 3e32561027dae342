"""The customer archive: customers, their phones and their search tokens.

Search tokens are rewritten in the same transaction as every change
(`reindex`), so customer_fts never disagrees with customers.
"""

from __future__ import annotations

import json

from store import phones as phone_lib
from store import search as search_lib
from store import settings as settings_lib
from store.access import ANY_ROLE
from store.duetime import due_at_from_text
from store.errors import Conflict, NotFound, ValidationError
from store.tokens import document_tokens
from store.validate import clean_text, email, one_of, tags
from store.vocab import CUSTOMER_STATUSES

CUSTOMER_COLUMNS = (
    "id", "name", "company", "email", "wechat_id", "city", "status", "tags", "notes",
    "do_not_call", "last_contact_at", "created_at", "created_by", "updated_at", "updated_by",
)
LOOKUP_PAGE = 20  # rows the F3 lookup shows: one page, never more (fits a 40-line terminal: no scrollbar to lay out)
HISTORY_PAGE = 50  # calls per page on the card

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
        _require(tx, customer_id)
        phone = phone_lib.normalize(text, settings_lib.read(tx, "phone_region"))
        if phone_owner(tx, phone.e164) is None:
            attach_phone(tx, customer_id, phone, main=main)
            _touch(tx, customer_id)
        elif phone_owner(tx, phone.e164)[0] != customer_id:
            attach_phone(tx, customer_id, phone, main=main)  # refuses, naming the owner
        elif main:
            set_main_in_tx(tx, customer_id, phone.e164)
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
        customer = row_to_dict(_require(tx, customer_id))
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


def _rows_for(tx, ranked: list[tuple[int, str]]) -> list[dict]:
    """Customer dicts (with `main_phone` and `match`) for ranked ids, in that order."""
    if not ranked:
        return []
    ids = [cid for cid, _klass in ranked]
    marks = ",".join("?" for _ in ids)
    rows = tx.all(f"{_SELECT.replace(' FROM', ', ' + _main_phone_sql() + ' FROM')} WHERE c.id IN ({marks})", ids)
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


def lookup_customers(store, actor: str, query: str, limit: int = LOOKUP_PAGE,
                     status: str | None = None, tag: str | None = None) -> dict:
    """The F3 lookup and `customers find`: {"rows": ranked customers, "more": bool}.

    Ranked by match class (store/search.py); a blank query lists the newest contacts.
    status / tag filter every class. Never raises on odd input.
    """
    limit = max(1, min(int(limit), 500))
    with store.read(actor, *ANY_ROLE) as tx:
        found = search_lib.lookup(tx, query, limit, status, tag)
        return {"rows": _rows_for(tx, found.ranked), "more": found.more}


def search_customers(store, actor: str, query: str, limit: int = 50) -> list[dict]:
    """Customers matching `query`, best match class first (see store/search.py).

    Each dict is a customer row plus `main_phone` and `match` (phone | name | prefix | other).
    A blank query finds nothing. Never raises on odd input.
    """
    if not search_lib.clean_query(query):
        return []
    return lookup_customers(store, actor, query, limit)["rows"]


# -- the card ----------------------------------------------------------------------
def _require(tx, customer_id: int) -> tuple:
    row = tx.one(_SELECT + " WHERE c.id = ?", (customer_id,))
    if row is None:
        merged = tx.scalar(
            "SELECT after FROM audit_log WHERE table_name = 'customers' AND row_id = ?"
            " AND after LIKE '{\"merged_into\"%' ORDER BY id DESC LIMIT 1",
            (customer_id,),
        )
        if merged:
            into = json.loads(merged)["merged_into"]
            raise NotFound(f"customer #{customer_id} was merged into #{into}; open #{into}.")
        raise NotFound(f"there is no customer #{customer_id}.")
    return row


def _touch(tx, customer_id: int) -> None:
    """Record who changed the customer (their phones count as their details)."""
    tx.update("customers", customer_id, {"updated_at": tx.now, "updated_by": tx.login})
    tx.changed("customers", customer_id)


def last_change(tx, customer_id: int) -> dict | None:
    """Who changed this customer last and when, from the audit log."""
    row = tx.one(
        "SELECT l.actor, l.at, a.display_name FROM audit_log l LEFT JOIN agents a ON a.login = l.actor"
        " WHERE l.table_name = 'customers' AND l.row_id = ? ORDER BY l.id DESC LIMIT 1",
        (customer_id,),
    )
    return None if row is None else {"by": row[0], "name": row[2], "at": row[1]}


def _first_line(text: str | None) -> str:
    return (text or "").strip().split("\n", 1)[0]


_CALL_ROW = (
    "SELECT k.id, k.started_at, a.login, a.display_name, k.direction, k.channel, k.category, k.outcome,"
    " k.talk_s + k.hold_s + k.wrap_s, k.notes, k.order_no, k.waybill_no FROM calls k JOIN agents a ON a.id = k.agent_id"
)


def _call_dict(row) -> dict:
    return {
        "id": row[0], "started_at": row[1], "agent": row[2], "agent_name": row[3], "direction": row[4],
        "channel": row[5], "category": row[6], "outcome": row[7], "handle_s": row[8],
        "note": _first_line(row[9]), "order_no": row[10], "waybill_no": row[11],
    }


def calls_page(tx, customer_id: int, before: tuple[str, int] | None = None, limit: int = HISTORY_PAGE) -> dict:
    """One page of a customer's calls, newest first; `next` is the keyset cursor of the page after."""
    limit = max(1, min(int(limit), 500))
    if before is None:
        rows = tx.all(
            _CALL_ROW + " WHERE k.customer_id = ? ORDER BY k.started_at DESC, k.id DESC LIMIT ?",
            (customer_id, limit + 1),
        )
    else:
        rows = tx.all(
            _CALL_ROW + " WHERE k.customer_id = ? AND (k.started_at, k.id) < (?, ?)"
            " ORDER BY k.started_at DESC, k.id DESC LIMIT ?",
            (customer_id, before[0], int(before[1]), limit + 1),
        )
    calls = [_call_dict(r) for r in rows[:limit]]
    following = [calls[-1]["started_at"], calls[-1]["id"]] if len(rows) > limit else None
    return {"calls": calls, "next": following}


def customer_calls(store, actor: str, customer_id: int, before=None, limit: int = HISTORY_PAGE) -> dict:
    """Every call with this customer, a page at a time (any agent sees the whole archive)."""
    with store.read(actor, *ANY_ROLE) as tx:
        _require(tx, customer_id)
        return calls_page(tx, customer_id, tuple(before) if before else None, limit)


def customer_call(store, actor: str, customer_id: int, call_id: int) -> dict:
    """One call of this customer, whole: every field and the full note."""
    from store.calls import CALL_COLUMNS

    with store.read(actor, *ANY_ROLE) as tx:
        row = tx.one(
            f"SELECT {', '.join('k.' + c for c in CALL_COLUMNS)}, a.login, a.display_name FROM calls k"
            " JOIN agents a ON a.id = k.agent_id WHERE k.id = ? AND k.customer_id = ?",
            (call_id, customer_id),
        )
        if row is None:
            raise NotFound(f"customer #{customer_id} has no call #{call_id}.")
        call = dict(zip(CALL_COLUMNS, row[: len(CALL_COLUMNS)]))
        call["agent"], call["agent_name"] = row[-2], row[-1]
        call["handle_s"] = call["talk_s"] + call["hold_s"] + call["wrap_s"]
        return call


def _callbacks_of(tx, customer_id: int) -> list[dict]:
    sql = (
        "SELECT b.id, b.kind, b.status, b.due_at, b.reason, a.login, b.closed_at, b.cancel_reason FROM callbacks b"
        " LEFT JOIN agents a ON a.id = b.owner_id WHERE b.customer_id = ? AND b.status = ?"
    )
    rows = tx.all(sql + " ORDER BY b.due_at LIMIT 50", (customer_id, "open"))
    rows += tx.all(sql + " ORDER BY b.closed_at DESC LIMIT 20", (customer_id, "done"))
    keys = ("id", "kind", "status", "due_at", "reason", "owner", "closed_at", "cancel_reason")
    return [dict(zip(keys, r)) for r in rows]


def open_complaints(tx, customer_id: int) -> list[dict]:
    """Complaint calls not resolved and not followed by a resolved complaint call."""
    rows = tx.all(
        _CALL_ROW + " WHERE k.customer_id = ? AND k.category = 'complaint' AND k.outcome <> 'resolved'"
        " AND k.started_at > coalesce((SELECT max(r.started_at) FROM calls r WHERE r.customer_id = ?"
        " AND r.category = 'complaint' AND r.outcome = 'resolved'), '')"
        " ORDER BY k.started_at DESC, k.id DESC LIMIT 20",
        (customer_id, customer_id),
    )
    return [_call_dict(r) for r in rows]


def merges_into(tx, customer_id: int) -> list[dict]:
    """Records merged into this customer, newest first, from the audit log."""
    rows = tx.all(
        "SELECT at, actor, after FROM audit_log WHERE table_name = 'customers' AND row_id = ?"
        " AND after LIKE '{\"merged_from\"%' ORDER BY id DESC LIMIT 20",
        (customer_id,),
    )
    return [{"at": at, "by": by, **json.loads(after)} for at, by, after in rows]


def customer_card(store, actor: str, customer_id: int) -> dict:
    """Everything the card shows, in one read: details, phones, last change, calls (first page),
    callbacks open and done, complaints not yet resolved, records merged in."""
    with store.read(actor, *ANY_ROLE) as tx:
        customer = row_to_dict(_require(tx, customer_id))
        customer["phones"] = phones_of(tx, customer_id)
        customer["last_change"] = last_change(tx, customer_id)
        customer["calls"] = calls_page(tx, customer_id)
        customer["callbacks"] = _callbacks_of(tx, customer_id)
        customer["open_complaints"] = open_complaints(tx, customer_id)
        customer["merged"] = merges_into(tx, customer_id)
        return customer


# -- phones ------------------------------------------------------------------------
def _phone_row(tx, customer_id: int, text: str) -> tuple[int, str, int]:
    region = settings_lib.read(tx, "phone_region")
    phone = phone_lib.try_normalize(text, region)
    e164 = phone.e164 if phone else str(text or "").strip()
    row = tx.one(
        "SELECT id, e164, is_main FROM customer_phones WHERE customer_id = ? AND e164 = ?", (customer_id, e164)
    )
    if row is None:
        raise NotFound(f"phone: customer #{customer_id} has no number {e164}.")
    return row


def remove_phone(store, actor: str, customer_id: int, text: str) -> None:
    """Take a number off the customer; the oldest remaining one becomes main if it was."""
    with store.write(actor, *ANY_ROLE) as tx:
        _require(tx, customer_id)
        phone_id, _e164, was_main = _phone_row(tx, customer_id, text)
        tx.delete("customer_phones", phone_id)
        if was_main:
            nxt = tx.scalar("SELECT id FROM customer_phones WHERE customer_id = ? ORDER BY id LIMIT 1", (customer_id,))
            if nxt is not None:
                tx.update("customer_phones", nxt, {"is_main": 1})
        _touch(tx, customer_id)


def set_main_in_tx(tx, customer_id: int, text: str) -> None:
    phone_id, _e164, is_main = _phone_row(tx, customer_id, text)
    if is_main:
        return
    current = tx.scalar("SELECT id FROM customer_phones WHERE customer_id = ? AND is_main = 1", (customer_id,))
    if current is not None:
        tx.update("customer_phones", current, {"is_main": 0})
    tx.update("customer_phones", phone_id, {"is_main": 1})
    _touch(tx, customer_id)


def set_main_phone(store, actor: str, customer_id: int, text: str) -> None:
    """Make one of the customer's numbers the main one."""
    with store.write(actor, *ANY_ROLE) as tx:
        _require(tx, customer_id)
        set_main_in_tx(tx, customer_id, text)


# -- callbacks from the lookup and the card ------------------------------------------
def schedule_callback(store, actor: str, customer_id: int, due: str, owner: str = "me", reason: str = "") -> int:
    """A callback for this customer at `due` as typed (+30m, tomorrow 10:00 ...); owner me | pool."""
    from store.callbacks import insert_callback

    owner = one_of(owner, "owner", ("me", "pool"))
    with store.write(actor, *ANY_ROLE) as tx:
        _require(tx, customer_id)
        due_at = due_at_from_text(tx, due)
        main = tx.scalar("SELECT e164 FROM customer_phones WHERE customer_id = ? AND is_main = 1", (customer_id,))
        return insert_callback(
            tx, due_at=due_at, customer_id=customer_id, phone_e164=main, reason=reason,
            owner=tx.login if owner == "me" else None,
        )


# -- merge ---------------------------------------------------------------------------
_STATUS_WEIGHT = {"prospect": 0, "churned": 1, "contracted": 2}


def merge_customers(store, actor: str, keep_id: int, other_id: int) -> dict:
    """Fold `other_id` into `keep_id` in one transaction and delete it.

    Phones, calls and callbacks move to the kept record; its empty fields take the other's
    values, tags join, notes are appended under a "merged from" line (so the old name still
    finds the kept record), do-not-call and the newest contact carry over. Two open return
    visits cannot coexist: the one due first stays, the other is cancelled. The deleted
    record's row stays in the audit log; looking it up says where it went.
    """
    keep_id, other_id = int(keep_id), int(other_id)
    if keep_id == other_id:
        raise ValidationError("other", "other: a record cannot be merged with itself; give two different ids.")
    with store.write(actor, *ANY_ROLE) as tx:
        keep = row_to_dict(_require(tx, keep_id))
        other = row_to_dict(_require(tx, other_id))
        moved_phones = []
        keep_has_main = tx.scalar("SELECT 1 FROM customer_phones WHERE customer_id = ? AND is_main = 1", (keep_id,))
        for phone_id, e164, is_main in tx.all(
            "SELECT id, e164, is_main FROM customer_phones WHERE customer_id = ? ORDER BY is_main DESC, id", (other_id,)
        ):
            main = 1 if (is_main and not keep_has_main) else 0
            tx.update("customer_phones", phone_id, {"customer_id": keep_id, "is_main": main})
            moved_phones.append(e164)
        cancelled = None
        visits = tx.all(
            "SELECT id, customer_id FROM callbacks WHERE customer_id IN (?, ?) AND kind = 'return-visit'"
            " AND status = 'open' ORDER BY due_at, id",
            (keep_id, other_id),
        )
        if len(visits) == 2:
            cancelled = visits[1][0]
            tx.update("callbacks", cancelled, {
                "status": "cancelled", "closed_at": tx.now, "updated_at": tx.now, "updated_by": tx.login,
                "cancel_reason": f"duplicate return visit: customer #{other_id} merged into #{keep_id}",
            })
            tx.changed("callbacks", cancelled)
        calls = tx.execute("UPDATE calls SET customer_id = ? WHERE customer_id = ?", (keep_id, other_id)).rowcount
        callbacks = tx.execute(
            "UPDATE callbacks SET customer_id = ?, updated_at = ?, updated_by = ? WHERE customer_id = ?",
            (keep_id, tx.now, tx.login, other_id),
        ).rowcount
        values = {field: other[field] for field in ("company", "email", "wechat_id", "city") if not keep[field] and other[field]}
        tags_joined = ",".join(sorted(set(keep["tags"]) | set(other["tags"])))
        if tags_joined != ",".join(keep["tags"]):
            values["tags"] = tags_joined
        if _STATUS_WEIGHT[other["status"]] > _STATUS_WEIGHT[keep["status"]] and keep["status"] == "prospect":
            values["status"] = other["status"]
        if other["do_not_call"] and not keep["do_not_call"]:
            values["do_not_call"] = 1
        if (other["last_contact_at"] or "") > (keep["last_contact_at"] or ""):
            values["last_contact_at"] = other["last_contact_at"]
        heading = f"— merged from #{other_id} {other['name']} ({tx.now[:10]})"
        extra = heading + ("\n" + other["notes"] if other["notes"] else "")
        notes = (keep["notes"] + "\n\n" + extra) if keep["notes"] else extra
        values["notes"] = notes if len(notes) <= 4000 else notes[:3999] + "…"
        values.update(updated_at=tx.now, updated_by=tx.login)
        tx.update("customers", keep_id, values)
        summary = {
            "merged_from": other_id, "name": other["name"], "phones": moved_phones, "calls": calls,
            "callbacks": callbacks, "cancelled_return_visit": cancelled,
        }
        tx._audit("customers", keep_id, "update", None, summary)
        tx._audit("customers", other_id, "update", None, {"merged_into": keep_id})
        tx.delete("customers", other_id)
        tx.execute("DELETE FROM customer_fts WHERE rowid = ?", (other_id,))
        reindex(tx, keep_id)
        tx.changed("customers", keep_id)
        tx.changed("customers", other_id)
        if calls:
            tx.changed("calls", None)
        if callbacks:
            tx.changed("callbacks", None)
        return {"kept": keep_id, **summary}


def count_customers(store) -> int:
    with store.read(None) as tx:
        return tx.scalar("SELECT count(*) FROM customers")
