"""The desk shell: global keys, help, keymap from config, failed workers, quitting, the CLI entry."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from desk_support import SIZE, desk_app, home_loaded, notifications, screen_text, settle, wait_until
from textual.command import CommandPalette
from textual.screen import Screen
from textual.widgets import Footer, Input

from screens.help import HelpScreen
from screens.home import HomeScreen
from store import desk_status
from store.agents import add_agent
from store.errors import StoreUnavailable
from tui.keys import KEY_IDS, global_bindings


@pytest.fixture
def config(tmp_path, monkeypatch):
    """Write a config.toml the desk will read (through AGENTDESK_CONFIG)."""
    path = tmp_path / "config.toml"
    monkeypatch.setenv("AGENTDESK_CONFIG", str(path))

    def write(text: str) -> Path:
        path.write_text(text, encoding="utf-8")
        return path

    return write


def help_text(app) -> str:
    assert isinstance(app.screen, HelpScreen)
    return screen_text(app)


def test_key_registry_ids_are_unique_and_remappable():
    bindings = global_bindings()
    ids = [b.id for b in bindings]
    assert len(ids) == len(set(ids))
    assert set(ids) <= set(KEY_IDS)
    assert {"help", "back", "quit", "palette"} <= set(ids)
    assert all(b.description for b in bindings)


async def test_footer_shows_the_global_keys(team):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await wait_until(pilot, lambda: "Quit" in screen_text(app).splitlines()[-1])
        footer = screen_text(app).splitlines()[-1]
        for shown in ("F1 Help", "F2 New call", "F7 Status", "^q Quit"):
            assert shown in footer
        assert "Commands" not in footer  # Ctrl+P is listed in F1 help, not in the crowded footer
        assert "Back" not in footer  # nothing to go back to from home


@pytest.mark.parametrize("login, key", [("li", "f4"), ("lin", "f6"), ("li", "f3")])
async def test_help_comes_first_in_every_footer_even_a_crowded_one(team, login, key):
    app = desk_app(team, login)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        home = app.screen
        await pilot.press(key)
        await wait_until(pilot, lambda: app.screen is not home)
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1].strip()
        # first, or right after the screen's one priority key (Enter opens a card in F3)
        assert footer.startswith("F1 Help") or footer.startswith("⏎ Open card  F1 Help"), footer
        assert footer.count("Help") == 1


@pytest.mark.parametrize("key, text, field", [("f2", "13800138000", "number"), ("f3", "zhang", "lookup-box")])
async def test_text_typed_with_the_key_that_opens_a_form_lands_in_the_form(team, key, text, field):
    """An agent presses F2 and types the number at once: the App reads all those keys together,
    before the form exists. Every character must reach the form's first field, in order."""
    from textual import events

    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        app.post_message(events.Key(key, None))
        for ch in text:
            app.post_message(events.Key(ch, ch))
        await wait_until(pilot, lambda: app.focused is not None and app.focused.id == field)
        await wait_until(pilot, lambda: len(app.focused.value) >= len(text))
        await pilot.pause(0.1)
        assert app.focused.value == text


async def test_a_name_typed_with_f9_in_the_lookup_lands_in_the_new_customer_card(team):
    from desk_support import open_lookup
    from textual import events

    from screens.customer_card import CustomerCardScreen

    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await open_lookup(pilot)
        app.post_message(events.Key("f9", None))
        for ch in "Anna":
            app.post_message(events.Key(ch, ch))
        await wait_until(pilot, lambda: isinstance(app.screen, CustomerCardScreen) and app.focused is not None)
        await wait_until(pilot, lambda: getattr(app.focused, "value", "") == "Anna")
        assert app.screen_stack[-2].query_one("#lookup-box", Input).value == ""  # none went to the search box


async def test_f1_opens_help_listing_the_keys_and_escape_closes_it(team):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("f1")
        await pilot.pause()
        text = help_text(app)
        assert "Keys" in text and "Everywhere" in text
        for line in ("F1, ?       Help", "^p          Commands", "^q          Quit"):
            assert line in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert len(app.screen_stack) == 1


async def test_question_mark_opens_help(team):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")  # the help key closes it again
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


class FormScreen(Screen):
    """Stands in for the form screens to come: a full screen with a text field."""

    def compose(self):
        yield Input(id="field")
        yield Footer()


async def test_question_mark_types_into_a_field_and_escape_goes_back(team):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await app.push_screen(FormScreen())
        app.screen.query_one("#field", Input).focus()
        await pilot.press("w", "h", "y", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)  # no help while typing
        assert app.screen.query_one("#field", Input).value == "why?"
        await pilot.press("f1")  # F1 still opens it
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert re.search(r"esc\s+Back", screen_text(app))  # here Escape has somewhere to go back to
        await pilot.press("escape")  # closes the help
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press("escape")  # back to home
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_the_command_palette_offers_help(team):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"help")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))


