"""The due-time box: its examples are times still to come, and what is typed is read back as the
moment it names (or why it names none), in English and in Chinese."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from desk_support import SIZE, desk_app, home_loaded, settle, wait_until
from textual.widgets import Input

from screens.call import CallScreen
from screens.callbacks import CallbacksScreen
from screens.widgets.form_modal import FormModal
from store import callbacks as cb
from store.customers import create_customer
from store.duetime import EXAMPLES, examples, parse_due
from tui import i18n

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize("hours", range(0, 24 * 14, 5))
def test_every_example_is_a_time_still_to_come(hours):
    now = datetime(2026, 11, 23, tzinfo=timezone.utc) + timedelta(hours=hours)
    for chinese in (False, True):
        for example in examples(now, SHANGHAI, chinese).split(", "):
            assert parse_due(example, now, SHANGHAI) > now, (example, now)
    for example in EXAMPLES.split(", "):  # the store's refusals name these
        assert parse_due(example, now, SHANGHAI) > now


def preview(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def test_the_call_form_reads_the_due_time_back(team):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, CallScreen))
        await settle(pilot)
        await pilot.press(*"13800138000", "enter", "o", "k")
        assert app.focused.id == "due"
        # Thursday 2026-11-26 10:00 in Shanghai: the weekday and the date are ahead of it
        assert app.focused.placeholder == "+30m, +2h, tomorrow 10:00, sat 9, 2026-12-03 14:30"
        await pilot.press(*"tomorrow 10")
        assert preview(app, "#due-hint") == "-> Fri 11-27 10:00"
        await pilot.press("ctrl+u", *"9:00")
        assert "is in the past" in preview(app, "#due-hint")


async def test_the_reschedule_form_reads_it_back_in_chinese(team):
    wu = create_customer(team, "li", phones=["139 0013 8001"], name="吴敏")
    cb.add_callback(team, "li", customer_id=wu, due="+1h", owner="li", reason="refund")
    assert i18n.set_language("zh_CN") == "zh_CN"
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("f4")
        await wait_until(pilot, lambda: isinstance(app.screen, CallbacksScreen) and app.screen.queue is not None)
        await settle(pilot)
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, FormModal))
        assert app.screen.query_one("#f-due", Input).placeholder == "30分钟后, 明天上午10点, 下周一 14:00, 周五下午"
        await pilot.press(*"明天上午十点")
        assert preview(app, "#p-due") == "-> 明天 11月27日 周五 10:00"
        await pilot.press("ctrl+u", *"+2h")
        assert preview(app, "#p-due") == "-> 今天 11月26日 周四 12:00"
