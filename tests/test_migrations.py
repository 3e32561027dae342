"""Schema versions: forward migration with data, refusing a newer store, concurrent first open."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from store import StoreTooNew, open_store
from store.agents import list_agents
from store.call_records import CallEntry
from store.calls import list_calls, log_call
from store.card_views import CardReason
from store.connection import CACHE_KIB
from store.customer_phones import CustomerPhone
from store.customers import find_by_phone, get_customer, open_customer_card, search_customers
from store.errors import StoreUnavailable
from store.migrations import LATEST, M1, MIGRATIONS
from store.pinyin import search_keys
from store.settings import get_settings
from store.tokens import document_tokens

REPO = Path(__file__).resolve().parent.parent
T0 = "2026-01-05T08:00:00Z"


def build_old_store(path: Path, version: int) -> None:
    """A store as agentdesk at schema `version` left it, with people and customers in it."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("BEGIN")
    for number in range(1, version + 1):
        for step in MIGRATIONS[number - 1]:
            conn.execute(step) if isinstance(step, str) else step(conn)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute(
        "INSERT INTO agents (id, login, display_name, role, team, extension, active, created_at, updated_at)"
        " VALUES (1, 'root', 'Root', 'admin', NULL, NULL, 1, ?, ?), (2, 'li', '李娜', 'agent', 'north', '8001', 1, ?, ?)",
        (T0, T0, T0, T0),
    )
    conn.execute(
        "INSERT INTO customers (id, name, company, city, status, created_at, created_by, updated_at, updated_by)"
        " VALUES (1, '张伟欣', '华为', '深圳', 'contracted', ?, 'root', ?, 'root')",
        (T0, T0),
    )
    conn.execute(
        "INSERT INTO customer_phones (customer_id, e164, raw, digits_rev, is_main, created_at)"
        " VALUES (1, '+8613800138000', '138 0013 8000', '0008310083168', 1, ?)",
        (T0,),
    )
    conn.execute(
        "INSERT INTO customer_fts (rowid, tokens) VALUES (1, ?)", (document_tokens("张伟欣", "华为", "", "", "深圳", "", ""),)
    )
    if version >= 8:  # from version 8 on, every customer write keeps its pinyin keys
        conn.executemany("INSERT INTO customer_pinyin (customer_id, part, key) VALUES (1, ?, ?)",
                         search_keys("张伟欣", "华为"))
    conn.execute(
        "INSERT INTO settings (key, value, updated_at, updated_by) VALUES ('wrap_limit_s', '75', ?, 'root')", (T0,)
    )
    conn.execute("INSERT INTO change_log (topic, row_id, at, actor) VALUES ('customers', 1, ?, 'root')", (T0,))
    conn.execute("COMMIT")
    conn.close()


def test_v1_is_what_m1_builds():
    assert MIGRATIONS[0] is M1
    assert LATEST == len(MIGRATIONS) >= 2


@pytest.mark.parametrize("version", range(1, LATEST))
def test_migrates_an_older_store_with_data(tmp_path, clock, version):
    path = tmp_path / "old.db"
    build_old_store(path, version)
    raw = sqlite3.connect(str(path))
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # as an old sqlite3 shell leaves it
    raw.close()

    s = open_store(path, clock)
    try:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
        assert [(a.login, a.role, a.team) for a in list_agents(s, "root")] == [("root", "admin", None), ("li", "agent", "north")]
        c = get_customer(s, "li", 1)
        assert (c.name, c.company, c.city, c.status) == ("张伟欣", "华为", "深圳", "contracted")
        assert c.phones == (CustomerPhone(e164="+8613800138000", raw="138 0013 8000", main=True),)
        assert find_by_phone(s, "li", "+86 138-0013-8000").id == 1
        assert [r["id"] for r in search_customers(s, "li", "伟欣")] == [1]
        assert [r["id"] for r in search_customers(s, "li", "8000")] == [1]
        for pinyin in ("zwx", "zhangwei", "weixin", "hw", "huawei"):  # keys made by migration 8
            assert [r["id"] for r in search_customers(s, "li", pinyin)] == [1], pinyin
        assert get_settings(s, "li")["wrap_limit_s"] == 75
        # the tables of later versions work
        call_id = log_call(s, "li", CallEntry(category="order", outcome="resolved", number="13800138000"))
        assert [r.id for r in list_calls(s, "li")] == [call_id]
        assert get_customer(s, "li", 1).last_contact_at is not None
        # the reading migration: change_log made again with its rows, card views recorded with their topic
        assert s.conn.execute("SELECT topic, row_id, actor FROM change_log ORDER BY seq LIMIT 1").fetchone() == (
            "customers", 1, "root")
        open_customer_card(s, "li", 1, CardReason.lookup("张伟欣"))
        assert s.conn.execute("SELECT topic FROM change_log ORDER BY seq DESC LIMIT 1").fetchone() == ("card_views",)
        assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert s.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        s.close()
    # and it opens again without migrating twice
    s = open_store(path, clock)
    assert s.conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
    s.close()


