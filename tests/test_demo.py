"""`agentdesk demo`: a realistic, consistent, deterministic demo store, seeded once."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from demo import seed_demo
from store import open_store
from store.call_records import CallEntry
from store.callbacks import list_callbacks, my_callback_counts
from store.calls import list_calls, validate_call
from store.clock import FixedClock, parse_iso
from store.errors import ValidationError
from store.name_order import sort_key
from store.periods import day_bounds
from store.phones import normalize, reversed_digits, try_normalize
from store.pinyin import search_keys
from store.status import current_status
from store.tokens import document_tokens
from tui.cli import cli

# 12:20 on a Thursday in Shanghai: a working day in progress, some agents at lunch
NOW = datetime(2026, 11, 26, 4, 20, 0, tzinfo=timezone.utc)
NOW_ISO = "2026-11-26T04:20:00Z"
SHANGHAI = ZoneInfo("Asia/Shanghai")
SMALL = dict(customers=200, agents=4, days=7)
TABLES = ("agents", "settings", "customers", "customer_phones", "calls", "callbacks", "callback_attempts",
          "conduct_events", "agent_status_log", "audit_log", "change_log")


def digest(store) -> str:
    h = hashlib.sha256()
    with store.read(None) as tx:
        for table in TABLES:
            for row in tx.all(f"SELECT * FROM {table} ORDER BY rowid"):
                h.update(repr(row).encode())
        for row in tx.all("SELECT rowid, tokens FROM customer_fts ORDER BY rowid"):
            h.update(repr(row).encode())
    return h.hexdigest()


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A small demo seeded once with a fixed clock (agent01 is mid-morning)."""
    store = open_store(tmp_path_factory.mktemp("demo") / "demo.db", FixedClock(NOW))
    summary = seed_demo(store, customers=200, agents=4, days=14, seed=7)
    yield store, summary
    store.close()


def rows(store, sql, params=()):
    with store.read(None) as tx:
        return tx.all(sql, params)


def test_cli_seeds_a_store_with_two_teams_each_led_and_an_admin(tmp_path):
    db = tmp_path / "demo.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "demo", "--no-launch", "--customers", "200", "--agents", "4", "--days", "7"])
    assert result.exit_code == 0, result.output
    assert "agent01" in result.output and str(db) in result.output
    store = open_store(db)
    try:
        agents = rows(store, "SELECT login, role, team, active FROM agents")
        by_role = Counter(role for _, role, _, _ in agents)
        assert by_role == {"agent": 4, "lead": 2, "admin": 1}
        assert ("admin", "admin", None, 1) in agents
        teams = {}
        for _login, role, team, active in agents:
            if role != "admin":
                assert active == 1
                teams.setdefault(team, Counter())[role] += 1
        assert teams == {"north": Counter(lead=1, agent=2), "south": Counter(lead=1, agent=2)}
        assert dict(rows(store, "SELECT key, value FROM settings")) == {"timezone": '"Asia/Shanghai"', "phone_region": '"CN"'}
        assert rows(store, "SELECT count(*) FROM calls")[0][0] > 300
        assert rows(store, "SELECT team FROM agents WHERE login = 'agent01'")[0][0] == "north"
    finally:
        store.close()


def test_running_demo_twice_reuses_the_store(tmp_path):
    db = tmp_path / "demo.db"
    args = ["--db", str(db), "demo", "--no-launch", "--customers", "150", "--agents", "2", "--days", "3"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    store = open_store(db)
    before = digest(store)
    store.close()
    second = CliRunner().invoke(cli, args[:3] + ["--customers", "900", "--seed", "5"] + args[3:])
    assert second.exit_code == 0, second.output
    assert "already exists" in second.output
    store = open_store(db)
    try:
        assert digest(store) == before
    finally:
        store.close()


def test_demo_uses_its_own_file_unless_told(tmp_path, monkeypatch):
    monkeypatch.delenv("AGENTDESK_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    result = CliRunner().invoke(cli, ["demo", "--no-launch", "--customers", "100", "--agents", "2", "--days", "2"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "agentdesk" / "demo.db").exists()
    assert not (tmp_path / "agentdesk" / "agentdesk.db").exists()


def test_demo_starts_the_desk_as_the_demo_agent(tmp_path, monkeypatch):
    started = []
    monkeypatch.setattr("tui.cli_demo.run_desk", lambda env, agent=None: started.append((env.db_path, agent)))
    db = tmp_path / "demo.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "demo", "--customers", "100", "--agents", "2", "--days", "2"])
    assert result.exit_code == 0, result.output
    assert started == [(db, "agent01")]
    assert "agent01" in result.output


def test_demo_refuses_fewer_than_two_agents(tmp_path):
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "d.db"), "demo", "--no-launch", "--agents", "1"])
    assert result.exit_code == 2
    with pytest.raises(ValidationError):
        seed_demo(open_store(tmp_path / "e.db"), agents=1)


