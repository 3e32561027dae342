"""One CSV row: read it into customer fields and phones, then write it (or, in a dry run, check it)."""

from __future__ import annotations

import re
from typing import Any

from store import phones as phone_lib
from store.csv_safe import unquote
from store.customer_phones import attach_phone, phone_owner
from store.customers import clean_fields, insert_customer, update_fields
from store.db import Tx
from store.errors import ValidationError

STATUS_VALUES = {
    "prospect": "prospect", "contracted": "contracted", "churned": "churned",
    "准客户": "prospect", "潜在客户": "prospect", "意向客户": "prospect",
    "已签约": "contracted", "签约": "contracted", "签约客户": "contracted",
    "流失": "churned", "已流失": "churned", "流失客户": "churned",
}
_YES = {"1", "y", "yes", "true", "是", "对"}
_NO = {"0", "n", "no", "false", "否", "不", ""}
IMPORT_REASON = "customer import"  # data, as a reason typed in would be
_PHONE_SPLIT = re.compile(r"[;；,，、/|\n]+")


class RowRejected(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _truthy(value: str) -> bool:
    text = value.strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise RowRejected(f"do_not_call: '{value}' is not yes or no; use 1/0, yes/no or 是/否.")


def parse_row(cells: list[str], mapping: dict[int, str], width: int, region: str) -> tuple[dict[str, Any], list[phone_lib.Phone]]:
    """(customer fields from non-empty cells, distinct phones in row order); raises RowRejected."""
    extra = [c for c in cells[width:] if c.strip()]
    if extra:
        raise RowRejected(
            f"the row has {len(cells)} cells but the header has {width}; check for an unquoted comma."
        )
    raw: dict[str, str] = {}
    phone_texts: list[str] = []
    for i, target in mapping.items():
        value = unquote(cells[i].strip()) if i < len(cells) else ""  # an export's '+86..., '=... as they were
        if not value:
            continue
        if target == "phone":
            phone_texts.extend(p for p in _PHONE_SPLIT.split(value) if p.strip())
        elif target not in raw:
            raw[target] = value
    fields: dict[str, Any] = {}
    if "status" in raw:
        status = STATUS_VALUES.get(raw["status"].strip().lower())
        if status is None:
            raise RowRejected(
                f"status: '{raw.pop('status')}' is not a status; use prospect/准客户, contracted/已签约 or churned/流失."
            )
        raw["status"] = status
    if "do_not_call" in raw:
        fields["do_not_call"] = _truthy(raw.pop("do_not_call"))
        # who and why: the importing login, and the file's reason column or the import itself
        fields["do_not_call_reason"] = raw.pop("do_not_call_reason", "") or IMPORT_REASON
    raw.pop("do_not_call_reason", None)
    try:
        fields.update(clean_fields(raw, partial=True))
    except ValidationError as exc:
        raise RowRejected(str(exc)) from None
    fields = {k: v for k, v in fields.items() if v != ""}
    if not phone_texts:
        raise RowRejected("phone: no phone number; every row needs one, customers are matched by phone.")
    phones: list[phone_lib.Phone] = []
    seen: set[str] = set()
    for text in phone_texts:
        try:
            phone = phone_lib.normalize(text, region, field="phone")
        except ValidationError as exc:
            raise RowRejected(str(exc)) from None
        if phone.e164 not in seen:
            seen.add(phone.e164)
            phones.append(phone)
    return fields, phones


def _phone_owners(tx: Tx, phones: list[phone_lib.Phone], planned: dict[str, int] | None) -> dict[int, str]:
    """{customer id: name} owning any of `phones` (in the store, or planned earlier in a dry run)."""
    owners: dict[int, str] = {}
    for phone in phones:
        if planned is not None and phone.e164 in planned:
            owners.setdefault(planned[phone.e164], "(earlier row)")
            continue
        owner = phone_owner(tx, phone.e164)
        if owner is not None:
            owners.setdefault(owner[0], owner[1])
    return owners


def apply_row(tx: Tx, fields: dict[str, Any], phones: list[phone_lib.Phone], region: str, planned: dict[str, int] | None) -> str:
    """Write (or, with `planned`, only check) one row; returns 'imported' or 'updated'."""
    owners = _phone_owners(tx, phones, planned)
    if len(owners) > 1:
        who = " and ".join(f"#{cid} {name}" for cid, name in owners.items() if cid > 0) or "two earlier rows"
        raise RowRejected(
            f"phone: the row's numbers belong to different customers ({who}); "
            "merge those customers or split the row."
        )
    if not owners:
        if not fields.get("name"):
            raise RowRejected("name: required for a new customer; fill in the name.")
        if planned is not None:
            pseudo = -(len(planned) + 1)  # negative ids never clash with real customers
            for phone in phones:
                planned[phone.e164] = pseudo
            return "imported"
        insert_customer(tx, fields, [p.raw for p in phones], region)
        return "imported"
    customer_id = next(iter(owners))
    if planned is not None:
        for phone in phones:
            planned.setdefault(phone.e164, customer_id)
        return "updated"
    if fields:
        update_fields(tx, customer_id, fields)
    added = False
    for phone in phones:
        if phone_owner(tx, phone.e164) is None:
            attach_phone(tx, customer_id, phone, main=False)
            added = True
    if added:
        tx.changed("customers", customer_id)
    return "updated"
