"""Moving around the desk: F-keys switch instead of stacking, one Escape from a top-level screen goes
home, Ctrl+O goes home from anywhere; the card asks before unsaved edits go; Ctrl+Q with a call asks."""

from __future__ import annotations

import pytest
from desk_support import SIZE, desk_app, home_loaded, open_lookup, screen_text, settle, wait_until
from textual.widgets import Input

from screens.call_new import NewCallScreen
from screens.callbacks import CallbacksScreen
from screens.customer_card import CustomerCardScreen
from screens.customers import LookupScreen
from screens.home import HomeScreen
from screens.kpi import KpiScreen
from screens.widgets.confirm import Choose
from store import drafts
from store.customers import create_customer, get_customer
from tui.quit_question import QuitQuestion


@pytest.fixture
def zhou(team):
    return create_customer(team, "li", phones=["138 0013 8000"], name="周杰", city="上海")


def kinds(app) -> list[str]:
    return [type(s).__name__ for s in app.screen_stack]


async def open_card(pilot, name: str = "周杰") -> CustomerCardScreen:
    lookup = await open_lookup(pilot)
    await pilot.press(*name)
    await wait_until(pilot, lambda: lookup.selected_id() is not None)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CustomerCardScreen) and pilot.app.screen.card is not None)
    await settle(pilot)
    return pilot.app.screen


async def test_f_keys_switch_and_one_escape_goes_home(team):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        for key in ("f3", "f4", "f3", "f5", "f4", "f5"):
            await pilot.press(key)
            await settle(pilot)
        assert kinds(app) == ["HomeScreen", "KpiScreen"]
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert len(app.screen_stack) == 1


async def test_the_open_screen_comes_back_with_what_it_showed(team, zhou):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await open_card(pilot)
        assert kinds(app) == ["HomeScreen", "LookupScreen", "CustomerCardScreen"]
        await pilot.press("f3")  # the lookup under the card comes back, its search as typed
        await wait_until(pilot, lambda: isinstance(app.screen, LookupScreen))
        assert app.screen.query_one(Input).value == "周杰" and len(app.screen_stack) == 2
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CustomerCardScreen))
        await pilot.press("ctrl+o")  # home from anywhere
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen) and len(app.screen_stack) == 1)


async def test_unsaved_card_edits_ask_save_discard_or_stay(team, zhou):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        card = await open_card(pilot)
        card.query_one("#f-city", Input).focus()
        await pilot.press("ctrl+u", *"北京")  # Ctrl+U clears the box
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, Choose))
        text = screen_text(app)
        assert "Save your changes to 周杰's card?" in text and "Changed: City." in text
        assert "Enter: save" in text and "d: discard the changes" in text and "Escape: stay on the card" in text
        await pilot.press("escape")  # stay: the edit is still there
        await wait_until(pilot, lambda: app.screen is card)
        assert card.query_one("#f-city", Input).value == "北京"
        await pilot.press("f4")  # an F-key asks too
        await wait_until(pilot, lambda: isinstance(app.screen, Choose))
        await pilot.press("d")  # discard: F4 opens, nothing saved
        await wait_until(pilot, lambda: isinstance(app.screen, CallbacksScreen))
        assert get_customer(team, "li", zhou).city == "上海"
        assert kinds(app) == ["HomeScreen", "CallbacksScreen"]
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        card = await open_card(pilot)
        card.query_one("#f-city", Input).focus()
        await pilot.press("ctrl+u", *"北京", "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, Choose))
        await pilot.press("enter")  # save, then leave
        await wait_until(pilot, lambda: isinstance(app.screen, LookupScreen))
        assert get_customer(team, "li", zhou).city == "北京"


async def test_a_refused_save_stays_on_the_card(team, zhou):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        card = await open_card(pilot)
        card.query_one("#f-email", Input).focus()
        await pilot.press(*"not-an-address", "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, Choose))
        await pilot.press("enter")
        await wait_until(pilot, lambda: "e-mail" in str(card.query_one("#card-error").render()).lower())
        assert app.screen is card and card.query_one("#f-email", Input).value == "not-an-address"


async def test_a_new_customer_typed_in_asks_before_it_goes(team):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await open_lookup(pilot)
        await pilot.press("f9")
        await wait_until(pilot, lambda: isinstance(app.screen, CustomerCardScreen))
        await settle(pilot)
        await pilot.press(*"吴敏", "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, Choose))
        assert "Save this new customer?" in screen_text(app)
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, LookupScreen))


async def test_during_a_call_the_f_keys_and_home_come_back_to_the_call(team):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, NewCallScreen))
        await pilot.press(*"1380013")
        await pilot.press("f3")
        await wait_until(pilot, lambda: isinstance(app.screen, LookupScreen))
        await pilot.press("f5")
        await wait_until(pilot, lambda: isinstance(app.screen, KpiScreen))
        assert kinds(app) == ["HomeScreen", "NewCallScreen", "KpiScreen"]
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, NewCallScreen))
        assert app.screen.query_one("#number", Input).value == "1380013"


async def test_ctrl_q_with_a_call_keeps_it_as_a_draft_discards_it_or_stays(team):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, NewCallScreen))
        await pilot.press(*"13800138000")
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, QuitQuestion))
        text = screen_text(app)
        assert "A call is in progress. Quit the desk?" in text and "Enter: keep it as a draft and quit" in text
        assert "d: discard the call and quit" in text and "Escape: stay" in text  # every answer in view
        await pilot.press("escape")  # stay
        await wait_until(pilot, lambda: isinstance(app.screen, NewCallScreen))
        assert app.is_running
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, QuitQuestion))
        await pilot.press("enter")
        await wait_until(pilot, lambda: not app.is_running)
    assert drafts.load_draft(team, "li")["number"] == "13800138000"  # written before the desk exited

    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, NewCallScreen))  # the draft opens again
        await settle(pilot)
        assert app.screen.query_one("#number", Input).value == "13800138000"
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, QuitQuestion))
        await pilot.press("d")
        await wait_until(pilot, lambda: not app.is_running)
    assert drafts.load_draft(team, "li") is None


async def test_ctrl_q_with_nothing_in_progress_quits_at_once(team):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, NewCallScreen))
        await pilot.press("ctrl+q")  # a blank form: nothing to keep
        await wait_until(pilot, lambda: not app.is_running)


async def test_a_key_typed_on_a_card_just_opened_does_not_replace_the_name(team, zhou):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        card = await open_card(pilot)
        await pilot.press("x")
        assert card.query_one("#f-name", Input).value in ("周杰x", "x周杰")  # added to, never replaced


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_new_customer_refused_says_why_on_the_form_in_view(team, zhou, size):
    from desk_support import notifications

    app = desk_app(team)
    async with app.run_test(size=size) as pilot:
        await home_loaded(pilot)
        await open_lookup(pilot)
        await pilot.press("f9")
        await wait_until(pilot, lambda: isinstance(app.screen, CustomerCardScreen))
        await settle(pilot)
        await pilot.press(*"吴敏")
        app.screen.query_one("#f-phone", Input).focus()
        await pilot.press(*"138 0013 8000", "ctrl+s")  # 周杰's number
        await wait_until(pilot, lambda: "already belongs to customer" in screen_text(app))
        assert app.focused.id == "f-phone" and isinstance(app.screen, CustomerCardScreen)
        assert not any("Something went wrong" in (n.title or "") for n in notifications(app))
