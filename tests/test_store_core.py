"""The store's core promises: connection setup, BEGIN IMMEDIATE, audit and change log, clock, SQL hygiene."""

from __future__ import annotations

import ast
import json
import re
import sqlite3
import threading
import time
from pathlib import Path

import pytest

import store as store_pkg
from store import db as db_mod
from store.agents import add_agent, set_agent
from store.call_records import CallEntry, NewCustomer
from store.callbacks import insert_callback
from store.calls import log_call
from store.clock import iso
from store.customers import add_phone, create_customer, update_customer
from store.errors import Conflict, StoreUnavailable, ValidationError
from store.settings import set_setting
from store.status import set_status

STORE_DIR = Path(store_pkg.__file__).parent
DOCS = STORE_DIR.parent / "docs" / "store.md"

# Every table a write can touch: a failed write must leave all of them as they were.
TABLES = (
    "agents", "customers", "customer_phones", "customer_fts", "settings", "change_log", "audit_log",
    "calls", "callbacks", "agent_status_log",
)


def counts(s) -> dict:
    with s.read(None) as tx:
        return {t: tx.scalar(f"SELECT count(*) FROM {t}") for t in TABLES}


def snapshot(s) -> dict:
    """Every row of every table, to prove a failed write changed nothing at all."""
    with s.read(None) as tx:
        return {t: tx.all(f"SELECT * FROM {t} ORDER BY rowid") for t in TABLES}


# -- connection setup -----------------------------------------------------------
def _documented_synchronous() -> str:
    match = re.search(r"\|\s*`synchronous`\s*\|\s*`(\w+)`", DOCS.read_text(encoding="utf-8"))
    assert match, "docs/store.md must document the synchronous setting"
    return match.group(1).upper()


SYNC_LEVELS = {"OFF": 0, "NORMAL": 1, "FULL": 2, "EXTRA": 3}


def test_connection_pragmas(store):
    conn = store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == SYNC_LEVELS[_documented_synchronous()]
    # a modest page cache: set, and below 64 MiB
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    assert cache < 0 and -cache <= 65_536


def test_pragmas_hold_on_reopen_of_existing_file(store_path, clock):
    s = store_pkg.open_store(store_path, clock)
    s.close()
    # a second connection to the same file gets the same setup
    s = store_pkg.open_store(store_path, clock)
    try:
        assert s.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert s.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        s.close()


def test_foreign_keys_enforced(team):
    with pytest.raises(sqlite3.IntegrityError):
        with team.write("li") as tx:
            tx.insert("calls", {
                "agent_id": 9999, "category": "order", "outcome": "resolved", "started_at": tx.now,
                "created_at": tx.now, "updated_at": tx.now, "updated_by": "li",
            })
    assert counts(team)["calls"] == 0


# -- every write is BEGIN IMMEDIATE ---------------------------------------------
_WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b", re.I)


def assert_writes_inside_immediate(statements: list[str]) -> int:
    """Every writing statement sits between BEGIN IMMEDIATE and COMMIT/ROLLBACK. Returns #transactions."""
    state = None
    immediate = 0
    for sql in statements:
        head = sql.strip().upper()
        if head.startswith("BEGIN"):
            assert state is None, f"nested BEGIN: {statements}"
            state = "write" if head.startswith("BEGIN IMMEDIATE") else "read"
            immediate += state == "write"
        elif head.startswith(("COMMIT", "ROLLBACK", "END")):
            state = None
        elif head.startswith("-- "):
            # SQLite's trace of a statement nested in the one before (FTS5 shadow tables,
            # flushed during COMMIT): part of that statement, not a transaction of its own
            continue
        elif _WRITE.match(sql):
            assert state == "write", f"write outside BEGIN IMMEDIATE: {sql!r} in {statements}"
    return immediate


def _customer(s):
    return create_customer(s, "li", name="A")


