"""F4: one stray key closes nothing. Done, release, cancel and reassign name the customer and ask once;
`u` opens again what this desk closed; Home/End/PgUp/PgDn move the cursor."""

from __future__ import annotations

import pytest
from desk_support import SIZE, desk_app, home_loaded, notifications, screen_text, settle, type_ahead, wait_until
from textual.widgets import DataTable

from screens.callbacks import CallbacksScreen
from screens.widgets.confirm import Confirm
from screens.widgets.form_modal import FormModal
from store import callbacks as cb
from store.customers import create_customer


@pytest.fixture
def owed(team):
    """li owns 25 callbacks, one each for customers 客户01..客户25, due from 10:05 on, five minutes apart."""
    ids = []
    for i in range(1, 26):
        customer = create_customer(team, "li", phones=[f"138 0013 {8000 + i}"], name=f"客户{i:02d}")
        ids.append(cb.add_callback(team, "li", customer_id=customer, due=f"+{5 * i}m", owner="li", reason=f"r{i}"))
        cb.record_attempt(team, "li", ids[-1], "call-later")  # done needs a try first
    team.ids = ids
    return team


async def open_queue(pilot) -> CallbacksScreen:
    await home_loaded(pilot)
    await pilot.press("f4")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CallbacksScreen) and pilot.app.screen.queue is not None)
    await settle(pilot)
    return pilot.app.screen


def mine(app) -> DataTable:
    return app.screen.query_one("#cb-mine", DataTable)


def customer_under_cursor(app) -> str:
    table = mine(app)
    return table.get_row_at(table.cursor_row)[3].plain


async def test_home_end_and_pages_move_the_cursor_of_a_long_queue(owed):
    app = desk_app(owed)
    async with app.run_test(size=SIZE) as pilot:
        await open_queue(pilot)
        assert customer_under_cursor(app) == "客户01"
        await pilot.press("end")
        assert customer_under_cursor(app) == "客户25"
        await pilot.press("home")
        assert customer_under_cursor(app) == "客户01"
        await pilot.press("pagedown")
        assert mine(app).cursor_row > 1
        await pilot.press("pageup")
        assert customer_under_cursor(app) == "客户01"


async def test_done_names_the_customer_and_waits_for_enter(owed):
    app = desk_app(owed)
    async with app.run_test(size=SIZE) as pilot:
        await open_queue(pilot)
        await pilot.press("end", "d")
        await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
        text = screen_text(app)
        assert f"Mark callback #{owed.ids[-1]} for 客户25 done?" in text
        assert "Enter: mark it done" in text
        assert app.screen.detail == "due 11-26 12:05. It leaves the queue; u opens it again within 10 minutes."
        await pilot.press("escape")  # backs out: nothing changed
        await wait_until(pilot, lambda: isinstance(app.screen, CallbacksScreen))
        await settle(pilot)
        assert cb.get_callback(owed, "li", owed.ids[-1]).status == "open"
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("enter")
        await wait_until(pilot, lambda: cb.get_callback(owed, "li", owed.ids[-1]).status == "done")
        await wait_until(pilot, lambda: any("u opens it again" in n.message for n in notifications(app)))
        await wait_until(pilot, lambda: mine(app).row_count == 24)


async def test_keys_typed_ahead_of_the_question_do_not_close_a_second_callback(owed):
    """`d d` in one burst: the second d lands on the question, which waits for Enter or Escape."""
    app = desk_app(owed)
    async with app.run_test(size=SIZE) as pilot:
        await open_queue(pilot)
        type_ahead(app, "d", "d", "x")
        await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, CallbacksScreen))
        await settle(pilot)
        assert [cb.get_callback(owed, "li", i).status for i in owed.ids] == ["open"] * 25


async def test_u_reopens_what_this_desk_closed(owed):
    app = desk_app(owed)
    async with app.run_test(size=SIZE) as pilot:
        await open_queue(pilot)
        await pilot.press("u")  # nothing closed yet: it says so
        await wait_until(pilot, lambda: any("Nothing to reopen" in n.message for n in notifications(app)))
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("enter")
        await wait_until(pilot, lambda: mine(app).row_count == 24)
        await pilot.press("u")
        await wait_until(pilot, lambda: isinstance(app.screen, FormModal))
        assert "客户01: the callback goes back to the queue" in screen_text(app)
        await pilot.press("enter")  # the reason is filled in: closed by mistake
        await wait_until(pilot, lambda: cb.get_callback(owed, "li", owed.ids[0]).status == "open")
        history = cb.get_callback(owed, "li", owed.ids[0]).history
        assert (history[-1].event, history[-1].note) == ("reopened", "closed by mistake")
        await wait_until(pilot, lambda: mine(app).row_count == 25)


async def test_release_and_cancel_name_the_customer(owed):
    app = desk_app(owed)
    async with app.run_test(size=SIZE) as pilot:
        await open_queue(pilot)
        await pilot.press("down", "r")
        await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
        assert f"Give callback #{owed.ids[1]} for 客户02 back to the pool?" in screen_text(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, CallbacksScreen))
        assert cb.get_callback(owed, "li", owed.ids[1]).owner == "li"
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, FormModal))
        assert "客户02: the callback leaves the queue as cancelled" in screen_text(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, CallbacksScreen))
        assert cb.get_callback(owed, "li", owed.ids[1]).status == "open"


async def test_the_lead_reassign_names_each_customer(owed):
    app = desk_app(owed, login="lin")
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("f4")
        await wait_until(pilot, lambda: isinstance(app.screen, CallbacksScreen) and app.screen.role == "lead")
        await pilot.press("l")
        await wait_until(pilot, lambda: app.screen.query_one("#cb-team", DataTable).row_count == 25)
        await pilot.press("space", "space", "a")
        await wait_until(pilot, lambda: isinstance(app.screen, FormModal))
        text = screen_text(app)
        assert f"#{owed.ids[0]} 客户01, #{owed.ids[1]} 客户02: each goes to the one you choose" in text
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, CallbacksScreen))
        assert {cb.get_callback(owed, "lin", i).owner for i in owed.ids[:2]} == {"li"}


async def test_the_lookup_goes_to_its_first_and_last_result_with_ctrl_home_and_ctrl_end(owed):
    from desk_support import open_lookup

    from screens.customers import LookupBox

    app = desk_app(owed)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        lookup = await open_lookup(pilot)
        await pilot.press(*"客户")
        await wait_until(pilot, lambda: lookup.query_one("ResultsList").row_count >= 20)
        await settle(pilot)
        first = lookup.selected_id()
        await pilot.press("ctrl+end")
        last = lookup.selected_id()
        assert last != first and lookup.query_one("ResultsList").cursor_row == lookup.query_one("ResultsList").row_count - 1
        await pilot.press("home", "ctrl+home")  # Home moves in the box; Ctrl+Home to the first result
        assert lookup.selected_id() == first
        assert lookup.query_one(LookupBox).value == "客户"
