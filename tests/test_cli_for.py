"""`--for LOGIN` names whom a command is about; a subcommand's `--agent` and `kpi LOGIN` are refused."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from store.call_records import CallEntry
from store.calls import log_call
from store.conduct import add_event
from tui.cli import cli


@pytest.fixture
def run(team, store_path):
    log_call(team, "li", CallEntry(number="138 0013 8000", category="order", outcome="resolved", talk_s=60))
    log_call(team, "wang", CallEntry(number="139 0013 9000", category="order", outcome="resolved", talk_s=60))
    add_event(team, "lin", "wang", "late", "2026-11-20", "")
    team.close()
    runner = CliRunner()

    def invoke(*args, agent: str | None = "lin"):
        head = ["--db", str(store_path)] + (["--agent", agent] if agent else [])
        return runner.invoke(cli, [*head, *args], prog_name="agentdesk")
    return invoke


def test_calls_list_for_one_agent(run):
    out = run("calls", "list", "--for", "wang", "--format", "json")
    assert out.exit_code == 0, out.output
    assert [c["agent"] for c in json.loads(out.output)] == ["wang"]
    assert len(json.loads(run("calls", "list", "--format", "json").output)) == 2


def test_kpi_for_one_agent_and_yourself_by_default(run):
    out = run("kpi", "--for", "wang", "--format", "json")
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["agent"] == "wang"
    assert json.loads(run("kpi", "--format", "json", agent="li").output)["agent"] == "li"
    refused = run("kpi", "--for", "wang", agent="li")
    assert refused.exit_code == 1 and "only see their own" in refused.output


def test_conduct_list_for_one_agent(run):
    out = run("conduct", "list", "--for", "wang", "--format", "json")
    assert out.exit_code == 0, out.output
    assert [e["agent"] for e in json.loads(out.output)] == ["wang"]
    assert json.loads(run("conduct", "list", "--for", "li", "--format", "json").output) == []


def test_ring_for_an_agent_pops_their_desk(run, store_path):
    from store import open_store, rings

    out = run("ring", "138 0013 8000", "--for", "li", agent=None)
    assert out.exit_code == 0 and "queued" in out.output, out.output
    store = open_store(store_path)
    try:
        ring = rings.next_ring(store, "li")
        assert ring is not None and ring.number_raw == "138 0013 8000"
    finally:
        store.close()
    missing = run("ring", "138 0013 8000", agent=None)
    assert missing.exit_code == 1 and "--for LOGIN or --ext EXTENSION" in missing.output


@pytest.mark.parametrize("args, agent", [
    (("calls", "list", "--agent", "wang"), "lin"),
    (("ring", "138 0013 8000", "--agent", "li"), None),
])
def test_a_subcommands_agent_option_is_refused_naming_for(run, args, agent):
    out = run(*args, agent=agent)
    assert out.exit_code == 2
    command = " ".join(args[: 2 if args[0] == "calls" else 1])
    assert f"'agentdesk {command} --agent' is now 'agentdesk {command} --for LOGIN'" in out.output
    assert "Traceback" not in out.output


@pytest.mark.parametrize("args", [("kpi", "wang"), ("conduct", "list", "wang")])
def test_the_old_login_argument_is_refused_naming_for(run, args):
    out = run(*args)
    command = " ".join(args[:-1])
    assert out.exit_code == 2
    assert f"'agentdesk {command} wang' is now 'agentdesk {command} --for wang'" in out.output


def test_help_shows_for_and_hides_the_old_spellings(run):
    for args in (("kpi",), ("calls", "list"), ("conduct", "list"), ("ring",)):
        out = run(*args, "--help")
        assert out.exit_code == 0 and "--for LOGIN" in out.output, out.output
        assert "--agent" not in out.output and "[LOGIN]" not in out.output


def test_the_refusal_is_translated(run):
    out = run("--lang", "zh_CN", "kpi", "wang")
    assert out.exit_code == 2 and "--for wang" in out.output and "已改为" in out.output
