"""store.audit.list_audit: leads see their team's rows, admins all, agents none; filters, pages, views."""

from __future__ import annotations

import pytest

from store.agents import set_agent
from store.audit import list_audit
from store.call_records import CallEntry
from store.calls import log_call
from store.customers import add_phone, create_customer, update_customer
from store.errors import NotFound, PermissionDenied, ValidationError


@pytest.fixture
def worked(team, clock):
    """li (north) creates a customer and logs a call; chen (south) edits them; root moves wang."""
    cid = create_customer(team, "li", name="张伟", phones=["13800138000"])
    clock.advance(minutes=1)
    log_call(team, "li", CallEntry(category="order", outcome="resolved", customer_id=cid))
    clock.advance(minutes=1)
    update_customer(team, "chen", cid, city="深圳")
    clock.advance(minutes=1)
    set_agent(team, "root", "wang", name="王伟伟")
    clock.advance(minutes=1)
    return team, cid


def who(page) -> list[tuple[str, str, str]]:
    return [(e.actor, e.table_name, e.action) for e in page.entries]


def test_an_admin_sees_every_row_newest_first_with_its_proof(worked):
    store, _cid = worked
    page = list_audit(store, "root")
    assert who(page)[:3] == [("root", "agents", "update"), ("chen", "customers", "update"), ("li", "calls", "insert")]
    assert [e.at for e in page.entries] == sorted((e.at for e in page.entries), reverse=True)
    assert {e.proof for e in page.entries} == {"unbound"}
    assert page.next is None
    first = page.entries[0]
    assert first.as_json() == {"id": first.id, "at": "2026-11-26T02:03:00Z", "actor": "root", "proof": "unbound",
                               "table_name": "agents", "row_id": 4, "action": "update",
                               "before": {"display_name": "王伟", "updated_at": "2026-11-26T02:00:00Z"},
                               "after": {"display_name": "王伟伟", "updated_at": "2026-11-26T02:03:00Z"}}
    assert first.change() == ("display_name: 王伟 → 王伟伟; updated_at: 2026-11-26T02:00:00Z → 2026-11-26T02:03:00Z")


def test_a_lead_sees_what_their_team_did_and_what_was_done_to_their_team(worked):
    store, _cid = worked
    rows = who(list_audit(store, "lin"))
    assert ("li", "calls", "insert") in rows and ("li", "customers", "insert") in rows
    assert ("root", "agents", "update") in rows  # wang's record, changed by an admin
    assert not [r for r in rows if r[0] == "chen"]  # another team's work
    assert not [r for r in rows if r[0] == "root" and r[1] != "agents"]
    assert {r[0] for r in who(list_audit(store, "zhao"))} <= {"chen", "root", "zhao"}


def test_an_agent_is_told_the_audit_log_is_for_leads_and_admins(worked):
    store, cid = worked
    for view in ({}, {"customer_id": cid}, {"agent": "li"}):
        with pytest.raises(PermissionDenied, match="only leads and admins see the audit log; 'li' is an agent"):
            list_audit(store, "li", **view)


def test_filters_by_table_login_and_start(worked, clock):
    store, _cid = worked
    assert who(list_audit(store, "root", table="calls")) == [("li", "calls", "insert")]
    assert {r[0] for r in who(list_audit(store, "root", by="li"))} == {"li"}
    # 10:02 in Shanghai is 02:02 UTC: chen's edit and root's change of wang
    assert who(list_audit(store, "root", since="2026-11-26T10:02:00")) == [
        ("root", "agents", "update"), ("chen", "customers", "update")]
    assert who(list_audit(store, "root", since="2026-11-27")) == []
    with pytest.raises(ValidationError, match="since"):
        list_audit(store, "root", since="yesterday")


def test_a_lead_asking_for_another_team_is_told_so(worked):
    store, _cid = worked
    with pytest.raises(PermissionDenied, match="'chen' is not in your team"):
        list_audit(store, "lin", by="chen")
    with pytest.raises(PermissionDenied, match="'chen' is not in your team"):
        list_audit(store, "lin", agent="chen")


def test_pages_go_back_in_time_without_gaps_or_repeats(worked):
    store, _cid = worked
    everything = [e.id for e in list_audit(store, "root").entries]
    seen, cursor = [], None
    while True:
        page = list_audit(store, "root", limit=3, before=cursor)
        seen += [e.id for e in page.entries]
        if page.next is None:
            break
        cursor = page.next
    assert seen == everything and len(everything) > 6
    with pytest.raises(ValidationError, match="limit"):
        list_audit(store, "root", limit=0)


def test_a_customer_s_view_holds_their_record_phones_and_calls(worked, clock):
    store, cid = worked
    add_phone(store, "wang", cid, "021 6123 4567")
    other = create_customer(store, "li", name="李雷")
    rows = [(e.actor, e.table_name, e.row_id, e.action) for e in list_audit(store, "root", customer_id=cid).entries]
    tables = {(t, a) for _who, t, _id, a in rows}
    assert tables == {("customers", "insert"), ("customers", "update"), ("customer_phones", "insert"),
                      ("calls", "insert")}
    assert not [r for r in rows if r[1] == "customers" and r[2] == other]
    lead_rows = who(list_audit(store, "lin", customer_id=cid))  # a lead: their team's people only
    assert lead_rows and {r[0] for r in lead_rows} <= {"li", "wang", "lin"}
    with pytest.raises(NotFound):
        list_audit(store, "root", customer_id=999)


def test_an_agent_s_view_holds_what_they_did_and_what_was_done_to_them(worked):
    store, _cid = worked
    rows = who(list_audit(store, "lin", agent="wang"))
    assert rows == [("root", "agents", "update"), ("root", "agents", "insert")]
    rows = who(list_audit(store, "root", agent="li"))
    assert ("li", "calls", "insert") in rows and ("root", "agents", "insert") in rows
    assert all(actor in ("li", "root") for actor, *_ in rows)
