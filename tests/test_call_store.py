"""Store side of the call form: the caller's card, corrections, today's calls, survey import, status time."""

from __future__ import annotations

import subprocess
import sys

import pytest

from store import calls, status, surveys
from store.call_records import CallEntry
from store.callbacks import insert_callback
from store.caller_card_records import NumberLookup
from store.card import caller_card, lookup_number
from store.customers import create_customer
from store.errors import PermissionDenied, ValidationError
from store.status_time import status_day, status_overruns


@pytest.fixture
def customer(team):
    return create_customer(team, "li", phones=["138 0013 8000", "139 0013 8001"], name="张伟欣", company="Acme",
                           do_not_call=True)


def test_card_lists_open_callbacks_complaints_and_last_five_contacts(team, customer, clock):
    for i in range(7):
        calls.log_call(team, "li" if i % 2 else "wang", CallEntry(customer_id=customer, category="order", outcome="resolved", started_at=f"2026-11-2{i}T01:00:00Z"))
    old = calls.log_call(team, "li", CallEntry(customer_id=customer, category="complaint", outcome="escalated-manager", escalation_reason="x", started_at="2026-11-10T01:00:00Z"))
    calls.log_call(team, "li", CallEntry(customer_id=customer, category="complaint", outcome="resolved", started_at="2026-11-11T01:00:00Z"))
    open_one = calls.log_call(team, "li", CallEntry(customer_id=customer, category="complaint", outcome="callback-needed", started_at="2026-11-12T01:00:00Z", notes="broken lid"))
    with team.write("li", "agent") as tx:
        insert_callback(tx, due_at="2026-11-27T01:00:00Z", customer_id=customer, owner="li", reason="a")
        insert_callback(tx, due_at="2026-11-26T05:00:00Z", phone_e164="+8613900138001", reason="by phone only")
        done = insert_callback(tx, due_at="2026-11-26T05:00:00Z", customer_id=customer, reason="closed")
        tx.execute("UPDATE callbacks SET status = 'done' WHERE id = ?", (done,))
    card = caller_card(team, "chen", customer)  # any agent sees the card
    assert card.name == "张伟欣" and card.do_not_call is True and card.company == "Acme"
    assert [p.e164 for p in card.phones] == ["+8613800138000", "+8613900138001"]
    assert card.open_callbacks_count == 2
    assert [c.reason for c in card.open_callbacks] == ["by phone only", "a"]
    # the resolved complaint of the 11th closes the one of the 10th; the 12th stays open
    assert card.open_complaints_count == 1 and card.open_complaints[0].id == open_one
    assert old not in [c.id for c in card.open_complaints]
    assert [c.started_at[:10] for c in card.last_contacts] == [
        "2026-11-26", "2026-11-25", "2026-11-24", "2026-11-23", "2026-11-22"]
    assert card.last_contacts[0].agent == "wang"


def test_lookup_number_in_any_format(team, customer):
    assert lookup_number(team, "li", "+86 (138) 0013-8000").card.id == customer
    unknown = lookup_number(team, "li", "13912345678")
    assert unknown == NumberLookup(e164="+8613912345678", card=None)
    assert lookup_number(team, "li", "1380") == NumberLookup(e164=None, card=None)


def test_update_call_scopes_validation_and_audit(team, customer):
    mine = calls.log_call(team, "li", CallEntry(number="13800138000", category="order", outcome="resolved", started_at="2026-11-26T01:00:00Z", talk_s=30))
    with pytest.raises(PermissionDenied, match="only correct their own"):
        calls.update_call(team, "wang", mine, notes="x")
    with pytest.raises(PermissionDenied, match="not in your team"):
        calls.update_call(team, "zhao", mine, notes="x")
    with pytest.raises(ValidationError, match="outcome"):
        calls.update_call(team, "li", mine, outcome="maybe")
    with pytest.raises(ValidationError, match="escalation_reason"):
        calls.update_call(team, "li", mine, outcome="escalated-tech")
    with pytest.raises(ValidationError, match="started_at: cannot be corrected"):
        calls.update_call(team, "li", mine, started_at="2026-01-01T00:00:00Z")
    changed = calls.update_call(team, "lin", mine, outcome="escalated-tech", escalation_reason="router")
    assert changed["outcome"] == ("resolved", "escalated-tech") and changed["escalation_target"] == (None, "tech")
    # back to resolved: the escalation goes with it
    calls.update_call(team, "li", mine, outcome="resolved", number="")
    row = team.conn.execute("SELECT outcome, escalation_target, escalation_reason, customer_id, phone_e164, talk_s,"
                            " updated_by FROM calls WHERE id = ?", (mine,)).fetchone()
    assert row == ("resolved", None, None, None, None, 30, "li")
    assert calls.update_call(team, "li", mine, notes="") == {}  # nothing changed, nothing audited
    actors = [r[0] for r in team.conn.execute(
        "SELECT actor FROM audit_log WHERE table_name = 'calls' AND row_id = ? AND action = 'update'", (mine,))]
    assert actors == ["lin", "li"]
    calls.update_call(team, "li", mine, customer_id=customer)
    assert calls.get_call(team, "li", mine).customer_name == "张伟欣"


