"""The store and its transactions (the connection is opened by store/connection.py).

Every write is one ``BEGIN IMMEDIATE ... COMMIT`` (see ``Store.write``): a
deferred transaction that reads and later writes fails at once with
SQLITE_BUSY under contention, whatever busy_timeout says.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from store import audit_values
from store.access import Agent, load_actor
from store.clock import Clock, clock_from_environment, iso
from store.connection import ReadConnections, Watch, connect_file
from store.errors import NotFound, PermissionDenied, StoreUnavailable
from store.messages import N_
from store.migrations import migrate
from store.store_file import check_openable

BEGIN_RETRIES = 5  # on top of busy_timeout: a short bounded retry of BEGIN IMMEDIATE

Row = tuple[Any, ...]  # one row as sqlite3 returns it: SQLite values, typed by the query that read them
Params = Sequence[Any] | Mapping[str, Any]


class Store:
    """One open store: a write connection with its lock, read connections, and a clock.

    Writes run one at a time on `conn` under `_lock` (shared by the UI thread and Textual thread
    workers: a write transaction never interleaves with another). Reads run on read connections of
    their own (store/connection.py), so a read never waits for a write, even one that waits for the
    write lock; `PRAGMA data_version` is asked on a connection of its own too.
    """

    def __init__(self, path: str | os.PathLike[str], clock: Clock, proof: str = "unbound"):
        self.path = Path(path)
        self.clock = clock
        # In a bound run (tui/bound.py) the one login the OS proved for this process: no transaction of
        # it acts as anyone else, whatever a caller passes.
        self.bound_to: str | None = None
        self.proof = " ".join(str(proof).split()) or "unbound"  # how the acting login was proven; every audit row keeps it
        self._lock = threading.RLock()  # the write connection's
        self._listeners: list[Callable[[frozenset[str]], None]] = []
        self._readers = ReadConnections(self.path)
        self._watch = Watch(self._readers)  # data_version, and which change_log rows were our own
        self.conn = connect_file(self.path)
        try:
            migrate(self)
        except Exception:
            self.conn.close()
            raise

    # -- time ---------------------------------------------------------------
    def now(self) -> str:
        return iso(self.clock())

    # -- transactions -------------------------------------------------------
    @contextmanager
    def transaction(self, immediate: bool) -> Iterator[sqlite3.Connection]:
        """A raw transaction; store modules use ``write``/``read`` instead. A deferred one reads on a
        read connection; an immediate one writes on the write connection."""
        if not immediate:
            with self._readers.borrow() as conn:
                self._begin(conn, "BEGIN")
                try:
                    yield conn
                finally:
                    if conn.in_transaction:
                        conn.execute("COMMIT")  # a read: nothing to keep or undo
            return
        with self._lock:
            self._begin(self.conn, "BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")

    def _begin(self, conn: sqlite3.Connection, statement: str) -> None:
        for attempt in range(BEGIN_RETRIES + 1):
            try:
                conn.execute(statement)
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise _translate(self.path, exc) from exc
                if attempt == BEGIN_RETRIES:
                    raise StoreUnavailable(
                        N_("the store stayed busy for too long; try again in a moment.")
                    ) from exc
                time.sleep(0.05 * (attempt + 1))

    @contextmanager
    def read_connection(self) -> Iterator[sqlite3.Connection]:
        """A read connection (query_only, no transaction open) for this thread until the block ends."""
        with self._readers.borrow() as conn:
            yield conn

    def checkpoint(self) -> None:
        """Copy the WAL into the file and truncate it (an erasure: no old page image stays in the -wal)."""
        with self._lock:
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    @contextmanager
    def write(self, actor: str | None, *roles: str) -> Iterator[Tx]:
        """One write transaction acting as `actor`, who must hold one of `roles`.

        Once it has committed, every listener hears the topics its `changed()` calls named.
        """
        tx: Tx | None = None
        try:
            with self.transaction(immediate=True) as conn:
                tx = Tx(self, conn, self.now())
                if actor is not None or roles:
                    tx.check_bound(actor)
                    tx.actor = load_actor(conn, actor, roles)
                try:
                    yield tx
                except sqlite3.OperationalError as exc:
                    raise _translate(self.path, exc) from exc
                self._watch.note_own(tx.seqs)  # before COMMIT: a poll right after it must not count them as others'
        except BaseException:
            if tx is not None:
                self._watch.forget_own(tx.seqs)
            raise
        if tx.topics:
            topics = frozenset(tx.topics)
            for listener in list(self._listeners):
                listener(topics)

    # -- listeners: who hears this connection's own commits -------------------
    def add_listener(self, listener: Callable[[frozenset[str]], None]) -> None:
        """Call `listener(topics)` after each write transaction of this store commits (in the writing
        thread). Other connections' commits are not heard here: desks poll for those."""
        self._listeners.append(listener)

    def remove_listener(self, listener: Callable[[frozenset[str]], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    @contextmanager
    def read(self, actor: str | None, *roles: str) -> Iterator[Tx]:
        """One read transaction (a consistent snapshot) acting as `actor`, on a read connection: it
        never waits for a write."""
        with self.transaction(immediate=False) as conn:
            tx = Tx(self, conn, self.now())
            if actor is not None or roles:
                tx.check_bound(actor)
                tx.actor = load_actor(conn, actor, roles)
            yield tx

    # -- change polling -----------------------------------------------------
    def data_version(self) -> int:
        """Cheap: changes when another connection commits (never reads a table). Asked on a connection
        that never writes, so it moves for this store's own commits too: `own_changes` tells them."""
        return self._watch.data_version()

    def own_changes(self, seqs: list[int]) -> set[int]:
        """Which of the change_log `seqs` (read in order by a poll) this store wrote."""
        return self._watch.own_changes(seqs)

    def trace(self, callback: Callable[[str], object] | None) -> None:
        """Trace the statements of every connection of this store (tests and benchmarks; None stops)."""
        with self._lock:
            self.conn.set_trace_callback(callback)
        self._readers.trace(callback)
        self._watch.trace(callback)

    def close(self) -> None:
        """Close every connection (cursors are closed where they are used, so WAL checkpoints proceed)."""
        self._readers.close()
        self._watch.close()
        with self._lock:
            self.conn.close()


def _translate(path: Path, exc: sqlite3.OperationalError) -> Exception:
    text = str(exc)
    if "readonly" in text:
        return StoreUnavailable(N_("cannot write the store {path}: the file or its folder is read-only."), path=path)
    if "disk I/O" in text or "unable to open" in text:
        return StoreUnavailable(N_("cannot read or write the store {path}: {text}."), path=path, text=text)
    return exc


class Tx:
    """A transaction in progress: its connection, its time, its acting agent.

    ``insert``/``update``/``delete`` write the audit row in the same
    transaction; ``changed`` adds the change-log row desks poll.
    """

    def __init__(self, store: Store, conn: sqlite3.Connection, now: str):
        self.store = store
        self.conn = conn
        self.now = now
        self._actor: Agent | None = None  # the acting agent once checked
        self.audit_as: str | None = None  # who to record when there is no actor yet
        self.topics: set[str] = set()  # what changed(): told to the store's listeners after the commit
        self.seqs: list[int] = []  # the change_log rows changed() wrote

    @property
    def actor(self) -> Agent:
        """The acting agent; every transaction opened with an actor or roles has one."""
        if self._actor is None:
            raise RuntimeError("this transaction was opened without an acting agent")
        return self._actor

    @actor.setter
    def actor(self, agent: Agent) -> None:
        self.check_bound(agent.login)
        self._actor = agent

    def check_bound(self, login: str | None) -> None:
        """In a bound run only the login the system proved acts (Store.bound_to)."""
        bound = self.store.bound_to
        if bound is not None and login != bound:
            raise PermissionDenied(N_("this desk acts as '{bound}', whom the system proved; it cannot act as "
                                      "'{login}'."), bound=bound, login=login or "-")

    @property
    def login(self) -> str:
        return self._actor.login if self._actor else (self.audit_as or "-")

    @property
    def proof(self) -> str:
        return self.store.proof

    def execute(self, sql: str, params: Params = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def one(self, sql: str, params: Params = ()) -> Row | None:
        cur = self.conn.execute(sql, params)
        try:
            row: Row | None = cur.fetchone()
            return row
        finally:
            cur.close()

    def all(self, sql: str, params: Params = ()) -> list[Row]:
        cur = self.conn.execute(sql, params)
        try:
            rows: list[Row] = cur.fetchall()
            return rows
        finally:
            cur.close()

    def aggregate(self, sql: str, params: Params = ()) -> Row:
        """The one row an aggregate query (count, sum, min ... without GROUP BY) always returns."""
        row = self.one(sql, params)
        if row is None:
            raise RuntimeError(f"no row from an aggregate query: {sql}")
        return row

    def scalar(self, sql: str, params: Params = ()) -> Any:
        """The first column of the first row (None when there is no row): its type is the query's."""
        row = self.one(sql, params)
        return None if row is None else row[0]

    # -- audited writes -----------------------------------------------------
    def insert(self, table: str, values: dict[str, Any], audit: bool = True) -> int:
        cols = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        cur = self.conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", tuple(values.values()))
        row_id = cur.lastrowid
        assert row_id is not None  # an INSERT that returned sets it
        if audit:
            self.audit(table, row_id, "insert", None, None)
        return row_id

    def update(self, table: str, row_id: int, values: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
        """Set `values` on one row; audit only the columns that really change.

        Returns {column: (before, after)} for those columns.
        """
        cols = list(values)
        cur = self.conn.execute(
            f"SELECT {', '.join(cols)} FROM {table} WHERE id = ?", (row_id,)
        )
        row = cur.fetchone()
        cur.close()
        if row is None:
            raise NotFound(N_("{table} row {row_id} does not exist."), table=table, row_id=row_id)
        changed = {c: (row[i], values[c]) for i, c in enumerate(cols) if row[i] != values[c]}
        if not changed:
            return {}
        sets = ", ".join(f"{c} = ?" for c in changed)
        self.conn.execute(
            f"UPDATE {table} SET {sets} WHERE id = ?", (*[v[1] for v in changed.values()], row_id)
        )
        self.audit(
            table,
            row_id,
            "update",
            {c: v[0] for c, v in changed.items()},
            {c: v[1] for c, v in changed.items()},
        )
        return changed

    def delete(self, table: str, row_id: int) -> None:
        cur = self.conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,))
        row = cur.fetchone()
        names = [d[0] for d in cur.description]
        cur.close()
        if row is None:
            return
        self.conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
        self.audit(table, row_id, "delete", dict(zip(names, row)), None)

    def audit(self, table: str, row_id: int, action: str, before: dict[str, Any] | None,
              after: dict[str, Any] | None) -> None:
        """The audit row of one change; insert/update/delete write theirs, raw SQL changes call this.

        Personal values go to `audit_values`, beside the row (store/audit_values.py): only an erasure blanks them."""
        self.audit_at(self.now, self.login, self.proof, table, row_id, action, before, after)

    def audit_at(self, at: str, actor: str, proof: str, table: str, row_id: int, action: str,
                 before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
        """An audit row with its own time, actor and proof (a loaded past's); personal values aside."""
        whole = (before, after)
        before, before_aside = audit_values.split(table, before)
        after, after_aside = audit_values.split(table, after)
        cur = self.conn.execute(
            "INSERT INTO audit_log (at, actor, proof, table_name, row_id, action, before, after)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                at,
                actor,
                proof,
                table,
                row_id,
                action,
                None if before is None else json.dumps(before, ensure_ascii=False),
                None if after is None else json.dumps(after, ensure_ascii=False),
            ),
        )
        if before_aside or after_aside:
            assert cur.lastrowid is not None
            customer_id = audit_values.customer_of(self.conn, table, row_id, *whole)  # looked up only when needed
            audit_values.write_aside(self.conn, cur.lastrowid, customer_id,
                                     (("before", before_aside), ("after", after_aside)))

    def changed(self, topic: str, row_id: int | None = None) -> None:
        self.topics.add(topic)
        cur = self.conn.execute(
            "INSERT INTO change_log (topic, row_id, at, actor) VALUES (?, ?, ?, ?)",
            (topic, row_id, self.now, self.login),
        )
        if cur.lastrowid is not None:
            self.seqs.append(cur.lastrowid)


def open_store(path: str | os.PathLike[str], clock: Clock | None = None, create_parent: bool = False,
               proof: str = "unbound", create: bool = True) -> Store:
    """Open (migrating if need be) the store at `path`; without a clock, the environment's.

    `create`: a missing file, or one with no tables, becomes a new store; without it such a file is refused
    (the CLI and the desk open with create=False: only `agentdesk init` and `demo` make a store). Another
    program's SQLite file is always refused, before anything is written to it (store/store_file.py).

    `proof` says how the acting login was proven for this process ("sudo uid=1001 (li)", "ssh key li");
    every audit row written through this store records it."""
    clock = clock or clock_from_environment()
    path = Path(path).expanduser()
    if create_parent:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailable(
                N_("cannot create the folder {parent}: {reason}."),
                parent=path.parent, reason=exc.strerror or exc,
            ) from exc
    check_openable(path, create)
    return Store(path, clock, proof)

