"""The hot queries use an index: none scans customers, phones, calls or callbacks.

Each store function runs with SQLite's trace on; every SELECT it really sent
(parameters bound) is explained with EXPLAIN QUERY PLAN. No ANALYZE is run, so
the plans are what the schema alone gives, as on a store nobody analysed.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from store.audit import list_audit
from store.call_records import CallEntry
from store.callbacks import insert_callback, list_callbacks, my_callback_counts
from store.calls import list_calls, log_call
from store.changes import ChangeWatcher, changes_since
from store.clock import iso
from store.customers import create_customer, find_by_phone, get_customer, search_customers

SINCE, UNTIL = "2026-11-01T00:00:00Z", "2026-11-27T00:00:00Z"


@pytest.fixture
def desk(team, clock):
    for i in range(60):
        cid = create_customer(team, "li", phones=[f"1380013{i:04d}"], name=f"张伟{i}", city="深圳")
        for login in ("li", "wang", "chen"):
            log_call(team, login, CallEntry(category="order", outcome="resolved", customer_id=cid))
        clock.advance(minutes=3)
    with team.write("root") as tx:
        for i in range(30):
            due = iso(clock.now + timedelta(hours=i - 10))
            insert_callback(tx, due_at=due, customer_id=i + 1, owner=("li", "wang", "chen", None)[i % 4])
    return team


def selects_sent(s, fn) -> list[str]:
    sent: list[str] = []
    s.trace(sent.append)
    try:
        fn()
    finally:
        s.trace(None)
    # FTS5 reads its one-row config table itself ('main'.'x_config') the first time a connection uses it
    return [q for q in sent if q.lstrip().upper().startswith(("SELECT", "WITH")) and "FROM 'main'." not in q]


def plan_of(s, sql) -> list[str]:
    return [row[3] for row in s.conn.execute("EXPLAIN QUERY PLAN " + sql).fetchall()]


def scans(detail_lines: list[str]) -> list[str]:
    """Plan lines that read a whole table or index (an FTS5 MATCH is an index lookup, not a scan)."""
    bad = []
    for line in detail_lines:
        if not line.startswith("SCAN "):
            continue
        if line == "SCAN CONSTANT ROW" or re.fullmatch(r"SCAN \(subquery-\d+\)", line):
            continue  # a subquery's own rows (each read through its index, planned on its own lines)
        if line.startswith("SCAN customer_fts VIRTUAL TABLE INDEX") and ":M" in line:
            continue
        bad.append(line)
    return bad


HOT = {
    "phone suffix": lambda s: search_customers(s, "lin", "0012"),
    "phone suffix, full-width": lambda s: search_customers(s, "lin", "００１２"),
    "phone exact": lambda s: find_by_phone(s, "li", "+86 138-0013-0012"),
    "phone exact in search": lambda s: search_customers(s, "lin", "138 0013 0012"),
    "fts one character": lambda s: search_customers(s, "lin", "伟"),
    "fts two characters": lambda s: search_customers(s, "lin", "张伟"),
    "fts latin prefix": lambda s: search_customers(s, "lin", "zhang"),
    "pinyin initials": lambda s: search_customers(s, "lin", "zw"),
    "full pinyin": lambda s: search_customers(s, "lin", "zhangwei"),
    "customer card": lambda s: get_customer(s, "li", 5),
    "calls: agent, date range": lambda s: list_calls(s, "li", since=SINCE, until=UNTIL),
    "calls: lead's team, date range": lambda s: list_calls(s, "lin", since=SINCE, until=UNTIL),
    "calls: lead asks for one agent": lambda s: list_calls(s, "lin", agent="wang", since=SINCE, until=UNTIL),
    "calls: admin, date range": lambda s: list_calls(s, "root", since=SINCE, until=UNTIL),
    "calls: admin asks for one agent": lambda s: list_calls(s, "root", agent="chen", since=SINCE),
    "calls: one customer": lambda s: list_calls(s, "root", customer_id=7),
    "callback counts": lambda s: my_callback_counts(s, "li", "2026-11-26T16:00:00Z"),
    "callbacks: mine": lambda s: list_callbacks(s, "li", scope="mine"),
    "callbacks: pool": lambda s: list_callbacks(s, "li", scope="pool"),
    "callbacks: lead's all": lambda s: list_callbacks(s, "lin", scope="all"),
    "change log since": lambda s: changes_since(s, 5),
    "audit: by login": lambda s: list_audit(s, "root", by="li"),
    "audit: table since": lambda s: list_audit(s, "root", table="calls", since="2026-11-01"),
    "audit: older page": lambda s: list_audit(s, "root", before=("2026-11-26T03:00:00Z", 50)),
    "audit: lead's team": lambda s: list_audit(s, "lin"),
    "audit: lead's team, one table": lambda s: list_audit(s, "lin", table="customers"),
    "audit: one customer": lambda s: list_audit(s, "root", customer_id=7),
    "audit: one customer, a lead": lambda s: list_audit(s, "lin", customer_id=7),
    "audit: one agent": lambda s: list_audit(s, "lin", agent="wang"),
}


@pytest.mark.parametrize("name", list(HOT))
def test_hot_query_uses_an_index(desk, name):
    statements = selects_sent(desk, lambda: HOT[name](desk))
    assert statements, "the function sent no SELECT"
    problems = {}
    for sql in statements:
        plan = plan_of(desk, sql)
        assert plan, sql
        if scans(plan):
            problems[sql[:160]] = plan
    assert problems == {}


def test_the_queries_under_test_are_the_interesting_ones(desk):
    """Guard against a vacuous pass: the plans really touch the big tables through their indexes."""
    def plan_text(name):
        return "\n".join(line for sql in selects_sent(desk, lambda: HOT[name](desk)) for line in plan_of(desk, sql))

    assert "customer_phones_digits_rev" in plan_text("phone suffix")
    assert "customer_phones" in plan_text("phone exact") and "e164=?" in plan_text("phone exact")
    assert "customer_fts VIRTUAL TABLE INDEX" in plan_text("fts one character")
    assert "customer_pinyin_key (part=? AND key=?)" in plan_text("pinyin initials")
    assert "calls_agent_started (agent_id=? AND started_at>? AND started_at<?)" in plan_text("calls: agent, date range")
    # calls_agent_kpi (migration 6) has the same (agent_id, started_at) prefix and may be chosen instead
    assert re.search(r"calls_agent_(started|kpi)", plan_text("calls: lead's team, date range"))
    assert "callbacks_open_owner_due (status=? AND owner_id=?)" in plan_text("callback counts")


def test_scan_detector_flags_a_scan(desk):
    """The detector itself: an unindexed filter on calls is reported."""
    plan = plan_of(desk, "SELECT * FROM calls WHERE notes = 'x'")
    assert scans(plan) == ["SCAN calls"]
    plan = plan_of(desk, "SELECT rowid FROM customer_fts")
    assert scans(plan) and "VIRTUAL TABLE" in scans(plan)[0]


def test_newest_calls_page_reads_in_index_order(desk):
    """An admin's unfiltered newest-first page walks calls_started backwards and stops at LIMIT: no sort."""
    (sql,) = [q for q in selects_sent(desk, lambda: list_calls(desk, "root", limit=20)) if "FROM calls" in q]
    plan = plan_of(desk, sql)
    assert any("calls_started" in line for line in plan)
    assert not any("TEMP B-TREE" in line for line in plan)


