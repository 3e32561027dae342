"""The one undo rule for closed callbacks: whoever closed it (or its owner) within callback_undo_min,
a lead of the team or an admin at any time; with a reason, in its history and the audit log."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from store import callbacks as cb
from store import open_store
from store.customers import create_customer
from store.errors import Conflict, PermissionDenied, ValidationError
from store.migrations import M9_REOPEN, MIGRATIONS
from store.settings import set_setting
from tui.cli import cli
from tui.cli_env import EXIT_CONFLICT


@pytest.fixture
def owned(team):
    """li owns callback for 吴敏, due in an hour."""
    wu = create_customer(team, "li", phones=["139 0013 8001"], name="吴敏")
    team.callback = cb.add_callback(team, "li", customer_id=wu, due="+1h", owner="li", reason="refund")
    cb.record_attempt(team, "li", team.callback, "call-later")  # done needs a try first
    team.customer = wu
    return team


def events(store, callback_id):
    return [(e.event, e.actor, e.note) for e in cb.get_callback(store, "root", callback_id).history]


def test_the_agent_who_closed_it_reopens_it_within_the_window_with_a_reason(owned, clock):
    cb.complete_callback(owned, "li", owned.callback)
    clock.advance(minutes=9)
    with pytest.raises(ValidationError) as refused:
        cb.reopen_callback(owned, "li", owned.callback, "  ")
    assert refused.value.field == "reason"
    got = cb.reopen_callback(owned, "li", owned.callback, "closed by mistake")
    assert got.status == "open" and got.closed_at is None and got.owner == "li"
    assert events(owned, owned.callback)[-1] == ("reopened", "li", "closed by mistake")
    with owned.read("root", "admin") as tx:
        audited = tx.all("SELECT actor, before, after FROM audit_log WHERE table_name = 'callbacks' AND row_id = ?"
                         " AND action = 'update' ORDER BY id", (owned.callback,))
    actor, before, after = audited[-1]
    assert actor == "li" and json.loads(before)["status"] == "done" and json.loads(after)["status"] == "open"
    with pytest.raises(Conflict, match="open already"):
        cb.reopen_callback(owned, "li", owned.callback, "again")


def test_after_the_window_only_a_lead_of_the_team_or_an_admin_reopens(owned, clock):
    cb.cancel_callback(owned, "li", owned.callback, "customer asked to stop")
    clock.advance(minutes=11)
    with pytest.raises(PermissionDenied, match="within 10 minutes"):
        cb.reopen_callback(owned, "li", owned.callback, "too late")
    with pytest.raises(PermissionDenied):
        cb.reopen_callback(owned, "zhao", owned.callback, "another team's")
    got = cb.reopen_callback(owned, "lin", owned.callback, "the customer called back")
    assert got.status == "open" and got.cancel_reason is None
    cb.complete_callback(owned, "li", owned.callback)
    clock.advance(days=30)
    assert cb.reopen_callback(owned, "root", owned.callback, "audit finding").status == "open"


def test_the_window_is_the_setting_and_a_colleague_may_not_undo_it(owned, clock):
    set_setting(owned, "root", "callback_undo_min", 30)
    cb.complete_callback(owned, "li", owned.callback)
    clock.advance(minutes=25)
    with pytest.raises(PermissionDenied, match="closed by li"):
        cb.reopen_callback(owned, "wang", owned.callback, "not mine")
    assert cb.reopen_callback(owned, "li", owned.callback, "still owed").status == "open"


def test_a_pool_callback_is_reopened_by_whoever_closed_it(owned, clock):
    pool = cb.add_callback(owned, "li", customer_id=owned.customer, due="+2h", owner="pool", reason="missed")
    cb.record_attempt(owned, "wang", pool, "call-later")
    cb.complete_callback(owned, "wang", pool)
    with pytest.raises(PermissionDenied):
        cb.reopen_callback(owned, "li", pool, "not mine either")
    assert cb.reopen_callback(owned, "wang", pool, "wrong one").status == "open"


def test_a_return_visit_does_not_reopen_beside_an_open_one(owned, clock):
    with owned.write("root", "admin") as tx:
        first = cb.insert_callback(tx, due_at="2026-11-27T02:00:00Z", kind="return-visit", customer_id=owned.customer)
    cb.record_attempt(owned, "li", first, "no-answer")
    cb.complete_callback(owned, "li", first)
    with owned.write("root", "admin") as tx:
        second = cb.insert_callback(tx, due_at="2026-11-28T02:00:00Z", kind="return-visit", customer_id=owned.customer)
    with pytest.raises(Conflict, match=f"#{second} is open"):
        cb.reopen_callback(owned, "li", first, "mistake")
    assert cb.get_callback(owned, "li", first).status == "done"  # left as it was


def test_cli_reopen(owned, store_path, clock):
    cb.complete_callback(owned, "li", owned.callback)
    run = CliRunner().invoke
    refused = run(cli, ["--db", str(store_path), "--agent", "li", "callbacks", "reopen", str(owned.callback)])
    assert refused.exit_code != 0 and "--reason" in refused.output
    done = run(cli, ["--db", str(store_path), "--agent", "li", "callbacks", "reopen", str(owned.callback),
                     "--reason", "closed by mistake"])
    assert done.exit_code == 0, done.output
    assert f"callback #{owned.callback} is open again" in done.output
    again = run(cli, ["--db", str(store_path), "--agent", "li", "callbacks", "reopen", str(owned.callback),
                      "--reason", "twice"])
    assert again.exit_code == EXIT_CONFLICT and "open already" in again.output


def test_migration_9_keeps_every_event_and_accepts_reopened(tmp_path, clock):
    path = tmp_path / "old.db"
    raw = sqlite3.connect(path, isolation_level=None)  # a store at version 9 (later migrations run on it below)
    for step in (step for migration in MIGRATIONS[:9] for step in migration):
        raw.execute(step) if isinstance(step, str) else step(raw)
    raw.close()
    raw = sqlite3.connect(path)
    before = raw.execute("SELECT sql FROM sqlite_master WHERE name = 'callback_events'").fetchone()[0]
    assert "'reopened'" in before  # a new store has the new table; make it as version 8 had it
    raw.executescript(
        "DROP TABLE callback_events;"
        + M9_REOPEN[0].replace("callback_events_9", "callback_events").replace(", 'reopened'", "") + ";"
        + "INSERT INTO callbacks (id, first_due_at, due_at, created_at, created_by, updated_at, updated_by, phone_e164)"
          " VALUES (7, 'x', 'x', 'x', 'x', 'x', 'x', '+8613800138000');"
        + "INSERT INTO callback_events (id, callback_id, at, actor, event, note) VALUES (41, 7, 't', 'li', 'completed', 'n');"
        + "PRAGMA user_version = 8;"
    )
    raw.close()
    s = open_store(path, clock)
    with s.read(None) as tx:
        assert tx.all("SELECT id, callback_id, actor, event, note FROM callback_events") == [(41, 7, "li", "completed", "n")]
        assert tx.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'callback_events_callback'") == 1
    s.close()
    raw = sqlite3.connect(path)
    raw.execute("INSERT INTO callback_events (callback_id, at, actor, event) VALUES (7, 't', 'li', 'reopened')")
    raw.commit()
    raw.close()
