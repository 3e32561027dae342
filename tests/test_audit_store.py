"""The audit log records how each actor was proven; SQL can neither change nor delete its rows; an admin
prunes rows past the retention period, and the prune is itself recorded."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fixed_time import FIXED_NOW

from store import open_store
from store import settings as settings_lib
from store.agents import add_agent, set_agent
from store.audit_prune import prune_audit
from store.callbacks import generate_return_visits
from store.clock import FixedClock
from store.customers import create_customer, update_customer
from store.errors import PermissionDenied, ValidationError
from store.migrations import MIGRATIONS, migrate
from store.migrations_audit import M11_AUDIT

AUDIT_VERSION = MIGRATIONS.index(M11_AUDIT) + 1  # 10 on this branch, 11 once migration 10 lands before it


def audit_rows(store, where: str = "1", params=()):
    with store.read(None) as tx:
        return tx.all(f"SELECT actor, proof, table_name, row_id, action FROM audit_log WHERE {where} ORDER BY id",
                      params)


@contextmanager
def raw(store) -> Iterator[sqlite3.Connection]:
    """The file as someone with the sqlite3 shell sees it: a connection of their own, autocommit."""
    conn = sqlite3.connect(str(store.path), isolation_level=None)
    try:
        yield conn
    finally:
        conn.close()


@pytest.fixture
def proven(tmp_path, clock):
    """A store opened as the other engineer's login check opens it, with a small team."""
    s = open_store(tmp_path / "proven.db", clock, proof="sudo uid=1001 (root)")
    add_agent(s, None, "root", "Root Admin", "admin", None)
    add_agent(s, "root", "lin", "林芳", "lead", "north", "8000")
    add_agent(s, "root", "li", "李娜", "agent", "north", "8001")
    yield s
    s.close()


# -- proof -------------------------------------------------------------------------------------------
def test_every_audit_row_records_the_proof_of_its_store(proven):
    cid = create_customer(proven, "li", name="张伟")
    update_customer(proven, "li", cid, city="深圳")
    rows = audit_rows(proven)
    assert rows and {proof for _a, proof, *_ in rows} == {"sudo uid=1001 (root)"}
    assert ("li", "sudo uid=1001 (root)", "customers", cid, "update") in rows


def test_a_store_opened_without_a_proof_says_unbound(team):
    assert team.proof == "unbound"
    create_customer(team, "li", name="张伟")
    assert {proof for _a, proof, *_ in audit_rows(team)} == {"unbound"}


def test_a_blank_proof_is_unbound_and_a_proof_is_one_line(tmp_path, clock):
    assert open_store(tmp_path / "a.db", clock, proof="  ").proof == "unbound"
    assert open_store(tmp_path / "b.db", clock, proof="ssh key\nli").proof == "ssh key li"


def test_return_visits_made_in_bulk_record_the_proof(tmp_path, clock):
    s = open_store(tmp_path / "rv.db", clock, proof="ssh key lin")
    add_agent(s, None, "root", "Root Admin", "admin", None)
    add_agent(s, "root", "lin", "林芳", "lead", "north", "8000")
    create_customer(s, "root", name="张伟", status="contracted")
    clock.advance(days=40)
    assert generate_return_visits(s, "lin", pause_s=0)["created"] == 1
    assert audit_rows(s, "table_name = 'callbacks'") == [("lin", "ssh key lin", "callbacks", 1, "insert")]


def test_an_audit_row_without_a_proof_is_refused_by_the_schema(team):
    with raw(team) as conn, pytest.raises(sqlite3.IntegrityError, match="proof"):
        conn.execute("INSERT INTO audit_log (at, actor, table_name, row_id, action) VALUES ('x', 'li', 't', 1, 'insert')")


def test_rows_from_before_the_migration_say_so_and_keep_their_data(tmp_path, clock):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(str(path), isolation_level=None)  # the store as the previous version left it
    for migration in MIGRATIONS[: AUDIT_VERSION - 1]:
        for step in migration:
            conn.execute(step) if isinstance(step, str) else step(conn)
    conn.execute(f"PRAGMA user_version = {AUDIT_VERSION - 1}")
    conn.execute("INSERT INTO audit_log (at, actor, table_name, row_id, action, after) VALUES"
                 " ('2026-01-05T08:00:00Z', 'root', 'customers', 1, 'update', '{\"city\": \"深圳\"}')")
    conn.close()
    s = open_store(path, clock, proof="ssh key root")
    try:
        with s.read(None) as tx:
            # its personal value moved aside by migration 14 (store/migrations_pii.py), read back whole
            assert tx.all("SELECT actor, proof, after FROM audit_log") == [("root", "before proofs", '{"city": {"$aside": true}}')]
            assert tx.all("SELECT key, value FROM audit_values") == [("city", '"深圳"')]
            assert tx.scalar("PRAGMA user_version") == len(MIGRATIONS)
        add_agent(s, None, "root", "Root Admin", "admin", None)
        assert audit_rows(s)[-1][:2] == ("root", "ssh key root")
        with raw(s) as conn, pytest.raises(sqlite3.IntegrityError, match="cannot be deleted"):
            conn.execute("DELETE FROM audit_log")  # the old row is as protected as the new
        assert migrate(s) == len(MIGRATIONS)
    finally:
        s.close()


