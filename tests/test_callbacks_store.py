"""Callbacks in the store: claims, attempts, calls from callbacks, reschedule, reassign, grace, return visits, queues."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from store import callbacks as cb
from store.call_records import CallbackRequest, CallEntry
from store.calls import log_call
from store.customers import create_customer
from store.errors import Conflict, PermissionDenied, ValidationError
from store.settings import set_setting
from tui.cli import cli

NOW = "2026-11-26T02:00:00Z"


@pytest.fixture
def zhou(team):
    return create_customer(team, "li", phones=["138 0013 8000"], name="周杰", status="contracted")


def _history(store, callback_id, actor="root"):
    return [(h.event, h.from_owner, h.to_owner) for h in cb.get_callback(store, actor, callback_id).history]


def test_add_claim_and_the_loser_is_told_who_has_it(team, zhou):
    cid = cb.add_callback(team, "li", due="+30m", customer_id=zhou, owner="pool", reason="send the invoice")
    got = cb.claim_callback(team, "li", cid)
    assert got.owner == "li" and got.due_at == "2026-11-26T02:30:00Z" == got.first_due_at
    with pytest.raises(Conflict) as lost:
        cb.claim_callback(team, "wang", cid)
    assert lost.value.holder == "li" and "li" in str(lost.value)
    assert cb.claim_callback(team, "li", cid).owner == "li"  # claiming your own again is no error
    assert _history(team, cid) == [("created", None, None), ("claimed", None, "li")]
    with team.read(None) as tx:  # the owner change is audited (the KPI's owner-at-due-time reads it)
        before, after = tx.one("SELECT before, after FROM audit_log WHERE table_name = 'callbacks' AND action = 'update'")
        li_id = tx.scalar("SELECT id FROM agents WHERE login = 'li'")
    assert (json.loads(before), json.loads(after)) == ({"owner_id": None}, {"owner_id": li_id})


def test_past_and_unreadable_due_times_are_refused(team, zhou):
    with pytest.raises(ValidationError, match="in the past") as err:
        cb.add_callback(team, "li", due="09:00", customer_id=zhou, reason="x")  # 09:00 Shanghai < 10:00 now
    assert err.value.field == "due"
    with pytest.raises(ValidationError, match="not a time I understand"):
        cb.add_callback(team, "li", due="soonish", customer_id=zhou, reason="x")
    with pytest.raises(PermissionDenied, match="lead assigns"):
        cb.add_callback(team, "li", due="+1h", customer_id=zhou, owner="wang", reason="x")
    cid = cb.add_callback(team, "lin", due="tomorrow 10:00", customer_id=zhou, owner="wang", reason="x")
    assert cb.get_callback(team, "wang", cid).due_at == "2026-11-27T02:00:00Z"
    with pytest.raises(PermissionDenied, match="not in your team"):
        cb.add_callback(team, "lin", due="+1h", customer_id=zhou, owner="chen", reason="x")


def test_a_call_logged_from_a_callback_records_an_attempt(team, zhou):
    cid = cb.add_callback(team, "li", due="+1h", customer_id=zhou, reason="x")
    log_call(team, "li", CallEntry(customer_id=zhou, category="order", outcome="no-answer", callback_id=cid))
    assert cb.get_callback(team, "li", cid).status == "open"
    log_call(team, "li", CallEntry(customer_id=zhou, category="order", outcome="wrong-number", callback_id=cid))
    assert cb.get_callback(team, "li", cid).status == "open"
    call = log_call(team, "li", CallEntry(customer_id=zhou, category="order", outcome="callback-needed", callback_id=cid, callback=CallbackRequest(due="+2d", owner="me")))
    got = cb.get_callback(team, "li", cid)
    assert got.status == "done" and got.closed_at == NOW
    with team.read(None) as tx:
        attempts = tx.all("SELECT result, call_id FROM callback_attempts WHERE callback_id = ? ORDER BY id", (cid,))
    assert [a[0] for a in attempts] == ["no-answer", "wrong-number", "reached"]
    assert attempts[-1][1] == call
    assert [h[0] for h in _history(team, cid)] == ["created", "attempt", "attempt", "attempt", "completed"]
    # the follow-up callback the call asked for is open and mine
    assert [r.source_call_id for r in cb.list_callbacks(team, "li")] == [call]


def test_attempt_without_a_call_reschedules_and_reached_completes(team, zhou):
    cid = cb.add_callback(team, "li", due="+1h", customer_id=zhou, reason="x")
    got = cb.record_attempt(team, "li", cid, "call-later", note="in a meeting", due="+3h")
    assert got.status == "open" and got.due_at == "2026-11-26T05:00:00Z" and got.first_due_at == "2026-11-26T03:00:00Z"
    assert cb.record_attempt(team, "li", cid, "reached").status == "done"
    with pytest.raises(Conflict, match="already done"):
        cb.complete_callback(team, "li", cid)
    with pytest.raises(ValidationError):
        cb.record_attempt(team, "li", cb.add_callback(team, "li", due="+1h", customer_id=zhou), "maybe")


def test_who_may_act_on_a_callback(team, zhou):
    cid = cb.add_callback(team, "li", due="+1h", customer_id=zhou, reason="x")
    for action in (lambda a: cb.complete_callback(team, a, cid), lambda a: cb.release_callback(team, a, cid),
                   lambda a: cb.reschedule_callback(team, a, cid, due="+2h"), lambda a: cb.cancel_callback(team, a, cid, "r")):
        with pytest.raises(PermissionDenied, match="li's|not yours"):
            action("wang")
        with pytest.raises(PermissionDenied):
            action("zhao")  # the other team's lead
    with pytest.raises(PermissionDenied):
        cb.get_callback(team, "chen", cid)
    with pytest.raises(ValidationError, match="reason"):
        cb.cancel_callback(team, "lin", cid, "  ")
    cb.cancel_callback(team, "lin", cid, "customer moved abroad")  # li's lead may
    got = cb.get_callback(team, "li", cid)
    assert got.status == "cancelled" and got.cancel_reason == "customer moved abroad"


def test_release_and_reassign(team, zhou):
    ids = [cb.add_callback(team, "li", due=f"+{h}h", customer_id=zhou, reason="x") for h in (1, 2, 3)]
    cb.release_callback(team, "li", ids[0])
    with pytest.raises(ValidationError, match="already in the pool"):
        cb.release_callback(team, "li", ids[0])
    with pytest.raises(PermissionDenied, match="lead reassigns"):
        cb.reassign_callbacks(team, "li", [ids[1]], "wang")
    assert cb.reassign_callbacks(team, "li", [ids[1]], None) == 1  # an agent may hand their own to the pool
    with pytest.raises(PermissionDenied, match="not in your team"):
        cb.reassign_callbacks(team, "lin", ids, "chen")
    assert cb.reassign_callbacks(team, "lin", ids, "wang") == 3
    assert {r.id for r in cb.list_callbacks(team, "wang")} == set(ids)
    assert _history(team, ids[2])[-1] == ("reassigned", "li", "wang")
    assert cb.reassign_callbacks(team, "lin", ids, None) == 3
    assert {r.id for r in cb.list_callbacks(team, "li", scope="pool")} == set(ids)


def test_owner_grace_moves_long_overdue_callbacks_to_the_pool(team, zhou, clock):
    late = cb.add_callback(team, "li", due="+10m", customer_id=zhou, reason="late")
    fresh = cb.add_callback(team, "li", due="+50m", customer_id=zhou, reason="fresh")
    pooled = cb.add_callback(team, "li", due="+10m", customer_id=zhou, owner="pool", reason="pool")
    clock.advance(minutes=45)  # late is 35 min overdue
    assert cb.apply_owner_grace(team, "li") == 0  # owner_grace_min 0 = never
    set_setting(team, "root", "owner_grace_min", 30)
    with team.read(None) as tx:
        assert cb.next_grace_move_at(tx) == "2026-11-26T02:40:01Z"
    assert cb.apply_owner_grace(team, "li") == 1
    assert cb.get_callback(team, "li", late).owner is None
    assert cb.get_callback(team, "li", fresh).owner == "li"
    assert cb.get_callback(team, "li", pooled).owner is None
    last = cb.get_callback(team, "li", late).history[-1]
    assert (last.event, last.from_owner, last.to_owner) == ("grace-moved", "li", None)
    assert "30 min" in last.note
    assert cb.apply_owner_grace(team, "li") == 0  # nothing more until fresh is 30 min overdue
    clock.advance(minutes=36)
    assert cb.apply_owner_grace(team, "wang") == 1 and cb.get_callback(team, "li", fresh).owner is None


def test_return_visits_follow_the_interval_of_each_status(team, clock):
    old = create_customer(team, "li", phones=["139 0000 0001"], name="old", status="contracted")
    dnc = create_customer(team, "li", phones=["139 0000 0002"], name="dnc", status="contracted", do_not_call=True)
    prospect = create_customer(team, "li", phones=["139 0000 0003"], name="p", status="prospect")
    clock.advance(days=20)
    recent = create_customer(team, "li", phones=["139 0000 0004"], name="recent", status="contracted")
    clock.advance(days=11)  # old, dnc and prospect are 31 days old; recent 11
    with pytest.raises(PermissionDenied):
        cb.generate_return_visits(team, "li")  # leads and admins
    result = cb.generate_return_visits(team, "lin", chunk=2)
    assert result["created"] == 1 and result["chunks"] == 2
    visit = cb.list_callbacks(team, "lin", scope="pool")[0]
    assert (visit.kind, visit.customer_id, visit.owner) == ("return-visit", old, None)
    assert visit.due_at == "2026-12-26T02:00:00Z"  # 30 days after it was last contacted (created)
    assert cb.generate_return_visits(team, "lin")["created"] == 0  # one open per customer
    set_setting(team, "root", "return_visit_days_prospect", 7)
    assert cb.generate_return_visits(team, "root")["created"] == 1
    assert {r.customer_id for r in cb.list_callbacks(team, "lin", scope="pool")} == {old, prospect}
    assert dnc and recent
    # reached: the customer was contacted, the next visit waits a full interval again
    cb.claim_callback(team, "li", visit.id)
    cb.record_attempt(team, "li", visit.id, "reached")
    clock.advance(days=29)
    assert cb.generate_return_visits(team, "lin")["created"] == 1  # recent (40 days) but not old (29 since reached)
    assert {r.customer_id for r in cb.list_callbacks(team, "lin", scope="pool")} == {prospect, recent}
    clock.advance(days=2)
    assert cb.generate_return_visits(team, "lin")["created"] == 1  # old again


def test_team_queue_groups_and_filters(team, zhou, clock):
    cb.add_callback(team, "li", due="+10m", customer_id=zhou, reason="a")
    cb.add_callback(team, "li", due="+5h", customer_id=zhou, reason="b")
    cb.add_callback(team, "lin", due="+1h", customer_id=zhou, owner="wang", reason="c")
    cb.add_callback(team, "zhao", due="+1h", customer_id=zhou, owner="chen", reason="other team")
    cb.add_callback(team, "li", due="+2d", customer_id=zhou, owner="pool", reason="pool")
    clock.advance(minutes=70)
    q = cb.team_queue(team, "lin")
    groups = {g.login: g for g in q.groups}
    assert set(groups) == {"li", "lin", "wang", None}
    assert (groups["li"].open, groups["li"].overdue, groups["li"].due_today) == (2, 1, 1)
    assert groups["li"].oldest_overdue_at == "2026-11-26T02:10:00Z"
    assert groups["wang"].overdue == 1 and groups[None].open == 1
    assert [r.reason for r in q.rows] == ["a", "b", "c", "pool"]
    assert [r.reason for r in cb.team_queue(team, "lin", due="overdue").rows] == ["a", "c"]
    assert [r.reason for r in cb.team_queue(team, "lin", agent="pool").rows] == ["pool"]
    assert [r.reason for r in cb.team_queue(team, "lin", agent="wang").rows] == ["c"]
    assert cb.team_queue(team, "lin", kind="return-visit").rows == ()
    assert len(cb.team_queue(team, "root").rows) == 5
    with pytest.raises(PermissionDenied):
        cb.team_queue(team, "lin", agent="chen")
    with pytest.raises(PermissionDenied):
        cb.team_queue(team, "li")


# -- the CLI --------------------------------------------------------------------------------------
def run(store_path, agent, *args):
    return CliRunner().invoke(cli, ["--db", str(store_path), "--agent", agent, *args])


def test_cli_parity(team, store_path, zhou):
    r = run(store_path, "li", "callbacks", "add", "--number", "138 0013 8000", "--due", "+30m", "--owner", "pool",
            "--reason", "invoice", "--priority", "1")
    assert r.exit_code == 0, r.output
    r = run(store_path, "li", "callbacks", "add", "--customer", str(zhou), "--due", "2020-01-01 10:00", "--owner", "me",
            "--reason", "x")
    assert r.exit_code == 1 and "in the past" in r.output
    r = run(store_path, "li", "callbacks", "list", "--pool", "--format", "json")
    rows = json.loads(r.output)
    assert len(rows) == 1 and set(rows[0]) == {"id", "kind", "customer_id", "reason", "due_at", "first_due_at", "owner",
                                               "status", "priority"}
    cid = rows[0]["id"]
    assert rows[0]["customer_id"] == zhou and rows[0]["owner"] is None and rows[0]["priority"] == 1
    assert run(store_path, "li", "callbacks", "claim", str(cid)).exit_code == 0
    r = run(store_path, "wang", "callbacks", "claim", str(cid))
    assert r.exit_code == 3 and r.stdout.strip() == "li"
    assert json.loads(run(store_path, "li", "callbacks", "list", "--mine", "--format", "json").output)[0]["owner"] == "li"
    r = run(store_path, "li", "callbacks", "attempt", str(cid), "--result", "no-answer")
    assert r.exit_code == 0 and "open" in r.output
    assert run(store_path, "li", "callbacks", "reassign", str(cid), "--to", "wang").exit_code == 1
    assert run(store_path, "lin", "callbacks", "reassign", str(cid), "--to", "wang").exit_code == 0
    assert run(store_path, "wang", "callbacks", "complete", str(cid)).exit_code == 0
    assert json.loads(run(store_path, "lin", "callbacks", "list", "--all", "--format", "json").output) == []
    r = run(store_path, "lin", "return-visits", "generate", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.output)["created"] == 0
