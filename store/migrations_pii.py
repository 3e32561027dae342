"""The personal-data migration (issue 15): who set do-not-call and why; audit values kept aside for erasure.

Its number is its place in store.migrations.MIGRATIONS (nothing here names it).

- `customers.do_not_call_by / _at / _reason`: who put the customer on the do-not-call list, when and why
  (NULL, NULL, '' while the flag is off). Flags set before this migration read 'before reasons'.
- `audit_values`: the personal values (names, numbers, notes...) of audit rows' before/after, one row per
  value; the audit row's JSON holds a placeholder instead (store/audit_values.py). audit_log rows stay
  append-only; an erasure blanks these values (value NULL), which is the one change a trigger lets through.
  A value goes only with its audit row (an audit prune).
- `phone_reveals`: each whole number shown where a masked one stands (store/reveals.py): who, whose, why.
- `customers.erased_at / erased_by`: when and by whom the customer was erased (store/erasure.py).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

from store import audit_values
from store.migrations_audit import M11_AUDIT

_NO_UPDATE = next(step for step in M11_AUDIT if "TRIGGER audit_log_no_update" in step)


def move_personal_values_aside(conn: sqlite3.Connection) -> None:
    """Audit rows written before this migration: their personal values move to audit_values, the one time
    an audit row is rewritten (the no-update trigger is lifted for it and made again, as it was)."""
    tables = tuple(audit_values.PERSONAL_KEYS)
    marks = ", ".join("?" for _ in tables)
    if not conn.execute(f"SELECT 1 FROM audit_log WHERE table_name IN ({marks}) AND (before IS NOT NULL OR after IS NOT NULL)"
                        " LIMIT 1", tables).fetchone():
        return  # a fresh store, or no values to move: the trigger stays untouched
    conn.execute("DROP TRIGGER audit_log_no_update")
    last = 0
    while True:
        rows = conn.execute(f"SELECT id, table_name, row_id, before, after FROM audit_log WHERE id > ?"
                            f" AND table_name IN ({marks}) AND (before IS NOT NULL OR after IS NOT NULL)"
                            " ORDER BY id LIMIT 5000", (last, *tables)).fetchall()
        if not rows:
            break
        for audit_id, table, row_id, before_text, after_text in rows:
            before = json.loads(before_text) if before_text else None
            after = json.loads(after_text) if after_text else None
            kept_before, before_aside = audit_values.split(table, before)
            kept_after, after_aside = audit_values.split(table, after)
            if not (before_aside or after_aside):
                continue
            customer_id = audit_values.customer_of(conn, table, row_id, before, after)
            conn.execute("UPDATE audit_log SET before = ?, after = ? WHERE id = ?",
                         (None if kept_before is None else json.dumps(kept_before, ensure_ascii=False),
                          None if kept_after is None else json.dumps(kept_after, ensure_ascii=False), audit_id))
            audit_values.write_aside(conn, audit_id, customer_id, (("before", before_aside), ("after", after_aside)))
        last = rows[-1][0]
    conn.execute(_NO_UPDATE)


M_PII: list[str | Callable[[sqlite3.Connection], None]] = [
    "ALTER TABLE customers ADD COLUMN do_not_call_by TEXT",
    "ALTER TABLE customers ADD COLUMN do_not_call_at TEXT",
    "ALTER TABLE customers ADD COLUMN do_not_call_reason TEXT NOT NULL DEFAULT ''",
    "UPDATE customers SET do_not_call_reason = 'before reasons' WHERE do_not_call = 1",
    "ALTER TABLE customers ADD COLUMN erased_at TEXT",
    "ALTER TABLE customers ADD COLUMN erased_by TEXT",
    """CREATE TABLE phone_reveals (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        customer_id INTEGER,
        callback_id INTEGER,
        reason TEXT NOT NULL
    )""",
    "CREATE INDEX phone_reveals_customer ON phone_reveals (customer_id)",
    """CREATE TABLE audit_values (
        audit_id INTEGER NOT NULL,
        side TEXT NOT NULL CHECK (side IN ('before', 'after')),
        key TEXT NOT NULL,
        value TEXT,
        customer_id INTEGER,
        PRIMARY KEY (audit_id, side, key)
    ) WITHOUT ROWID""",
    "CREATE INDEX audit_values_customer ON audit_values (customer_id) WHERE customer_id IS NOT NULL",
    """CREATE TRIGGER audit_values_blank_only BEFORE UPDATE ON audit_values
    WHEN NEW.value IS NOT NULL OR NEW.audit_id IS NOT OLD.audit_id OR NEW.side IS NOT OLD.side
        OR NEW.key IS NOT OLD.key OR NEW.customer_id IS NOT OLD.customer_id
    BEGIN
        SELECT RAISE(ABORT, 'audit_values: a value is never changed, only blanked by an erasure');
    END""",
    """CREATE TRIGGER audit_values_no_delete BEFORE DELETE ON audit_values
    WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = OLD.audit_id)
    BEGIN
        SELECT RAISE(ABORT, 'audit_values: a value goes only with its audit row');
    END""",
    move_personal_values_aside,
]
