"""Owner grace: an owned callback overdue longer than `owner_grace_min` moves to the pool."""

from __future__ import annotations

from datetime import timedelta

from store import settings as settings_lib
from store.access import ANY_ROLE
from store.callbacks.records import event_in_tx
from store.clock import iso, parse_iso
from store.db import Store, Tx


def grace_cutoff(tx: Tx) -> str | None:
    minutes = int(settings_lib.read(tx, "owner_grace_min"))
    return None if minutes <= 0 else iso(parse_iso(tx.now) - timedelta(minutes=minutes))


def next_grace_move_at(tx: Tx) -> str | None:
    """When the next owned callback will have been overdue longer than the grace (None: never)."""
    minutes = int(settings_lib.read(tx, "owner_grace_min"))
    if minutes <= 0:
        return None
    due = tx.scalar("SELECT min(due_at) FROM callbacks WHERE status = 'open' AND owner_id IS NOT NULL")
    return None if due is None else iso(parse_iso(due) + timedelta(minutes=minutes, seconds=1))


def apply_owner_grace(store: Store, actor: str) -> int:
    """Move owned callbacks overdue by more than `owner_grace_min` to the pool; returns how many."""
    with store.write(actor, *ANY_ROLE) as tx:
        cutoff = grace_cutoff(tx)
        if cutoff is None:
            return 0
        rows = tx.all(
            "SELECT id, owner_id FROM callbacks WHERE status = 'open' AND due_at < ? AND owner_id IS NOT NULL",
            (cutoff,),
        )
        minutes = settings_lib.read(tx, "owner_grace_min")
        for callback_id, owner_id in rows:
            tx.update("callbacks", callback_id, {"owner_id": None, "updated_at": tx.now, "updated_by": tx.login})
            event_in_tx(tx, callback_id, "grace-moved", from_owner=owner_id,
                        note=f"overdue more than {minutes} min")
            tx.changed("callbacks", callback_id)
        return len(rows)
