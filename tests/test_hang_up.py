"""The hang-up (SIGHUP or SIGTERM, tui/desk_runtime.py DeskRuntime.hang_up): the call's draft is written at
once, in the event loop's thread, and never after the call was saved; then the desk exits cleanly.
The signals themselves, in a real terminal and through sudo: tests/e2e/test_hang_up_tmux.py and
tests/e2e/test_shared_host_terminal.py."""

from __future__ import annotations

import threading

import pytest
from desk_support import SIZE, desk_app, home_loaded, settle, type_ahead, wait_until

from screens import call_new
from screens.call_new import NewCallScreen
from store import drafts
from tui.hang_up import drain_queued_input


@pytest.fixture(autouse=True)
def no_pause_save(monkeypatch):
    """Typing never pauses long enough here: a draft in the store was written by the hang-up."""
    monkeypatch.setattr(NewCallScreen, "DRAFT_DEBOUNCE_S", 600.0)


async def typed_call(pilot) -> NewCallScreen:
    await home_loaded(pilot)
    await pilot.press("f2")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, NewCallScreen))
    await settle(pilot)
    await pilot.press(*"13800138000", "enter", "c", "r")
    pilot.app.screen.query_one("#notes").focus()
    await pilot.press(*"asked about prices")
    return pilot.app.screen


def open_sessions(store) -> int:
    return store.conn.execute("SELECT count(*) FROM desk_sessions WHERE ended_at IS NULL").fetchone()[0]


async def test_the_hang_up_writes_the_draft_before_it_returns_then_the_desk_exits(team):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        screen = await typed_call(pilot)
        await wait_until(pilot, lambda: open_sessions(team) == 1)
        assert drafts.load_draft(team, "li") is None
        assert app.desk_runtime.hang_up() is True
        draft = drafts.load_draft(team, "li")  # nothing awaited: written in this thread, no worker
        assert (draft["number"], draft["category"], draft["outcome"], draft["notes"]) == (
            "13800138000", "consultation", "resolved", "asked about prices")
        # a draft worker still queued with an older form writes nothing after it
        screen.gate.write(lambda: drafts.save_draft(team, "li", {"notes": "older"}))
        assert app.desk_runtime.hang_up() is False  # the second signal (sudo relays the terminal's) does nothing
        await wait_until(pilot, lambda: not app.is_running)
    assert drafts.load_draft(team, "li")["notes"] == "asked about prices"
    assert open_sessions(team) == 0  # the session ended as on Ctrl+Q


async def test_a_hang_up_while_the_call_saves_writes_no_draft_after_it(team, monkeypatch):
    saving, release = threading.Event(), threading.Event()
    log_call = call_new.calls_store.log_call

    def slow_log_call(*args, **kwargs):
        saving.set()
        release.wait(10)
        return log_call(*args, **kwargs)

    monkeypatch.setattr(call_new.calls_store, "log_call", slow_log_call)
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        screen = await typed_call(pilot)
        screen._save_draft_now()  # a draft from a pause in typing, which the save clears
        await settle(pilot)
        assert drafts.load_draft(team, "li")["number"] == "13800138000"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: saving.is_set())
        threading.Timer(0.3, release.set).start()
        app.desk_runtime.hang_up()  # waits for the save under way, then finds the call closed
        await wait_until(pilot, lambda: not app.is_running)
    assert drafts.load_draft(team, "li") is None  # the saved call does not come back on the next start
    assert team.conn.execute("SELECT count(*) FROM calls WHERE notes = 'asked about prices'").fetchone()[0] == 1


async def test_a_hang_up_on_a_blank_form_writes_nothing_and_exits(team):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, NewCallScreen))
        app.desk_runtime.hang_up()
        await wait_until(pilot, lambda: not app.is_running)
    assert drafts.load_draft(team, "li") is None


async def test_keys_read_before_the_signal_are_handled_before_the_draft_is_written(team):
    """A burst the terminal delivered just before it closed: its keys are still queued when the signal comes.
    The hang-up (tui/hang_up.py) drains them first, so the draft has the last digit and the notes."""
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, NewCallScreen))
        await settle(pilot)
        type_ahead(app, *"13800138000", "enter", "c", "r", *"asked about prices")
        assert await drain_queued_input(app) is True
        assert app.desk_runtime.hang_up() is True
        draft = drafts.load_draft(team, "li")
        assert (draft["number"], draft["category"], draft["outcome"], draft["notes"]) == (
            "13800138000", "consultation", "resolved", "asked about prices")
        await wait_until(pilot, lambda: not app.is_running)
