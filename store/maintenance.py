"""Store-wide maintenance: online backup."""

from __future__ import annotations

from pathlib import Path

from store.access import ADMINS
from store.db import Store
from store.errors import StoreError, StoreUnavailable
from store.messages import N_


def backup(store: Store, actor: str, dest: str | Path) -> int:
    """A consistent copy taken in one step (VACUUM INTO) while desks write. Admins only."""
    dest = Path(dest).expanduser()
    if dest.exists():
        raise StoreError(N_("{dest} already exists; choose a new file name for the backup."), dest=dest)
    if not dest.parent.exists():
        raise StoreUnavailable(N_("the folder {parent} does not exist; create it first."), parent=dest.parent)
    with store.read(actor, *ADMINS):
        pass  # permission check only: VACUUM INTO cannot run inside a transaction
    with store._lock:
        store.conn.execute("VACUUM INTO ?", (str(dest),))
    return dest.stat().st_size
