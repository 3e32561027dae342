"""Personal values of audit rows, kept aside in `audit_values` so that an erasure can blank them.

An audit row's `before`/`after` JSON holds `{"$aside": true}` where a personal value stood (a customer's
name, numbers, e-mail, notes...; a call's number and notes; a callback's number and reasons); the value
itself is a row of `audit_values`, with the customer it is about. `audit_log` rows stay as written (its
triggers refuse any change); an erasure sets the customer's values to NULL, which readers show as
`[erased]`. Imports nothing of ours: store/db.py writes through it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

ASIDE = {"$aside": True}
ERASED = "[erased]"

PERSONAL_KEYS: dict[str, frozenset[str]] = {
    "customers": frozenset({"name", "company", "email", "wechat_id", "city", "notes", "tags", "name_sort",
                            "do_not_call_reason", "phones"}),  # phones: a merge's summary
    "customer_phones": frozenset({"e164", "raw", "digits_rev"}),
    "calls": frozenset({"phone_e164", "phone_raw", "notes", "order_no", "waybill_no", "escalation_reason",
                        "recording_url"}),
    "callbacks": frozenset({"phone_e164", "reason", "cancel_reason"}),
    "rings": frozenset({"number_raw", "e164"}),
    "phone_reveals": frozenset({"reason"}),
    "cases": frozenset({"summary", "resolution"}),
}
_HAS_CUSTOMER = ("calls", "callbacks", "customer_phones", "phone_reveals", "cases")


def split(table: str, values: dict[str, Any] | None) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """(the JSON object with personal values replaced by ASIDE, {key: personal value})."""
    keys = PERSONAL_KEYS.get(table)
    if values is None or not keys:
        return values, {}
    aside = {k: v for k, v in values.items() if k in keys and v not in (None, "", [])}
    return ({k: (ASIDE if k in aside else v) for k, v in values.items()}, aside)


def customer_of(conn: sqlite3.Connection, table: str, row_id: int, *sides: dict[str, Any] | None) -> int | None:
    """The customer a change is about: the row itself, its customer_id, else the row's own column."""
    if table == "customers":
        return row_id
    for side in sides:
        if side and side.get("customer_id") is not None:
            return int(side["customer_id"])
    if table in _HAS_CUSTOMER:
        row = conn.execute(f"SELECT customer_id FROM {table} WHERE id = ?", (row_id,)).fetchone()
        return row[0] if row else None
    return None


def write_aside(conn: sqlite3.Connection, audit_id: int, customer_id: int | None,
                sides: Iterable[tuple[str, dict[str, Any]]]) -> None:
    conn.executemany(
        "INSERT INTO audit_values (audit_id, side, key, value, customer_id) VALUES (?, ?, ?, ?, ?)",
        [(audit_id, side, k, json.dumps(v, ensure_ascii=False), customer_id) for side, aside in sides
         for k, v in aside.items()],
    )


def restore(conn: sqlite3.Connection, audit_id: int, side: str, values: dict[str, Any] | None) -> dict[str, Any] | None:
    """`values` (one side of an audit row) with its personal values put back; an erased one reads ERASED."""
    if not values or not any(v == ASIDE for v in values.values()):
        return values
    kept = dict(conn.execute("SELECT key, value FROM audit_values WHERE audit_id = ? AND side = ?",
                             (audit_id, side)).fetchall())
    return {k: ((json.loads(kept[k]) if kept.get(k) is not None else ERASED) if v == ASIDE else v)
            for k, v in values.items()}
