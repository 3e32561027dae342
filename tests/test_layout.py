"""What a person sees at 80×24 and 120×40, read off the rendered text: footers end with whole keys
(and "F1 more" when some do not fit), the status line fits, phone numbers are never cut or wrapped,
F4 keeps its columns, the call form keeps Number, Category, Outcome and Notes in view while the note
is typed, and labels too long for their place use their short form rather than lose half a word."""

from __future__ import annotations

import pytest
from desk_support import desk_app, home_loaded, screen_text, settle, wait_until

from screens.call import CallScreen
from screens.callbacks import CallbacksScreen
from screens.customers import LookupScreen
from screens.kpi import KpiScreen
from screens.widgets.desk_footer import DeskFooter
from store import callbacks as cb
from store.customers import create_customer

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def desk(team):
    for i in range(12):
        customer = create_customer(team, "li", phones=[f"138 0013 {8000 + i}"], name=f"客户{i:02d}",
                                   company="华为技术有限公司")
        cb.add_callback(team, "li", customer_id=customer, due=f"+{5 * i + 5}m", owner="li" if i % 2 else "pool",
                        reason="confirm the refund for the order")
    return team


def lines(app) -> list[str]:
    return screen_text(app).splitlines()


def footer_is_whole(app) -> None:
    footer = app.screen.query_one(DeskFooter)
    keys = footer.keys()
    shown = lines(app)[-1].strip()
    wanted = "  ".join(f"{key} {words}" for key, words in keys)
    if shown != wanted:  # not all fit: a run of whole keys from the first, then F1 more
        assert shown.endswith("F1 more"), shown
        kept = shown.removesuffix("F1 more").rstrip()
        assert wanted.startswith(kept) and wanted[len(kept):].startswith("  "), (shown, wanted)


@pytest.mark.parametrize("size", SIZES)
async def test_every_top_level_screen_shows_whole_keys_and_a_status_line_that_fits(desk, size):
    app = desk_app(desk, login="lin")
    async with app.run_test(size=size) as pilot:
        await home_loaded(pilot)
        for key in ("", "f3", "f4", "f5", "f6", "f7", "f2"):
            if key:
                await pilot.press(key)
                await settle(pilot)
                await pilot.pause(0.2)
            footer_is_whole(app)
            status = lines(app)[0].rstrip()
            assert status.endswith("0 overdue"), status  # its last piece is on screen, whole


@pytest.mark.parametrize("size", SIZES)
async def test_lookup_rows_are_one_line_each_with_the_masked_phone(desk, size):
    app = desk_app(desk)
    async with app.run_test(size=size) as pilot:
        await home_loaded(pilot)
        await pilot.press("f3")
        await wait_until(pilot, lambda: isinstance(app.screen, LookupScreen))
        await pilot.press(*"客户")
        await wait_until(pilot, lambda: sum("客户" in line for line in lines(app)) >= 10)
        rows = [line for line in lines(app) if "客户0" in line or "客户1" in line]
        for row in rows:
            assert "138****80" in row and "+86" not in row, row  # the number masked, on the customer's own line
        assert not any(line.strip().startswith("****") for line in lines(app))  # nothing wrapped


@pytest.mark.parametrize("size", SIZES)
async def test_f4_keeps_every_column(desk, size):
    with desk.write("li", "agent") as tx:  # the longest kind word: it stays whole
        cb.insert_callback(tx, due_at="2026-11-26T02:30:00Z", kind="return-visit", customer_id=1, owner="li")
    app = desk_app(desk)
    async with app.run_test(size=size) as pilot:
        await home_loaded(pilot)
        await pilot.press("f4")
        await wait_until(pilot, lambda: isinstance(app.screen, CallbacksScreen) and app.screen.queue is not None)
        await settle(pilot)
        await pilot.pause(0.2)
        header = next(line for line in lines(app) if "Due" in line and "Customer" in line)
        for title in ("Due", "Kind", "Customer", "Phone", "Reason", "Tries"):
            assert title in header, (title, header)
        assert any("138****8001" in line for line in lines(app))  # masked: F4's n shows it whole
        assert any("return visit" in line for line in lines(app))


@pytest.mark.parametrize("size", SIZES)
async def test_the_call_form_keeps_number_category_outcome_and_notes_in_view(desk, size):
    app = desk_app(desk)
    async with app.run_test(size=size) as pilot:
        await home_loaded(pilot)
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, CallScreen))
        await pilot.press(*"13800138003", "enter", "o", "r")
        app.screen.query_one("#notes").focus()
        await pilot.press(*"customer asks about the invoice")
        await settle(pilot)
        text = screen_text(app)
        for seen in ("Number 13800138003", "Category:", "Outcome:", "Notes", "customer asks about the invoice",
                     "138 0013 8003 *"):
            assert seen in text, seen


async def test_a_label_too_long_for_its_place_uses_its_short_form(desk):
    app = desk_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await home_loaded(pilot)
        await pilot.press("f5")
        await wait_until(pilot, lambda: isinstance(app.screen, KpiScreen))
        await settle(pilot)
        titles = lines(app)[4]
        assert "AHT s" in titles and "FCR" in titles and "Average handle tim" not in titles
    app = desk_app(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await home_loaded(pilot)
        await pilot.press("f5")
        await wait_until(pilot, lambda: isinstance(app.screen, KpiScreen))
        await settle(pilot)
        assert "Average handle time (s)" in lines(app)[4]
