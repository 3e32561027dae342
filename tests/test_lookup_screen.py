"""F3 lookup and the customer card, driven with Pilot."""

from __future__ import annotations

from datetime import timedelta

import pytest
from desk_support import SIZE, desk_app, open_lookup, screen_text, settle, type_query, wait_until
from textual.widgets import Checkbox, Input, Static

from screens.customer_card import CallsTable, CustomerCardScreen, PhonesTable
from screens.customer_merge import MergeConfirm
from screens.customers import LookupScreen
from screens.help import HelpScreen
from screens.widgets.call_detail import CallDetail
from screens.widgets.form_modal import FormModal
from screens.widgets.lookup_results import ResultsList
from store.call_records import CallEntry
from store.calls import log_call
from store.card_views import CardReason
from store.clock import iso
from store.customers import LOOKUP_PAGE, create_customer, customer_card, get_customer


@pytest.fixture
def archive(team, clock):
    c = {}
    c["anna"] = create_customer(team, "li", phones=["13800138000"], name="Anna Smith", company="Globex", city="Shanghai")
    c["annabel"] = create_customer(team, "li", phones=["13900139000"], name="Annabel Lee", status="contracted", tags="vip")
    c["marked"] = create_customer(team, "li", phones=["13700137000"], name="[red]x[/red]", company="[b]co[/b]")
    log_call(team, "li", CallEntry(customer_id=c["anna"], category="order", outcome="resolved", started_at=iso(clock.now - timedelta(days=1)), notes="first line\n\x1b[31mescape [bold]kept[/bold]"))
    log_call(team, "li", CallEntry(customer_id=c["annabel"], category="order", outcome="resolved", started_at=iso(clock.now - timedelta(days=2))))
    team.c = c
    return team


def rows(app) -> list[list[str]]:
    table = app.screen.query_one("#lookup-results", ResultsList)
    return [[getattr(cell, "plain", str(cell)) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_results_follow_typing_and_rank_by_class(archive):
    app = desk_app(archive, "lin")  # a lead: the blank box lists the newest contacts
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lookup(pilot)
        assert [r[0] for r in rows(app)] == ["Anna Smith", "Annabel Lee"]  # blank box: newest contacts
        await type_query(pilot, "anna")
        assert {r[0] for r in rows(app)} == {"Anna Smith", "Annabel Lee"}
        await type_query(pilot, " smith")
        assert rows(app) == [["Anna Smith", "Globex", "prospect", "138****8000", "Shanghai", "2026-11-25"]]
        assert isinstance(app.focused, Input) and app.focused.id == "lookup-box"
        assert screen.latencies and all(0 <= t < 5 for t in screen.latencies)
        for _ in range(11):
            await pilot.press("backspace")
        await settle(pilot)
        await wait_until(pilot, lambda: screen.query_one(Input).value == "" and len(rows(app)) == 2)
        await type_query(pilot, "8000")  # a phone suffix
        assert [r[0] for r in rows(app)] == ["Anna Smith"]
        await type_query(pilot, "zzz")
        assert "No customer matches. F9 creates one." in screen_text(app)


async def test_up_down_move_and_enter_opens_the_card(archive):
    app = desk_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lookup(pilot)
        await type_query(pilot, "ann")
        table = screen.query_one(ResultsList)
        first = screen.selected_id()
        await pilot.press("down")
        assert screen.selected_id() != first and table.cursor_row == 1
        await pilot.press("down")  # stays on the last row
        assert table.cursor_row == 1
        await pilot.press("up")
        assert screen.selected_id() == first
        assert app.focused.id == "lookup-box"
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CustomerCardScreen) and app.screen.card is not None)
        chosen = app.screen.customer_id
        assert chosen != first and chosen in archive.c.values()
        assert get_customer(archive, "li", chosen).name in screen_text(app)


async def test_f2_asks_for_a_call_with_the_selected_customer(archive):
    app = desk_app(archive)
    asked = []
    app.open_call = lambda **kwargs: asked.append(kwargs)  # where the App routes OpenCall
    async with app.run_test(size=SIZE) as pilot:
        await open_lookup(pilot)
        await type_query(pilot, "annabel")
        await pilot.press("f2")
        assert asked == [{"customer_id": archive.c["annabel"]}]


async def test_f8_schedules_a_callback_with_due_text_and_owner(archive):
    app = desk_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await open_lookup(pilot)
        await type_query(pilot, "anna smith")
        await pilot.press("f8")
        await wait_until(pilot, lambda: isinstance(app.screen, FormModal))
        due = app.screen.query_one("#f-due", Input)
        due.value = "someday"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "'someday' is not a time I understand" in str(app.screen.query_one("#form-error", Static).render())
        due.value = "+2h"
        app.screen.query_one("#f-reason", Input).value = "send the quote"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, LookupScreen))
        (callback,) = customer_card(archive, "lin", archive.c["anna"]).callbacks
        assert callback.due_at == "2026-11-26T04:00:00Z" and callback.owner == "li"
        assert callback.reason == "send the quote"


