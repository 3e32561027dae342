"""Owner grace: an owned callback overdue longer than `owner_grace_min` moves to the pool."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta

from store import settings as settings_lib
from store.access import ANY_ROLE
from store.callbacks.records import event_in_tx
from store.clock import iso, parse_iso
from store.connection import pause_after_hold
from store.db import Store, Tx

GRACE_ROWS = 500  # callbacks looked at per transaction at most
GRACE_TX_S = 0.05  # a transaction moves no more once it has held the write lock this long
GRACE_PAUSE_S = 0.03  # between transactions: a desk that waited for one gets in (store/importer/customer_import.py)


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


def apply_owner_grace(store: Store, actor: str, tx_s: float = GRACE_TX_S, pause_s: float = GRACE_PAUSE_S,
                      timer: Callable[[], float] = time.monotonic) -> int:
    """Move owned callbacks overdue by more than `owner_grace_min` to the pool; returns how many.

    In short transactions: each stops moving once `tx_s` (by `timer`) has passed, then a pause lets a
    waiting desk save before the next (a weekend's backlog never holds the lock for long)."""
    moved = 0
    while True:
        more = False
        with store.write(actor, *ANY_ROLE) as tx:
            began = timer()  # the lock is held from here
            cutoff = grace_cutoff(tx)
            if cutoff is None:
                return moved
            rows = tx.all(
                "SELECT id, owner_id FROM callbacks WHERE status = 'open' AND due_at < ? AND owner_id IS NOT NULL"
                " ORDER BY id LIMIT ?",
                (cutoff, GRACE_ROWS),
            )
            minutes = settings_lib.read(tx, "owner_grace_min")
            for n, (callback_id, owner_id) in enumerate(rows):
                if n and timer() - began >= tx_s:
                    more = True
                    break
                tx.update("callbacks", callback_id, {"owner_id": None, "updated_at": tx.now, "updated_by": tx.login})
                event_in_tx(tx, callback_id, "grace-moved", from_owner=owner_id,
                            note=f"overdue more than {minutes} min")
                tx.changed("callbacks", callback_id)
                moved += 1
            more = more or len(rows) == GRACE_ROWS
        held = timer() - began
        if not more:
            return moved
        time.sleep(pause_after_hold(held, pause_s))
