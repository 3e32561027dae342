"""store.history_load: a past loaded in one transaction, checked row by row, audited at the rows' own times."""

from __future__ import annotations

import json

import pytest
from fixed_time import NOW_TEXT

from store.agents import add_agent
from store.customers import find_by_phone
from store.errors import Conflict, NotFound, PermissionDenied, ValidationError
from store.history_load import StoreNotEmpty, load_history

AGENTS = [
    {"id": 1, "login": "root", "display_name": "Root Admin", "role": "admin", "team": None, "extension": "8000",
     "created_at": "2026-01-05T01:00:00Z"},
    {"id": 2, "login": "lin", "display_name": "林芳", "role": "lead", "team": "north", "extension": "8100",
     "created_at": "2026-01-05T01:00:00Z"},
    {"id": 3, "login": "li", "display_name": "李娜", "role": "agent", "team": "north", "extension": "8101",
     "created_at": "2026-01-05T01:00:00Z"},
]
CUSTOMER = {"id": 1, "name": " 张伟 ", "company": "华泰科技", "city": "上海", "status": "contracted", "tags": ["vip", "VIP", "华南"],
            "notes": "", "do_not_call": 0, "created_at": "2026-02-01T03:00:00Z", "created_by": "li",
            "phones": [("+8613800138000", "138 0013 8000"), ("+862161234567", "021-6123 4567")]}


def call(**over) -> dict:
    row = {"id": 1, "agent_id": 3, "customer_id": 1, "direction": "in", "channel": "phone", "category": "complaint",
           "outcome": "callback-needed", "phone_e164": "+8613800138000", "phone_raw": "13800138000",
           "started_at": "2026-11-20T02:00:00Z", "ended_at": "2026-11-20T02:05:00Z", "talk_s": 280, "hold_s": 20,
           "wrap_s": 40, "notes": "投诉送货延误", "order_no": None, "waybill_no": None, "amount_due_cents": 128050,
           "escalation_target": None, "escalation_reason": None, "callback_id": 1, "uniqueid": "1763604000.1",
           "recording_url": None, "survey_score": 4, "survey_at": "2026-11-20T02:10:00Z",
           "created_at": "2026-11-20T02:05:40Z", "updated_at": "2026-11-20T02:05:40Z", "updated_by": "li"}
    row.update(over)
    return row


CALLBACK = {"id": 1, "kind": "callback", "customer_id": 1, "phone_e164": "+8613800138000", "reason": "核实后回电",
            "first_due_at": "2026-11-20T06:00:00Z", "due_at": "2026-11-21T02:00:00Z", "priority": 1, "owner_id": 3,
            "first_owner_id": None, "status": "done", "source_call_id": 1, "cancel_reason": None,
            "created_at": "2026-11-20T02:05:40Z", "created_by": "li", "updated_at": "2026-11-21T02:03:00Z",
            "updated_by": "li", "closed_at": "2026-11-21T02:03:00Z"}
ATTEMPT = {"id": 1, "callback_id": 1, "at": "2026-11-21T02:03:00Z", "agent_id": 3, "result": "reached", "call_id": 1,
           "note": ""}
EVENT = {"id": 1, "agent_id": 3, "kind": "late", "occurred_on": "2026-11-18", "points": -1.0, "note": "迟到",
         "entered_by": "lin", "entered_at": "2026-11-18T10:20:00Z", "appeal_status": "rejected",
         "appeal_reason": "地铁故障，有截图", "appealed_at": "2026-11-18T12:00:00Z", "decided_by": "lin",
         "decided_at": "2026-11-19T01:00:00Z"}
STATUS = [
    {"agent_id": 3, "status": "ready", "reason": None, "started_at": "2026-11-26T01:00:00Z",
     "ended_at": "2026-11-26T01:30:00Z"},
    {"agent_id": 3, "status": "break", "reason": "rest", "started_at": "2026-11-26T01:30:00Z", "ended_at": None},
]


def load_all(store, calls=None, status=None):
    with load_history(store, "root") as load:
        load.settings({"timezone": "Asia/Shanghai", "phone_region": "CN"})
        load.agents(AGENTS)
        load.customers([CUSTOMER])
        load.calls(calls or [call()])
        load.callbacks([CALLBACK])
        load.attempts([ATTEMPT])
        load.conduct_events([EVENT])
        load.status_rows(status or STATUS)


def rows(store, sql, params=()):
    with store.read(None) as tx:
        return tx.all(sql, params)