def test_same_seed_and_day_give_identical_data_and_another_seed_does_not(tmp_path):
    digests = []
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        store = open_store(tmp_path / f"{name}.db", FixedClock(NOW))
        assert seed_demo(store, seed=seed, **SMALL) is not None
        digests.append(digest(store))
        store.close()
    assert digests[0] == digests[1]
    assert digests[0] != digests[2]


def test_seeding_a_store_with_agents_writes_nothing(demo):
    store, _ = demo
    before = digest(store)
    assert seed_demo(store, **SMALL) is None
    assert digest(store) == before


def test_calls_have_a_realistic_mix(demo):
    store, summary = demo
    total = summary.calls
    categories = dict(rows(store, "SELECT category, count(*) FROM calls GROUP BY 1"))
    assert set(categories) == {"consultation", "order", "after-sales", "complaint", "shipping", "billing",
                               "feedback", "return-visit"}
    assert max(categories, key=categories.get) == "consultation"
    assert 0.25 < categories["consultation"] / total < 0.45
    assert 0.05 < categories["complaint"] / total < 0.16
    outcomes = dict(rows(store, "SELECT outcome, count(*) FROM calls GROUP BY 1"))
    assert outcomes["resolved"] / total > 0.6
    assert {"callback-needed", "transferred", "escalated-tech", "escalated-manager", "no-answer"} <= set(outcomes)
    # escalations name their target and say why; only outbound calls go unanswered
    assert rows(store, "SELECT count(*) FROM calls WHERE outcome LIKE 'escalated-%'"
                       " AND (escalation_target != substr(outcome, 11) OR coalesce(escalation_reason, '') = '')")[0][0] == 0
    assert rows(store, "SELECT count(*) FROM calls WHERE outcome = 'no-answer' AND direction != 'out'")[0][0] == 0
    channels = dict(rows(store, "SELECT channel, count(*) FROM calls GROUP BY 1"))
    assert channels["phone"] / total > 0.8 and {"walk-in", "wechat", "email"} <= set(channels)
    assert rows(store, "SELECT count(*) FROM calls WHERE channel != 'phone' AND phone_e164 IS NOT NULL")[0][0] == 0
    surveyed, median_talk, holds = rows(
        store, "SELECT avg(survey_score IS NOT NULL), (SELECT talk_s FROM calls WHERE talk_s > 0 ORDER BY talk_s"
               " LIMIT 1 OFFSET (SELECT count(*) / 2 FROM calls WHERE talk_s > 0)), avg(hold_s > 0) FROM calls")[0]
    assert 0.2 < surveyed < 0.4
    assert 120 < median_talk < 260
    assert 0.1 < holds < 0.3
    assert rows(store, "SELECT avg(survey_score) FROM calls")[0][0] > 3.8
    assert rows(store, "SELECT count(*) FROM calls WHERE order_no IS NOT NULL")[0][0] > 0
    assert rows(store, "SELECT count(*) FROM calls WHERE waybill_no IS NOT NULL")[0][0] > 0


def test_every_call_passes_the_store_validation_and_lies_in_working_hours(demo):
    store, _ = demo
    names = [d[0] for d in store.conn.execute("SELECT * FROM calls LIMIT 0").description]
    for row in rows(store, "SELECT * FROM calls"):
        call = dict(zip(names, row))
        call["amount_due"] = None if call["amount_due_cents"] is None else call["amount_due_cents"] / 100
        validate_call(CallEntry.from_fields(call))  # raises on anything the call form would refuse
        local = parse_iso(call["started_at"]).astimezone(SHANGHAI)
        assert 8 <= local.hour < 19, call
        assert call["started_at"] <= call["ended_at"] <= call["created_at"] <= NOW_ISO, call


def test_calls_of_one_agent_never_overlap_and_status_rows_chain(demo):
    store, _ = demo
    overlaps = rows(store, "SELECT count(*) FROM calls a JOIN calls b ON a.agent_id = b.agent_id AND a.id != b.id"
                           " AND b.started_at >= a.started_at AND b.started_at < a.created_at")[0][0]
    assert overlaps == 0
    assert rows(store, "SELECT count(*) FROM agent_status_log a JOIN agent_status_log b ON a.agent_id = b.agent_id"
                       " AND a.id != b.id AND b.started_at >= a.started_at AND b.started_at < coalesce(a.ended_at, 'z')")[0][0] == 0
    open_rows = rows(store, "SELECT agent_id, count(*) FROM agent_status_log WHERE ended_at IS NULL GROUP BY 1")
    assert len(open_rows) == 7 and all(n == 1 for _, n in open_rows)
    assert rows(store, "SELECT count(*) FROM agent_status_log WHERE started_at > ? OR ended_at > ?"
                       " OR ended_at <= started_at", (NOW_ISO,) * 2)[0][0] == 0


