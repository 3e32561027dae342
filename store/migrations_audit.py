"""The audit migration: who proved each audit row, rows that SQL can neither change nor delete, pruning.

Its number is its place in store.migrations.MIGRATIONS (nothing here names it). Released migrations are
never edited: a later change to these rules is a later migration.

- `audit_log.proof`: how the acting login was proven for the process that wrote the row (Store.proof).
  Rows written before this migration keep 'before proofs', the column's default; a new row that leaves
  the column to its default (or gives '') is refused, so a writer that forgets it fails loudly.
- UPDATE of an audit row is refused; so is DELETE, except of rows older than the cutoff of a prune still
  running (the newest `audit_prunes` row while its `rows` is NULL). INSERT OR REPLACE of an existing id
  is refused too (its hidden delete fires no trigger).
- `audit_prunes`: one row per prune, written before the rows go; it cannot be deleted, and is changed
  only once: its count, which closes it. A prune row names an active admin and a cutoff before its
  own time; that the cutoff is past the retention period (setting audit_retention_days, at
  least 183 days) is checked by the store's code, as the schema computes no times.
"""

from __future__ import annotations

M11_AUDIT: list[str] = [
    "ALTER TABLE audit_log ADD COLUMN proof TEXT NOT NULL DEFAULT 'before proofs'",
    """CREATE TRIGGER audit_log_insert BEFORE INSERT ON audit_log
    BEGIN
        SELECT RAISE(ABORT, 'audit_log: a new row records how its actor was proven (proof)')
            WHERE NEW.proof IN ('', 'before proofs');
        SELECT RAISE(ABORT, 'audit_log: rows cannot be replaced')
            WHERE EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id);
    END""",
    """CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN
        SELECT RAISE(ABORT, 'audit_log: rows cannot be changed');
    END""",
    """CREATE TABLE audit_prunes (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        proof TEXT NOT NULL,
        cutoff TEXT NOT NULL,
        rows INTEGER
    )""",
    # the retention period is the store's check (store/audit_prune.py): the schema computes no times
    """CREATE TRIGGER audit_prunes_insert BEFORE INSERT ON audit_prunes
    BEGIN
        SELECT RAISE(ABORT, 'audit_prunes: a prune starts open, rows NULL') WHERE NEW.rows IS NOT NULL;
        SELECT RAISE(ABORT, 'audit_prunes: rows cannot be replaced')
            WHERE EXISTS (SELECT 1 FROM audit_prunes WHERE id = NEW.id);
        SELECT RAISE(ABORT, 'audit_prunes: only an active admin prunes the audit log')
            WHERE NOT EXISTS (SELECT 1 FROM agents WHERE login = NEW.actor AND role = 'admin' AND active = 1);
        SELECT RAISE(ABORT, 'audit_prunes: the cutoff is not before the prune')
            WHERE NOT (NEW.cutoff < NEW.at);
    END""",
    """CREATE TRIGGER audit_prunes_close BEFORE UPDATE ON audit_prunes
    WHEN OLD.rows IS NOT NULL OR NEW.rows IS NULL OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at
        OR NEW.actor IS NOT OLD.actor OR NEW.proof IS NOT OLD.proof OR NEW.cutoff IS NOT OLD.cutoff
    BEGIN
        SELECT RAISE(ABORT, 'audit_prunes: a prune is closed once, with its count, and never changed');
    END""",
    """CREATE TRIGGER audit_prunes_no_delete BEFORE DELETE ON audit_prunes
    BEGIN
        SELECT RAISE(ABORT, 'audit_prunes: rows cannot be deleted');
    END""",
    """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    WHEN NOT EXISTS (SELECT 1 FROM (SELECT cutoff, rows FROM audit_prunes ORDER BY id DESC LIMIT 1)
                     WHERE rows IS NULL AND OLD.at < cutoff)
    BEGIN
        SELECT RAISE(ABORT, 'audit_log: rows cannot be deleted; an admin prunes old rows: agentdesk audit prune');
    END""",
    # the listing: newest first in time (at, then id: an index on at holds the rowid after it)
    "CREATE INDEX audit_log_at ON audit_log (at)",
    "CREATE INDEX audit_log_actor_at ON audit_log (actor, at)",
]
