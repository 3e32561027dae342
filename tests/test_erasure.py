"""Erasure: an admin erases a customer; calls keep their figures (KPIs unchanged); the name and the number are
nowhere in the database file's bytes afterwards; the audit trail keeps who did what; an access request first."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from store import kpi
from store.audit import list_audit
from store.call_records import CallbackRequest, CallEntry
from store.callbacks import add_callback, record_attempt
from store.calls import log_call
from store.card_views import CardReason
from store.customers import add_phone, create_customer, customer_card, open_customer_card, search_customers, update_customer
from store.drafts import save_draft
from store.erasure import erase_customer
from store.errors import PermissionDenied, ValidationError
from store.reveals import reveal_customer_numbers
from store.rings import record_ring
from store.subject_data import subject_data
from tui.cli import cli

NAME, COMPANY = "欧阳娜娜", "娜娜贸易"
NUMBER, OTHER = "13912345678", "+862187654321"
SECRETS = [NAME, COMPANY, NUMBER, "+86" + NUMBER, "139 1234 5678", "87654321", "nana@example.com", "nana_wx", "ouyang"]


@pytest.fixture
def served(team):
    cid = create_customer(team, "li", phones=["139 1234 5678"], name=NAME, company=COMPANY, email="nana@example.com",
                          wechat_id="nana_wx", notes="likes evenings", city="苏州")
    update_customer(team, "wang", cid, notes="VIP since 2020", city="上海")
    add_phone(team, "li", cid, "021 8765 4321")
    log_call(team, "li", CallEntry(number="139 1234 5678", category="order", outcome="resolved", talk_s=120,
                                   notes="order for 欧阳娜娜", order_no="SO-1",
                                   callback=CallbackRequest(due="+1h", reason="confirm the order")))
    log_call(team, "wang", CallEntry(customer_id=cid, category="complaint", outcome="escalated-manager",
                                     escalation_reason="late delivery", talk_s=300, hold_s=30))
    cb = add_callback(team, "li", due="+2h", number=NUMBER, reason="call 欧阳娜娜 back")
    record_attempt(team, "li", cb, "no-answer", note="not in")
    reveal_customer_numbers(team, "lin", cid, "verify")
    save_draft(team, "chen", {"number": "139 1234 5678", "notes": "half typed"})
    record_ring(team, number="139 1234 5678", agent="li")
    open_customer_card(team, "li", cid, CardReason.lookup(NAME))  # the lookup as typed is kept with the view
    return cid


def _file_bytes(store) -> bytes:
    out = b""
    for suffix in ("", "-wal", "-journal"):
        path = store.path.with_name(store.path.name + suffix)
        if path.exists():
            out += path.read_bytes()
    return out


def test_erasure_leaves_no_name_or_number_in_the_file_and_the_kpis_as_they_were(served, team):
    before = [kpi.agent_kpis(team, "lin", who, "month") for who in ("li", "wang")], kpi.team_kpis(team, "root", "month")
    with team.read("root", "admin") as tx:
        figures = tx.all("SELECT id, agent_id, customer_id, category, outcome, talk_s, hold_s, wrap_s, started_at"
                         " FROM calls ORDER BY id")
    raw = _file_bytes(team)
    assert all(s.encode() in raw for s in (NAME, NUMBER))  # the test would see them
    done = erase_customer(team, "root", served, "the customer, by e-mail on 2026-11-26")
    assert (done.phones, done.calls) == (2, 2)
    raw = _file_bytes(team)
    for secret in SECRETS:
        assert secret.encode("utf-8") not in raw, secret
    with team.read("root", "admin") as tx:
        assert tx.all("SELECT id, agent_id, customer_id, category, outcome, talk_s, hold_s, wrap_s, started_at"
                      " FROM calls ORDER BY id") == figures
    assert ([kpi.agent_kpis(team, "lin", who, "month") for who in ("li", "wang")], kpi.team_kpis(team, "root", "month")) == before
    card = customer_card(team, "root", served)
    assert card.name == f"#{served}" and card.phones == () and card.notes == ""
    assert search_customers(team, "li", NAME) == [] and search_customers(team, "li", "5678") == []
    # who did what stays, the values read [erased]
    rows = list_audit(team, "root", customer_id=served, limit=100).entries
    assert {r.actor for r in rows} >= {"li", "wang", "root"}
    change = next(r for r in rows if r.actor == "wang" and r.after and "notes" in r.after)
    assert change.after["notes"] == "[erased]"
    erasing = [r.after for r in rows if r.actor == "root" and r.after]
    assert {"erasure_reason": "the customer, by e-mail on 2026-11-26"} in erasing


def test_only_an_admin_erases_with_a_reason_and_once(served, team):
    with pytest.raises(PermissionDenied):
        erase_customer(team, "lin", served, "asked")
    with pytest.raises(ValidationError):
        erase_customer(team, "root", served, " ")
    erase_customer(team, "root", served, "asked")
    with pytest.raises(ValidationError):
        erase_customer(team, "root", served, "asked")


def test_an_audit_value_is_blanked_only_never_changed_and_goes_only_with_its_row(served, team):
    with team.write("root", "admin") as tx:
        with pytest.raises(sqlite3.IntegrityError):
            tx.execute("UPDATE audit_values SET value = '\"x\"' WHERE customer_id = ?", (served,))
        with pytest.raises(sqlite3.IntegrityError):
            tx.execute("DELETE FROM audit_values WHERE customer_id = ?", (served,))
        assert tx.scalar("SELECT count(*) FROM audit_log WHERE instr(coalesce(before, '') || coalesce(after, ''), ?)",
                         (NAME,)) == 0  # the audit rows themselves hold no personal value


def test_the_access_request_holds_everything_and_the_cli_runs_both(served, team, tmp_path):
    data = subject_data(team, "root", served)
    assert data["customer"]["name"] == NAME and [p["e164"] for p in data["phones"]] == ["+86" + NUMBER, OTHER]
    assert len(data["calls"]) == 2 and data["callbacks"] and data["callback_attempts"][0]["note"] == "not in"
    assert any(r["after"] and r["after"].get("notes") == "VIP since 2020" for r in data["audit"])
    with pytest.raises(PermissionDenied):
        subject_data(team, "lin", served)
    run = CliRunner()
    base = ["--db", str(team.path), "--agent", "root", "--lang", "en", "customers"]
    res = run.invoke(cli, [*base, "export-data", str(served), "-o", str(tmp_path / "nana.json")])
    assert res.exit_code == 0, res.output
    assert json.loads((tmp_path / "nana.json").read_text(encoding="utf-8"))["customer"]["email"] == "nana@example.com"
    res = run.invoke(cli, [*base, "erase", str(served), "--reason", "the customer, by phone"])
    assert res.exit_code == 0, res.output
    assert f"customer #{served} erased: 2 phones removed, 2 calls" in res.stdout
    refused = run.invoke(cli, ["--db", str(team.path), "--agent", "lin", "--lang", "en", "customers", "erase",
                               str(served), "--reason", "x"])
    assert refused.exit_code == 1 and refused.stderr.count("\n") == 1


def test_the_migration_moves_personal_values_of_older_audit_rows_aside(tmp_path, clock):
    from test_migrations import build_old_store

    from store import open_store
    from store.migrations import MIGRATIONS
    from store.migrations_pii import M_PII

    path = tmp_path / "old.db"
    build_old_store(path, MIGRATIONS.index(M_PII))
    raw = sqlite3.connect(str(path))
    raw.execute("INSERT INTO audit_log (at, actor, proof, table_name, row_id, action, before, after)"
                " VALUES ('2026-01-06T08:00:00Z', 'root', 'unbound', 'customers', 1, 'update', ?, ?)",
                (json.dumps({"city": "深圳", "status": "prospect"}), json.dumps({"city": "广州", "status": "contracted"})))
    raw.commit()
    raw.close()
    s = open_store(path, clock)
    try:
        with s.read(None) as tx:
            before, after = tx.one("SELECT before, after FROM audit_log WHERE table_name = 'customers'")
            assert json.loads(after) == {"city": {"$aside": True}, "status": "contracted"}
        with pytest.raises(sqlite3.IntegrityError), s.write(None) as tx:  # the no-update trigger is back
            tx.execute("UPDATE audit_log SET actor = 'x'")
        entry = list_audit(s, "root", customer_id=1).entries[0]
        assert entry.before == {"city": "深圳", "status": "prospect"} and entry.after["city"] == "广州"
    finally:
        s.close()
