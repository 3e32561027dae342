"""The agent's stored preferences in the desk: their keys and language, and the language from Ctrl+P."""

from __future__ import annotations

import pytest
from desk_support import SIZE, desk_app, home_loaded, notifications, screen_text, settle, wait_until
from textual.command import CommandPalette

from screens.customers import LookupScreen
from screens.help import HelpScreen
from screens.home import HomeScreen
from store.agent_prefs import get_prefs, set_keymap, set_language
from store.call_records import CallEntry
from store.calls import log_call
from tui import i18n
from tui.cli_env import Env
from tui.keys import KEY_IDS


async def test_the_keymap_preference_applies_over_the_config_file(team, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[keymap]\nhelp = "f8"\nquit = "ctrl+x"\n', encoding="utf-8")
    set_keymap(team, "li", {"help": "f9"}, KEY_IDS)
    app = desk_app(team, "li", config_path=config)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await wait_until(pilot, lambda: "F9 Help" in screen_text(app).splitlines()[-1])
        await pilot.press("f8")  # the file's key for help gave way to the preference
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("f9")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert "^x          Quit" in screen_text(app)  # the file's other ids still apply
        assert not notifications(app)


async def test_a_keymap_preference_needs_no_config_file(team, tmp_path):
    set_keymap(team, "li", {"agent_status": "f12"}, KEY_IDS)
    app = desk_app(team, "li", config_path=tmp_path / "none.toml")  # a bound run cannot read the agent's home
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        assert "(F12 then r: ready)" in screen_text(app).splitlines()[0]



async def test_a_stored_id_this_desk_lacks_is_said_and_the_rest_applies(team, tmp_path):
    team.conn.execute("INSERT INTO agent_prefs (agent_id, keymap, updated_at) SELECT id, ?, 'then' FROM agents"
                      " WHERE login = 'li'", ('{"gone_key": "f8", "help": "f9"}',))  # saved by another version
    app = desk_app(team, "li", config_path=tmp_path / "none.toml")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await home_loaded(pilot)
        said = [n.message for n in notifications(app)]
        assert said == ["Your keymap preference has gone_key=f8, which this desk cannot use; change it with "
                        "'agentdesk prefs set keymap'."]
        await pilot.press("f9")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))

def started(store_path, lang: str | None = None) -> Env:
    """As `agentdesk [--lang LANG]` starts the desk for li: the language from the command line, then the store."""
    i18n.set_language(lang)
    env = Env(str(store_path), "li", lang, command=False)
    env.store()
    return env


@pytest.fixture
def locale_english(monkeypatch):
    monkeypatch.delenv("AGENTDESK_LANG")
    monkeypatch.setenv("LANG", "en_US.UTF-8")


async def test_the_stored_language_wins_over_the_locale_in_the_desk(team, store_path, tmp_path, locale_english):
    set_language(team, "li", "zh_CN", ("en", "zh_CN"))
    env = started(store_path)
    try:
        app = desk_app(env.store(), "li", prefs=env.prefs, config_path=tmp_path / "none.toml")
        async with app.run_test(size=SIZE) as pilot:
            await home_loaded(pilot)
            assert "今日概况" in screen_text(app) and "帮助" in screen_text(app).splitlines()[-1]
    finally:
        env.close()


async def test_lang_wins_over_the_stored_language_in_the_desk(team, store_path, tmp_path, locale_english):
    set_language(team, "li", "zh_CN", ("en", "zh_CN"))
    env = started(store_path, "en")
    try:
        app = desk_app(env.store(), "li", prefs=env.prefs, config_path=tmp_path / "none.toml")
        async with app.run_test(size=SIZE) as pilot:
            await home_loaded(pilot)
            assert "Your day" in screen_text(app) and "今日概况" not in screen_text(app)
    finally:
        env.close()


async def choose_from_palette(pilot, title: str) -> None:
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CommandPalette))
    await pilot.press(*title)
    await wait_until(pilot, lambda: title in screen_text(pilot.app))
    await pilot.press("enter")


async def test_the_palette_switches_the_home_screen_and_saves_the_language(team, tmp_path):
    log_call(team, "li", CallEntry(number="138 0013 8000", category="order", outcome="resolved", talk_s=60))
    app = desk_app(team, "li", config_path=tmp_path / "none.toml")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await home_loaded(pilot)
        assert "Language: 简体中文" in [c.title for c in app.get_system_commands(app.screen)]
        await choose_from_palette(pilot, "Language: 简体中文")
        await wait_until(pilot, lambda: "今日概况" in screen_text(app))
        await home_loaded(pilot)
        assert "下单" in screen_text(app) and "已解决" in screen_text(app)  # the calls too
        assert get_prefs(team, "li").language == "zh_CN"
        assert i18n.language() == "zh_CN" and len(app.screen_stack) == 1
        assert app.focused is app.screen.query_one("#last-calls")  # as when the desk started
        assert "帮助" in screen_text(app).splitlines()[-1]
        offered = [c.title for c in app.get_system_commands(app.screen)]
        assert "语言：English" in offered and not any("简体中文" in title for title in offered)
        await pilot.press("f3")  # the desk goes on, in Chinese
        await wait_until(pilot, lambda: isinstance(app.screen, LookupScreen))


async def test_with_a_screen_open_the_language_is_saved_for_the_next_start(team, tmp_path):
    app = desk_app(team, "li", config_path=tmp_path / "none.toml")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await home_loaded(pilot)
        await pilot.press("f3")
        await wait_until(pilot, lambda: isinstance(app.screen, LookupScreen))
        await settle(pilot)
        await choose_from_palette(pilot, "Language: 简体中文")
        await wait_until(pilot, lambda: get_prefs(team, "li").language == "zh_CN")
        await wait_until(pilot, lambda: any("from its next start" in n.message for n in notifications(app)))
        assert isinstance(app.screen, LookupScreen) and i18n.language() == "en"
