"""Keys typed ahead land where they were meant: each key's focus move has happened before the next key.

Every test posts its keys in one go, as one terminal read delivers a paste or a fast typist far
ahead of the screen; none waits between keys (pilot.press would, and hide the bug).
"""

from __future__ import annotations

from desk_support import SIZE, desk_app, home_loaded, keys_landed, settle, type_ahead, wait_until
from textual.widgets import Input, TextArea

from screens.call import CallScreen
from store.customers import create_customer


def calls(store) -> list[tuple]:
    return store.conn.execute(
        "SELECT c.category, c.outcome, c.notes, cu.name, c.phone_e164, c.escalation_reason FROM calls c"
        " LEFT JOIN customers cu ON cu.id = c.customer_id ORDER BY c.id").fetchall()


async def saved(pilot, store, count: int = 1) -> list[tuple]:
    await wait_until(pilot, lambda: len(calls(store)) == count and not isinstance(pilot.app.screen, CallScreen), timeout=30)
    await settle(pilot)
    return calls(store)


async def test_fastest_path_in_one_burst_saves_the_right_row(team):
    create_customer(team, "li", phones=["130 1469 2850"], name="张伟欣")
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        type_ahead(app, "f2", *"13014692850", "enter", "c", "r", *"burst note", "ctrl+s")
        rows = await saved(pilot, team)
        assert rows == [("consultation", "resolved", "burst note", "张伟欣", "+8613014692850", None)]
        assert app.keys_in_order.idle


async def test_burst_through_escalation_callback_and_owner_rows(team):
    create_customer(team, "li", phones=["130 1469 2850"], name="张伟欣")
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        # t (escalated to tech) moves to the reason; Tab from the reason to the notes is three fields on
        type_ahead(app, "f2", *"13014692850", "enter", "p", "t", *"lid broken", "tab", *"note: tech asked", "ctrl+s")
        await wait_until(pilot, lambda: len(calls(team)) == 1, timeout=30)
        await settle(pilot)
        category, outcome, notes, name, _e164, reason = calls(team)[0]
        assert (category, outcome, reason, name) == ("complaint", "escalated-tech", "lid broken", "张伟欣")
        assert notes == "note: tech asked"


async def test_callback_needed_typed_ahead_files_due_owner_and_note(team):
    create_customer(team, "li", phones=["130 1469 2850"], name="张伟欣")
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        type_ahead(app, "f2", *"13014692850", "enter", "o", "k", *"+2h", "tab", "a", "tab", *"send invoice", "ctrl+s")
        rows = await saved(pilot, team)
        assert rows[0][:3] == ("order", "callback-needed", "send invoice")
        due, owner = team.conn.execute("SELECT due_at, owner_id FROM callbacks").fetchone()
        assert due == "2026-11-26T04:00:00Z" and owner is None  # +2h from 10:00 Shanghai, the pool


async def test_alt_letters_in_the_number_field_pick_and_never_type(team):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await keys_landed(pilot, "f2", *"18584332282", "f9", "alt+s", "alt+r")
        screen = app.screen
        assert screen.query_one("#number", Input).value == "18584332282"
        assert (screen.query_one("#category").value, screen.query_one("#outcome").value) == ("shipping", "resolved")
        assert app.focused.id == "number"  # Alt picks without moving focus
        screen.query_one("#notes").focus()
        await settle(pilot)
        await keys_landed(pilot, "alt+p", "alt+k", *"ok")
        assert screen.query_one("#notes", TextArea).text == "ok" and app.focused.id == "notes"
        assert (screen.query_one("#category").value, screen.query_one("#outcome").value) == ("complaint", "callback-needed")


async def test_digits_pick_by_position_on_the_choice_rows(team):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        type_ahead(app, "f2", *"13014692850", "enter", "8", "8", *"wrong one", "ctrl+s")
        rows = await saved(pilot, team)
        assert rows[0][:3] == ("return-visit", "wrong-number", "wrong one")


async def test_every_digit_names_the_choice_listed_at_that_place(team):
    from screens.call_widgets import CATEGORY_KEYS, OUTCOME_KEYS

    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await keys_landed(pilot, "f2")
        screen = app.screen
        for row, choices in (("category", CATEGORY_KEYS), ("outcome", OUTCOME_KEYS)):
            for place, (slug, _key) in enumerate(choices, 1):
                screen.query_one(f"#{row}").focus()
                await settle(pilot)
                await keys_landed(pilot, str(place))
                assert screen.query_one(f"#{row}").value == slug


async def test_enter_on_the_number_goes_to_the_category_before_the_card_answers(team):
    create_customer(team, "li", phones=["130 1469 2850"], name="张伟欣")
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await keys_landed(pilot, "f2", *"13014692850", "enter")
        assert app.focused.id == "category"


async def test_an_unknown_caller_named_by_tab_then_enter_through_city_to_category(team):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        type_ahead(app, "f2", *"13912345678")
        await wait_until(pilot, lambda: isinstance(app.screen, CallScreen) and app.screen.query_one("#new-customer").display)
        type_ahead(app, "tab", *"周杰", "enter", *"Jay Ltd", "enter", *"杭州", "enter", "o", "r", *"first call", "ctrl+s")
        rows = await saved(pilot, team)
        assert rows == [("order", "resolved", "first call", "周杰", "+8613912345678", None)]
        assert team.conn.execute("SELECT company, city FROM customers").fetchone() == ("Jay Ltd", "杭州")
