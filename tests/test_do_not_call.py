"""Do-not-call: who set the flag and why; outgoing calls, callbacks and attempts to them refused; imports set it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from store.call_records import CallbackRequest, CallEntry
from store.callbacks import add_callback, check_may_call, record_attempt
from store.calls import log_call
from store.customers import create_customer, do_not_call_flag, find_by_phone, set_do_not_call
from store.errors import PermissionDenied, ValidationError
from store.importer import import_customers
from tui.cli import cli


def _cli(store, agent, *args):
    return CliRunner().invoke(cli, ["--db", str(store.path), "--agent", agent, "--lang", "en", *args])


@pytest.fixture
def zhang(team):
    return create_customer(team, "li", phones=["13800138000"], name="张伟")


def test_the_flag_records_who_and_why_and_a_reason_is_required(team, zhang):
    with pytest.raises(ValidationError) as refused:
        set_do_not_call(team, "li", zhang, True, "")
    assert refused.value.field == "do_not_call_reason"
    set_do_not_call(team, "li", zhang, True, "asked on the phone")
    flag = do_not_call_flag(team, "wang", zhang)
    assert (flag.by, flag.reason) == ("li", "asked on the phone") and flag.at
    with team.read("root", "admin") as tx:
        audit = tx.one("SELECT after FROM audit_log WHERE table_name = 'customers' AND action = 'update'"
                       " ORDER BY id DESC LIMIT 1")
    assert "do_not_call_by" in json.loads(audit[0])
    set_do_not_call(team, "lin", zhang, False)
    assert do_not_call_flag(team, "li", zhang) is None


def test_outgoing_calls_callbacks_and_attempts_are_refused_with_one_sentence(team, zhang):
    callback = add_callback(team, "li", due="+30m", customer_id=zhang, reason="quote")
    set_do_not_call(team, "li", zhang, True, "complaint about calls")
    out = CallEntry(number="13800138000", direction="out", category="order", outcome="resolved")
    with pytest.raises(PermissionDenied) as refused:
        log_call(team, "li", out)
    assert "do-not-call list (complaint about calls; set by li)" in str(refused.value)
    with pytest.raises(PermissionDenied):
        add_callback(team, "li", due="+1h", number="138 0013 8000", reason="again")
    with pytest.raises(PermissionDenied):
        record_attempt(team, "li", callback, "no-answer")
    with pytest.raises(PermissionDenied):
        check_may_call(team, "li", callback)
    with pytest.raises(PermissionDenied):  # an incoming call may not promise a callback either
        log_call(team, "li", CallEntry(number="13800138000", category="order", outcome="resolved",
                                       callback=CallbackRequest(due="+1h", reason="x")))
    # they may still call us
    assert log_call(team, "li", CallEntry(number="13800138000", category="order", outcome="resolved"))
    res = _cli(team, "li", "calls", "add", "--number", "13800138000", "--direction", "out", "--category", "order",
               "--outcome", "resolved")
    assert res.exit_code == 1 and "do-not-call list" in res.stderr and res.stderr.count("\n") == 1


def test_the_cli_sets_and_shows_the_flag(team, zhang):
    assert _cli(team, "li", "customers", "do-not-call", str(zhang)).exit_code == 1
    res = _cli(team, "li", "customers", "do-not-call", str(zhang), "--reason", "PIPL request")
    assert res.exit_code == 0, res.output
    shown = _cli(team, "li", "customers", "show", str(zhang), "--lookup", "张伟")
    assert "yes: PIPL request (li," in shown.stdout
    assert _cli(team, "li", "customers", "do-not-call", str(zhang), "--off").exit_code == 0
    assert do_not_call_flag(team, "li", zhang) is None


def test_an_import_sets_the_flag_with_its_reason_or_as_the_import(team, tmp_path):
    source = tmp_path / "c.csv"
    source.write_text("姓名,电话,免打扰,免打扰原因\n张三,13900139000,是,投诉后要求\n李四,13900139001,是,\n",
                      encoding="utf-8")
    assert import_customers(team, "lin", source).imported == 2
    first = find_by_phone(team, "lin", "13900139000")
    second = find_by_phone(team, "lin", "13900139001")
    assert do_not_call_flag(team, "lin", first.id).reason == "投诉后要求"
    flag = do_not_call_flag(team, "lin", second.id)
    assert (flag.by, flag.reason) == ("lin", "customer import")


def test_the_migration_keeps_flags_set_before_it_with_a_reason_saying_so(tmp_path, clock):
    import sqlite3

    from test_migrations import build_old_store

    from store import open_store
    from store.migrations import LATEST, MIGRATIONS
    from store.migrations_pii import M_PII

    version = MIGRATIONS.index(M_PII)  # the store as the version before this migration left it
    path = tmp_path / "old.db"
    build_old_store(path, version)
    raw = sqlite3.connect(str(path))
    raw.execute("UPDATE customers SET do_not_call = 1 WHERE id = 1")
    raw.commit()
    raw.close()
    s = open_store(path, clock)
    try:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
        flag = do_not_call_flag(s, "root", 1)
        assert (flag.by, flag.reason) == (None, "before reasons")
    finally:
        s.close()