async def test_status_and_tag_filters(archive):
    app = desk_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lookup(pilot)
        await type_query(pilot, "ann")
        assert len(rows(app)) == 2
        for expected in ("prospect", "contracted"):
            before = screen.searches
            await pilot.press("ctrl+t")
            await wait_until(pilot, lambda before=before: screen.searches > before)
            await settle(pilot)
            assert {r[2] for r in rows(app)} == {expected}
            assert f"Status: {expected}" in screen_text(app)
        await pilot.press("ctrl+t", "ctrl+t")  # churned, then all again
        await settle(pilot)
        await wait_until(pilot, lambda: len(rows(app)) == 2)
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: isinstance(app.screen, FormModal))
        app.screen.query_one("#f-tag", Input).value = "VIP"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen and [r[0] for r in rows(app)] == ["Annabel Lee"])
        assert "Tag: vip" in screen_text(app)


async def test_the_table_holds_one_page(team, clock):
    for i in range(LOOKUP_PAGE + 15):
        cid = create_customer(team, "li", name=f"Zhang {i:02d}")
        log_call(team, "li", CallEntry(customer_id=cid, category="order", outcome="resolved", started_at=iso(clock.now - timedelta(minutes=i + 1))))
    app = desk_app(team, "lin")  # a lead: the blank box lists the newest contacts
    async with app.run_test(size=SIZE) as pilot:
        await open_lookup(pilot)
        assert len(rows(app)) == LOOKUP_PAGE
        await type_query(pilot, "zhang")
        assert len(rows(app)) == LOOKUP_PAGE
        assert rows(app)[0][0] == "Zhang 00"  # the newest contact first within the prefix class
        assert "more matches than shown: type more" in screen_text(app)
        await type_query(pilot, " 07")
        assert [r[0] for r in rows(app)] == ["Zhang 07"]
        assert "more matches than shown" not in screen_text(app)


async def test_help_lists_every_lookup_key(archive):
    app = desk_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await open_lookup(pilot)
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = screen_text(app)
        for words in ("Open card", "Call", "Callback", "New customer", "Status filter", "Tag filter", "Customers"):
            assert words in text


async def test_markup_and_escapes_render_literally(archive):
    app = desk_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await open_lookup(pilot)
        await type_query(pilot, "137 0013 7000")
        assert rows(app)[0][:2] == ["[red]x[/red]", "[b]co[/b]"]
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CustomerCardScreen) and app.screen.card is not None)
        assert f"#{archive.c['marked']} [red]x[/red] ∙ [b]co[/b]" in screen_text(app)
        app.pop_screen()
        await settle(pilot)
        app.screen.query_one(Input).value = "Anna Smith"
        await wait_until(pilot, lambda: rows(app) and rows(app)[0][0] == "Anna Smith")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CustomerCardScreen) and app.screen.card is not None)
        app.screen.query_one(CallsTable).focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CallDetail))
        body = app.screen.query_one("#call-body", Static).render()
        assert "escape [bold]kept[/bold]" in body.plain and "\x1b" not in body.plain
        assert "first line" in body.plain


async def test_edit_with_errors_then_save(archive):
    cid = archive.c["anna"]
    app = desk_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(CustomerCardScreen(app.ctx, cid, reason=CardReason.lookup("13800138000")))
        await wait_until(pilot, lambda: isinstance(app.screen, CustomerCardScreen) and app.screen.card is not None)
        card = app.screen
        card.query_one("#f-email", Input).value = "anna@"
        card.query_one("#f-city", Input).value = "Suzhou"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "is not an e-mail address" in str(card.query_one("#card-error", Static).render()))
        assert app.focused.id == "f-email"
        assert get_customer(archive, "li", cid).city == "Shanghai"  # nothing saved
        card.query_one("#f-email", Input).value = "anna@globex.com"
        card.query_one("#f-do_not_call", Checkbox).value = True
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is not card)  # 免打扰 asks why first (tests/test_do_not_call_desk.py)
        app.screen.query_one("#f-reason", Input).value = "asked"
        await pilot.press("enter")
        await wait_until(pilot, lambda: get_customer(archive, "li", cid).city == "Suzhou")
        saved = get_customer(archive, "li", cid)
        assert saved.email == "anna@globex.com" and saved.do_not_call
        await wait_until(pilot, lambda: "DO NOT CALL" in screen_text(app))
        assert "Last changed by 李娜 at 2026-11-26 10:00" in screen_text(app)