def test_my_calls_today_is_the_local_day_and_only_mine(team):
    calls.log_call(team, "li", CallEntry(number="13800138000", category="order", outcome="resolved", started_at="2026-11-25T16:00:00Z"))
    calls.log_call(team, "li", CallEntry(number="13800138000", category="order", outcome="resolved", started_at="2026-11-25T15:59:59Z"))
    calls.log_call(team, "wang", CallEntry(number="13800138000", category="order", outcome="resolved", started_at="2026-11-26T01:00:00Z"))
    today = calls.my_calls_today(team, "li")
    assert [c.started_at for c in today] == ["2026-11-25T16:00:00Z"]  # 00:00 on the 26th in Shanghai


def test_status_day_and_overruns(team, clock):
    status.set_status(team, "li", "ready")
    clock.advance(minutes=10)
    status.set_status(team, "li", "break", "lunch")
    clock.advance(minutes=16)
    day = status_day(team, "li")
    assert [(d["status"], d["reason"], d["seconds"]) for d in day] == [("ready", None, 600), ("break", "lunch", 960)]
    over = status_overruns(team, "lin")
    assert [(o["login"], o["status"], o["seconds"], o["limit_s"]) for o in over] == [("li", "break", 960, 900)]
    assert status_overruns(team, "li")[0]["login"] == "li"  # an agent sees only themself
    assert status_overruns(team, "wang") == []


def test_import_surveys_by_call_id_and_uniqueid_with_row_errors(team, store_path, tmp_path):
    a = calls.log_call(team, "li", CallEntry(number="13800138000", category="order", outcome="resolved", uniqueid="pbx-1"))
    b = calls.log_call(team, "chen", CallEntry(number="13800138000", category="order", outcome="resolved"))
    f = tmp_path / "surveys.csv"
    f.write_text(f"call_id,uniqueid,score\n,pbx-1,5\n{b},,4\n,nope,3\n{a},,9\nabc,,2\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", "from tui.cli import main; main()", "--db", str(store_path),
                           "--agent", "root", "import", "surveys", str(f)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    assert "saved 2 survey answers, rejected 3" in done.stdout
    assert "line 4: no call has uniqueid nope." in done.stderr
    assert "line 5: score: 9 is out of range" in done.stderr
    assert "line 6: call_id: 'abc' is not a call number." in done.stderr
    assert team.conn.execute("SELECT id, survey_score FROM calls ORDER BY id").fetchall() == [(a, 5), (b, 4)]
    # a lead scores only their team: chen's call is refused for lin
    result = surveys.import_surveys(team, "lin", f)
    assert result["saved"] == 1 and any("not in your team" in r for _l, r in result["rejected"])
    with pytest.raises(PermissionDenied):
        surveys.import_surveys(team, "li", f)


def _agentdesk(store_path, agent, *args):
    return subprocess.run([sys.executable, "-c", "from tui.cli import main; main()", "--db", str(store_path),
                           "--agent", agent, *args], capture_output=True, text=True, timeout=60)


def test_cli_missed_twice_makes_one_pool_callback_and_survey_by_uniqueid(team, store_path):
    create_customer(team, "li", phones=["138 0013 8000"], name="张伟欣")
    first = _agentdesk(store_path, "li", "missed", "+86 138-0013-8000", "--uniqueid", "q-1", "--queue", "sales")
    second = _agentdesk(store_path, "wang", "missed", "13800138000", "--uniqueid", "q-2")
    assert first.returncode == 0 and "added to the pool" in first.stdout, first.stderr
    assert second.returncode == 0 and "already open for this number" in second.stdout, second.stderr
    assert team.conn.execute("SELECT kind, owner_id, customer_id, reason FROM callbacks").fetchall() == [
        ("missed-call", None, 1, "(sales) [q-1]")]
    added = _agentdesk(store_path, "li", "calls", "add", "--number", "13800138000", "--category", "order",
                       "--outcome", "resolved", "--talk", "65", "--uniqueid", "1700000000.42",
                       "--recording", "https://pbx/rec/42.wav")
    assert added.returncode == 0, added.stderr
    scored = _agentdesk(store_path, "root", "survey", "--uniqueid", "1700000000.42", "--score", "4")
    assert scored.returncode == 0 and "survey 4 saved" in scored.stdout, scored.stderr
    refused = _agentdesk(store_path, "li", "survey", "--uniqueid", "1700000000.42", "--score", "5")
    assert refused.returncode == 1 and "role" in refused.stderr
    assert team.conn.execute("SELECT survey_score, talk_s, recording_url FROM calls").fetchone() == (4, 65, "https://pbx/rec/42.wav")
