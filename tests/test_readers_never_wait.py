"""Readers never wait for a writer: a read, a poll and an F3 lookup go on while a write waits for the lock
(held by another process, or by another connection), on this desk's store or in another process."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time

import pytest
from desk_support import SIZE, desk_app, home_loaded, settle, wait_until

from screens.customers import LookupScreen
from screens.widgets.lookup_results import ResultsList
from store import open_store
from store.customers import create_customer, search_customers
from store.status import set_status

HOLDER = textwrap.dedent("""
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
    conn.execute("BEGIN IMMEDIATE")
    print("held", flush=True)
    hold = float(sys.argv[2])
    if hold > 0:
        time.sleep(hold)
    else:
        sys.stdin.readline()  # until the test says
    conn.execute("COMMIT")
""")


def hold_write_lock(path, seconds: float = 0) -> subprocess.Popen:
    """Another process holding BEGIN IMMEDIATE on the file (for `seconds`, or until its stdin gets a line)."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(path), str(seconds)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def release(proc: subprocess.Popen) -> None:
    if proc.poll() is None and proc.stdin is not None:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    proc.wait(timeout=60)


def waiting_write(store) -> tuple[threading.Thread, list[BaseException]]:
    """A status save of `store` in another thread, returned once it waits inside BEGIN IMMEDIATE."""
    began = threading.Event()
    errors: list[BaseException] = []

    def seen(statement: str) -> None:
        if statement == "BEGIN IMMEDIATE":
            began.set()

    def save() -> None:
        try:
            set_status(store, "li", "ready")
        except BaseException as exc:  # noqa: BLE001 - the test reads it
            errors.append(exc)

    store.conn.set_trace_callback(seen)  # the write connection only
    thread = threading.Thread(target=save, daemon=True)
    thread.start()
    assert began.wait(30), "the save never began"
    return thread, errors


def in_thread(fn) -> tuple[threading.Event, list]:
    done, out = threading.Event(), []

    def run() -> None:
        out.append(fn())
        done.set()

    threading.Thread(target=run, daemon=True).start()
    return done, out


async def look_up(pilot, text: str) -> float:
    """F3, type `text`: seconds from its last key to its results painted."""
    app = pilot.app
    await pilot.press("f3")
    await wait_until(pilot, lambda: isinstance(app.screen, LookupScreen))
    await pilot.press(*text[:-1])
    started = time.monotonic()
    await pilot.press(text[-1])
    await wait_until(pilot, lambda: app.screen.query_one("#lookup-results", ResultsList).row_count > 0
                     and app.screen.shown_seq == app.screen._seq, step=0.01)
    return time.monotonic() - started


def test_a_read_returns_while_this_stores_own_write_waits_for_the_lock(team, store_path):
    create_customer(team, "li", phones=["13800138000"], name="Anna Smith")
    holder = hold_write_lock(store_path)
    try:
        writer, errors = waiting_write(team)
        # the save waits for the other process; reads, the poll and a lookup of the same store go on
        done, out = in_thread(lambda: (
            [c["name"] for c in search_customers(team, "li", "anna")],
            team.data_version(),
        ))
        assert done.wait(8), "a read waited for the write"  # under the write's 10 s busy_timeout
        assert writer.is_alive()  # ... answered while the write still waited
        assert out[0][0] == ["Anna Smith"]
    finally:
        release(holder)
    writer.join(30)
    assert not errors  # and the save then went in
    with team.read(None) as tx:
        assert tx.scalar("SELECT status FROM agent_status_log WHERE ended_at IS NULL") == "ready"


def test_a_read_returns_while_another_connection_writes(team, store_path):
    """Another connection holds the write lock with a change in progress: the read sees the last commit."""
    create_customer(team, "li", phones=["13800138000"], name="Anna Smith")
    other = open_store(store_path)
    try:
        with other.write(None) as tx:
            tx.execute("UPDATE customers SET name = 'Changed'")
            done, out = in_thread(lambda: [c["name"] for c in search_customers(team, "li", "anna")])
            assert done.wait(8), "a read waited for another connection's write"
            assert out == [["Anna Smith"]]
    finally:
        other.close()


def test_close_closes_every_connection(store_path, clock):
    """Reads in several threads and a poll open connections of their own; close() closes them all (the
    last connection to close removes the -wal file, which it does only when no connection is left)."""
    store = open_store(store_path, clock)
    store.data_version()
    barrier = threading.Barrier(3)

    def read() -> None:
        with store.read(None) as tx:
            barrier.wait(10)  # three reads open at once: three read connections
            tx.scalar("SELECT count(*) FROM agents")

    threads = [threading.Thread(target=read) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    wal = store_path.with_name(store_path.name + "-wal")
    assert wal.exists()
    store.close()
    assert not wal.exists()


async def test_f3_paints_while_another_process_holds_the_write_lock_and_a_save_waits(team, store_path):
    create_customer(team, "li", phones=["13800138000"], name="Anna Smith")
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        holder = hold_write_lock(store_path)
        try:
            writer, _errors = waiting_write(team)  # as a call save of this desk, in its worker
            await look_up(pilot, "anna")
            assert writer.is_alive()  # painted while the save still waited
        finally:
            release(holder)
        writer.join(30)
        await settle(pilot)


@pytest.mark.perf
async def test_f3_paints_within_half_a_second_while_another_process_holds_the_lock_3_s(team, store_path):
    create_customer(team, "li", phones=["13800138000"], name="Anna Smith")
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        holder = hold_write_lock(store_path, 3.0)
        try:
            writer, _errors = waiting_write(team)
            painted = await look_up(pilot, "anna")
            assert painted < 0.5, painted  # against a 3 s hold: a lookup queued behind the save takes > 2 s
        finally:
            holder.wait(60)
        writer.join(30)
        await settle(pilot)
