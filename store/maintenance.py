"""Store-wide maintenance: an online backup, and the store's own checks (`agentdesk check`).

A backup is written under a temporary name beside its destination (`.NAME.partial-PID`), checked (SQLite's
integrity check, the agentdesk tables, the row counts) and only then renamed to its name: a backup that
fails or is killed never leaves a file under the name asked for.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from store.access import ADMINS
from store.db import Store
from store.errors import StoreError, StoreUnavailable
from store.exporter import record_export
from store.messages import N_
from store.migrations import LATEST
from store.store_file import check_copy

BACKUP_COUNTS = ("customers", "calls", "callbacks", "agents")
PARTIAL = ".partial-"  # `.NAME.partial-PID`: a copy being written; its process's own


def partial_name(dest: Path, pid: int | None = None) -> Path:
    return dest.with_name(f".{dest.name}{PARTIAL}{os.getpid() if pid is None else pid}")


def _remove_stale_partials(dest: Path) -> None:
    """Copies of this destination left by a backup that was killed (its process is gone)."""
    prefix = f".{dest.name}{PARTIAL}"
    for path in dest.parent.glob(f"{prefix}*"):
        pid = path.name[len(prefix):].split("-", 1)[0]  # its -journal too
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            path.unlink(missing_ok=True)
        except PermissionError:
            pass  # another account's live process


def fsync_path(path: Path) -> None:
    """What was written to `path` (a file, or a folder's entries) is on disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _put_in_place(partial: Path, dest: Path) -> None:
    """Rename, but never over a file that appeared meanwhile (a link fails if the name is taken)."""
    try:
        os.link(partial, dest)
    except FileExistsError:
        raise StoreError(N_("{dest} already exists; choose a new file name for the backup."), dest=dest) from None
    except OSError:  # a file system without hard links: the name was free a moment ago
        if dest.exists():
            raise StoreError(N_("{dest} already exists; choose a new file name for the backup."), dest=dest) from None
        os.replace(partial, dest)
    else:
        partial.unlink()
    fsync_path(dest.parent)


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
    _remove_stale_partials(dest)
    partial = partial_name(dest)
    partial.unlink(missing_ok=True)
    try:
        with store._lock:
            store.conn.execute("VACUUM INTO ?", (str(partial),))
        fsync_path(partial)
        # the copy's own counts: what left, not what the live store holds a moment later
        copy = check_copy(partial, LATEST)
        size = partial.stat().st_size
        _put_in_place(partial, dest)
    finally:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
    rows = {t: copy.counts.get(t, 0) for t in BACKUP_COUNTS}
    record_export(store, actor, "backup", {}, sum(rows.values()), destination or str(dest))
    return size


@dataclass(frozen=True)
class Problem:
    """One thing `check` found: `kind` 'integrity' (SQLite's own sentence in `text`) or 'foreign-key' (a row
    of `table` whose `parent` row is missing)."""

    kind: str
    text: str = ""
    table: str = ""
    row_id: int | None = None
    parent: str = ""


CHECK_LIMIT = 100  # problems listed at most, of each kind


def check(store: Store, actor: str) -> list[Problem]:
    """SQLite's integrity check and foreign-key check of the whole store (admins); [] when it is sound."""
    with store.read(actor, *ADMINS) as tx:
        integrity = [r[0] for r in tx.all(f"PRAGMA integrity_check({CHECK_LIMIT})")]
        keys = tx.all("PRAGMA foreign_key_check")[:CHECK_LIMIT]
    problems = [Problem("integrity", text=text) for text in integrity if text != "ok"]
    problems += [Problem("foreign-key", table=str(t), row_id=None if r is None else int(r), parent=str(p))
                 for t, r, p, _fk in keys]
    return problems
