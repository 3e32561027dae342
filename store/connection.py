"""Opening the SQLite file: the only place PRAGMAs are set (WAL, busy timeout, cache, foreign keys),
and the sentences for a file that cannot be opened. store/db.py builds the Store on this."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from store.errors import StoreUnavailable
from store.messages import N_

BUSY_TIMEOUT_MS = 10_000
CACHE_KIB = 16_384


def _switch_to_wal(conn: sqlite3.Connection) -> str:
    """PRAGMA journal_mode = WAL, retried while another process holds the file.

    Processes opening a brand-new file at once race for this switch, and
    SQLite answers "database is locked" at once, without the busy handler.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    attempt = 0
    while True:
        try:
            return str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
        except sqlite3.OperationalError as exc:
            if ("locked" not in str(exc) and "busy" not in str(exc)) or time.monotonic() >= deadline:
                raise
            attempt += 1
            time.sleep(min(0.005 * attempt, 0.1))


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    mode = _switch_to_wal(conn)
    if mode.lower() != "wal":
        raise StoreUnavailable(N_("could not switch the store to WAL mode (got {mode})."), mode=mode)
    conn.execute("PRAGMA foreign_keys = ON")
    # FULL: every commit is on disk before it returns (see docs/store.md).
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    conn.execute("PRAGMA temp_store = MEMORY")


def _unopenable(path: Path, text: str) -> StoreUnavailable:
    """Say why SQLite could not open `path` ("unable to open database file" says nothing)."""
    try:
        exists = path.exists()
    except OSError:
        exists = True
    if exists and not os.access(path, os.R_OK):
        return StoreUnavailable(
            N_("cannot read the store {path}: permission denied; check the file's owner and mode."),
            path=path,
        )
    if not exists and not os.access(path.parent, os.W_OK | os.X_OK):
        return StoreUnavailable(
            N_("cannot create the store {path}: the folder {parent} is read-only."),
            path=path, parent=path.parent,
        )
    return StoreUnavailable(N_("cannot open the store {path}: {text}."), path=path, text=text)


def connect_file(path: Path) -> sqlite3.Connection:
    try:
        is_dir = path.is_dir()
        parent_exists, parent_is_dir = path.parent.exists(), path.parent.is_dir()
    except OSError as exc:  # a folder on the way is not ours to enter
        raise StoreUnavailable(
            N_("cannot reach the store {path}: {reason}."),
            path=path, reason=exc.strerror or exc,
        ) from exc
    if is_dir:
        raise StoreUnavailable(N_("{path} is a directory, not a store file."), path=path)
    if not parent_exists:
        raise StoreUnavailable(
            N_("the folder {parent} does not exist: create it or give another --db path."), parent=path.parent
        )
    if not parent_is_dir:
        raise StoreUnavailable(N_("{parent} is a file, not a folder: give another --db path."), parent=path.parent)
    try:
        conn = sqlite3.connect(
            str(path), isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
        )
    except sqlite3.Error as exc:
        raise _unopenable(path, str(exc)) from exc
    try:
        _configure(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        text = str(exc)
        if "not a database" in text or "malformed" in text:
            raise StoreUnavailable(
                N_("{path} is not an agentdesk store (not a SQLite database file)."),
                path=path,
            ) from exc
        if "unable to open" in text:
            raise _unopenable(path, text) from exc
        if "readonly" in text:
            raise StoreUnavailable(
                N_("cannot write the store {path}: the file or its folder is read-only."), path=path
            ) from exc
        raise StoreUnavailable(N_("cannot open the store {path}: {text}."), path=path, text=text) from exc
    return conn
