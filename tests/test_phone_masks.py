"""Numbers masked wherever the whole one is not needed; the card and the call form show it whole; a reveal asks why."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from desk_support import SIZE, desk_app, notifications, screen_text, settle, wait_until

from store.callbacks import add_callback
from store.customers import create_customer
from store.errors import ValidationError
from store.reveals import reveal_callback_number, reveal_customer_numbers
from tui.cli import cli
from tui.format import phone_masked


@pytest.mark.parametrize(("e164", "region", "shown"), [
    ("+8613800138000", "CN", "138****8000"),   # a mobile: first 3, last 4
    ("+862162345678", "CN", "021 ****5678"),   # a landline: its area code, last 4
    ("+8675588881234", "CN", "0755 ****1234"),
    ("+14155550132", "CN", "+1 ****0132"),     # abroad: the country code, last 4
    ("+8613800138000", "US", "+86 ****8000"),
    ("138 0013 8000", "CN", "138****8000"),    # as typed
])
def test_masks_keep_what_says_which_number_it_is_and_nothing_more(e164, region, shown):
    assert phone_masked(e164, region) == shown


def _cli(store, agent, *args):
    return CliRunner().invoke(cli, ["--db", str(store.path), "--agent", agent, "--lang", "en", *args],
                              env={"COLUMNS": "200"})


def _reveals(store):
    with store.read("root", "admin") as tx:
        rows = tx.execute("SELECT actor, customer_id, callback_id, reason FROM phone_reveals ORDER BY id").fetchall()
        audited = tx.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'phone_reveals'")
    return [tuple(r) for r in rows], audited


def test_cli_tables_and_json_mask_and_a_reveal_needs_a_reason_and_is_recorded(team):
    cid = create_customer(team, "li", phones=["13800138000", "021 6234 5678"], name="张伟")
    add_callback(team, "li", due="+30m", customer_id=cid, reason="报价")
    for args in (("customers", "find", "张伟"), ("customers", "show", str(cid), "--lookup", "张伟"), ("callbacks", "list"),
                 ("customers", "find", "张伟", "--format", "json"), ("callbacks", "list", "--format", "json")):
        res = _cli(team, "li", *args)
        assert res.exit_code == 0, res.output
        assert "13800138000" not in res.output and "62345678" not in res.output, args
    assert "138****8000" in _cli(team, "li", "customers", "show", str(cid), "--lookup", "张伟").output
    refused = _cli(team, "li", "customers", "show", str(cid), "--lookup", "张伟", "--reveal")
    assert refused.exit_code == 1 and "reason" in refused.stderr and "+8613800138000" not in refused.output
    shown = _cli(team, "li", "customers", "show", str(cid), "--lookup", "张伟", "--reveal", "--reason", "客户来电核对",
                 "--format", "json")
    assert [p["e164"] for p in json.loads(shown.output)["phones"]] == ["+8613800138000", "+862162345678"]
    assert _reveals(team) == ([("li", cid, None, "客户来电核对")], 1)


def test_store_reveals_refuse_without_a_reason(team):
    cid = create_customer(team, "li", phones=["13800138000"], name="张伟")
    cb = add_callback(team, "li", due="+30m", customer_id=cid, reason="报价")
    with pytest.raises(ValidationError):
        reveal_callback_number(team, "li", cb, " ")
    assert reveal_customer_numbers(team, "lin", cid, "核对") == ("+8613800138000",)
    assert reveal_callback_number(team, "li", cb, "拨号失败") == "+8613800138000"
    assert _reveals(team)[0] == [("lin", cid, None, "核对"), ("li", cid, cb, "拨号失败")]


async def test_f4_masks_and_n_shows_one_whole_number_after_asking_why(team):
    from textual.widgets import Input

    from screens.widgets.form_modal import FormModal

    cid = create_customer(team, "li", phones=["13800138000"], name="张伟")
    cb = add_callback(team, "li", due="+30m", customer_id=cid, reason="报价")
    app = desk_app(team, "li")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await wait_until(pilot, lambda: app.screen.query("#cb-mine") and app.screen.query_one("#cb-mine").row_count == 1)
        await settle(pilot)
        assert "138****8000" in screen_text(app) and "138 0013 8000" not in screen_text(app)
        app.screen.query_one("#cb-mine").focus()
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, FormModal))
        app.screen.query_one("#f-reason", Input).value = "客户要求核对号码"
        await pilot.press("enter")
        await wait_until(pilot, lambda: any("138 0013 8000" in str(n.message) for n in notifications(app)))
    assert _reveals(team)[0] == [("li", cid, cb, "客户要求核对号码")]


async def test_the_lookup_masks_and_the_card_shows_the_whole_number(team):
    from screens.customer_card import CustomerCardScreen

    create_customer(team, "li", phones=["13800138000"], name="张伟")
    app = desk_app(team, "li")
    async with app.run_test(size=SIZE) as pilot:
        from desk_support import open_lookup

        await settle(pilot)
        await open_lookup(pilot)
        for ch in "张伟":
            await pilot.press(ch)
        await wait_until(pilot, lambda: "138****8000" in screen_text(app))
        await pilot.press("enter")  # the card, opened from the lookup that found them
        await wait_until(pilot, lambda: isinstance(app.screen, CustomerCardScreen) and app.screen.card is not None)
        await settle(pilot)
        assert "138 0013 8000" in screen_text(app)


def test_calls_list_masks_the_number_in_json_too(team):
    from store.call_records import CallEntry
    from store.calls import log_call

    log_call(team, "li", CallEntry(number="139 0013 9000", category="order", outcome="resolved"))
    res = _cli(team, "li", "calls", "list", "--format", "json")
    assert res.exit_code == 0, res.output
    call = json.loads(res.output)[0]
    assert (call["phone_e164"], call["phone_raw"]) == ("139****9000", "139****9000")