def test_newest_audit_page_reads_in_index_order(desk):
    """An admin's unfiltered audit page walks audit_log_at backwards and stops at LIMIT: no sort."""
    (sql,) = [q for q in selects_sent(desk, lambda: list_audit(desk, "root", limit=20)) if "FROM audit_log" in q]
    plan = plan_of(desk, sql)
    assert plan == ["SCAN l USING INDEX audit_log_at"]


def test_audit_views_read_their_rows_by_index(desk):
    """A lead's listing is one index range per person, a customer's and an agent's record by (table, row)."""
    def plan_text(fn):
        return "\n".join(line for sql in selects_sent(desk, lambda: fn(desk)) for line in plan_of(desk, sql))

    lead = plan_text(lambda s: list_audit(s, "lin"))
    assert lead.count("audit_log_actor_at (actor=?)") == 3  # lin, li, wang
    assert "audit_log_row (table_name=? AND row_id=?)" in lead  # the team's agent records
    customer = plan_text(lambda s: list_audit(s, "root", customer_id=7))
    assert customer.count("audit_log_row (table_name=? AND row_id=?)") == 5  # the record, phones, calls, callbacks, views
    assert "calls_customer_started (customer_id=?)" in customer
    assert "card_views_customer (customer_id=?)" in customer
    assert "audit_log_table_at (table_name=? AND at>?)" in plan_text(
        lambda s: list_audit(s, "root", table="calls", since="2026-11-01"))


def test_change_watcher_poll_reads_nothing_while_quiet(desk):
    watcher = ChangeWatcher(desk)
    sent: list[str] = []
    desk.trace(sent.append)
    try:
        for _ in range(5):
            assert watcher.poll() == set()
    finally:
        desk.trace(None)
    assert sent and set(sent) == {"PRAGMA data_version"}