def test_the_store_is_consistent(demo):
    store, summary = demo
    assert rows(store, "PRAGMA foreign_key_check") == []
    assert rows(store, "PRAGMA integrity_check") == [("ok",)]
    customers = rows(store, "SELECT id, name, company, email, wechat_id, city, tags, notes FROM customers")
    tokens = dict(rows(store, "SELECT rowid, tokens FROM customer_fts"))
    assert len(tokens) == len(customers) == summary.customers
    for cid, *fields in customers:
        assert tokens[cid] == document_tokens(*fields)
    keys: dict[int, list] = {}
    for cid, part, key in rows(store, "SELECT customer_id, part, key FROM customer_pinyin"):
        keys.setdefault(cid, []).append((part, key))
    for cid, name, company, *_rest in customers:  # the loader wrote each customer's pinyin keys
        assert sorted(keys.pop(cid, [])) == sorted(search_keys(name, company)), cid
    assert keys == {}
    for table, column in (("customers", "name"), ("agents", "display_name")):  # and every name its sort key
        assert all(key == sort_key(n) for n, key in rows(store, f"SELECT {column}, name_sort FROM {table}")), table
    for e164, raw, digits_rev in rows(store, "SELECT e164, raw, digits_rev FROM customer_phones"):
        assert normalize(raw, "CN").e164 == e164
        assert digits_rev == reversed_digits(e164)
    # the last contact: the latest call, or a reached attempt of a case's update callback (demo/cases.py, made live)
    assert rows(store, "SELECT count(*) FROM customers c WHERE last_contact_at IS NOT"
                       " max((SELECT max(started_at) FROM calls WHERE customer_id = c.id), coalesce((SELECT max(a.at)"
                       " FROM callback_attempts a JOIN callbacks b ON b.id = a.callback_id JOIN case_events e"
                       " ON e.callback_id = b.id AND e.kind = 'callback' WHERE b.customer_id = c.id"
                       " AND a.result = 'reached'), ''))")[0][0] == 0
    for table in ("customers", "customer_phones", "calls", "callbacks", "callback_attempts", "conduct_events", "agents"):
        missing = rows(store, f"SELECT count(*) FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM audit_log l"
                              f" WHERE l.table_name = '{table}' AND l.row_id = t.id AND l.action = 'insert')")[0][0]
        assert missing == 0, table
    assert {t for (t,) in rows(store, "SELECT DISTINCT topic FROM change_log")} >= {"agents", "customers", "calls", "callbacks", "status"}
    # every call that worked a callback is an attempt of it, by the same agent
    assert rows(store, "SELECT count(*) FROM calls k WHERE callback_id IS NOT NULL AND NOT EXISTS"
                       " (SELECT 1 FROM callback_attempts t WHERE t.call_id = k.id AND t.callback_id = k.callback_id"
                       " AND t.agent_id = k.agent_id)")[0][0] == 0
    assert rows(store, "SELECT count(*) FROM callbacks WHERE (status = 'open') != (closed_at IS NULL)")[0][0] == 0


def test_customers_mix_chinese_and_english_with_valid_phones(demo):
    store, _ = demo
    names = [n for (n,) in rows(store, "SELECT name FROM customers")]
    chinese = sum(1 for n in names if re.search(r"[\u4e00-\u9fff]", n))
    assert 0.45 < chinese / len(names) < 0.75
    phones = [e for (e,) in rows(store, "SELECT e164 FROM customer_phones")]
    mobiles = sum(1 for e in phones if re.match(r"^\+861\d{10}$", e))
    landlines = sum(1 for e in phones if re.match(r"^\+86[2-9]", e))
    us = sum(1 for e in phones if e.startswith("+1"))
    assert mobiles / len(phones) > 0.6 and landlines > 0 and us > 0
    assert rows(store, "SELECT count(*) FROM (SELECT customer_id FROM customer_phones GROUP BY 1 HAVING count(*) > 1)")[0][0] > 0
    statuses = {s for (s,) in rows(store, "SELECT DISTINCT status FROM customers")}
    assert statuses == {"prospect", "contracted", "churned"}