# name -> (setup returning an argument, the write under test, audited?)
WRITES = {
    "add_agent": (None, lambda s, _: add_agent(s, "root", "new1", "New One", "agent", "north"), True),
    "set_agent": (None, lambda s, _: set_agent(s, "root", "li", name="李娜娜"), True),
    "create_customer": (None, lambda s, _: create_customer(s, "li", phones=["13800138000"], name="张伟欣"), True),
    "update_customer": (_customer, lambda s, cid: update_customer(s, "li", cid, name="B"), True),
    "add_phone": (_customer, lambda s, cid: add_phone(s, "li", cid, "13900139000"), True),
    "log_call": (None, lambda s, _: log_call(s, "li", CallEntry(category="order", outcome="resolved", number="13700137000", new_customer=NewCustomer(name="来电客户"))), True),
    "set_status": (None, lambda s, _: set_status(s, "li", "ready"), False),
    "set_setting": (None, lambda s, _: set_setting(s, "root", "wrap_limit_s", 90), True),
}


@pytest.mark.parametrize("name", list(WRITES))
def test_every_write_is_one_begin_immediate_with_its_logs(team, name):
    setup, write, audited = WRITES[name]
    arg = setup(team) if setup else None
    statements: list[str] = []
    team.conn.set_trace_callback(statements.append)
    try:
        write(team, arg)
    finally:
        team.conn.set_trace_callback(None)
    assert any(_WRITE.match(s) for s in statements), statements
    # one transaction, taken with BEGIN IMMEDIATE, holding the change and its change-log (and audit) rows
    assert assert_writes_inside_immediate(statements) == 1
    top = [s for s in statements if not s.startswith("-- ")]
    assert top[0] == "BEGIN IMMEDIATE" and top[-1] == "COMMIT"
    assert any(s.startswith("INSERT INTO change_log") for s in top)
    assert any(s.startswith("INSERT INTO audit_log") for s in top) == audited


def test_write_context_is_immediate_and_read_is_deferred(store):
    statements: list[str] = []
    store.trace(statements.append)
    with store.write(None):
        pass
    with store.read(None):
        pass
    store.trace(None)
    begins = [s for s in statements if s.upper().startswith("BEGIN")]
    assert begins == ["BEGIN IMMEDIATE", "BEGIN"]


def test_write_takes_the_lock_up_front(store_path, store):
    """A second connection cannot start writing while a write transaction is open, even before it writes."""
    with store.write(None):
        other = sqlite3.connect(str(store_path), isolation_level=None, timeout=0)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()


