"""Issue 15, reading, on the command line: no path gives an agent the archive in bulk, and every export
and backup leaves an audit row naming who, what, filters, rows and where it went."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from store.call_records import CallEntry
from store.calls import log_call
from store.customers import create_customer
from tui.cli import cli


def invoke(store, agent, *args):
    env = {"AGENTDESK_DB": None, "AGENTDESK_AGENT": None, "AGENTDESK_LANG": "en", "COLUMNS": "200"}
    return CliRunner().invoke(cli, ["--db", str(store.path), "--agent", agent, *map(str, args)], env=env,
                              prog_name="agentdesk")


@pytest.fixture
def archive(team, clock):
    ids = [create_customer(team, "root", phones=[f"1380013{i:04d}"], name=f"Customer {i}", wechat_id=f"wx{i}")
           for i in range(30)]
    for cid in ids:
        log_call(team, "wang", CallEntry(customer_id=cid, category="order", outcome="resolved"))
    clock.advance(hours=2)
    team.ids = ids
    return team


def exports(store):
    with store.read(None) as tx:
        return [(actor, json.loads(after)) for actor, after in
                tx.all("SELECT actor, after FROM audit_log WHERE table_name = 'exports' ORDER BY id")]


def test_an_agent_cannot_page_through_customer_cards(archive):
    for cid in archive.ids[:3]:
        r = invoke(archive, "li", "customers", "show", cid)
        assert r.exit_code == 1 and "add --call ID" in r.output and "--lookup TEXT" in r.output
        assert "wx" not in r.output
    r = invoke(archive, "li", "customers", "show", archive.ids[0], "--before", "2026-11-27T00:00:00Z,999")
    assert r.exit_code == 1 and "add --call ID" in r.output
    r = invoke(archive, "li", "customers", "show", archive.ids[0], "--lookup", "Customer 0", "--call", "1")
    assert r.exit_code == 2 and "give one of --call, --callback and --lookup" in r.output


def test_an_agent_opens_a_card_for_their_work_and_the_lead_any(archive):
    call = log_call(archive, "li", CallEntry(customer_id=archive.ids[5], category="order", outcome="resolved"))
    r = invoke(archive, "li", "customers", "show", archive.ids[5], "--call", call, "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["wechat_id"] == "wx5"
    r = invoke(archive, "li", "customers", "show", archive.ids[6], "--call", call)
    assert r.exit_code == 1 and f"call #{call} is not a call of yours today" in r.output
    r = invoke(archive, "li", "customers", "show", archive.ids[7], "--lookup", "13800130007")
    assert r.exit_code == 0 and "wx7" in r.output
    assert invoke(archive, "lin", "customers", "show", archive.ids[8]).exit_code == 0
    with archive.read(None) as tx:
        assert tx.all("SELECT reason FROM card_views ORDER BY id") == [("call",), ("lookup",), ("scope",)]


def test_an_agent_s_find_is_a_lookup_not_a_listing(archive):
    r = invoke(archive, "li", "customers", "find")
    assert r.exit_code == 1 and "at least 2 characters or 4 digits" in r.output
    r = invoke(archive, "li", "customers", "find", "C")
    assert r.exit_code == 1 and "at least 2 characters or 4 digits" in r.output
    r = invoke(archive, "li", "customers", "find", "Customer", "--limit", "500")
    assert r.exit_code == 1 and "at most 20 customers" in r.output
    r = invoke(archive, "li", "customers", "find", "Customer", "--format", "json")
    assert r.exit_code == 0 and len(json.loads(r.output)["rows"]) == 20
    r = invoke(archive, "li", "customers", "list")
    assert r.exit_code == 1 and "needs the role lead or admin" in r.output
    r = invoke(archive, "lin", "customers", "find", "--limit", "500", "--format", "json")
    assert r.exit_code == 0 and len(json.loads(r.output)["rows"]) == 30


def test_an_agent_lists_only_their_own_calls(archive):
    log_call(archive, "li", CallEntry(customer_id=archive.ids[0], category="order", outcome="resolved"))
    r = invoke(archive, "li", "calls", "list", "--limit", "1000", "--format", "json")
    assert r.exit_code == 0 and {c["agent"] for c in json.loads(r.output)} == {"li"}
    r = invoke(archive, "li", "calls", "list", "--for", "wang")
    assert r.exit_code == 1 and "an agent may only see their own work" in r.output


def test_exports_and_backups_are_audited_with_their_destination(archive, tmp_path):
    out = tmp_path / "calls.csv"
    r = invoke(archive, "lin", "export", "calls", "--since", "2026-11-01", "-o", out)
    assert r.exit_code == 0, r.output
    r = invoke(archive, "li", "export", "calls", "--format", "json")
    assert r.exit_code == 0, r.output
    r = invoke(archive, "root", "backup", tmp_path / "copy.db")
    assert r.exit_code == 0, r.output
    (lead, calls), (agent, own), (admin, copy) = exports(archive)
    assert (lead, calls["kind"], calls["rows"], calls["destination"]) == ("lin", "calls", 30, str(out))
    assert calls["filters"] == {"since": "2026-11-01", "until": None, "format": "csv"} and calls["complete"]
    assert (agent, own["rows"], own["destination"]) == ("li", 0, "stdout")
    assert (admin, copy["kind"], copy["destination"]) == ("root", "backup", str(tmp_path / "copy.db"))
    assert copy["rows"] == 30 + 30 + 6  # customers, calls and agents in the copy (no callbacks)
    r = invoke(archive, "li", "export", "customers")
    assert r.exit_code == 1 and len(exports(archive)) == 3  # refused before any row: nothing left the store


def test_a_relayed_export_or_backup_names_the_file_the_agent_s_process_writes(archive, tmp_path):
    r = invoke(archive, "lin", "export", "customers", "--destination", "/home/lin/customers.csv")
    assert r.exit_code == 0, r.output
    r = invoke(archive, "root", "backup", "-", "--destination", "/home/root/desk.db")
    assert r.exit_code == 0, r.output
    (_lead, customers), (_admin, copy) = exports(archive)
    assert (customers["kind"], customers["rows"], customers["destination"]) == ("customers", 30, "/home/lin/customers.csv")
    assert (copy["kind"], copy["destination"]) == ("backup", "/home/root/desk.db")
