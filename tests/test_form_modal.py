"""The shared form modal every desk form uses: one save per press, refusals kept on the form."""

from __future__ import annotations

import threading

from desk_support import SIZE, desk_app, settle, wait_until
from textual.widgets import Input, Static

from screens.widgets.form_modal import Field, FormModal
from store.errors import ValidationError


async def test_a_double_enter_saves_once(team):
    calls: list[dict] = []
    release = threading.Event()

    def save(values: dict) -> str:
        calls.append(values)
        release.wait(5)  # a slow store call: the second Enter comes while it runs
        return "saved"

    results: list = []
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(FormModal("Title", [Field("name", "Name", "  Anna  ")], save), results.append)
        await wait_until(pilot, lambda: isinstance(app.screen, FormModal))
        await pilot.press("enter", "enter", "ctrl+s")
        await wait_until(pilot, lambda: calls)
        release.set()
        await wait_until(pilot, lambda: results)
        await settle(pilot)
    assert calls == [{"name": "Anna"}]  # once, and the text is trimmed
    assert results == ["saved"]


async def test_a_refusal_stays_on_the_form_focuses_its_field_and_a_fixed_save_succeeds(team):
    def save(values: dict) -> int:
        if "@" not in values["mail"]:
            raise ValidationError("email", "needs an @: type the whole address")
        return 7

    results: list = []
    fields = [Field("name", "Name", "Anna"), Field("mail", "E-mail", "anna.example.com", aliases=("email",))]
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(FormModal("New customer", fields, save), results.append)
        await wait_until(pilot, lambda: isinstance(app.screen, FormModal))
        form = app.screen
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "needs an @" in str(form.query_one("#form-error", Static).render()))
        assert app.screen is form and app.focused is form.query_one("#f-mail", Input)
        assert form.query_one("#f-name", Input).value == "Anna"  # nothing typed is lost
        form.query_one("#f-mail", Input).value = "anna@example.com"
        await pilot.press("enter")
        await wait_until(pilot, lambda: results)
    assert results == [7]


async def test_text_typed_as_the_form_opens_lands_in_its_first_field(team):
    from textual import events

    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(FormModal("Title", [Field("name", "Name"), Field("city", "City")], lambda v: v))
        for ch in "Anna":  # read by the App before the form has focused its first field
            app.post_message(events.Key(ch, ch))
        await wait_until(pilot, lambda: isinstance(app.screen, FormModal) and app.focused is not None)
        await wait_until(pilot, lambda: app.screen.query_one("#f-name", Input).value == "Anna")
        assert app.screen.query_one("#f-city", Input).value == ""