async def test_escape_on_home_stays_home(team):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.is_running


async def test_ctrl_p_opens_the_command_palette(team):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert CommandPalette.is_open(app)


async def test_keymap_from_config_moves_the_help_key(team, config):
    config('[keymap]\nhelp = "F9"\nquit = "ctrl+x"\n')
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await wait_until(pilot, lambda: "F9 Help" in screen_text(app).splitlines()[-1])
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)  # F1 no longer opens help
        await pilot.press("f9")
        await pilot.pause()
        text = help_text(app)
        assert "F9          Help" in text
        assert "^x          Quit" in text
        assert not re.search(r"\bF1\b", text)  # F12 (the case list) is another key
        assert not notifications(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+x")
        await pilot.pause()
    assert app.return_code == 0


@pytest.mark.parametrize(
    "text, complaint",
    [
        ("[keymap\nhelp = 'f9'\n", "is not valid TOML"),
        ('[keymap]\nhelpp = "f9"\n', "'helpp' is not a key id"),
        ("[keymap]\nhelp = 9\n", "is not a key"),
        ('keymap = "f9"\n', "[keymap] must be a table"),
    ],
)
async def test_bad_config_is_a_notification_not_a_crash(team, config, text, complaint):
    config(text)
    app = desk_app(team)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await home_loaded(pilot)
        messages = [n.message for n in notifications(app)]
        assert any(complaint in m for m in messages), messages
        assert all(n.severity == "warning" for n in notifications(app))
        assert complaint in " ".join(screen_text(app).split())  # shown literally, brackets and all
        await pilot.press("f1")  # the default keys still work
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_good_entries_apply_next_to_a_bad_one(team, config):
    config('[keymap]\nnope = "f8"\nhelp = "f9"\n')
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        assert any("'nope' is not a key id" in n.message for n in notifications(app))
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_a_failing_worker_becomes_a_notification(team, monkeypatch):
    def broken(*args, **kwargs):
        raise StoreUnavailable("the store stayed busy for too long; try again in a moment.")

    monkeypatch.setattr(desk_status, "agent_day", broken)
    app = desk_app(team)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_until(pilot, lambda: notifications(app))
        await settle(pilot)
        [note] = notifications(app)
        assert note.message == "the store stayed busy for too long; try again in a moment."
        assert note.severity == "error"
        text = screen_text(app)
        assert "Something went wrong" in text  # the toast
        assert "Your day could not be loaded: the store stayed busy" in text  # and the screen says why it is empty
        assert not app.screen.query_one("#home").loading
        assert app.is_running
        await pilot.press("f1")  # still answering keys
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_an_unexpected_error_is_a_notification_too(team, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("surprise")

    monkeypatch.setattr(desk_status, "agent_day", broken)
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: notifications(app))
        assert "unexpected error: KeyError('surprise')" in notifications(app)[0].message
        assert app.is_running


async def test_ctrl_q_quits(team):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_ctrl_q_quits_from_the_help(team):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("f1")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


# -- the CLI entry, as a real process ------------------------------------------------
def _agentdesk() -> str:
    return str(Path(sys.executable).with_name("agentdesk"))


def test_starting_the_desk_for_an_unknown_login_says_how_to_add_one(team, store_path, tmp_path):
    env = {**os.environ, "AGENTDESK_CONFIG": str(tmp_path / "none.toml"), "AGENTDESK_LANG": "en"}
    done = subprocess.run(
        [_agentdesk(), "--db", str(store_path), "--agent", "nobody"],
        capture_output=True, text=True, timeout=60, env=env, stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 1
    assert "'nobody' is not an agent in this store" in done.stderr
    assert "agentdesk agents add nobody --name NAME --role agent --team TEAM" in done.stderr
    assert "agentdesk demo" in done.stderr
    assert "Traceback" not in done.stderr


def test_starting_the_desk_for_an_inactive_login_says_so(team, store_path, tmp_path):
    from store.agents import set_agent

    add_agent(team, "root", "gone", "Gone Agent", "agent", "north")
    set_agent(team, "root", "gone", active=False)
    env = {**os.environ, "AGENTDESK_CONFIG": str(tmp_path / "none.toml"), "AGENTDESK_LANG": "en"}
    done = subprocess.run(
        [_agentdesk(), "--db", str(store_path), "--agent", "gone"],
        capture_output=True, text=True, timeout=60, env=env, stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 1
    assert "agent 'gone' is inactive" in done.stderr and "--active" in done.stderr
