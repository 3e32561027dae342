"""Closing callbacks (issue 15): an agent cancels only their own, never one that started in the pool (leads
do, even after an agent claimed it); done needs an attempt or a call logged from it; refusals change nothing."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from store import callbacks as cb
from store.call_records import CallEntry
from store.calls import log_call
from store.customers import create_customer
from store.errors import PermissionDenied, ValidationError
from tui.cli import cli


@pytest.fixture
def zhou(team):
    return create_customer(team, "li", phones=["138 0013 8000"], name="周杰")


def _state(store):
    with store.read(None) as tx:
        return (tx.all("SELECT * FROM callbacks ORDER BY id"), tx.all("SELECT * FROM callback_events ORDER BY id"),
                tx.scalar("SELECT count(*) FROM audit_log"))


def test_an_agent_cancels_only_their_own_callback(team, zhou):
    mine = cb.add_callback(team, "li", due="+1h", customer_id=zhou, reason="x")
    wangs = cb.add_callback(team, "lin", due="+1h", customer_id=zhou, owner="wang", reason="x")
    before = _state(team)
    with pytest.raises(PermissionDenied, match="an agent cancels only their own callbacks"):
        cb.cancel_callback(team, "li", wangs, "not needed")
    with pytest.raises(ValidationError, match="reason"):
        cb.cancel_callback(team, "li", mine, " ")
    assert _state(team) == before
    cb.cancel_callback(team, "li", mine, "customer moved abroad")
    assert cb.get_callback(team, "li", mine).status == "cancelled"


@pytest.mark.parametrize("started", ["missed-call", "pool"])
def test_a_callback_that_started_in_the_pool_is_cancelled_by_leads_only_even_once_claimed(team, zhou, started):
    if started == "missed-call":
        cid, _ = cb.record_missed_call(team, "root", "13900139000", queue="hotline")
    else:
        cid = cb.add_callback(team, "li", due="+1h", customer_id=zhou, owner="pool", reason="send invoice")
    for claimed in (False, True):
        if claimed:
            cb.claim_callback(team, "li", cid)
        before = _state(team)
        with pytest.raises(PermissionDenied, match="started in the pool") as err:
            cb.cancel_callback(team, "li", cid, "emptying the pool")
        assert "only a lead cancels it" in str(err.value)
        assert _state(team) == before
    cb.cancel_callback(team, "lin", cid, "duplicate of a callback already made")
    assert cb.get_callback(team, "lin", cid).status == "cancelled"


def test_an_agent_cannot_empty_the_pool_from_the_cli(team, store_path):
    ids = [cb.record_missed_call(team, "root", f"1390013900{i}")[0] for i in range(3)]
    for cid in ids:
        out = CliRunner().invoke(cli, ["--db", str(store_path), "--agent", "li", "callbacks", "cancel", str(cid),
                                       "--reason", "x"])
        assert out.exit_code == 1 and "only a lead cancels it" in out.output
    assert all(c.status == "open" for c in cb.list_callbacks(team, "root", scope="pool"))


def test_done_needs_an_attempt_or_a_call_logged_from_it(team, zhou):
    tried = cb.add_callback(team, "li", due="+1h", customer_id=zhou, reason="x")
    called = cb.add_callback(team, "li", due="+1h", customer_id=zhou, reason="y")
    before = _state(team)
    for actor in ("li", "lin", "root"):
        with pytest.raises(ValidationError, match="has no attempt yet") as err:
            cb.complete_callback(team, actor, tried)
        assert "callbacks attempt" in str(err.value)
    assert _state(team) == before
    cb.record_attempt(team, "li", tried, "call-later")
    cb.complete_callback(team, "li", tried)
    log_call(team, "li", CallEntry(customer_id=zhou, category="order", outcome="no-answer", callback_id=called))
    cb.complete_callback(team, "li", called, note="sorted by e-mail")
    assert {cb.get_callback(team, "li", i).status for i in (tried, called)} == {"done"}


def test_the_one_undo_rule_still_reopens_what_an_agent_closed(team, zhou):
    cid = cb.add_callback(team, "li", due="+1h", customer_id=zhou, reason="x")
    cb.record_attempt(team, "li", cid, "call-later")
    cb.complete_callback(team, "li", cid)
    assert cb.reopen_callback(team, "li", cid, "closed the wrong one").status == "open"
