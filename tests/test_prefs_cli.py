"""`agentdesk prefs`, and the stored language among --lang, AGENTDESK_LANG and the locale."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from store import open_store
from tui.cli import cli


def invoke(store_path, *args, **env):
    """As an agent's shell has it: no AGENTDESK_LANG unless given, the locale as given."""
    clean = {k: None for k in os.environ if k.startswith(("AGENTDESK_LANG", "LC_", "LANG"))}
    clean.update(env)
    return CliRunner().invoke(cli, ["--db", str(store_path), *args], env=clean, prog_name="agentdesk")


@pytest.fixture
def db(team, store_path):
    team.close()
    return store_path


def test_prefs_set_show_and_unset(db):
    assert invoke(db, "--agent", "li", "prefs", "set", "language", "zh-Hans").exit_code == 0  # any spelling of a catalog
    out = invoke(db, "--agent", "li", "prefs", "set", "keymap", "help=F9", "quit=ctrl+x,f10")
    assert out.exit_code == 0 and "help=f9 quit=ctrl+x,f10" in out.output, out.output
    shown = invoke(db, "--agent", "li", "prefs", "--format", "json")
    assert json.loads(shown.output) == {"language": "zh_CN", "keymap": {"help": "f9", "quit": "ctrl+x,f10"}}
    table = invoke(db, "--agent", "li", "--lang", "en", "prefs")
    assert "zh_CN (简体中文)" in table.output and "help=f9 quit=ctrl+x,f10" in table.output
    assert invoke(db, "--agent", "li", "prefs", "unset", "keymap").exit_code == 0
    assert json.loads(invoke(db, "--agent", "li", "prefs", "show", "--format", "json").output)["keymap"] == {}
    assert json.loads(invoke(db, "--agent", "wang", "prefs", "--format", "json").output) == {"language": None, "keymap": {}}


@pytest.mark.parametrize("args, words", [
    (("language", "fr"), "language: agentdesk has no translation for 'fr'; use one of en, zh_CN."),
    (("keymap", "help"), "keymap: 'help' is not ID=KEYS; write e.g. help=f9 quit=ctrl+x,f10."),
    (("keymap", "nope=f9"), "keymap: 'nope' is not a key id; use one of help, new_call"),
])
def test_bad_values_on_the_command_line_are_one_sentence(db, args, words):
    out = invoke(db, "--agent", "li", "prefs", "set", *args)
    assert out.exit_code == 1 and out.output.startswith(f"Error: {words}"), out.output
    assert json.loads(invoke(db, "--agent", "li", "prefs", "--format", "json").output) == {"language": None, "keymap": {}}


def test_no_option_names_another_agent(db):
    out = invoke(db, "--agent", "li", "prefs", "set", "--for", "wang", "language", "zh_CN")
    assert out.exit_code == 2
    assert json.loads(invoke(db, "--agent", "wang", "prefs", "--format", "json").output)["language"] is None


def test_the_stored_language_wins_over_agentdesk_lang_and_the_locale(db):
    invoke(db, "--agent", "li", "prefs", "set", "language", "zh_CN")
    for env in ({"LANG": "en_US.UTF-8"}, {"AGENTDESK_LANG": "en", "LC_ALL": "C"}):
        out = invoke(db, "--agent", "li", "calls", "list", **env)
        assert out.exit_code == 0 and "客户" in out.output, out.output
    invoke(db, "--agent", "wang", "prefs", "set", "language", "en")
    out = invoke(db, "--agent", "wang", "calls", "list", LANG="zh_CN.UTF-8")
    assert "Customer" in out.output and "客户" not in out.output


def test_lang_wins_over_the_stored_language(db):
    invoke(db, "--agent", "li", "prefs", "set", "language", "zh_CN")
    out = invoke(db, "--agent", "li", "--lang", "en", "calls", "list")
    assert "Customer" in out.output and "客户" not in out.output
    out = invoke(db, "--agent", "li", "calls", "list")
    assert "客户" in out.output


def test_a_stored_language_without_a_catalog_falls_back_saying_where_from(db, store_path):
    store = open_store(store_path)
    store.conn.execute("INSERT INTO agent_prefs (agent_id, language, updated_at) SELECT id, 'xx', 'now' FROM agents"
                       " WHERE login = 'li'")
    store.close()
    out = invoke(db, "--agent", "li", "calls", "list", LANG="zh_CN.UTF-8")
    assert "agentdesk has no translation for 'xx' (from your preference); the interface is in English." in out.stderr
    assert out.stderr.count("no translation") == 1 and "Customer" in out.stdout
