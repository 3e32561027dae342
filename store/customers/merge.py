"""Merging two records of one customer into one (leads and admins), in one transaction; first a preview."""

from __future__ import annotations

from typing import Any

from store.access import LEADS
from store.customer_records import MERGE_FIELDS, MergePreview, MergeSide, MergeSummary
from store.customers.records import reindex, require_customer, row_to_dict
from store.db import Store, Tx
from store.errors import ValidationError
from store.kpi_rollups import refresh as refresh_rollups
from store.messages import N_

_STATUS_WEIGHT = {"prospect": 0, "churned": 1, "contracted": 2}
NOTES_LIMIT = 4000  # what a record's notes hold (store/customers/records.py checks every edit against the same)


def _two(tx: Tx, keep_id: int, other_id: int) -> tuple[dict[str, Any], dict[str, Any]]:
    if keep_id == other_id:
        raise ValidationError("other", N_("other: a record cannot be merged with itself; give two different ids."))
    return row_to_dict(require_customer(tx, keep_id)), row_to_dict(require_customer(tx, other_id))


def _merged_values(tx: Tx, keep: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """The kept record's changed fields. Notes are never cut: past the limit the merge is refused."""
    values = {field: other[field] for field in ("company", "email", "wechat_id", "city") if not keep[field] and other[field]}
    tags_joined = ",".join(sorted(set(keep["tags"]) | set(other["tags"])))
    if tags_joined != ",".join(keep["tags"]):
        values["tags"] = tags_joined
    if _STATUS_WEIGHT[other["status"]] > _STATUS_WEIGHT[keep["status"]] and keep["status"] == "prospect":
        values["status"] = other["status"]
    if other["do_not_call"] and not keep["do_not_call"]:  # the flag comes over with who set it and why
        flag = ("do_not_call", "do_not_call_by", "do_not_call_at", "do_not_call_reason")
        values.update(zip(flag, tx.one(f"SELECT {', '.join(flag)} FROM customers WHERE id = ?", (other["id"],)) or ()))
    if (other["last_contact_at"] or "") > (keep["last_contact_at"] or ""):
        values["last_contact_at"] = other["last_contact_at"]
    heading = f"— merged from #{other['id']} {other['name']} ({tx.now[:10]})"
    extra = heading + ("\n" + other["notes"] if other["notes"] else "")
    notes = (keep["notes"] + "\n\n" + extra) if keep["notes"] else extra
    if len(notes) > NOTES_LIMIT:
        raise ValidationError(
            "notes",
            N_("notes: together the two records' notes come to {length} characters, over the {limit} a record holds; "
               "shorten the notes of #{keep} or #{other} by {over} characters, then merge."),
            length=len(notes), limit=NOTES_LIMIT, keep=keep["id"], other=other["id"], over=len(notes) - NOTES_LIMIT,
        )
    values["notes"] = notes
    return values


def _side(tx: Tx, record: dict[str, Any]) -> MergeSide:
    cid = record["id"]
    phones = tuple(e for (e,) in tx.all(
        "SELECT e164 FROM customer_phones WHERE customer_id = ? ORDER BY is_main DESC, id", (cid,)))
    return MergeSide(id=cid, fields={f: record[f] for f in MERGE_FIELDS}, phones=phones,
                     calls=int(tx.scalar("SELECT count(*) FROM calls WHERE customer_id = ?", (cid,))),
                     callbacks=int(tx.scalar("SELECT count(*) FROM callbacks WHERE customer_id = ?", (cid,))))


def merge_preview(store: Store, actor: str, keep_id: int, other_id: int) -> MergePreview:
    """Both records side by side and the kept one as the merge would leave it; refused as the merge would be."""
    with store.read(actor, *LEADS) as tx:
        keep, other = _two(tx, int(keep_id), int(other_id))
        values = _merged_values(tx, keep, other)
        result = {f: keep[f] for f in MERGE_FIELDS}
        result.update({k: v for k, v in values.items() if k in MERGE_FIELDS})
        if "tags" in values:
            result["tags"] = values["tags"].split(",") if values["tags"] else []
        result["do_not_call"] = bool(result["do_not_call"])
        return MergePreview(keep=_side(tx, keep), other=_side(tx, other), result=result)


def merge_customers(store: Store, actor: str, keep_id: int, other_id: int) -> MergeSummary:
    """Fold `other_id` into `keep_id` in one transaction and delete it (leads and admins).

    Phones, calls and callbacks move to the kept record; its empty fields take the other's
    values, tags join, notes are appended whole under a "merged from" line (so the old name still
    finds the kept record; past NOTES_LIMIT nothing merges), do-not-call and the newest contact carry
    over. Two open return visits cannot coexist: the one due first stays, the other is cancelled.
    The deleted record's row stays in the audit log; looking it up says where it went.
    """
    keep_id, other_id = int(keep_id), int(other_id)
    with store.write(actor, *LEADS) as tx:
        keep, other = _two(tx, keep_id, other_id)
        values = _merged_values(tx, keep, other)
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
        refresh_rollups(tx.conn)  # one customer now: a call of one may be a repeat of the other's (FCR)
        callbacks = tx.execute(
            "UPDATE callbacks SET customer_id = ?, updated_at = ?, updated_by = ? WHERE customer_id = ?",
            (keep_id, tx.now, tx.login, other_id),
        ).rowcount
        moved_cases = [case_id for (case_id,) in tx.all("SELECT id FROM cases WHERE customer_id = ?", (other_id,))]
        for case_id in moved_cases:
            tx.update("cases", case_id, {"customer_id": keep_id})
        values.update(updated_at=tx.now, updated_by=tx.login)
        tx.update("customers", keep_id, values)
        summary = {
            "merged_from": other_id, "name": other["name"], "phones": moved_phones, "calls": calls,
            "callbacks": callbacks, "cancelled_return_visit": cancelled
        }
        tx.audit("customers", keep_id, "update", None, summary)
        tx.audit("customers", other_id, "update", None, {"merged_into": keep_id})
        tx.delete("customers", other_id)
        tx.execute("DELETE FROM customer_fts WHERE rowid = ?", (other_id,))
        reindex(tx, keep_id)
        tx.changed("customers", keep_id)
        tx.changed("customers", other_id)
        if calls:
            tx.changed("calls", None)
        if callbacks:
            tx.changed("callbacks", None)
        if moved_cases:
            tx.changed("cases", None)
        return MergeSummary(
            kept=keep_id, merged_from=other_id, name=other["name"], phones=tuple(moved_phones), calls=calls,
            callbacks=callbacks, cancelled_return_visit=cancelled,
        )