# -- triggers ----------------------------------------------------------------------------------------
def test_sql_cannot_change_an_audit_row(team):
    create_customer(team, "li", name="张伟")
    with raw(team) as conn, pytest.raises(sqlite3.IntegrityError, match="cannot be changed"):
        conn.execute("UPDATE audit_log SET actor = 'wang'")
    with team.write(None) as tx, pytest.raises(sqlite3.IntegrityError, match="cannot be changed"):
        tx.execute("UPDATE audit_log SET proof = 'forged' WHERE id = 1")
    assert {actor for actor, *_ in audit_rows(team)} == {"root", "li"}


def test_sql_cannot_delete_or_replace_an_audit_row(team):
    create_customer(team, "li", name="张伟")
    count = len(audit_rows(team))
    with raw(team) as conn:
        with pytest.raises(sqlite3.IntegrityError, match="cannot be deleted"):
            conn.execute("DELETE FROM audit_log")
        with pytest.raises(sqlite3.IntegrityError, match="cannot be replaced"):
            conn.execute("INSERT OR REPLACE INTO audit_log (id, at, actor, proof, table_name, row_id, action)"
                         " VALUES (1, 'x', 'wang', 'forged', 't', 1, 'insert')")
    assert len(audit_rows(team)) == count


def test_a_prune_row_typed_by_hand_must_name_an_admin_and_stays(team):
    """Deleting by hand takes a deliberate prune row, which stays for good; once closed it allows nothing."""
    old_row = ("INSERT INTO audit_log (at, actor, proof, table_name, row_id, action)"
               " VALUES ('2024-06-01T00:00:00Z', 'root', 'typed', 't', 1, 'insert')")
    with raw(team) as conn:
        with pytest.raises(sqlite3.IntegrityError, match="only an active admin"):
            conn.execute("INSERT INTO audit_prunes (at, actor, proof, cutoff) VALUES (?, 'li', 'x', '2025-01-01')",
                         (NOW(),))
        with pytest.raises(sqlite3.IntegrityError, match="not before"):
            conn.execute("INSERT INTO audit_prunes (at, actor, proof, cutoff) VALUES (?, 'root', 'x', '2099-01-01')",
                         (NOW(),))
        with pytest.raises(sqlite3.IntegrityError, match="starts open"):
            conn.execute("INSERT INTO audit_prunes (at, actor, proof, cutoff, rows) VALUES (?, 'root', 'x', '2025', 0)",
                         (NOW(),))
        conn.execute(old_row)
        conn.execute("INSERT INTO audit_prunes (at, actor, proof, cutoff) VALUES (?, 'root', 'typed', '2025-01-01')",
                     (NOW(),))
        with pytest.raises(sqlite3.IntegrityError, match="cannot be deleted"):
            conn.execute("DELETE FROM audit_log")  # the open prune lets only rows older than its cutoff go
        assert conn.execute("DELETE FROM audit_log WHERE at < '2025-01-01'").rowcount == 1
        with pytest.raises(sqlite3.IntegrityError, match="cannot be deleted"):
            conn.execute("DELETE FROM audit_prunes")
        conn.execute("UPDATE audit_prunes SET rows = 1")  # closing it is the one change allowed
        with pytest.raises(sqlite3.IntegrityError, match="closed once"):
            conn.execute("UPDATE audit_prunes SET rows = 0")
        conn.execute(old_row)
        with pytest.raises(sqlite3.IntegrityError, match="cannot be deleted"):  # closed: nothing goes any more
            conn.execute("DELETE FROM audit_log WHERE at < '2025-01-01'")
        assert conn.execute("SELECT actor, proof, cutoff, rows FROM audit_prunes").fetchall() == [
            ("root", "typed", "2025-01-01", 1)]


