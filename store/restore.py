"""`agentdesk restore FILE`: a backup takes the store's place; the store it replaces is kept beside it.

In order: the acting agent must be an admin of the live store; no desk may be running on it (a heartbeat
within three beats, store/desk_sessions.py); the backup is copied beside the store (`.NAME.restoring-PID`)
and the copy checked (SQLite's integrity check, the agentdesk tables, a schema no newer than this
program's: store/store_file.py). Then the live store's own audit log records the restore, its WAL is
checkpointed into the file, and it is renamed `NAME.replaced-YYYYMMDD-HHMMSS` (with any -wal and -shm
left, renamed alike); the copy takes its name, is migrated if it is older, and its audit log records the
restore too: the restored log holds what it held when the backup was taken, plus that row.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from store import settings as settings_lib
from store.access import ADMINS
from store.clock import iso, parse_iso
from store.db import Store, open_store
from store.desk_sessions import MISSED_BEATS
from store.errors import Conflict
from store.exporter import record_export
from store.maintenance import fsync_path
from store.messages import N_
from store.migrations import LATEST
from store.store_file import check_copy


@dataclass(frozen=True)
class Restored:
    path: Path  # the store, now the backup's content
    kept_as: Path  # the store it replaced
    version: int  # the backup's schema (the store is migrated from it to this program's)
    counts: dict[str, int]


def running_desks(store: Store, actor: str) -> list[str]:
    """The logins of desks whose heartbeat is fresh (within three beats): "login@host" each."""
    with store.read(actor, *ADMINS) as tx:
        beat_s = settings_lib.read(tx, "heartbeat_s")
        cutoff = iso(parse_iso(tx.now) - timedelta(seconds=beat_s * MISSED_BEATS))
        rows = tx.all("SELECT a.login, d.host FROM desk_sessions d JOIN agents a ON a.id = d.agent_id"
                      " WHERE d.ended_at IS NULL AND d.last_beat_at >= ? ORDER BY a.login", (cutoff,))
    return [f"{login}@{host}" for login, host in rows]


def kept_name(store: Store) -> Path:
    """NAME.replaced-YYYYMMDD-HHMMSS (UTC), with -2, -3... after it when that second has one already."""
    stamp = parse_iso(store.now()).strftime("%Y%m%d-%H%M%S")
    kept = store.path.with_name(f"{store.path.name}.replaced-{stamp}")
    number = 1
    while kept.exists() or kept.with_name(kept.name + "-wal").exists():
        number += 1
        kept = store.path.with_name(f"{store.path.name}.replaced-{stamp}-{number}")
    return kept


def restore(store: Store, actor: str, source: str | Path, source_name: str | None = None) -> Restored:
    """Put the backup `source` in the store's place (see the module's docstring). `source_name` is what the
    audit rows call it (a bound run reads it from stdin). The `store` is closed afterwards, whatever happens
    after the swap; a refusal before it leaves everything as it was."""
    source = Path(source).expanduser()
    desks = running_desks(store, actor)  # the permission check too
    if desks:
        raise Conflict(N_("{count} desk(s) are running on this store ({desks}): each must quit (Ctrl+Q) before a "
                          "restore; a desk that was killed counts as running until three heartbeats have passed."),
                       count=len(desks), desks=", ".join(desks))
    kept = kept_name(store)
    target = store.path
    incoming = target.with_name(f".{target.name}.restoring-{os.getpid()}")
    try:
        shutil.copyfile(source, incoming)
        fsync_path(incoming)
        copy = check_copy(incoming, LATEST, shown=source_name or source)  # the copy itself: the file named may change while it is read
        named = source_name or str(source.absolute())
        record_export(store, actor, "restore-replaced", {"source": named}, sum(copy.counts.values()), str(kept))
        store.checkpoint()
        store.close()
        moved = [(target, kept)] + [  # a -wal or -shm left by another process still holding the old store
            (target.with_name(target.name + suffix), kept.with_name(kept.name + suffix)) for suffix in ("-wal", "-shm")
            if target.with_name(target.name + suffix).exists()]
        done: list[tuple[Path, Path]] = []
        try:
            for old, new in moved:
                os.rename(old, new)
                done.append((old, new))
            os.rename(incoming, target)
        except OSError:
            for old, new in reversed(done):  # the old store back under its name, as it was
                os.rename(new, old)
            raise
        fsync_path(target.parent)
    finally:
        with contextlib.suppress(OSError):
            incoming.unlink(missing_ok=True)
    restored = open_store(target, store.clock, proof=store.proof, create=False)
    try:
        with restored.write(None) as tx:
            tx.audit_as = actor  # whoever it was in the replaced store: the restored one may not know them
            tx.audit("exports", 0, "insert", None, {"kind": "restore", "filters": {"source": named, "replaced": str(kept)},
                                                    "rows": sum(copy.counts.values()), "destination": str(target),
                                                    "complete": True})
    finally:
        restored.close()
    return Restored(target, kept, copy.version, copy.counts)
