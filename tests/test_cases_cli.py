"""`agentdesk cases ...` end to end: the same store functions as the screens, the same role rules and exit
codes as the other commands (1 with a sentence for a refusal, 3 for a conflict), identity from --agent
(the acting login: AGENTDESK_AGENT or the OS login otherwise), never from a command's own option."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from store import cases
from store.call_records import CallEntry
from store.calls import log_call
from store.customers import create_customer
from tui.cli import cli
from tui.cli_env import EXIT_CONFLICT


@pytest.fixture
def desk(team):
    team.customer = create_customer(team, "li", phones=["139 0013 8001"], name="吴敏")
    return team


@pytest.fixture
def run(desk, store_path):
    def invoke(agent, *args):
        return CliRunner(env={"COLUMNS": "200"}).invoke(cli, ["--db", str(store_path), "--agent", agent, *args])
    return invoke


def test_open_work_resolve_and_close_a_case_from_the_command_line(desk, run, clock):
    opened = run("li", "cases", "open", "--customer", str(desk.customer), "--type", "complaint", "--summary", "屏幕坏了")
    assert opened.exit_code == 0, opened.output
    assert "case #1: being handled, customer service, owner li" in opened.output
    assert run("li", "cases", "note", "1", "asked for photos").exit_code == 0
    assert run("wang", "cases", "reply", "1", "--department", "tech", "replace it").exit_code == 0
    assert run("li", "cases", "department", "1", "tech", "--note", "board").exit_code == 0
    assert run("li", "cases", "severity", "1", "major").exit_code == 0
    assert run("li", "cases", "told", "1", "--note", "WeChat").exit_code == 0
    resolved = run("li", "cases", "status", "1", "resolved", "--resolution", "new screen sent")
    assert resolved.exit_code == 0 and "resolved" in resolved.output
    refused = run("li", "cases", "close", "1")
    assert refused.exit_code == 1 and "has not heard the resolution of case #1" in refused.output
    clock.advance(minutes=1)
    call_id = log_call(desk, "li", CallEntry(category="complaint", outcome="resolved", customer_id=desk.customer,
                                             direction="out"))
    assert run("li", "cases", "link", "1", "--call", str(call_id)).exit_code == 0
    closed = run("li", "cases", "close", "1")
    assert closed.exit_code == 0 and "closed" in closed.output
    again = run("li", "cases", "close", "1")
    assert again.exit_code == EXIT_CONFLICT and "closed already" in again.output
    assert run("li", "cases", "reopen", "1", "--reason", "broke again").exit_code == 0
    shown = run("li", "cases", "show", "1", "--format", "json")
    kinds = [e["kind"] for e in json.loads(shown.output)["timeline"]]
    assert kinds == ["opened", "note", "reply", "department", "severity", "told", "status", "call", "closed",
                     "reopened"]
    table = run("li", "cases", "show", "1")
    assert table.exit_code == 0 and "department reply" in table.output and "waiting" not in table.output


def test_lists_and_counts(desk, run, monkeypatch):
    cases.open_case(desk, "li", customer_id=desk.customer, case_type="complaint")
    cases.open_case(desk, "wang", customer_id=desk.customer, case_type="request")
    monkeypatch.setenv("AGENTDESK_NOW", "2026-11-28T03:00:00Z")  # 49 hours on: the complaint (48 h) is overdue
    mine = json.loads(run("li", "cases", "list", "--format", "json").output)
    assert [(c["id"], c["overdue"]) for c in mine["cases"]] == [(1, True)] and mine["next_offset"] is None
    team = json.loads(run("lin", "cases", "list", "--team", "--format", "json").output)
    assert [c["id"] for c in team["cases"]] == [1, 2]
    overdue = json.loads(run("lin", "cases", "list", "--overdue", "--format", "json").output)
    assert [c["id"] for c in overdue["cases"]] == [1]
    paged = run("lin", "cases", "list", "--team", "--limit", "1")
    assert paged.exit_code == 0 and "more: --offset 1" in paged.output
    counts = json.loads(run("li", "cases", "counts", "--format", "json").output)
    assert (counts["open"], counts["overdue"], counts["reminders"]) == (1, 1, 1)


def test_role_rules_and_refusals_exit_1_with_a_sentence(desk, run):
    cases.open_case(desk, "li", customer_id=desk.customer, case_type="complaint")
    agent = run("li", "cases", "assign", "1", "--to", "wang")
    assert agent.exit_code == 1 and "needs the role lead or admin" in agent.output
    assert run("lin", "cases", "assign", "1", "--to", "wang").exit_code == 0
    other_team = run("chen", "cases", "show", "1")
    assert other_team.exit_code == 1 and "case #1 is wang's in team north" in other_team.output
    unreachable = run("wang", "cases", "close", "1", "--unreachable", "--resolution", "x")
    assert unreachable.exit_code == 1
    usage = run("li", "cases", "open", "--type", "request")
    assert usage.exit_code == 2 and "--call or --customer" in usage.output
    missing = run("li", "cases", "show", "99")
    assert missing.exit_code == 1 and "there is no case #99" in missing.output


def test_an_update_callback_from_the_command_line(desk, run):
    cases.open_case(desk, "li", customer_id=desk.customer, case_type="after-sales")
    done = run("li", "cases", "callback", "1", "--due", "+2h", "--reason", "tell them the date")
    assert done.exit_code == 0 and "callback #1 added" in done.output
    assert cases.get_case(desk, "li", 1).timeline[-1].callback_id == 1


def test_the_calendar_import_from_a_csv_file(desk, run, tmp_path):
    csv = tmp_path / "holidays.csv"
    csv.write_text("date,kind,hours,note\n2026-10-01,holiday,,国庆节\n2026-10-11,workday,09:00-17:00,调休\n",
                   encoding="utf-8")
    assert run("lin", "cases", "calendar", "import", str(csv)).exit_code == 1  # admins only
    done = run("root", "cases", "calendar", "import", str(csv))
    assert done.exit_code == 0 and "2 calendar day(s) imported" in done.output
    shown = json.loads(run("li", "cases", "calendar", "show", "--format", "json").output)
    assert [(d["day"], d["kind"], d["hours"]) for d in shown] == [("2026-10-01", "holiday", ""),
                                                                   ("2026-10-11", "workday", "09:00-17:00")]
