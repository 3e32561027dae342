"""Issue 15, reading: an agent opens a customer's card only for their work, every opening is audited,
too many in an hour alert the lead, agents' lookups stay narrow, every export and backup is audited."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest

from store.call_records import CallEntry
from store.callbacks import insert_callback
from store.calls import log_call
from store.card_views import CardReason, ReasonNeeded, lookup_is_narrow
from store.clock import iso
from store.customers import (
    create_customer,
    customer_call,
    customer_calls,
    customer_card,
    lookup_customers,
    open_customer_card,
)
from store.errors import PermissionDenied
from store.exporter import export_to
from store.maintenance import backup
from store.settings import get_settings, set_setting
from store.wallboard import card_views_over, wallboard


@pytest.fixture
def archive(team, clock):
    c = {"anna": create_customer(team, "root", phones=["13800138000"], name="Anna Smith"),
         "bob": create_customer(team, "root", phones=["13900139000"], name="Bob Jones")}
    clock.advance(hours=2)  # created by the admin, long enough ago that no agent has a reason yet
    team.c = c
    return team


def views(store):
    with store.read(None) as tx:
        return tx.all("SELECT a.login, v.customer_id, v.reason, v.reason_ref FROM card_views v"
                      " JOIN agents a ON a.id = v.agent_id ORDER BY v.id")


def audit_rows(store, table):
    with store.read(None) as tx:
        return tx.all("SELECT actor, row_id, after, proof FROM audit_log WHERE table_name = ? ORDER BY id", (table,))


def test_an_agent_without_a_reason_is_refused_and_nothing_is_recorded(archive):
    cid = archive.c["anna"]
    for read in (lambda: open_customer_card(archive, "li", cid), lambda: customer_card(archive, "li", cid),
                 lambda: customer_calls(archive, "li", cid)):
        with pytest.raises(ReasonNeeded, match="from their call or callback"):
            read()
    call = log_call(archive, "wang", CallEntry(customer_id=cid, category="order", outcome="resolved"))
    with pytest.raises(ReasonNeeded):
        customer_call(archive, "li", cid, call)
    assert views(archive) == []


def test_leads_and_admins_open_any_card_and_each_opening_is_audited(archive):
    card, again = open_customer_card(archive, "lin", archive.c["anna"])
    assert card.name == "Anna Smith" and again.kind == "view"
    open_customer_card(archive, "root", archive.c["bob"])
    assert views(archive) == [("lin", archive.c["anna"], "scope", ""), ("root", archive.c["bob"], "scope", "")]
    assert [(r[0], r[3]) for r in audit_rows(archive, "card_views")] == [("lin", "unbound"), ("root", "unbound")]


def test_a_call_of_the_agent_today_about_that_customer_opens_it(archive, clock):
    anna, bob = archive.c["anna"], archive.c["bob"]
    mine = log_call(archive, "li", CallEntry(customer_id=anna, category="order", outcome="resolved"))
    colleagues = log_call(archive, "wang", CallEntry(customer_id=anna, category="order", outcome="resolved"))
    old = log_call(archive, "li", CallEntry(customer_id=anna, category="order", outcome="resolved",
                                           started_at=iso(clock.now - timedelta(days=2))))
    card, again = open_customer_card(archive, "li", anna, CardReason.call(mine))
    assert card.id == anna
    assert customer_calls(archive, "li", anna, reason=again).calls  # the history, read again for the view
    for call_id, customer in ((colleagues, anna), (old, anna), (mine, bob)):
        with pytest.raises(PermissionDenied, match="is not a call of yours today"):
            open_customer_card(archive, "li", customer, CardReason.call(call_id))
    assert views(archive) == [("li", anna, "call", str(mine))]


def test_an_open_callback_of_the_agent_for_that_customer_opens_it(archive):
    anna = archive.c["anna"]
    with archive.write("root") as tx:
        mine = insert_callback(tx, due_at="2026-11-26T08:00:00Z", customer_id=anna, owner="li")
        pool = insert_callback(tx, due_at="2026-11-26T08:00:00Z", customer_id=anna, owner=None)
        wangs = insert_callback(tx, due_at="2026-11-26T08:00:00Z", customer_id=anna, owner="wang")
    open_customer_card(archive, "li", anna, CardReason.callback(mine))
    for other in (pool, wangs):
        with pytest.raises(PermissionDenied, match="is not an open callback of yours"):
            open_customer_card(archive, "li", anna, CardReason.callback(other))
    with pytest.raises(PermissionDenied, match="is not an open callback of yours"):
        open_customer_card(archive, "li", archive.c["bob"], CardReason.callback(mine))


def test_a_lookup_of_two_characters_or_four_digits_that_finds_the_customer_opens_it(archive):
    anna = archive.c["anna"]
    for query in ("An", "8000", "138 0013 8000", "Anna Smith"):
        open_customer_card(archive, "li", anna, CardReason.lookup(query))
    for query in ("A", "800", "", "  "):
        with pytest.raises(PermissionDenied, match="at least 2 characters or 4 digits"):
            open_customer_card(archive, "li", anna, CardReason.lookup(query))
    with pytest.raises(PermissionDenied, match="does not find customer"):
        open_customer_card(archive, "li", anna, CardReason.lookup("Bob"))
    assert [v[3] for v in views(archive)] == ["An", "8000", "138 0013 8000", "Anna Smith"]
    assert lookup_is_narrow("张伟") and not lookup_is_narrow("张") and lookup_is_narrow("+86 138")


def test_a_view_reads_the_card_again_but_never_opens_another_card(archive):
    _card, again = open_customer_card(archive, "li", archive.c["anna"], CardReason.lookup("Anna"))
    assert customer_card(archive, "li", archive.c["anna"], again).id == archive.c["anna"]
    with pytest.raises(ReasonNeeded):
        customer_card(archive, "li", archive.c["bob"], again)
    with pytest.raises(ReasonNeeded):
        customer_card(archive, "wang", archive.c["anna"], again)  # a colleague's view is not theirs
    with pytest.raises(ReasonNeeded):
        open_customer_card(archive, "li", archive.c["anna"], again)  # a view is never a new opening


def test_a_customer_the_agent_just_created_opens(team):
    cid = create_customer(team, "li", name="Carol King")
    open_customer_card(team, "li", cid, CardReason.created())
    with pytest.raises(ReasonNeeded):
        open_customer_card(team, "wang", cid, CardReason.created())


def test_agents_lookups_are_narrow_and_one_page(archive):
    assert lookup_customers(archive, "li", "")["rows"] == [] and lookup_customers(archive, "li", "")["too_wide"]
    assert lookup_customers(archive, "li", "A")["rows"] == []
    assert [r["name"] for r in lookup_customers(archive, "li", "Anna")["rows"]] == ["Anna Smith"]
    with pytest.raises(PermissionDenied, match="at most 20 customers"):
        lookup_customers(archive, "li", "Anna", limit=21)
    assert lookup_customers(archive, "lin", "A", limit=500)["rows"]  # a lead reads the archive
    assert not lookup_customers(archive, "lin", "")["too_wide"]


def test_views_past_the_hour_s_limit_alert_the_lead_once(archive, clock):
    assert get_settings(archive, "li")["card_views_per_hour"] == 60
    set_setting(archive, "root", "card_views_per_hour", 3)  # a centre-wide setting: an admin's
    anna = archive.c["anna"]
    for _ in range(3):
        open_customer_card(archive, "li", anna, CardReason.lookup("Anna"))
    assert audit_rows(archive, "card_view_alerts") == []
    assert card_views_over(wallboard(archive, "lin", clock.now)) == []
    for _ in range(2):
        open_customer_card(archive, "li", anna, CardReason.lookup("Anna"))
    (alert,) = audit_rows(archive, "card_view_alerts")  # once, when the limit is first crossed
    assert alert[0] == "li" and json.loads(alert[2]) == {"agent": "li", "views_last_hour": 4, "limit": 3}
    board = wallboard(archive, "lin", clock.now)
    assert [(r["login"], r["card_views_last_hour"]) for r in card_views_over(board)] == [("li", 5)]
    assert board["card_views_limit"] == 3
    assert card_views_over(wallboard(archive, "zhao", clock.now)) == []  # another team's lead
    clock.advance(minutes=61)
    assert card_views_over(wallboard(archive, "lin", clock.now)) == []  # the hour has passed


def test_every_export_is_audited_with_who_what_filters_rows_and_where(archive):
    log_call(archive, "li", CallEntry(customer_id=archive.c["anna"], category="order", outcome="resolved"))
    out = io.StringIO()
    assert export_to(archive, "li", "calls", out, "json", since="2026-11-01") == 1
    export_to(archive, "lin", "customers", io.StringIO())
    rows = audit_rows(archive, "exports")
    assert [r[0] for r in rows] == ["li", "lin"]
    assert json.loads(rows[0][2]) == {"kind": "calls", "filters": {"since": "2026-11-01", "until": None, "format": "json"},
                                      "rows": 1, "destination": "stream", "complete": True}
    assert json.loads(rows[1][2])["rows"] == 2


def test_a_refused_export_is_no_export_and_a_backup_is_audited(archive, tmp_path):
    with pytest.raises(PermissionDenied):
        export_to(archive, "li", "customers", io.StringIO())
    assert audit_rows(archive, "exports") == []
    backup(archive, "root", tmp_path / "copy.db", destination="stdout")
    (row,) = audit_rows(archive, "exports")
    after = json.loads(row[2])
    assert row[0] == "root" and after["kind"] == "backup" and after["destination"] == "stdout"
    assert after["rows"] >= 2 + 6  # two customers and the six agents at least


def test_an_agent_s_records_behind_a_kpi_are_their_own(archive):
    from store import kpi

    log_call(archive, "wang", CallEntry(customer_id=archive.c["anna"], category="order", outcome="resolved"))
    with pytest.raises(PermissionDenied, match="an agent may only see their own work"):
        kpi.kpi_records(archive, "li", "wang", "fcr_rate", "2026-11")
    assert kpi.kpi_records(archive, "li", None, "fcr_rate", "2026-11") == []
    assert kpi.kpi_records(archive, "lin", "wang", "fcr_rate", "2026-11")  # the lead: their team


def test_a_lookup_opens_a_match_past_the_first_page(team, clock):
    ids = [create_customer(team, "root", name=f"Zhang {i:02d}", status="contracted" if i == 29 else "prospect")
           for i in range(30)]
    clock.advance(hours=2)
    found = lookup_customers(team, "li", "zhang", status="contracted")["rows"]  # F3 with a status filter
    assert [r["id"] for r in found] == [ids[29]]
    open_customer_card(team, "li", ids[29], CardReason.lookup("zhang"))
