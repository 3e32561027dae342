"""Store-wide maintenance: online backup."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from store.access import ADMINS
from store.db import Store
from store.errors import StoreError, StoreUnavailable
from store.exporter import record_export
from store.messages import N_

BACKUP_COUNTS = ("customers", "calls", "callbacks", "agents")


def backup(store: Store, actor: str, dest: str | Path, destination: str | None = None) -> int:
    """A consistent copy taken in one step (VACUUM INTO) while desks write. Admins only. Audited (an
    'exports' row of kind backup): the rows of the main tables and `destination`, what the caller names
    (the path, or "stdout" when the copy goes there), else `dest`."""
    dest = Path(dest).expanduser()
    if dest.exists():
        raise StoreError(N_("{dest} already exists; choose a new file name for the backup."), dest=dest)
    if not dest.parent.exists():
        raise StoreUnavailable(N_("the folder {parent} does not exist; create it first."), parent=dest.parent)
    with store.read(actor, *ADMINS):
        pass  # permission check only: VACUUM INTO cannot run inside a transaction
    with store._lock:
        store.conn.execute("VACUUM INTO ?", (str(dest),))
        size = dest.stat().st_size
        # the copy's own counts: what left, not what the live store holds a moment later
        copy = sqlite3.connect(f"file:{dest}?mode=ro", uri=True)
        try:
            rows = {t: int(copy.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in BACKUP_COUNTS}
        finally:
            copy.close()
    record_export(store, actor, "backup", {}, sum(rows.values()), destination or str(dest))
    return size