def test_callbacks_overdue_due_today_and_later_mine_and_in_the_pool(demo):
    store, _ = demo
    _, day_end = day_bounds(NOW, SHANGHAI)
    counts = my_callback_counts(store, "agent01", day_end)
    assert counts["overdue"] >= 1 and counts["due_today"] >= 1
    mine = list_callbacks(store, "agent01", scope="mine")
    assert any(c.due_at >= day_end for c in mine)
    assert all(c.owner == "agent01" for c in mine)
    pool = rows(store, "SELECT count(*) FROM callbacks WHERE status = 'open' AND owner_id IS NULL")[0][0]
    assert pool >= 1
    kinds = {k for (k,) in rows(store, "SELECT DISTINCT kind FROM callbacks")}
    assert kinds == {"callback", "return-visit", "missed-call"}
    done_with_tries = rows(store, "SELECT count(*) FROM callbacks b WHERE status = 'done'"
                                  " AND (SELECT count(*) FROM callback_attempts WHERE callback_id = b.id) >= 2")[0][0]
    assert done_with_tries >= 1
    overdue_any = rows(store, "SELECT count(*) FROM callbacks WHERE status = 'open' AND due_at < ?", (NOW_ISO,))[0][0]
    assert overdue_any >= 1


def test_conduct_events_follow_the_policy_points(demo):
    store, _ = demo
    expected = {"missed-meeting": -1, "late": -1, "early-leave": -1, "absence": -1, "dress-code": -1, "hygiene": -2}
    events = rows(store, "SELECT kind, points, entered_by, occurred_on FROM conduct_events")
    assert events
    leads = {login for (login,) in rows(store, "SELECT login FROM agents WHERE role = 'lead'")}
    for kind, points, entered_by, occurred_on in events:
        assert points == expected[kind] and entered_by in leads and occurred_on < "2026-11-26"


def test_the_demo_agent_reads_their_own_day(demo):
    store, _ = demo
    start, end = day_bounds(NOW, SHANGHAI)
    today = list_calls(store, "agent01", since=start, until=end)
    assert len(today) >= 3
    assert {c.agent for c in today} == {"agent01"}
    assert all(c.started_at < NOW_ISO for c in today)
    assert current_status(store, "agent01")["status"] in ("ready", "on-call", "wrap-up", "break")
    # the lead sees the team's calls today, not the other team's
    team = {c.agent for c in list_calls(store, "lead1", since=start, until=end, limit=500)}
    assert "agent01" in team and not team & {"agent03", "agent04", "lead2"}


@pytest.mark.perf
def test_demo_seeds_in_seconds(tmp_path):
    """The default size (2,000 customers, 12 agents, 90 days) must stay quick for Quick start: about 5 s
    on an idle 2-core machine (README); the bound holds on a loaded one and fails if a row-by-row
    write (one transaction per call: minutes) creeps back in."""
    store = open_store(tmp_path / "full.db", FixedClock(NOW))
    summary = seed_demo(store)
    store.close()
    assert summary.calls > 25_000 and summary.customers == 2000 and summary.agents == 15
    assert summary.seconds < 60


def test_before_the_day_shift_the_demo_agent_is_already_mid_shift(tmp_path):
    """Started at 07:05 in Shanghai (a European evening), the desk still opens on a day in progress."""
    early = datetime(2026, 11, 25, 23, 5, tzinfo=timezone.utc)
    store = open_store(tmp_path / "early.db", FixedClock(early))
    try:
        seed_demo(store, **SMALL)
        start, end = day_bounds(early, SHANGHAI)
        assert len(list_calls(store, "agent01", since=start, until=end)) >= 3
        assert current_status(store, "agent01")["status"] != "offline"
        assert current_status(store, "agent03")["status"] == "offline"  # the other team comes in at 09:00
        assert rows(store, "SELECT count(*) FROM calls WHERE created_at > ?", ("2026-11-25T23:05:00Z",))[0][0] == 0
    finally:
        store.close()


def test_a_store_with_data_but_no_agents_is_refused(tmp_path):
    from store.errors import StoreError

    store = open_store(tmp_path / "odd.db", FixedClock(NOW))
    try:
        with store.write(None) as tx:
            tx.execute("INSERT INTO customers (name, created_at, created_by, updated_at, updated_by)"
                       " VALUES ('x', ?, '-', ?, '-')", (NOW_ISO, NOW_ISO))
        with pytest.raises(StoreError, match="empty store"):
            seed_demo(store, **SMALL)
        assert rows(store, "SELECT count(*) FROM agents")[0][0] == 0
    finally:
        store.close()


def test_every_landline_the_demo_makes_is_one_the_store_takes():
    """`demo --customers 10000` stopped at '021-8002 5676': a block the numbering plan does not give out."""
    from demo.customers import landline
    from demo.past import Past

    past = Past(datetime(2026, 11, 26, 6, 0, tzinfo=timezone.utc), customers=10, agents=2, days=1, seed=1)
    made = [landline(past, area) for area in ("021", "010", "0755") for _ in range(3000)]
    refused = [raw for e164, raw in made if getattr(try_normalize(raw), "e164", None) != e164]
    assert not refused
