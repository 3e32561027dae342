"""Opening the SQLite file: the only place PRAGMAs are set (WAL, busy timeout, cache, foreign keys),
the sentences for a file that cannot be opened, and the read connections a Store reads on (so a read
never queues behind a write waiting for the lock). store/db.py builds the Store on this."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from store.errors import StoreUnavailable
from store.messages import N_

BUSY_TIMEOUT_MS = 10_000
CACHE_KIB = 16_384
IDLE_READERS = 4  # read connections a Store keeps open between reads; more are opened while more threads read


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

# SQLite's busy handler sleeps 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, then 100 ms: (waited up to, next sleep)
_BUSY_SLEEPS = ((0.053, 0.025), (0.128, 0.025), (0.228, 0.050))


def pause_after_hold(held_s: float, floor_s: float) -> float:
    """How long a bulk writer pauses after holding the write lock `held_s`: longer than the sleep a writer
    that began waiting meanwhile has reached, so it wakes and takes the lock first (the lock is not
    fair). At least `floor_s`; 0 when `floor_s` is 0 (tests)."""
    if floor_s <= 0:
        return 0.0
    sleep = next((s for upto, s in _BUSY_SLEEPS if held_s < upto), 0.100)
    return max(floor_s, sleep + 0.005)


Trace = Callable[[str], object] | None


class ReadConnections:
    """The read connections of one Store: each read takes an idle one (or opens one) for itself.

    In WAL a reading connection never waits for a writer, so a lookup never queues behind a save
    that waits for the write lock, on this Store or in another process. Readers are `query_only`.
    """

    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()  # guards the lists, never held while SQL runs
        self._idle: list[sqlite3.Connection] = []
        self._open: list[sqlite3.Connection] = []
        self._trace: Trace = None
        self._closed = False

    def open_one(self) -> sqlite3.Connection:
        """A new read connection set up like every connection (it is closed with the others)."""
        conn = connect_file(self.path)
        conn.execute("PRAGMA query_only = ON")
        with self._lock:
            if self._closed:
                conn.close()
                raise StoreUnavailable(N_("the store {path} is closed."), path=self.path)
            conn.set_trace_callback(self._trace)
            self._open.append(conn)
        return conn

    @contextmanager
    def borrow(self) -> Iterator[sqlite3.Connection]:
        """An idle read connection for this thread until the block ends (opened if none is idle)."""
        with self._lock:
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = self.open_one()
        try:
            yield conn
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            with self._lock:
                keep = not self._closed and len(self._idle) < IDLE_READERS
                if keep:
                    self._idle.append(conn)
                else:
                    self._open.remove(conn)
            if not keep:
                conn.close()

    def forget(self, conn: sqlite3.Connection) -> None:
        """`conn` (from open_one) is closed by its owner."""
        with self._lock:
            if conn in self._open:
                self._open.remove(conn)

    def trace(self, callback: Trace) -> None:
        """Set `callback` as the trace of every read connection, open now or later."""
        with self._lock:
            self._trace = callback
            for conn in self._open:
                conn.set_trace_callback(callback)

    def close(self) -> None:
        """Close every read connection; one still borrowed is closed when its read ends."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
            for conn in idle:
                self._open.remove(conn)
        for conn in idle:
            conn.close()


class Watch:
    """`PRAGMA data_version` on a read connection of its own (so asking never waits for a write), and
    the change_log rows this store wrote, so a poll does not tell them again as another desk's."""

    def __init__(self, readers: ReadConnections):
        self._readers = readers
        self._conn: sqlite3.Connection | None = None  # opened by the first ask
        self._lock = threading.Lock()
        self._own: set[int] = set()  # our change_log seqs no poll has passed yet

    def data_version(self) -> int:
        with self._lock:
            if self._conn is None:
                self._conn = self._readers.open_one()
            return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def note_own(self, seqs: list[int]) -> None:
        with self._lock:
            if self._conn is not None:  # somebody polls: without a poll nobody asks (a CLI run)
                self._own.update(seqs)

    def forget_own(self, seqs: list[int]) -> None:
        with self._lock:
            self._own.difference_update(seqs)

    def own_changes(self, seqs: list[int]) -> set[int]:
        """Which of `seqs` (read in order) were ours; forgets ours up to the last, read by no later poll."""
        with self._lock:
            mine = self._own.intersection(seqs)
            if seqs:
                self._own = {s for s in self._own if s > seqs[-1]}
            return mine

    def trace(self, callback: Trace) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.set_trace_callback(callback)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._readers.forget(self._conn)
                self._conn.close()
                self._conn = None
