"""Is this file an agentdesk store? Looked at read-only, before anything is written to it.

store/connection.py switches a file to WAL the moment it opens it, and migrating adds tables: done to
another program's SQLite file, or to a copy that was never finished, that turns it into something else.
So `open_store` asks here first (`check_openable`), and a backup or a restore checks its copy here
(`check_copy`).

An agentdesk store is a SQLite file whose PRAGMA user_version is a schema number (1 and up, set in the
same transaction as the tables: store/migrations.py) and that holds the tables of schema 1.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from store.errors import StoreUnavailable
from store.messages import N_

# the tables schema 1 makes (store/migrations_first.py M1): every agentdesk store has them all
MARK_TABLES = frozenset({"agents", "customers", "customer_phones", "settings", "change_log", "audit_log"})
COUNTED = ("customers", "calls", "callbacks", "agents")  # what a backup and a restore report

NO_STORE = N_("no store at {path}: create one with 'agentdesk init' (or 'agentdesk demo'), or give the path "
              "of an existing store with --db.")
EMPTY_FILE = N_("{path} holds no tables (a copy that never finished?), so it is not a store and is left as it "
                "is: move it away, then 'agentdesk init' creates a store there, or give another --db path.")
FOREIGN = N_("{path} is another program's SQLite database (tables: {tables}), not an agentdesk store; it is "
             "left as it is: give the path of an agentdesk store with --db.")
NOT_SQLITE = N_("{path} is not an agentdesk store (not a SQLite database file).")
DAMAGED = N_("the copy {path} is damaged ({reason}); it cannot be used as a backup.")


@dataclass(frozen=True)
class FileLook:
    """What a read-only look at a file saw."""

    exists: bool
    tables: frozenset[str]
    version: int  # PRAGMA user_version

    @property
    def is_store(self) -> bool:
        return self.version > 0 and MARK_TABLES <= self.tables


def _open_nowhere(path: Path) -> bool:
    """No connection has `path` open in WAL mode: SQLite removes the -wal and -shm when the last one
    closes. A -wal or -shm beside it (even an empty -wal, after a checkpoint) means a desk may be writing it
    right now: then it must be read through the WAL, never as immutable.

    Only names are looked at, never the file's bytes: opening and closing the file here would drop the
    locks SQLite holds on it for this process's other connections (POSIX locks are per process), and
    another desk could then checkpoint and remove the WAL under them ("disk I/O error")."""
    return not any(path.with_name(path.name + end).exists() for end in ("-wal", "-shm"))


def read_only(path: Path, quiet: bool | None = None) -> sqlite3.Connection:
    """A connection that cannot write `path` (nor switch its journal mode). A read-only connection to a
    WAL-mode file makes a -wal and -shm beside it and leaves them; where no connection has the file open
    it is read as immutable instead, so nothing appears beside it (`quiet`: None decides so)."""
    if quiet is None:
        quiet = _open_nowhere(path)
    flag = "&immutable=1" if quiet else ""
    return sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro{flag}", uri=True, isolation_level=None)


def _tables_and_version(conn: sqlite3.Connection) -> tuple[frozenset[str], int]:
    try:
        tables = frozenset(r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
        return tables, int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def look(path: Path) -> FileLook | None:
    """The file's tables and version, read-only; None when SQLite cannot open it at all (the connection's
    own sentences say why: a folder, a missing folder, no permission)."""
    try:
        if not path.parent.is_dir() or path.exists() and not path.is_file():
            return None  # no folder, or a folder where the file should be
        if not path.exists():
            return FileLook(False, frozenset(), 0)
        if path.stat().st_size == 0:
            return FileLook(True, frozenset(), 0)
        quiet = _open_nowhere(path)
        conn = read_only(path, quiet)
    except (OSError, sqlite3.Error):
        return None
    try:
        return FileLook(True, *_tables_and_version(conn))
    except sqlite3.DatabaseError as exc:
        if not quiet:
            return _unreadable(path, exc)
    try:  # a desk opened it between the look beside it and the read: read it through its WAL
        return FileLook(True, *_tables_and_version(read_only(path, quiet=False)))
    except sqlite3.DatabaseError as exc:
        return _unreadable(path, exc)


def _unreadable(path: Path, exc: sqlite3.DatabaseError) -> FileLook | None:
    """Not SQLite at all (a sentence), or unreadable now (None: the connection will say why)."""
    if "not a database" in str(exc) or "malformed" in str(exc):
        raise StoreUnavailable(NOT_SQLITE, path=path) from exc
    return None  # locked, unreadable -wal...: the connection says so


def _listed(tables: frozenset[str]) -> str:
    names = sorted(tables)
    return ", ".join(names[:5]) + (", ..." if len(names) > 5 else "")


def check_openable(path: Path, create: bool) -> None:
    """Refuse, before anything touches it, a file that is not an agentdesk store: another program's
    database always; a missing file, or one with no tables, unless `create`."""
    seen = look(path)
    if seen is None:
        return
    if seen.tables and not seen.is_store:
        raise StoreUnavailable(FOREIGN, path=path, tables=_listed(seen.tables))
    if create or seen.tables:
        return
    if seen.exists:
        raise StoreUnavailable(EMPTY_FILE, path=path)
    raise StoreUnavailable(NO_STORE, path=path)


@dataclass(frozen=True)
class CheckedCopy:
    version: int
    counts: dict[str, int]


def check_copy(path: Path, latest: int, shown: Path | str | None = None) -> CheckedCopy:
    """A backup, whole: SQLite's integrity check passes, it is an agentdesk store, and its schema is not newer
    than `latest` (this program's). Its row counts. Read-only; the sentences name `shown` (else `path`)."""
    shown = shown or path
    try:
        seen = look(path)
    except StoreUnavailable as exc:
        raise StoreUnavailable(N_("the copy {path} is not a SQLite database file (cut short?): it is not a backup."),
                               path=shown) from exc
    if seen is None or not seen.exists:
        raise StoreUnavailable(N_("cannot read the copy {path}."), path=shown)
    if not seen.is_store:
        if not seen.tables:
            raise StoreUnavailable(N_("the copy {path} holds no tables: it is not a whole backup."), path=shown)
        raise StoreUnavailable(FOREIGN, path=shown, tables=_listed(seen.tables))
    if seen.version > latest:
        raise StoreUnavailable(N_("the copy {path} was written by a newer agentdesk (schema {version}; this one "
                                  "knows up to {latest}): upgrade agentdesk first."),
                               path=shown, version=seen.version, latest=latest)
    conn = read_only(path)
    try:
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check(5)")]
        if problems != ["ok"]:
            raise StoreUnavailable(DAMAGED, path=shown, reason="; ".join(problems))
        counts = {t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in COUNTED
                  if t in seen.tables}
    except sqlite3.DatabaseError as exc:
        raise StoreUnavailable(DAMAGED, path=shown, reason=str(exc)) from exc
    finally:
        conn.close()
    return CheckedCopy(seen.version, counts)