def test_begin_retries_briefly_when_busy(team, store_path):
    """A writer that hits SQLITE_BUSY past busy_timeout retries BEGIN IMMEDIATE a few times, then succeeds."""
    team.conn.execute("PRAGMA busy_timeout = 100")  # shrink the wait so the retry loop is what saves us
    holder = sqlite3.connect(str(store_path), isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    released = threading.Timer(0.3, lambda: holder.execute("COMMIT"))
    released.start()
    try:
        started = time.monotonic()
        set_status(team, "li", "ready")
        waited = time.monotonic() - started
    finally:
        released.join()
        holder.close()
    assert waited >= 0.25  # it really waited past one busy_timeout ...
    with team.read(None) as tx:  # ... and the write landed
        assert tx.scalar("SELECT status FROM agent_status_log WHERE ended_at IS NULL") == "ready"


def test_begin_gives_up_with_a_sentence_when_busy_too_long(team, store_path):
    team.conn.execute("PRAGMA busy_timeout = 50")
    before = snapshot(team)
    holder = sqlite3.connect(str(store_path), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreUnavailable, match="busy"):
            set_status(team, "li", "ready")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert snapshot(team) == before


# -- audit log ------------------------------------------------------------------
def audit_rows(s, table=None):
    """The audit rows, their personal values put back from audit_values (store/audit_values.py)."""
    from store.audit_values import restore

    def whole(tx, audit_id, side, text):
        return None if text is None else json.dumps(restore(tx.conn, audit_id, side, json.loads(text)), ensure_ascii=False)

    with s.read(None) as tx:
        sql = "SELECT id, at, actor, table_name, row_id, action, before, after FROM audit_log"
        params = ()
        if table:
            sql += " WHERE table_name = ?"
            params = (table,)
        return [(at, actor, t, rid, action, whole(tx, i, "before", b), whole(tx, i, "after", a))
                for i, at, actor, t, rid, action, b, a in tx.all(sql + " ORDER BY id", params)]


def test_audit_insert_records_who_and_when_without_copying_the_row(team, clock):
    cid = create_customer(team, "li", phones=["13800138000"], name="张伟欣", notes="secret note")
    rows = audit_rows(team, "customers")
    assert rows == [(iso(clock.now), "li", "customers", cid, "insert", None, None)]
    phone_rows = audit_rows(team, "customer_phones")
    assert len(phone_rows) == 1 and phone_rows[0][1] == "li" and phone_rows[0][5:] == (None, None)


def test_audit_update_keeps_only_changed_columns(team, clock):
    cid = create_customer(team, "li", name="张伟", city="深圳", company="ACME")
    clock.advance(minutes=5)
    changed = update_customer(team, "wang", cid, name="张伟欣", city="深圳", company="ACME")
    assert set(changed) == {"name"}
    at, actor, table, row_id, action, before, after = audit_rows(team, "customers")[-1]
    assert (at, actor, table, row_id, action) == (iso(clock.now), "wang", "customers", cid, "update")
    assert json.loads(before) == {"name": "张伟"}
    assert json.loads(after) == {"name": "张伟欣"}


def test_audit_update_with_no_change_writes_nothing(team, clock):
    cid = create_customer(team, "li", name="张伟", city="深圳")
    before = snapshot(team)
    clock.advance(minutes=1)
    assert update_customer(team, "li", cid, name="张伟", city="深圳") == {}
    assert snapshot(team) == before


def test_audit_delete_keeps_the_row_before(team, clock):
    cid = create_customer(team, "li", phones=["13800138000", "13900139000"], name="张伟")
    with team.read(None) as tx:
        phone_id, raw = tx.one("SELECT id, raw FROM customer_phones WHERE e164 = '+8613900139000'")
    with team.write("lin") as tx:
        tx.delete("customer_phones", phone_id)
    at, actor, table, row_id, action, before, after = audit_rows(team)[-1]
    assert (actor, table, row_id, action, after) == ("lin", "customer_phones", phone_id, "delete", None)
    row = json.loads(before)
    assert row["e164"] == "+8613900139000" and row["raw"] == raw and row["customer_id"] == cid
    assert at == iso(clock.now)


def test_agent_changes_are_audited(team):
    set_agent(team, "root", "li", role="lead")
    _, actor, table, _, action, before, after = audit_rows(team, "agents")[-1]
    assert (actor, table, action) == ("root", "agents", "update")
    assert json.loads(before)["role"] == "agent" and json.loads(after)["role"] == "lead"


def test_setting_change_is_audited(team):
    set_setting(team, "root", "wrap_limit_s", 90)
    _, actor, table, _, action, before, after = audit_rows(team, "settings")[-1]
    assert (actor, table, action) == ("root", "settings", "update")
    assert json.loads(before) == {"wrap_limit_s": 120} and json.loads(after) == {"wrap_limit_s": 90}


def test_first_agent_is_audited_as_themself(store):
    add_agent(store, None, "boss", "Boss", "admin", None)
    assert audit_rows(store, "agents")[0][1:5] == ("boss", "agents", 1, "insert")


# -- change log -----------------------------------------------------------------
def change_rows(s):
    with s.read(None) as tx:
        return tx.all("SELECT topic, row_id, at, actor FROM change_log ORDER BY seq")


def test_change_log_rows_for_each_write(team, clock):
    start = len(change_rows(team))
    cid = create_customer(team, "li", name="张伟")
    call_id = log_call(team, "li", CallEntry(category="order", outcome="resolved", customer_id=cid))
    set_status(team, "li", "ready")
    set_setting(team, "root", "wrap_limit_s", 90)
    now = iso(clock.now)
    assert change_rows(team)[start:] == [
        ("customers", cid, now, "li"),
        ("calls", call_id, now, "li"),
        ("status", team_agent_id(team, "li"), now, "li"),
        ("settings", None, now, "root"),
    ]


def team_agent_id(s, login):
    with s.read(None) as tx:
        return tx.scalar("SELECT id FROM agents WHERE login = ?", (login,))


# -- a failed write changes nothing ---------------------------------------------
def test_duplicate_phone_create_leaves_no_rows(team):
    create_customer(team, "li", phones=["13800138000"], name="张伟")
    before = snapshot(team)
    with pytest.raises(Conflict, match=r"\+8613800138000"):
        create_customer(team, "wang", phones=["13900139000", "+86 138-0013-8000"], name="李雷")
    assert snapshot(team) == before


def test_failure_after_customer_insert_rolls_back_customer_audit_and_change_log(team):
    """log_call creates the caller, then loses on a duplicate uniqueid: nothing of it may stay."""
    log_call(team, "li", CallEntry(category="order", outcome="resolved", uniqueid="pbx-1"))
    before = snapshot(team)
    with pytest.raises(Conflict, match="pbx-1"):
        log_call(team, "wang", CallEntry(category="order", outcome="resolved", number="13700137000", new_customer=NewCustomer(name="新客户"), uniqueid="pbx-1"))
    assert snapshot(team) == before


def test_exception_inside_write_rolls_back_everything(team):
    before = snapshot(team)
    with pytest.raises(RuntimeError):
        with team.write("li") as tx:
            from store.customers import insert_customer

            insert_customer(tx, {"name": "张伟"}, ["13800138000"])
            insert_callback(tx, due_at=tx.now, customer_id=1, owner="li")
            raise RuntimeError("boom")
    assert snapshot(team) == before
    assert not team.conn.in_transaction


def test_validation_error_writes_nothing(team):
    before = snapshot(team)
    with pytest.raises(ValidationError) as err:
        log_call(team, "li", CallEntry(category="no-such-category", outcome="resolved"))
    assert err.value.field == "category"
    with pytest.raises(ValidationError):
        create_customer(team, "li", phones=["12345"], name="张伟")
    assert snapshot(team) == before


def test_store_still_usable_after_failed_write(team):
    create_customer(team, "li", phones=["13800138000"], name="A")
    with pytest.raises(Conflict):
        create_customer(team, "li", phones=["13800138000"], name="B")
    assert not team.conn.in_transaction
    assert create_customer(team, "li", phones=["13900139000"], name="C") > 0


# -- times come from the injected clock -----------------------------------------
def test_times_come_from_the_clock(team, clock):
    clock.advance(days=3, hours=1, seconds=7)
    now = iso(clock.now)
    cid = create_customer(team, "li", phones=["13800138000"], name="张伟")
    call_id = log_call(team, "li", CallEntry(category="order", outcome="resolved", customer_id=cid))
    set_status(team, "li", "ready")
    with team.read(None) as tx:
        assert tx.one("SELECT created_at, updated_at FROM customers WHERE id = ?", (cid,)) == (now, now)
        assert tx.scalar("SELECT created_at FROM customer_phones") == now
        assert tx.one("SELECT started_at, created_at FROM calls WHERE id = ?", (call_id,)) == (now, now)
        assert tx.scalar("SELECT last_contact_at FROM customers WHERE id = ?", (cid,)) == now
        assert tx.scalar("SELECT started_at FROM agent_status_log") == now
        assert {r[0] for r in tx.all("SELECT at FROM audit_log WHERE table_name IN ('customers', 'calls')")} == {now}
        assert {r[0] for r in tx.all("SELECT at FROM change_log WHERE topic != 'agents'")} == {now}
    clock.advance(minutes=10)
    later = iso(clock.now)
    update_customer(team, "wang", cid, name="张伟欣")
    set_status(team, "li", "break", "lunch")
    with team.read(None) as tx:
        assert tx.one("SELECT created_at, updated_at, updated_by FROM customers WHERE id = ?", (cid,)) == (now, later, "wang")
        assert tx.all("SELECT started_at, ended_at FROM agent_status_log ORDER BY id") == [(now, later), (later, None)]


def test_clock_is_used_not_sql_time(store_path):
    """A clock far in the past proves nothing reads SQLite's own time."""
    from datetime import datetime, timezone

    from store.clock import FixedClock

    old = FixedClock(datetime(2001, 2, 3, 4, 5, 6, tzinfo=timezone.utc))
    s = store_pkg.open_store(store_path, old)
    try:
        add_agent(s, None, "root", "Root", "admin", None)
        with s.read(None) as tx:
            assert tx.scalar("SELECT created_at FROM agents") == "2001-02-03T04:05:06Z"
            assert tx.scalar("SELECT at FROM audit_log") == "2001-02-03T04:05:06Z"
    finally:
        s.close()


# -- SQL hygiene: no SQL-side time, randomness or INSERT OR -----------------------
FORBIDDEN = re.compile(r"CURRENT_TIMESTAMP|CURRENT_DATE|CURRENT_TIME|'now'|\"now\"|\brandom\s*\(|INSERT\s+OR\b", re.I)


def _string_literals(path: Path) -> list[tuple[int, str]]:
    """Every string literal of a module (f-string parts included), docstrings excluded."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            out.append((node.lineno, node.value))
    return out


def test_sql_hygiene_in_store_sources():
    sources = sorted(STORE_DIR.glob("*.py"))
    assert len(sources) >= 15
    bad = [
        f"{p.name}:{line}: {text[:80]!r}"
        for p in sources
        for line, text in _string_literals(p)
        if FORBIDDEN.search(text)
    ]
    assert bad == []


def test_sql_hygiene_checker_catches_offenders(tmp_path):
    """The checker above is not vacuous."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""Docstring may say INSERT OR IGNORE."""\n'
        'A = "INSERT OR IGNORE INTO t VALUES (1)"\n'
        'B = f"SELECT datetime(\'now\') FROM {A}"\n'
        "C = 'DEFAULT CURRENT_TIMESTAMP'\n"
        "D = 'ORDER BY random()'\n",
        encoding="utf-8",
    )
    hits = [t for _, t in _string_literals(sample) if FORBIDDEN.search(t)]
    assert len(hits) == 4