def test_pinyin_migration_fills_every_customer_in_batches(tmp_path, clock, monkeypatch):
    """Migration 8 computes pinyin keys for a store of version 7 a batch at a time, every customer once."""
    from store import pinyin

    path = tmp_path / "old.db"
    build_old_store(path, 7)
    names = ["曾志明", "单田芳", "Anna Lee", "欧阳娜娜", "仇晓东", "解红梅", "李", "吕布", "王小欣", "José"]
    conn = sqlite3.connect(str(path))
    with conn:
        for i, name in enumerate(names, start=2):
            conn.execute("INSERT INTO customers (id, name, company, created_at, created_by, updated_at, updated_by)"
                         " VALUES (?, ?, ?, ?, 'root', ?, 'root')", (i, name, "华为技术" if i % 2 else "", T0, T0))
    conn.close()
    batches = []
    real = pinyin.key_rows
    monkeypatch.setattr(pinyin, "BATCH", 3)
    monkeypatch.setattr(pinyin, "key_rows", lambda *a: batches.append(a[0]) or real(*a))
    s = open_store(path, clock)
    try:
        assert sorted(batches) == list(range(1, len(names) + 2))  # each customer read once
        assert s.conn.execute("PRAGMA cache_size").fetchone()[0] == -CACHE_KIB  # the fill's bigger cache is undone
        with s.read(None) as tx:
            for cid, name, company in tx.all("SELECT id, name, company FROM customers"):
                stored = sorted(tx.all("SELECT part, key FROM customer_pinyin WHERE customer_id = ?", (cid,)))
                assert stored == sorted(pinyin.search_keys(name, company)), name
        for query, name in (("zzm", "曾志明"), ("czm", "曾志明"), ("shantianfang", "单田芳"), ("oynn", "欧阳娜娜"),
                            ("qiu", "仇晓东"), ("xhm", "解红梅"), ("lvbu", "吕布")):
            assert [r["name"] for r in search_customers(s, "li", query)] == [name], query
        assert [r["name"] for r in search_customers(s, "li", "anna")] == ["Anna Lee"]
    finally:
        s.close()


def test_fresh_store_matches_migrated_store(tmp_path, clock):
    """Migrating from 1 gives the same schema as creating from nothing."""
    old = tmp_path / "old.db"
    build_old_store(old, 1)
    open_store(old, clock).close()
    fresh = tmp_path / "fresh.db"
    open_store(fresh, clock).close()

    def schema(p):
        c = sqlite3.connect(str(p))
        try:
            return sorted(c.execute("SELECT type, name, sql FROM sqlite_master").fetchall(), key=lambda r: (r[0], r[1]))
        finally:
            c.close()

    assert schema(old) == schema(fresh)


def test_newer_store_is_refused(tmp_path, clock):
    path = tmp_path / "new.db"
    open_store(path, clock).close()
    raw = sqlite3.connect(str(path))
    raw.execute(f"PRAGMA user_version = {LATEST + 1}")
    raw.close()
    with pytest.raises(StoreTooNew) as err:
        open_store(path, clock)
    message = str(err.value)
    assert str(path) in message
    assert f"schema {LATEST + 1}" in message and f"up to {LATEST}" in message
    assert "upgrade agentdesk" in message
    raw = sqlite3.connect(str(path))
    assert raw.execute("PRAGMA user_version").fetchone()[0] == LATEST + 1  # left as it was
    raw.close()


