"""Helpers for the desk's Pilot tests: build the app, wait for it, read what is on screen."""

from __future__ import annotations

import time

from textual.widgets import DataTable

from tui.app import make_app

SIZE = (120, 40)


def desk_app(store, login: str = "li", **options):
    """The desk as tests run it: the store's fixed clock, no blinking cursor, no user config unless given."""
    options.setdefault("cursor_blink", False)
    return make_app(store, login, **options)


def screen_text(app) -> str:
    """The screen as plain text, as a person would read it."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def settle(pilot) -> None:
    """Wait for running workers and the messages they posted.

    A worker that was cancelled (a lookup replaced by the next key, the workers of a screen that
    closed) or that failed (told through the failure channel) is done too."""
    from textual.worker import WorkerCancelled, WorkerFailed

    for worker in list(pilot.app.workers):
        try:
            await worker.wait()
        except (WorkerCancelled, WorkerFailed):
            pass
    await pilot.pause()


async def wait_until(pilot, predicate, timeout: float = 30.0, step: float = 0.05) -> float:
    """Pause until predicate() is true; returns the seconds it took. Fails after `timeout`.

    The timeout only stops a test that would hang; it is no speed limit (those are `perf` tests),
    so it is long enough for a loaded machine."""
    start = time.monotonic()
    while not predicate():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"not true after {timeout} s; the screen is:\n{screen_text(pilot.app)}")
        await pilot.pause(step)
    return time.monotonic() - start


async def home_loaded(pilot) -> None:
    """The home screen has shown its first load."""
    await wait_until(pilot, lambda: not pilot.app.screen.query_one("#home").loading)
    await settle(pilot)


async def open_lookup(pilot):
    """F3, then wait for its first answer; returns the LookupScreen."""
    from screens.customers import LookupScreen

    await settle(pilot)
    await pilot.press("f3")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, LookupScreen) and pilot.app.screen.searches > 0)
    await settle(pilot)
    return pilot.app.screen


async def type_query(pilot, text: str) -> None:
    """Type into the F3 lookup and wait until the results of the whole text are shown."""
    screen = pilot.app.screen
    before = screen.searches
    await pilot.press(*text)
    await wait_until(pilot, lambda: screen.searches > before and screen.shown_seq == screen._seq)
    await settle(pilot)


def table_rows(app) -> list[list[str]]:
    table = app.screen.query_one("#last-calls", DataTable)
    return [[getattr(c, "plain", str(c)) for c in table.get_row_at(i)] for i in range(table.row_count)]


def notifications(app) -> list:
    return list(app._notifications)


NAMED_CHARS = {"enter": "\r", "tab": "\t", "escape": "\x1b", "space": " ", "backspace": "\x7f"}


def type_ahead(app, *keys: str) -> None:
    """Keys as one terminal read delivers them: all posted at once, none waiting for the one before.

    Each argument is one key as `pilot.press` names it ("f2", "enter", "ctrl+s", "alt+c", "a", "张");
    spell text with `*"some text"`. `pilot.press` waits after every key, which hides keys that land
    in the wrong place when typed ahead.
    """
    from textual import events

    for key in keys:
        if len(key) == 1:
            name = "space" if key == " " else key if key.isalnum() else f"char_{ord(key):x}"
            app.post_message(events.Key(name, key))
        else:
            char = NAMED_CHARS.get(key) or (key[-1] if key.startswith("alt+") and len(key) == 5 else None)
            app.post_message(events.Key(key, char))


async def keys_landed(pilot, *keys: str, timeout: float = 30.0) -> None:
    """type_ahead, then wait until the desk has handled every one of those keys and their effects."""
    app = pilot.app
    goal = app.keys_in_order.handled + len(keys)
    type_ahead(app, *keys)
    await wait_until(pilot, lambda: app.keys_in_order.handled >= goal and app.keys_in_order.idle, timeout=timeout)


def polls_to_see(app, written_after: int, topic: str) -> int:
    """How many polls after poll `written_after` the desk first reported `topic`: a change another
    process wrote then is seen by the next poll, or the one after if the poll under way had read
    just before the write. Counting polls, not seconds, holds on a loaded machine."""
    return next(n for n, topics in app.recent_polls if n > written_after and topic in topics) - written_after


async def open_team(pilot, tmp_path):
    """F6 for a lead of a team of two, exporting into `tmp_path`; returns the TeamScreen, its scorecard focused."""
    from screens.team import TeamScreen

    app = pilot.app
    await settle(pilot)
    await app.push_screen(TeamScreen(app.ctx, export_dir=tmp_path))
    await wait_until(pilot, lambda: app.screen.query_one("#scorecard", DataTable).row_count == 2)
    await settle(pilot)
    app.screen.query_one("#scorecard", DataTable).focus()
    return app.screen