def NOW() -> str:
    return FIXED_NOW.strftime("%Y-%m-%dT%H:%M:%SZ")


# -- retention and pruning ---------------------------------------------------------------------------
def test_retention_is_a_year_unless_set_and_never_under_six_months(team):
    assert settings_lib.get_settings(team, "li")["audit_retention_days"] == 365
    with pytest.raises(ValidationError) as err:
        settings_lib.set_setting(team, "root", "audit_retention_days", 90)
    assert err.value.field == "audit_retention_days"
    assert "183 or more" in str(err.value) and "90 days" in str(err.value)
    with pytest.raises(PermissionDenied, match="only an admin"):
        settings_lib.set_setting(team, "lin", "audit_retention_days", 400)
    assert settings_lib.set_from_text(team, "root", "audit_retention_days", "183") == 183


@pytest.fixture
def aged(tmp_path):
    """Two rows written 400 days ago (2025-10-22), one 200 days ago and one today (clock at FIXED_NOW)."""
    clock = FixedClock(FIXED_NOW)
    clock.advance(days=-400)
    s = open_store(tmp_path / "aged.db", clock, proof="sudo uid=0 (root)")
    add_agent(s, None, "root", "Root Admin", "admin", None)
    add_agent(s, "root", "lin", "林芳", "lead", "north", "8000")
    clock.advance(days=200)
    add_agent(s, "root", "li", "李娜", "agent", "north", "8001")
    clock.advance(days=200)
    set_agent(s, "root", "li", name="李娜娜")
    yield s
    s.close()


def test_an_admin_prunes_rows_past_retention_and_the_prune_is_recorded(aged):
    assert len(audit_rows(aged)) == 4
    (prune,) = prune_audit(aged, "root", "2025-11-01")
    assert (prune.rows, prune.actor, prune.proof) == (2, "root", "sudo uid=0 (root)")
    assert prune.cutoff == "2025-10-31T16:00:00Z"  # local midnight in Shanghai
    rows = audit_rows(aged)
    assert [r[2:] for r in rows] == [("agents", 3, "insert"), ("agents", 3, "update"), ("audit_log", prune.id, "delete")]
    with aged.read(None) as tx:
        assert tx.one("SELECT before FROM audit_log WHERE table_name = 'audit_log'") == (
            '{"cutoff": "2025-10-31T16:00:00Z", "rows": 2}',)
        assert tx.all("SELECT actor, cutoff, rows FROM audit_prunes") == [("root", "2025-10-31T16:00:00Z", 2)]


def test_a_prune_inside_the_retention_period_is_refused(aged):
    with pytest.raises(ValidationError) as err:
        prune_audit(aged, "root", "2026-01-01")  # 365 days before 2026-11-26 is 2025-11-26
    assert err.value.field == "before"
    assert "retention period (365 days" in str(err.value) and "2025-11-26 or earlier" in str(err.value)
    settings_lib.set_setting(aged, "root", "audit_retention_days", 183)
    assert prune_audit(aged, "root", "2026-01-01")[0].rows == 2
    with pytest.raises(ValidationError, match="not a day"):
        prune_audit(aged, "root", "last year")
    assert len(audit_rows(aged)) == 4  # 2 left, 2 prunes (a refused one writes nothing)


def test_only_an_admin_prunes(aged):
    with pytest.raises(PermissionDenied, match="needs the role admin"):
        prune_audit(aged, "lin", "2025-11-01")
    assert len(audit_rows(aged)) == 4


def test_a_big_prune_goes_in_short_transactions_each_recorded(aged):
    prunes = prune_audit(aged, "root", "2025-11-01", chunk=1, pause_s=0)
    assert [p.rows for p in prunes] == [1, 1, 0]  # two old rows, then the one that found none
    with aged.read(None) as tx:
        assert tx.scalar("SELECT count(*) FROM audit_prunes WHERE rows IS NULL") == 0
        assert tx.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'audit_log'") == 3


def test_after_a_prune_sql_still_cannot_delete_rows_older_than_its_cutoff(aged):
    prune_audit(aged, "root", "2025-01-01")  # nothing that old
    with raw(aged) as conn:
        conn.execute("INSERT INTO audit_log (at, actor, proof, table_name, row_id, action)"
                     " VALUES ('2024-06-01T00:00:00Z', 'root', 'typed', 't', 1, 'insert')")
        with pytest.raises(sqlite3.IntegrityError, match="cannot be deleted"):
            conn.execute("DELETE FROM audit_log WHERE at < '2025-01-01'")
