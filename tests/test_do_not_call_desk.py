"""Pilot tests: ticking 免打扰 on the card asks why before saving; "call now" on a do-not-call customer's callback is refused."""

from __future__ import annotations

from desk_support import SIZE, desk_app, notifications, settle, wait_until
from textual.widgets import Checkbox, Input

from screens.customer_card import CustomerCardScreen
from screens.widgets.form_modal import FormModal
from store.card_views import CardReason
from store.customers import create_customer, do_not_call_flag


async def test_the_card_asks_why_before_it_saves_the_do_not_call_flag(team):
    cid = create_customer(team, "li", name="张伟", phones=["13800138000"])
    app = desk_app(team, "li")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(CustomerCardScreen(app.ctx, cid, reason=CardReason.lookup("张伟")))
        await wait_until(pilot, lambda: isinstance(app.screen, CustomerCardScreen) and app.screen.card is not None)
        await settle(pilot)
        card = app.screen
        card.query_one("#f-do_not_call", Checkbox).value = True
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, FormModal))
        await pilot.press("enter")  # no reason: refused on the form, nothing saved
        await wait_until(pilot, lambda: "say why" in str(app.screen.query_one("#form-error").render()))
        assert do_not_call_flag(team, "li", cid) is None
        app.screen.query_one("#f-reason", Input).value = "客户要求不再来电"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is card)
        await wait_until(pilot, lambda: do_not_call_flag(team, "li", cid) is not None)
        flag = do_not_call_flag(team, "li", cid)
        assert (flag.by, flag.reason) == ("li", "客户要求不再来电")


async def test_call_now_on_a_do_not_call_customer_is_refused_with_one_sentence(team):
    from store.callbacks import add_callback
    from store.customers import set_do_not_call

    cid = create_customer(team, "li", name="张伟", phones=["13800138000"])
    add_callback(team, "li", due="+30m", customer_id=cid, reason="报价")
    set_do_not_call(team, "lin", cid, True, "投诉")
    app = desk_app(team, "li")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await wait_until(pilot, lambda: app.screen.query("#cb-mine") and app.screen.query_one("#cb-mine").row_count == 1)
        await settle(pilot)
        app.screen.query_one("#cb-mine").focus()
        await pilot.press("o")
        await wait_until(pilot, lambda: any("do-not-call" in str(n.message) for n in notifications(app)))
        assert type(app.screen).__name__ == "CallbacksScreen"