def test_sql_hygiene_in_schema(store):
    rows = store.conn.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL").fetchall()
    assert len(rows) > 20
    assert [name for name, sql in rows if FORBIDDEN.search(sql)] == []
    # no triggers or defaults computing times in SQL at all
    assert not [name for name, sql in rows if re.search(r"\b(datetime|julianday|strftime|date|time)\s*\(", sql, re.I)]


# -- opening odd files ------------------------------------------------------------
def test_not_a_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is not a database, just some text that is long enough" * 100)
    with pytest.raises(StoreUnavailable, match="not an agentdesk store"):
        store_pkg.open_store(path)
    assert path.read_bytes().startswith(b"this is not a database")


def test_directory_is_refused(tmp_path):
    with pytest.raises(StoreUnavailable, match="is a directory"):
        store_pkg.open_store(tmp_path)


def test_missing_folder_is_refused_unless_asked_to_create(tmp_path):
    path = tmp_path / "nope" / "desk.db"
    with pytest.raises(StoreUnavailable, match="does not exist"):
        store_pkg.open_store(path)
    assert not path.parent.exists()
    s = store_pkg.open_store(path, create_parent=True)
    s.close()
    assert path.exists()


def test_busy_constants_are_sane():
    from store import connection

    assert connection.BUSY_TIMEOUT_MS >= 5000
    assert 1 <= db_mod.BEGIN_RETRIES <= 20