def test_failed_migration_leaves_old_version(tmp_path, clock, monkeypatch):
    """A migration runs in one transaction: a failing statement leaves the store at the old version."""
    from store import migrations

    path = tmp_path / "old.db"
    build_old_store(path, 1)
    broken = [migrations.M2[0], "CREATE TABLE this is not sql"]
    monkeypatch.setattr(migrations, "MIGRATIONS", [migrations.M1, broken])
    with pytest.raises(StoreUnavailable) as err:
        open_store(path, clock)
    assert str(err.value).startswith(f"could not bring the store {path} up to schema 2, so it was left as it was "
                                     "(schema 1)")
    raw = sqlite3.connect(str(path))
    try:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 1
        assert raw.execute("SELECT count(*) FROM sqlite_master WHERE name = 'calls'").fetchone()[0] == 0
        assert raw.execute("SELECT name FROM customers").fetchall() == [("张伟欣",)]
    finally:
        raw.close()


def test_a_migration_that_fails_says_so_in_a_sentence(tmp_path, clock):
    """Issue 16: an object a migration makes is already there (another program, a hand edit): a sentence
    naming the file and the version, SQLite's words only after it; the store is left at its version."""
    path = tmp_path / "old.db"
    build_old_store(path, 6)
    raw = sqlite3.connect(str(path))
    raw.execute("CREATE INDEX callbacks_closed_at ON callbacks (closed_at)")  # what migration 7 makes
    raw.close()
    with pytest.raises(StoreUnavailable) as err:
        open_store(path, clock)
    message = str(err.value)
    assert message.startswith(f"could not bring the store {path} up to schema 7, so it was left as it was (schema 6)")
    assert "index callbacks_closed_at already exists" in message
    raw = sqlite3.connect(str(path))
    assert raw.execute("PRAGMA user_version").fetchone()[0] == 6
    raw.close()


def test_first_open_waits_for_a_writer_holding_the_new_file(tmp_path, clock):
    """The WAL switch on a new file waits for another writer instead of failing with "locked".

    (This is what two desks started at once on a new file do to each other; the
    process test below hits it only now and then, this one every time.)
    """
    path = tmp_path / "new.db"
    holder = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # what another desk's first open holds while it makes the tables
    holder.execute("CREATE TABLE scratch (x)")
    release = threading.Timer(0.3, lambda: holder.execute("ROLLBACK"))
    release.start()
    try:
        s = open_store(path, clock)
    finally:
        release.join()
        holder.close()
    try:
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
    finally:
        s.close()


OPENER = """
import json, os, sqlite3, sys, time
sys.path.insert(0, {repo!r})
import store.db
from store import open_store

created = []
_connect = sqlite3.connect
def traced_connect(*args, **kwargs):
    conn = _connect(*args, **kwargs)
    conn.set_trace_callback(lambda sql: created.append(sql) if sql.lstrip().upper().startswith("CREATE") else None)
    return conn
store.db.sqlite3.connect = traced_connect

open({go!r} + ".ready." + str(os.getpid()), "w").close()
while not os.path.exists({go!r}):
    time.sleep(0.001)
s = open_store({path!r})
print(json.dumps([s.conn.execute('PRAGMA user_version').fetchone()[0], len(created)]))
s.close()
"""


@pytest.mark.parametrize("round_", range(3))
def test_processes_opening_a_fresh_file_at_once(tmp_path, round_):
    path = tmp_path / "fresh.db"
    go = tmp_path / "go"
    script = OPENER.format(repo=str(REPO), go=str(go), path=str(path))
    env = {k: v for k, v in os.environ.items() if k != "AGENTDESK_DB"}
    procs = [
        subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for _ in range(4)
    ]
    deadline = time.monotonic() + 60  # every interpreter has started, imported the store and waits
    while len(list(tmp_path.glob("go.ready.*"))) < len(procs):
        assert time.monotonic() < deadline and all(p.poll() is None for p in procs), "openers did not get ready"
        time.sleep(0.01)
    go.touch()
    results = [p.communicate(timeout=60) + (p.returncode,) for p in procs]
    creates = 0
    for out, err, rc in results:
        assert rc == 0, err
        assert err == ""
        version, created = json.loads(out)
        assert version == LATEST
        creates += created
    # the schema was applied exactly once, by one of them
    assert creates == sum(1 for m in MIGRATIONS for step in m
                          if isinstance(step, str) and step.lstrip().upper().startswith("CREATE"))
    assert sorted(json.loads(r[0])[1] for r in results)[:-1] == [0, 0, 0]
    conn = sqlite3.connect(str(path))
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'calls'").fetchone()[0] == 1
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
