"""The lookup's and the card's queries use indexes (EXPLAIN QUERY PLAN, as in test_query_plans.py)."""

from __future__ import annotations

from functools import partial

import pytest
from test_query_plans import plan_of, scans, selects_sent

from store.call_records import CallEntry
from store.calls import log_call
from store.customers import create_customer, customer_calls, customer_card, list_customers, lookup_customers


@pytest.fixture
def desk(team, clock):
    for i in range(40):
        cid = create_customer(team, "li", phones=[f"1380013{i:04d}"], name=f"张伟{i}", company=f"Globex {i}",
                              city="深圳", tags="vip" if i % 2 else "")
        for _ in range(3):
            log_call(team, "li", CallEntry(category="order", outcome="resolved", customer_id=cid, order_no=f"SO2026{i:06d}", waybill_no=f"SF{i:08d}"))
        clock.advance(minutes=3)
    return team


LOOKUP = {  # as the lead: an agent runs the same reads, behind the 2-character rule (store/card_views.py)
    "blank box: newest contacts": lambda s: lookup_customers(s, "lin", ""),
    "blank box, status filter": lambda s: lookup_customers(s, "lin", "", status="prospect"),
    "exact phone": lambda s: lookup_customers(s, "lin", "138 0013 0012"),
    "phone suffix": lambda s: lookup_customers(s, "lin", "0012"),
    "exact name": lambda s: lookup_customers(s, "lin", "张伟7"),
    "one chinese character": lambda s: lookup_customers(s, "lin", "伟"),
    "two chinese characters": lambda s: lookup_customers(s, "lin", "伟1"),
    "one latin letter": lambda s: lookup_customers(s, "lin", "g"),
    "latin word": lambda s: lookup_customers(s, "lin", "globex 1"),
    "order number": lambda s: lookup_customers(s, "lin", "SO2026000007"),
    "waybill number": lambda s: lookup_customers(s, "lin", "sf00000007"),
    "with status and tag": lambda s: lookup_customers(s, "lin", "伟", status="prospect", tag="vip"),
    "pinyin initials": lambda s: lookup_customers(s, "lin", "zw"),
    "full pinyin": lambda s: lookup_customers(s, "lin", "zhang wei"),
    "pinyin prefix": lambda s: lookup_customers(s, "lin", "zh"),
    "pinyin, later characters": lambda s: lookup_customers(s, "lin", "wei"),
    "pinyin with status and tag": lambda s: lookup_customers(s, "lin", "zh", status="prospect", tag="vip"),
    "archive in name order": lambda s: list_customers(s, "lin", limit=10),
    "archive from a name": lambda s: list_customers(s, "lin", start="张伟3", limit=10),
    "archive, next page": lambda s: list_customers(s, "lin", after=7, limit=10),
    "card": lambda s: customer_card(s, "lin", 5),
    "calls, next page": lambda s: customer_calls(s, "lin", 5, before=("2026-11-26T03:00:00Z", 10**6), limit=2),
}


@pytest.mark.parametrize("name", list(LOOKUP))
def test_lookup_queries_use_indexes(desk, name):
    statements = selects_sent(desk, lambda: LOOKUP[name](desk))
    assert statements
    problems = {sql[:160]: plan_of(desk, sql) for sql in statements if scans(plan_of(desk, sql))}
    assert problems == {}


def test_the_class_queries_read_the_intended_indexes(desk):
    def plan_text(name):
        return "\n".join(line for sql in selects_sent(desk, lambda: LOOKUP[name](desk)) for line in plan_of(desk, sql))

    assert "customers_name_lower (<expr>=?)" in plan_text("exact name")
    assert "customers_company_lower (<expr>>? AND <expr><?)" in plan_text("one latin letter")
    assert "customers_name_lower (<expr>>? AND <expr><?)" in plan_text("one latin letter")
    assert "calls_order_no (order_no>? AND order_no<?)" in plan_text("order number")
    assert "calls_waybill_no (waybill_no>? AND waybill_no<?)" in plan_text("waybill number")
    assert "customer_phones_digits_rev" in plan_text("phone suffix")
    assert "customers_status_contact (status=?" in plan_text("blank box, status filter")
    assert "customers_last_contact" in plan_text("blank box: newest contacts")
    calls = plan_text("calls, next page")
    assert "calls_customer_started (customer_id=? AND started_at<?)" in calls or "calls_customer_started (customer_id=?)" in calls
    assert "TEMP B-TREE" not in plan_text("exact name")  # newest contact first straight from the index
    # a whole name's pinyin or initials is one key, a prefix a range, each row then one customer by id
    for name in ("pinyin initials", "full pinyin"):
        assert "SEARCH y USING COVERING INDEX customer_pinyin_key (part=? AND key=?)" in plan_text(name)
    for name in ("pinyin prefix", "pinyin, later characters", "pinyin with status and tag"):
        assert "SEARCH y USING COVERING INDEX customer_pinyin_key (part=? AND key>? AND key<?)" in plan_text(name)
        assert "SEARCH c USING INTEGER PRIMARY KEY (rowid=?)" in plan_text(name)


def test_archive_pages_are_one_range_of_the_name_index(desk):
    """`customers list` reads a page straight from customers_name_sort, in its order: no sort, whatever the size."""
    for name in ("archive in name order", "archive from a name", "archive, next page"):
        sent = [sql for sql in selects_sent(desk, partial(LOOKUP[name], desk)) if "INDEXED BY customers_name_sort" in sql]
        assert len(sent) == 1, name
        plan = plan_of(desk, sent[0])
        assert plan[0] == "SEARCH c USING INDEX customers_name_sort (name_sort>?)", (name, plan)
        assert not any("TEMP B-TREE" in line for line in plan), (name, plan)
