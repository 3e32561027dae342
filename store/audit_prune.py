"""Pruning the audit log: an admin deletes the rows older than a day past the retention period.

SQL alone cannot delete an audit row (store/migrations_audit.py): a prune first writes its
`audit_prunes` row (who, how proven, the cutoff), deletes only rows older than that cutoff while the
row is open, then closes it with the count and writes its own audit row, all in one BEGIN IMMEDIATE
transaction. A big prune goes in transactions of `chunk` rows, each such a prune, with a pause after
each so that desks saving meanwhile get the lock (SQLite's lock is not fair).
"""

from __future__ import annotations

import json
import time
from datetime import date, timedelta

from store import settings as settings_lib
from store.access import ADMINS
from store.audit_records import Prune
from store.clock import iso, parse_iso
from store.db import Store, Tx
from store.errors import ValidationError
from store.messages import N_
from store.periods import local_midnight

PRUNE_CHUNK = 20_000  # rows per transaction: well under a second of the write lock
PRUNE_PAUSE_S = 0.1


def prune_cutoff(tx: Tx, before: str) -> str:
    """Local midnight of `before` (YYYY-MM-DD, the centre's zone) in UTC, refused inside the retention period."""
    try:
        day = date.fromisoformat(str(before).strip())
    except ValueError:
        raise ValidationError("before", N_("before: '{value}' is not a day; use YYYY-MM-DD, e.g. 2026-01-01."),
                              value=before) from None
    zone = settings_lib.zone(tx)
    days = int(settings_lib.read(tx, "audit_retention_days"))
    kept_from = parse_iso(tx.now) - timedelta(days=days)
    cutoff = iso(local_midnight(day, zone))
    if cutoff > iso(kept_from):
        raise ValidationError(
            "before",
            N_("before: {day} is inside the retention period ({days} days, setting audit_retention_days); give "
               "{latest} or earlier."),
            day=day.isoformat(), days=days, latest=kept_from.astimezone(zone).date().isoformat(),
        )
    return cutoff


def _prune_once(tx: Tx, cutoff: str, chunk: int) -> Prune:
    prune_id = tx.execute("INSERT INTO audit_prunes (at, actor, proof, cutoff) VALUES (?, ?, ?, ?)",
                          (tx.now, tx.login, tx.proof, cutoff)).lastrowid
    assert prune_id is not None
    doomed = json.dumps([r[0] for r in tx.execute("SELECT id FROM audit_log WHERE at < ? ORDER BY at LIMIT ?",
                                                  (cutoff, chunk))])
    rows = tx.execute("DELETE FROM audit_log WHERE id IN (SELECT value FROM json_each(?))", (doomed,)).rowcount
    # their personal values go with them (store/audit_values.py; a trigger lets them go only after their row)
    tx.execute("DELETE FROM audit_values WHERE audit_id IN (SELECT value FROM json_each(?))", (doomed,))
    tx.execute("UPDATE audit_prunes SET rows = ? WHERE id = ?", (rows, prune_id))
    tx.audit("audit_log", prune_id, "delete", {"cutoff": cutoff, "rows": rows}, None)
    return Prune(prune_id, tx.now, tx.login, tx.proof, cutoff, rows)


def prune_audit(store: Store, actor: str, before: str, chunk: int = PRUNE_CHUNK,
                pause_s: float = PRUNE_PAUSE_S) -> list[Prune]:
    """Delete the audit rows older than `before` (admins); returns each transaction's prune, oldest first.

    Even a prune that finds nothing to delete is recorded: the admin's act is."""
    prunes: list[Prune] = []
    while True:
        with store.write(actor, *ADMINS) as tx:
            prune = _prune_once(tx, prune_cutoff(tx, before), chunk)
        prunes.append(prune)
        if prune.rows < chunk:
            return prunes
        time.sleep(pause_s)

