"""Each agent's own preferences in the store (store/agent_prefs.py)."""

from __future__ import annotations

import json

import pytest
from test_migrations import build_old_store

from store import PermissionDenied, ValidationError, open_store
from store.agent_prefs import AgentPrefs, get_prefs, prefs_at_start, set_keymap, set_language, unset_pref
from store.agents import set_agent
from store.migrations import LATEST, MIGRATIONS
from store.migrations_prefs import M12_PREFS
from tui.keys import KEY_IDS

LANGUAGES = ("en", "zh_CN")


def rows(store, sql: str) -> list:
    return store.conn.execute(sql).fetchall()


def test_an_agent_sets_reads_and_forgets_their_own(team):
    assert get_prefs(team, "li") == AgentPrefs()
    assert set_language(team, "li", "zh_CN", LANGUAGES) == "zh_CN"
    assert set_keymap(team, "li", {"help": "F9", "quit": ["ctrl+x", "f10"]}, KEY_IDS) == {"help": "f9", "quit": "ctrl+x,f10"}
    assert get_prefs(team, "li") == AgentPrefs("zh_CN", {"help": "f9", "quit": "ctrl+x,f10"})
    assert prefs_at_start(team, "li") == get_prefs(team, "li")
    assert unset_pref(team, "li", "language") is True
    assert unset_pref(team, "li", "language") is False  # nothing to forget
    assert get_prefs(team, "li") == AgentPrefs(None, {"help": "f9", "quit": "ctrl+x,f10"})
    audited = rows(team, "SELECT actor, row_id, action, before, after FROM audit_log WHERE table_name = 'agent_prefs' ORDER BY id")
    li = team.conn.execute("SELECT id FROM agents WHERE login = 'li'").fetchone()[0]
    assert [(a, r, act, json.loads(b), json.loads(af)) for a, r, act, b, af in audited] == [
        ("li", li, "update", {"language": None}, {"language": "zh_CN"}),
        ("li", li, "update", {"keymap": None}, {"keymap": '{"help": "f9", "quit": "ctrl+x,f10"}'}),
        ("li", li, "update", {"language": "zh_CN"}, {"language": None}),
    ]


def test_an_agent_cannot_set_or_read_anothers(team):
    set_language(team, "wang", "en", LANGUAGES)
    set_language(team, "li", "zh_CN", LANGUAGES)
    set_keymap(team, "root", {"help": "f9"}, KEY_IDS)  # an admin too keeps to their own
    assert get_prefs(team, "wang") == AgentPrefs("en", {})
    assert get_prefs(team, "li") == AgentPrefs("zh_CN", {})
    assert rows(team, "SELECT a.login, p.language, p.keymap FROM agent_prefs p JOIN agents a ON a.id = p.agent_id"
                      " ORDER BY a.login") == [("li", "zh_CN", None), ("root", None, '{"help": "f9"}'), ("wang", "en", None)]
    set_agent(team, "root", "wang", active=False)
    with pytest.raises(PermissionDenied):
        set_language(team, "wang", "zh_CN", LANGUAGES)
    assert prefs_at_start(team, "wang") == AgentPrefs()  # nobody acts as an inactive agent
    assert prefs_at_start(team, "nobody") == prefs_at_start(team, None) == AgentPrefs()


@pytest.mark.parametrize("write, field, words", [
    (lambda s: set_language(s, "li", "fr", LANGUAGES), "language", ("no translation for 'fr'", "use one of en, zh_CN")),
    (lambda s: set_language(s, "li", "Chinese please", LANGUAGES), "language", ("not a language name", "zh_CN")),
    (lambda s: set_keymap(s, "li", {"help": "f9", "helpp": "f8"}, KEY_IDS), "keymap", ("'helpp' is not a key id", "use one of help")),
    (lambda s: set_keymap(s, "li", {"help": "f 9"}, KEY_IDS), "keymap", ("help=f 9 is not a key", "write e.g. help=f9")),
    (lambda s: set_keymap(s, "li", {}, KEY_IDS), "keymap", ("give at least one ID=KEYS", "prefs unset keymap")),
])
def test_a_bad_value_is_refused_naming_the_field_and_the_fix_and_nothing_changes(team, write, field, words):
    set_keymap(team, "li", {"quit": "ctrl+x"}, KEY_IDS)
    before = rows(team, "SELECT * FROM agent_prefs"), rows(team, "SELECT count(*) FROM audit_log")
    with pytest.raises(ValidationError) as refused:
        write(team)
    assert refused.value.field == field and str(refused.value).startswith(f"{field}: ")
    assert all(w in str(refused.value) for w in words), str(refused.value)
    assert (rows(team, "SELECT * FROM agent_prefs"), rows(team, "SELECT count(*) FROM audit_log")) == before


def test_the_migration_keeps_an_older_stores_data(tmp_path, clock):
    number = MIGRATIONS.index(M12_PREFS) + 1  # wherever the list puts it
    path = tmp_path / "old.db"
    build_old_store(path, number - 1)
    store = open_store(path, clock)
    try:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
        assert rows(store, "SELECT login, display_name FROM agents ORDER BY id") == [("root", "Root"), ("li", "李娜")]
        assert rows(store, "SELECT name FROM customers") == [("张伟欣",)]
        assert get_prefs(store, "li") == AgentPrefs()
        set_language(store, "li", "zh_CN", LANGUAGES)
        assert prefs_at_start(store, "li").language == "zh_CN"
    finally:
        store.close()
