"""The personal-data migration (issue 15): who set do-not-call and why; audit values kept aside for erasure.

Its number is its place in store.migrations.MIGRATIONS (nothing here names it).

- `customers.do_not_call_by / _at / _reason`: who put the customer on the do-not-call list, when and why
  (NULL, NULL, '' while the flag is off). Flags set before this migration read 'before reasons'.
- `audit_values`: the personal values (names, numbers, notes...) of audit rows' before/after, one row per
  value; the audit row's JSON holds a placeholder instead (store/audit_values.py). audit_log rows stay
  append-only; an erasure blanks these values (value NULL), which is the one change a trigger lets through.
  A value goes only with its audit row (an audit prune).
- `customers.erased_at / erased_by`: when and by whom the customer was erased (store/erasure.py).
"""

from __future__ import annotations

M_PII: list[str] = [
    "ALTER TABLE customers ADD COLUMN do_not_call_by TEXT",
    "ALTER TABLE customers ADD COLUMN do_not_call_at TEXT",
    "ALTER TABLE customers ADD COLUMN do_not_call_reason TEXT NOT NULL DEFAULT ''",
    "UPDATE customers SET do_not_call_reason = 'before reasons' WHERE do_not_call = 1",
    "ALTER TABLE customers ADD COLUMN erased_at TEXT",
    "ALTER TABLE customers ADD COLUMN erased_by TEXT",
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
]
