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
    """Wait for running workers and the messages they posted."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def wait_until(pilot, predicate, timeout: float = 2.0, step: float = 0.05) -> float:
    """Pause until predicate() is true; returns the seconds it took. Fails after `timeout`."""
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


def table_rows(app) -> list[list[str]]:
    table = app.screen.query_one("#last-calls", DataTable)
    return [[getattr(c, "plain", str(c)) for c in table.get_row_at(i)] for i in range(table.row_count)]


def notifications(app) -> list:
    return list(app._notifications)
