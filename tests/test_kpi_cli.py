"""`agentdesk kpi`, `staffing`, `conduct`, `rate`, `period close` and `settings` from the command line."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from store import kpi
from store.call_records import CallEntry
from store.calls import log_call
from tui.cli import cli


@pytest.fixture
def run(team, store_path):
    log_call(team, "li", CallEntry(number="138 0013 8000", category="order", outcome="resolved", started_at="2026-11-10T02:00:00Z", talk_s=120))
    team.close()
    runner = CliRunner()

    def invoke(agent, *args):
        return runner.invoke(cli, ["--db", str(store_path), "--agent", agent, *args])
    return invoke


def test_kpi_json_has_exactly_the_issue_keys(run):
    out = run("li", "kpi", "--period", "2026-11", "--format", "json")
    assert out.exit_code == 0, out.output
    row = json.loads(out.output)
    assert list(row) == list(kpi.KPI_KEYS) == [
        "agent", "period_start", "period_end", "calls_handled", "talk_s", "hold_s", "wrap_s", "aht_s",
        "fcr_eligible", "fcr_resolved", "fcr_rate", "csat_n", "csat_avg", "csat_top2_rate", "callbacks_due",
        "callbacks_on_time", "callback_on_time_rate", "complaints", "complaints_resolved", "escalation_rate",
        "transfer_rate", "occupancy", "calls_per_hour", "rating_avg", "deductions",
        "cases_resolved", "cases_in_sla", "cases_in_sla_rate", "cases_opened", "case_chases",  # issue 18
        "score", "grade", "rank", "bonus_coefficient", "closed"]
    assert (row["calls_handled"], row["aht_s"], row["fcr_rate"]) == (1, 120.0, None)


def test_agent_may_ask_only_for_themself(run):
    out = run("li", "kpi", "--for", "wang")
    assert out.exit_code == 1 and "only see their own" in out.output
    assert run("li", "kpi", "--team").exit_code == 1
    team = json.loads(run("lin", "kpi", "--team", "--period", "2026-11", "--format", "json").output)
    assert [r["agent"] for r in team] == ["li", "wang"]


def test_staffing_json(run):
    out = run("li", "staffing", "--calls", "100", "--interval-min", "30", "--aht-s", "180", "--target-sl", "0.8",
              "--target-s", "20", "--max-occupancy", "0.85", "--shrinkage", "0.3", "--format", "json")
    data = json.loads(out.output)
    assert list(data) == ["agents_on_phones", "agents_scheduled", "service_level", "p_wait", "asa_s", "occupancy"]
    assert (data["agents_on_phones"], data["agents_scheduled"]) == (14, 20)


def test_conduct_rate_close_and_settings(run):
    assert run("li", "conduct", "add", "wang", "--kind", "late", "--date", "2026-11-02").exit_code == 1
    assert run("lin", "conduct", "add", "li", "--kind", "hygiene", "--date", "2026-11-02", "--note", "desk").exit_code == 0
    assert run("li", "conduct", "appeal", "1", "--reason", "cleaned it").exit_code == 0
    assert run("lin", "conduct", "decide", "1", "reject").exit_code == 0
    assert json.loads(run("li", "conduct", "list", "--format", "json").output)[0]["appeal_status"] == "rejected"
    assert run("lin", "rate", "li", "--period", "2026-11", "--initiative", "4", "--teamwork", "4", "--innovation", "4",
               "--learning", "4", "--communication", "5").exit_code == 0
    assert run("lin", "period", "close", "2026-11", "--note", "li=good").exit_code == 0
    row = json.loads(run("li", "kpi", "--period", "2026-11", "--format", "json").output)
    assert (row["closed"], row["deductions"], row["rating_avg"]) == (True, 2, 4.2)
    bad = run("lin", "settings", "set", "kpi_weights.fcr_rate", "30")
    assert bad.exit_code == 1 and "add up to 100" in bad.output
    assert run("lin", "settings", "set", "kpi_targets.aht_s", "280").exit_code == 0
    assert json.loads(run("li", "settings", "show", "--team", "north", "--format", "json").output)["kpi_targets"]["aht_s"] == 280
    assert run("li", "settings", "set", "fcr_window_days", "3").exit_code == 1
