"""F3 paints a typed key and its results in one frame, F2 a typed number and the caller's card;
neither stays frozen waiting for an answer.

Every frame the desk hands to the terminal is captured (App._display, the one place frames
leave the app) and read as text, as a person would see it.
"""

from __future__ import annotations

import re

import pytest
from desk_support import SIZE, desk_app, home_loaded, open_lookup, screen_text, settle, wait_until

from screens.call import CallScreen
from screens.customers import LookupBox, LookupScreen
from screens.widgets.lookup_results import ResultsList
from store.customers import create_customer

NAMES = ["Zed One", "Zebra Two", "Zebu Three"]


@pytest.fixture
def zoo(team):
    for i, name in enumerate(NAMES):
        create_customer(team, "li", phones=[f"1380013{i:04d}"], name=name)
    return team


def capture_frames(app) -> list[str]:
    frames: list[str] = []
    display = app._display

    def display_and_keep(screen, renderable) -> None:
        if renderable is not None and not app._batch_count:
            frames.append(screen_text(app))
        display(screen, renderable)

    app._display = display_and_keep
    return frames


def typed_in(frame: str) -> str:
    """The text in the search box as the frame shows it."""
    for line in frame.splitlines():
        inside = line.partition("▊")[2].rstrip().rstrip("▎").strip()
        if inside and not set(inside) <= {"▔", "▁"}:
            return inside
    raise AssertionError(f"no search box in:\n{frame}")


def listed(frame: str) -> set[str]:
    lines = frame.splitlines()
    header = next(i for i, line in enumerate(lines) if line.split()[:2] == ["Name", "Company"])
    return {name for name in NAMES for line in lines[header + 1:] if line.strip().startswith(name)}


async def test_no_frame_shows_a_typed_key_with_the_previous_results(zoo):
    expected = {"z": set(NAMES), "ze": set(NAMES), "zeb": {"Zebra Two", "Zebu Three"}, "zebr": {"Zebra Two"}}
    keys = ["z", "e", "b", "r", "backspace"]  # the last one takes "zebr" back to "zeb"
    app = desk_app(zoo, "lin")  # a lead: one letter finds names (an agent's lookup needs two)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lookup(pilot)
        screen.paint_hold.cap = 5.0  # the mechanism, not this machine's speed: the results end each hold
        frames = capture_frames(app)
        box = screen.query_one(LookupBox)
        for key in keys:
            before = screen.searches
            await pilot.press(key)
            await wait_until(pilot, lambda before=before: screen.searches > before and screen.shown_seq == screen._seq)
            await settle(pilot)
        assert box.value == "zeb"
        assert screen.paint_hold.holds >= len(keys)
        assert screen.paint_hold.capped == 0  # every hold ended because the results came
        assert not screen.paint_hold.held and app._batch_count == 0
    shown = {}
    for frame in frames:
        typed = typed_in(frame)
        if typed in expected:
            shown.setdefault(typed, []).append(listed(frame))
    assert set(shown) == set(expected), "a typed prefix never reached the screen"
    assert len(shown["zeb"]) >= 2  # once typed, once after the backspace
    for typed, results in shown.items():
        # no frame shows a typed key beside the results of the text before it
        assert all(r == expected[typed] for r in results), (typed, results)


async def test_a_hold_without_an_answer_ends_at_the_cap_and_the_desk_paints_again(zoo):
    app = desk_app(zoo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lookup(pilot)
        frames = capture_frames(app)
        screen.paint_hold.cap = 3.0  # long enough to look while held, even on a loaded machine
        screen.paint_hold.hold()  # no search follows: nothing will release it but the cap
        screen.query_one("#lookup-bar").update("painted after the cap")
        await pilot.pause(0.05)
        assert app._batch_count == 1 and not frames  # held: nothing reaches the terminal
        await wait_until(pilot, lambda: not screen.paint_hold.held, timeout=10, step=0.01)
        await wait_until(pilot, lambda: any("painted after the cap" in f for f in frames), timeout=10, step=0.01)
        assert screen.paint_hold.capped == 1 and app._batch_count == 0


async def test_leaving_the_lookup_while_held_never_freezes_the_desk(zoo):
    app = desk_app(zoo, "lin")  # a lead: the blank box lists the newest contacts
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lookup(pilot)
        screen.paint_hold.cap = 60.0  # only leaving the screen can end this hold
        screen.paint_hold.hold()
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, LookupScreen))
        assert not screen.paint_hold.held and app._batch_count == 0
        frames = capture_frames(app)
        await pilot.press("f3")  # the desk still paints: F3 opens the lookup again
        await wait_until(pilot, lambda: isinstance(app.screen, LookupScreen) and app.screen.searches > 0)
        await wait_until(pilot, lambda: any("No recent contacts yet" in f for f in frames))


async def test_the_latency_clock_stops_after_the_frame_that_draws_the_rows(zoo):
    app = desk_app(zoo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lookup(pilot)
        results = screen.query_one(ResultsList)
        frames = capture_frames(app)
        events: list[str] = []
        results.set_rows([("1", [])], "")
        results.call_after_draw(results.generation, lambda: events.append(f"called after {len(frames)} frame(s)"))
        assert results.drawn_generation < results.generation and not events  # not drawn yet, not called
        await wait_until(pilot, lambda: events, timeout=10, step=0.01)
        assert events == ["called after 1 frame(s)"] and results.drawn_generation == results.generation


async def test_the_desk_freezes_startup_objects_out_of_full_collections_when_asked(team):
    import gc

    gc.unfreeze()
    app = desk_app(team, freeze_gc=True)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: gc.get_freeze_count() > 10_000)
    finally:
        gc.unfreeze()
    plain = desk_app(team)
    async with plain.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert gc.get_freeze_count() == 0  # tests and embedders leave the collector alone by default


async def test_the_call_form_paints_the_last_digit_and_the_callers_card_in_one_frame(team):
    create_customer(team, "li", phones=["138 0013 8000"], name="张伟欣")
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, CallScreen))
        screen = app.screen
        screen.paint_hold.cap = 5.0  # the mechanism, not this machine's speed (a loaded one too)
        screen.query_one("#number").value = "138 0013 800"
        await wait_until(pilot, lambda: "No match yet" in str(screen.query_one("#card").render()))
        await settle(pilot)
        frames = capture_frames(app)
        await pilot.press("0")
        await wait_until(pilot, lambda: "张伟欣" in str(screen.query_one("#card").render()))
        await settle(pilot)
        assert screen.paint_hold.capped == 0 and not screen.paint_hold.held
    typed_whole = [f for f in frames if re.search(r"(?<!\+86 )138 0013 8000", f)]  # the box, not the card
    assert typed_whole, "the last digit never reached the screen"
    assert all("张伟欣" in f for f in typed_whole), "a frame shows the whole number beside the old card"