def test_a_past_is_stored_as_the_single_row_functions_store_it(store):
    load_all(store)
    assert rows(store, "SELECT id, name, tags, last_contact_at FROM customers") == [
        (1, "张伟", "vip,华南", "2026-11-20T02:00:00Z")]
    assert find_by_phone(store, "li", "021 6123 4567").id == 1  # reversed digits and the main phone as usual
    assert rows(store, "SELECT e164, is_main FROM customer_phones ORDER BY id") == [
        ("+8613800138000", 1), ("+862161234567", 0)]
    assert rows(store, "SELECT amount_due_cents, callback_id, survey_score FROM calls") == [(128050, 1, 4)]
    assert rows(store, "SELECT status, reason, ended_at FROM agent_status_log ORDER BY id") == [
        ("ready", None, "2026-11-26T01:30:00Z"), ("break", "rest", None)]
    assert rows(store, "SELECT points, appeal_status FROM conduct_events") == [(-1.0, "rejected")]


def test_a_loaded_past_s_calls_are_in_the_kpi_rollups_at_once(store):
    """The demo loads its past this way: its KPIs read the rollups from the first panel, not every call."""
    load_all(store)
    assert rows(store, "SELECT count(*) FROM kpi_rollup_dirty") == [(0,)]
    assert rows(store, "SELECT sum(calls_handled) FROM kpi_day_rollups") == rows(store, "SELECT count(*) FROM calls")


def test_the_audit_log_tells_the_past_in_time_order_by_its_own_actors(store):
    load_all(store)
    audit = rows(store, "SELECT at, actor, table_name, row_id, action, before, after FROM audit_log ORDER BY id")
    assert [a[0] for a in audit] == sorted(a[0] for a in audit)
    by_row = {(a[2], a[3], a[4], a[0]): (a[1], a[5] and json.loads(a[5]), a[6] and json.loads(a[6])) for a in audit}
    assert by_row["agents", 2, "insert", "2026-01-05T01:00:00Z"] == ("root", None, None)
    assert by_row["customer_phones", 2, "insert", "2026-02-01T03:00:00Z"] == ("li", None, None)
    assert by_row["calls", 1, "insert", "2026-11-20T02:05:40Z"] == ("li", None, None)
    assert by_row["calls", 1, "update", "2026-11-20T02:10:00Z"] == (
        "root", {"survey_score": None, "survey_at": None}, {"survey_score": 4, "survey_at": "2026-11-20T02:10:00Z"})
    assert by_row["callbacks", 1, "update", "2026-11-21T02:03:00Z"] == (
        "li", {"status": "open", "closed_at": None, "owner_id": None, "due_at": "2026-11-20T06:00:00Z"},
        {"status": "done", "closed_at": "2026-11-21T02:03:00Z", "owner_id": 3, "due_at": "2026-11-21T02:00:00Z"})
    assert by_row["conduct_events", 1, "update", "2026-11-18T12:00:00Z"] == (
        "li", {"appeal_status": None, "appeal_reason": None},
        {"appeal_status": "pending", "appeal_reason": "地铁故障，有截图"})
    assert by_row["conduct_events", 1, "update", "2026-11-19T01:00:00Z"][0] == "lin"
    assert [a for a in audit if a[2] == "settings"] == [
        (NOW_TEXT, "root", "settings", 0, "update", '{"timezone": null}', '{"timezone": "Asia/Shanghai"}'),
        (NOW_TEXT, "root", "settings", 0, "update", '{"phone_region": null}', '{"phone_region": "CN"}')]
    assert rows(store, "SELECT count(*) FROM audit_log WHERE table_name = 'agent_status_log'")[0][0] == 0
    assert rows(store, "SELECT topic, actor FROM change_log ORDER BY seq") == [
        ("settings", "root"), ("settings", "root"), ("agents", "root"), ("customers", "root"), ("calls", "root"),
        ("callbacks", "root"), ("status", "root")]


def test_the_past_s_audit_rows_say_who_loaded_them_and_how_they_were_proven(tmp_path, clock):
    """The rows' actors proved nothing to the loading process: the proof names the loader and its proof."""
    from store import open_store

    s = open_store(tmp_path / "past.db", clock, proof="sudo uid=0 (root)")
    try:
        load_all(s)
        assert rows(s, "SELECT DISTINCT proof FROM audit_log") == [("history load by root: sudo uid=0 (root)",)]
    finally:
        s.close()


@pytest.mark.parametrize("bad, error, words", [
    (call(outcome="lost"), ValidationError, "calls #1: outcome: 'lost' is not one of"),
    (call(outcome="escalated-tech"), ValidationError, "calls #1: escalation_reason: say why"),
    (call(agent_id=9), NotFound, "calls #1: agent_id: there is no agent #9"),
    (call(customer_id=7), NotFound, "calls #1: customer_id: there is no customer #7"),
    (call(phone_raw="13800138001"), ValidationError, "calls #1: number: '13800138001' is +8613800138001, not"),
    (call(started_at="2026-11-20 10:00"), ValidationError, "calls #1: started_at: '2026-11-20 10:00' is not a UTC time"),
    (call(ended_at="2026-11-20T01:00:00Z"), ValidationError, "calls #1: ended_at: 2026-11-20T01:00:00Z is before"),
    (call(survey_score=6), ValidationError, "calls #1: survey_score: 6 is out of range"),
    (call(callback_id=5), NotFound, "callback_id: there is no callback #5"),
])
def test_a_bad_call_is_refused_naming_the_row_and_nothing_is_written(store, bad, error, words):
    with pytest.raises(error, match=words.replace("(", r"\(").replace("+", r"\+")):
        load_all(store, calls=[bad])
    assert rows(store, "SELECT (SELECT count(*) FROM agents) + (SELECT count(*) FROM audit_log)"
                       " + (SELECT count(*) FROM change_log)")[0][0] == 0


