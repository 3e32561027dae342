"""The shared-host examples in docs/deploy.md run as written: each `agentdesk` line of its
service-account block, on a store with an admin (the docs' own words, not a copy)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from click.testing import CliRunner

from store.agents import add_agent
from store.service_accounts import list_services
from tui.cli import cli

DOCS = Path(__file__).resolve().parents[1] / "docs"


def commands_under(doc: str, heading: str) -> list[list[str]]:
    text = (DOCS / doc).read_text(encoding="utf-8")
    section = text[text.index(heading):]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [shlex.split(line)[1:] for line in block.splitlines() if line.startswith("agentdesk ")]


def test_the_deploy_docs_service_accounts_are_made_as_written(store_path, store):
    add_agent(store, None, "boss", "王经理", "admin", None)
    store.close()
    lines = commands_under("deploy.md", "### The phone system and cron are accounts too")
    assert len(lines) >= 6
    for args in lines:
        done = CliRunner().invoke(cli, ["--db", str(store_path), "--agent", "boss", *args])
        assert done.exit_code == 0, (args, done.output)
    from store import open_store

    again = open_store(store_path)
    try:
        mapped = {a.os_user: (a.login, a.verbs) for a in list_services(again, "boss")}
    finally:
        again.close()
    assert mapped["asterisk"] == ("pbx", ("missed", "ring"))
    assert mapped["ivr"] == ("pbx-survey", ("import surveys", "survey"))
    assert mapped["agentdesk-cron"] == ("nightly", ("backup", "callbacks grace", "return-visits generate"))

