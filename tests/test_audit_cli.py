"""`agentdesk audit` and `agentdesk audit prune`: the store's listing and pruning, in local time, JSON in UTC."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from store.customers import create_customer, update_customer


@pytest.fixture
def desk(team, store_path, monkeypatch):
    monkeypatch.setenv("AGENTDESK_DB", str(store_path))
    monkeypatch.setenv("COLUMNS", "200")
    cid = create_customer(team, "li", name="张伟欣")
    update_customer(team, "chen", cid, city="深圳")
    return cid


def run(agent: str, *args: str, code: int = 0, lang: str = "en") -> str:
    from tui.cli import cli

    result = CliRunner().invoke(cli, ["--agent", agent, "--lang", lang, *args])
    assert result.exit_code == code, result.output
    return result.output


def test_the_listing_in_local_time_with_the_proof_json_in_utc(desk):
    table = run("root", "audit", "--table", "customers")
    assert "Time (Asia/Shanghai)" in table and "2026-11-26 10:00" in table and "02:00:00Z" not in table
    assert "Proven by" in table and "unbound" in table and "city: \"\" → 深圳" in table
    assert "changed" in table and "created" in table
    rows = json.loads(run("root", "audit", "--table", "customers", "--format", "json"))
    assert [(r["actor"], r["action"], r["at"]) for r in rows] == [
        ("chen", "update", "2026-11-26T02:00:00Z"), ("li", "insert", "2026-11-26T02:00:00Z")]
    assert rows[0]["proof"] == "unbound" and rows[0]["after"]["city"] == "深圳"
    assert set(rows[0]) == {"id", "at", "actor", "proof", "table_name", "row_id", "action", "before", "after"}


def test_filters_and_limit(desk):
    assert {r["actor"] for r in json.loads(run("root", "audit", "--by", "chen", "--format", "json"))} == {"chen"}
    assert json.loads(run("root", "audit", "--since", "2026-11-27", "--format", "json")) == []
    limited = run("root", "audit", "--limit", "2")
    assert "The newest 2 audit rows are shown" in limited


def test_a_lead_sees_their_team_and_an_agent_is_refused(desk):
    assert {r["actor"] for r in json.loads(run("lin", "audit", "--format", "json"))} <= {"root", "li", "lin", "wang"}
    assert "only leads and admins see the audit log; 'li' is an agent." in run("li", "audit", code=1)


def test_json_keys_stay_english_in_chinese(desk):
    rows = json.loads(run("root", "audit", "--format", "json", lang="zh_CN"))
    assert rows[0]["action"] == "update" and "table_name" in rows[0]
    assert "审计" in run("root", "audit", "--help", lang="zh_CN")


def test_prune_is_for_admins_past_the_retention_period_and_is_audited(desk):
    assert "inside the retention period (365 days" in run("root", "audit", "prune", "--before", "2026-06-01", code=1)
    assert "needs the role admin" in run("lin", "audit", "prune", "--before", "2025-01-01", code=1)
    assert "0 audit row(s) older than 2025-01-01 deleted" in run("root", "audit", "prune", "--before", "2025-01-01")
    done = json.loads(run("root", "audit", "prune", "--before", "2025-01-01", "--format", "json"))
    assert done["rows"] == 0 and done["before"] == "2024-12-31T16:00:00Z" and done["prunes"][0]["actor"] == "root"
    prunes = json.loads(run("root", "audit", "--table", "audit_log", "--format", "json"))
    assert [(r["action"], r["before"]["rows"]) for r in prunes] == [("delete", 0), ("delete", 0)]
