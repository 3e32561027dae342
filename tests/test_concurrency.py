"""Several OS processes writing one store file at once: no write lost, no error surfaced."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from store import open_store
from store.agents import add_agent
from store.call_records import CallEntry
from store.calls import list_calls
from store.customers import search_customers
from store.status import current_status

WRITER = Path(__file__).with_name("procs") / "writer.py"
PROCESSES = 4
WRITES = 200


def _env(pause: float):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AGENTDESK_")}
    env["WRITER_PAUSE_S"] = str(pause)
    return env


def wait_until_ready(go: Path, logins, procs, timeout: float = 60) -> None:
    """Every writer has imported, opened the store and now waits for `go`."""
    deadline = time.monotonic() + timeout
    while not all(Path(f"{go}.ready.{login}").exists() for login in logins):
        assert all(p.poll() is None for p in procs), [p.communicate() for p in procs if p.poll() is not None]
        assert time.monotonic() < deadline, "writers did not get ready"
        time.sleep(0.01)


def expected(writes: int) -> dict:
    """What WRITES writes by one writer (cycle: call, customer, status) leave behind."""
    kinds = [i % 3 for i in range(writes)]
    return {"calls": kinds.count(0), "customers": kinds.count(1), "status": kinds.count(2)}


@pytest.mark.parametrize("pause", [0.0, 0.002], ids=["burst", "interleaved"])
def test_processes_writing_at_once_lose_nothing(tmp_path, pause):
    """burst: every writer saves back to back (maximum contention, mostly busy waits);
    interleaved: a short pause between saves, so the writers' transactions alternate."""
    db = tmp_path / "desk.db"
    go = tmp_path / "go"
    s = open_store(db)
    add_agent(s, None, "root", "Root", "admin", None)
    logins = [f"agent{n}" for n in range(PROCESSES)]
    for n, login in enumerate(logins):
        add_agent(s, "root", login, f"Agent {n}", "agent", "north" if n % 2 else "south")
    with s.read(None) as tx:
        base_audit = tx.scalar("SELECT count(*) FROM audit_log")
        base_changes = tx.scalar("SELECT count(*) FROM change_log")
    s.close()

    procs = [
        subprocess.Popen(
            [sys.executable, str(WRITER), str(db), login, str(n), str(WRITES), str(go)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(pause),
        )
        for n, login in enumerate(logins)
    ]
    wait_until_ready(go, logins, procs)
    go.touch()
    summaries = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        assert err == ""
        summaries.append(json.loads(out))

    want = expected(WRITES)
    for summary in summaries:
        assert summary["errors"] == [], summary["errors"][:1]
        assert summary["done"] == want

    s = open_store(db)
    try:
        with s.read(None) as tx:
            for n, login in enumerate(logins):
                agent_id = tx.scalar("SELECT id FROM agents WHERE login = ?", (login,))
                assert tx.scalar("SELECT count(*) FROM calls WHERE agent_id = ?", (agent_id,)) == want["calls"]
                assert tx.scalar("SELECT count(*) FROM customers WHERE created_by = ?", (login,)) == want["customers"]
                assert tx.scalar(
                    "SELECT count(*) FROM customer_phones WHERE e164 LIKE ?", (f"+86139{n:02d}%",)
                ) == want["customers"]
                assert tx.scalar("SELECT count(*) FROM agent_status_log WHERE agent_id = ?", (agent_id,)) == want["status"]
                # exactly one open status row per agent: no two writers interleaved a status change
                assert tx.scalar(
                    "SELECT count(*) FROM agent_status_log WHERE agent_id = ? AND ended_at IS NULL", (agent_id,)
                ) == 1
                # calls after the first customer were matched to it by number
                assert tx.scalar(
                    "SELECT count(*) FROM calls WHERE agent_id = ? AND customer_id IS NOT NULL", (agent_id,)
                ) == want["calls"] - 1
            total_customers = PROCESSES * want["customers"]
            total_calls = PROCESSES * want["calls"]
            total_status = PROCESSES * want["status"]
            assert tx.scalar("SELECT count(*) FROM customers") == total_customers
            assert tx.scalar("SELECT count(*) FROM customer_fts") == total_customers
            # audit: one insert row per call, customer and phone (status rows are not audited)
            assert tx.scalar("SELECT count(*) FROM audit_log") - base_audit == total_calls + 2 * total_customers
            assert tx.scalar(
                "SELECT count(*) FROM audit_log WHERE table_name = 'calls' AND action = 'insert'"
            ) == total_calls
            # change log: one row per write, topics as written
            assert tx.scalar("SELECT count(*) FROM change_log") - base_changes == PROCESSES * WRITES
            assert dict(tx.all(
                "SELECT topic, count(*) FROM change_log WHERE topic != 'agents' GROUP BY topic"
            )) == {"calls": total_calls, "customers": total_customers, "status": total_status}
            # sequence numbers have no gaps and no duplicates
            seqs = [r[0] for r in tx.all("SELECT seq FROM change_log ORDER BY seq")]
            assert seqs == list(range(1, len(seqs) + 1))
            if pause:  # the writers really wrote at the same time, not one after the other
                actors = [r[0] for r in tx.all("SELECT actor FROM change_log WHERE topic != 'agents' ORDER BY seq")]
                assert sum(a != b for a, b in zip(actors, actors[1:])) >= 100
            assert tx.scalar("PRAGMA integrity_check") == "ok"
        # the store functions see it all too
        assert len(list_calls(s, "root", limit=10_000)) == total_calls
        assert len(search_customers(s, "root", "深圳", limit=500)) == total_customers
        assert current_status(s, "agent0")["status"] in ("ready", "break")
    finally:
        s.close()


def test_idle_reader_does_not_block_checkpoints(tmp_path):
    """A desk that read and now sits idle holds no snapshot: the WAL can be checkpointed to zero."""
    db = tmp_path / "desk.db"
    writer = open_store(db)
    add_agent(writer, None, "root", "Root", "admin", None)
    reader = open_store(db)
    try:
        list_calls(reader, "root")
        search_customers(reader, "root", "张")
        current_status(reader, "root")
        assert not reader.conn.in_transaction
        from store.calls import log_call

        for i in range(50):
            log_call(writer, "root", CallEntry(category="order", outcome="resolved", notes=str(i)))
        busy, log_frames, checkpointed = writer.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        assert busy == 0
        assert log_frames == checkpointed
        assert Path(str(db) + "-wal").stat().st_size == 0
        # and the reader sees the new rows afterwards
        assert len(list_calls(reader, "root", limit=100)) == 50
    finally:
        reader.close()
        writer.close()


def test_open_read_blocks_truncate_checkpoint_control(tmp_path):
    """Control for the test above: a reader *inside* a transaction does hold the WAL."""
    db = tmp_path / "desk.db"
    writer = open_store(db)
    add_agent(writer, None, "root", "Root", "admin", None)
    reader = sqlite3.connect(str(db), isolation_level=None)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM agents").fetchone()
        from store.calls import log_call

        log_call(writer, "root", CallEntry(category="order", outcome="resolved"))
        writer.conn.execute("PRAGMA busy_timeout = 0")
        busy, _, _ = writer.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        assert busy == 1
    finally:
        reader.close()
        writer.close()
