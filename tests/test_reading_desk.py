"""Issue 15, reading, in the desk: an agent's F3 lookup still opens the card (and the opening is recorded),
a card reached without a reason is refused and never shown, and the lead's wallboard names an agent past
the hour's limit of card views."""

from __future__ import annotations

import pytest
from desk_support import SIZE, desk_app, notifications, open_lookup, screen_text, settle, type_query, wait_until
from textual.widgets import DataTable

from screens.customer_card import CustomerCardScreen
from screens.customers import LookupScreen
from store import open_store
from store.card_views import CardReason
from store.customers import create_customer, open_customer_card
from store.settings import set_setting


@pytest.fixture
def archive(team, clock):
    team.anna = create_customer(team, "root", phones=["13800138000"], name="Anna Smith", wechat_id="anna_wx")
    clock.advance(hours=2)
    return team


def views(store):
    with store.read(None) as tx:
        return tx.all("SELECT a.login, v.customer_id, v.reason, v.reason_ref FROM card_views v"
                      " JOIN agents a ON a.id = v.agent_id ORDER BY v.id")


async def test_an_agent_s_lookup_then_enter_opens_the_card_and_records_why(archive):
    app = desk_app(archive, "li")
    async with app.run_test(size=SIZE) as pilot:
        await open_lookup(pilot)
        assert "Type at least 2 characters or 4 digits of the caller" in screen_text(app)  # no newest contacts
        await type_query(pilot, "anna")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CustomerCardScreen) and app.screen.card is not None)
        assert "anna_wx" in [i.value for i in app.screen.query("Input")]
        app.screen.reload()  # a reload reads the card again: no second view
        await settle(pilot)
    assert views(archive) == [("li", archive.anna, "lookup", "anna")]


async def test_a_card_reached_without_a_reason_is_refused_and_not_shown(archive):
    app = desk_app(archive, "li")
    async with app.run_test(size=SIZE) as pilot:
        await open_lookup(pilot)
        app.push_screen(CustomerCardScreen(app.ctx, archive.anna))
        await wait_until(pilot, lambda: isinstance(app.screen, LookupScreen) and notifications(app))
        await settle(pilot)
        (note,) = [n for n in notifications(app) if n.severity == "error"]
        assert "an agent opens a customer's card from their call or callback" in note.message
        assert "anna_wx" not in screen_text(app)
    assert views(archive) == []


async def test_the_lead_s_wallboard_names_an_agent_past_the_hour_s_limit(archive, store_path, clock):
    set_setting(archive, "root", "card_views_per_hour", 2)  # centre-wide: an admin sets it
    app = desk_app(archive, "lin")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await wait_until(pilot, lambda: app.screen.query("#scorecard"))
        await pilot.press("b")
        await wait_until(pilot, lambda: app.screen.query("#wallboard")
                         and app.screen.query_one("#wallboard", DataTable).row_count)
        assert "card views last hour" not in screen_text(app)
        other = open_store(store_path, clock)  # li's desk, elsewhere
        try:
            for _ in range(3):
                open_customer_card(other, "li", archive.anna, CardReason.lookup("Anna"))
        finally:
            other.close()
        await wait_until(pilot, lambda: "li: card views last hour: 3 (limit 2)" in screen_text(app))


async def test_the_caller_s_card_beside_the_call_form_is_a_view_recorded_once(archive):
    """Typing a number in F2 shows its owner's card: that is reading the archive too, so the view is
    recorded (audited, counted against the hour's limit) the first time the form shows that customer."""
    from screens.call_new import NewCallScreen

    app = desk_app(archive, "li")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, NewCallScreen))
        await pilot.press(*"13800138000")
        await wait_until(pilot, lambda: app.screen.found == archive.anna)
        await pilot.press("backspace", "0")  # the same caller again: no second view
        await wait_until(pilot, lambda: app.screen.found == archive.anna)
        await settle(pilot)
    assert views(archive) == [("li", archive.anna, "lookup", "13800138000")]