async def test_phones_add_refused_naming_the_owner_then_added_and_made_main(archive):
    cid = archive.c["anna"]
    app = desk_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(CustomerCardScreen(app.ctx, cid, reason=CardReason.lookup("13800138000")))
        await wait_until(pilot, lambda: isinstance(app.screen, CustomerCardScreen) and app.screen.card is not None)
        card = app.screen
        card.query_one(PhonesTable).focus()
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, FormModal))
        app.screen.query_one("#f-phone", Input).value = "139-0013-9000"
        await pilot.press("ctrl+s")
        await settle(pilot)
        error = str(app.screen.query_one("#form-error", Static).render())
        assert f"customer #{archive.c['annabel']} Annabel Lee" in error
        app.screen.query_one("#f-phone", Input).value = "021 6666 8888"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is card and card.query_one(PhonesTable).row_count == 2)
        await pilot.press("down", "m")
        await wait_until(pilot, lambda: get_customer(archive, "li", cid).phones[0].e164 == "+862166668888")
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, FormModal))
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: len(get_customer(archive, "li", cid).phones) == 1)


async def test_new_customer_from_lookup_with_validation(archive):
    app = desk_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await open_lookup(pilot)
        await type_query(pilot, "Carol King")
        await pilot.press("f9")
        await wait_until(pilot, lambda: isinstance(app.screen, CustomerCardScreen))
        card = app.screen
        assert card.query_one("#f-name", Input).value == "Carol King"
        card.query_one("#f-phone", Input).value = "138 0013 8000"  # Anna's
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "Anna Smith" in str(card.query_one("#card-error", Static).render()))
        card.query_one("#f-phone", Input).value = "12"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "not a valid phone number" in str(card.query_one("#card-error", Static).render()))
        assert app.focused.id == "f-phone"
        card.query_one("#f-phone", Input).value = "186 0000 1111"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, CustomerCardScreen) and app.screen.card is not None)
        created = app.screen.customer_id
        assert get_customer(archive, "li", created).phones[0].e164 == "+8618600001111"
        assert "Carol King" in screen_text(app)


async def test_merge_from_the_card(archive):
    keep, other = archive.c["anna"], archive.c["annabel"]
    app = desk_app(archive, "lin")
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(CustomerCardScreen(app.ctx, keep, reason=CardReason.lookup("Anna Smith")))
        await wait_until(pilot, lambda: isinstance(app.screen, CustomerCardScreen) and app.screen.card is not None)
        card = app.screen
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, FormModal))
        app.screen.query_one("#f-other", Input).value = "abc"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "type the id of the duplicate" in str(app.screen.query_one("#form-error", Static).render())
        app.screen.query_one("#f-other", Input).value = f"#{other}"
        await pilot.press("ctrl+s")
        # both records side by side first; nothing has moved yet, and Escape backs out
        await wait_until(pilot, lambda: isinstance(app.screen, MergeConfirm))
        text = screen_text(app)
        assert f"#{keep} (kept)" in text and "Annabel Lee" in text and "After the merge" in text
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is card)
        assert get_customer(archive, "lin", other).name == "Annabel Lee"
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, FormModal))
        app.screen.query_one("#f-other", Input).value = str(other)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, MergeConfirm))
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is card and card.card.merged)
        merged = card.query_one("#card-merged", Static).render().plain
        assert f"Merged from #{other} Annabel Lee by lin" in merged
        assert card.query_one(CallsTable).row_count == 2
        assert card.query_one(PhonesTable).row_count == 2
        assert len(customer_card(archive, "lin", keep).calls.calls) == 2


async def test_an_agent_is_not_offered_the_merge(archive):
    app = desk_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(CustomerCardScreen(app.ctx, archive.c["anna"], reason=CardReason.lookup("Anna Smith")))
        await wait_until(pilot, lambda: isinstance(app.screen, CustomerCardScreen) and app.screen.card is not None)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen)


async def test_card_pages_through_many_calls(team, clock):
    cid = create_customer(team, "li", name="Busy Bee")
    for i in range(75):
        log_call(team, "li", CallEntry(customer_id=cid, category="order", outcome="resolved", started_at=iso(clock.now - timedelta(hours=i + 1)), talk_s=i))
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(CustomerCardScreen(app.ctx, cid, reason=CardReason.lookup("Busy Bee")))
        await wait_until(pilot, lambda: isinstance(app.screen, CustomerCardScreen) and app.screen.card is not None)
        card = app.screen
        calls = card.query_one(CallsTable)
        assert calls.row_count == 50
        calls.focus()
        await pilot.press("n")
        await wait_until(pilot, lambda: calls.row_count == 25)
        assert "Calls, page 2" in screen_text(app)
        await pilot.press("n")  # no page after the last
        await settle(pilot)
        assert calls.row_count == 25
        await pilot.press("p")
        await wait_until(pilot, lambda: calls.row_count == 50)