@pytest.mark.parametrize("bad, words", [
    ({"status": "lunch"}, "status: 'lunch' is not one of"),
    ({"status": "break", "reason": "nap"}, "reason: 'nap' is not one of"),
    ({"started_at": "yesterday"}, "started_at: 'yesterday' is not a UTC time"),
    ({"started_at": ""}, "started_at: '' is not a UTC time"),
    ({"ended_at": ""}, "ended_at: '' is not a UTC time"),
    ({"ended_at": "2026-11-26T00:59:00Z"}, "is not after started_at"),
])
def test_a_bad_status_row_is_refused(store, bad, words):
    with pytest.raises(ValidationError, match=words):
        load_all(store, status=[{**STATUS[0], **bad}])


def test_an_agent_is_in_one_status_at_a_time(store):
    with pytest.raises(ValidationError, match="agent #3 has 2 open status rows"):
        load_all(store, status=[{**STATUS[0], "ended_at": None}, STATUS[1]])


def test_a_status_row_is_stored_as_set_status_stores_it(store):
    load_all(store, status=[{**STATUS[0], "status": " Ready "}, {**STATUS[1], "reason": None}])
    assert rows(store, "SELECT status, reason FROM agent_status_log ORDER BY id") == [("ready", None), ("break", "other")]


def test_one_number_for_two_customers_is_refused(store):
    with pytest.raises(Conflict, match=r"customers #2: phone \+8613800138000 already belongs to customer #1"):
        with load_history(store, "root") as load:
            load.agents(AGENTS)
            load.customers([CUSTOMER, {**CUSTOMER, "id": 2, "phones": [("+8613800138000", "13800138000")]}])


def test_the_load_is_made_by_an_admin_it_loads(store):
    with pytest.raises(PermissionDenied, match="'lin' loads this past but is not one of the admins"):
        with load_history(store, "lin") as load:
            load.agents(AGENTS)
    assert rows(store, "SELECT count(*) FROM agents")[0][0] == 0


def test_only_an_empty_store_takes_a_past(store):
    with store.write(None) as tx:
        tx.execute("INSERT INTO customers (name, created_at, created_by, updated_at, updated_by)"
                   " VALUES ('早到的客户', ?, '-', ?, '-')", (NOW_TEXT, NOW_TEXT))
    with pytest.raises(StoreNotEmpty, match="has customers or calls but no agents") as refused:
        load_all(store)
    assert not refused.value.has_agents
    add_agent(store, None, "root", "Root Admin", "admin", None)
    with pytest.raises(StoreNotEmpty, match="already has agents") as refused:
        load_all(store)
    assert refused.value.has_agents
    assert rows(store, "SELECT count(*) FROM calls")[0][0] == 0


def test_two_calls_with_one_uniqueid_are_refused(store):
    with pytest.raises(Conflict, match="calls: the rows break a rule of the store .*uniqueid"):
        load_all(store, calls=[call(), call(id=2, callback_id=None)])


@pytest.mark.parametrize("method, row, error, words", [
    ("callbacks", {**CALLBACK, "customer_id": None, "phone_e164": None}, ValidationError,
     "callbacks #1: customer: give a customer or a phone number"),
    ("callbacks", {**CALLBACK, "closed_at": None}, ValidationError, "callbacks #1: closed_at: a callback is closed"),
    ("callbacks", {**CALLBACK, "owner_id": 8}, NotFound, "callbacks #1: owner_id: there is no agent #8"),
    ("attempts", {**ATTEMPT, "result": "maybe"}, ValidationError, "callback_attempts #1: result: 'maybe'"),
    ("conduct_events", {**EVENT, "points": 2}, ValidationError, "conduct_events #1: points: 2.0 is not a deduction"),
    ("conduct_events", {**EVENT, "entered_by": "nobody"}, NotFound, "entered_by: there is no agent 'nobody'"),
])
def test_a_bad_callback_attempt_or_event_is_refused(store, method, row, error, words):
    with pytest.raises(error, match=words):
        with load_history(store, "root") as load:
            load.agents(AGENTS)
            load.customers([CUSTOMER])
            load.calls([call()])
            load.callbacks([row if method == "callbacks" else CALLBACK])
            if method != "callbacks":
                getattr(load, method)([row])
