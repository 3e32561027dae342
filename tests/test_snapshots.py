"""Every screen of the desk as a person sees it, at 80×24 and 120×40, in English and in 简体中文.

The SVGs in tests/__snapshots__/test_snapshots/ were reviewed by eye when they were made; a change to
what a screen shows fails here until it is looked at and accepted with
`pytest tests/test_snapshots.py --snapshot-update` (then review the new SVGs before committing).
The store, the clock (tests/fixed_time.py) and the keys are the same on every run.
"""

from __future__ import annotations

from contextlib import closing
from datetime import timedelta

import pytest
from desk_support import home_loaded, screen_text, settle, wait_until
from fixed_time import FIXED_NOW

from store import callbacks as cb
from store import cases, open_store
from store.call_records import CallEntry
from store.calls import log_call
from store.clock import FixedClock
from store.customers import create_customer
from tui import i18n
from tui.app import make_app

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
# what is typed to reach each screen (after the home screen has loaded), and what shows it is there
SCREENS: dict[str, tuple[list[str], str]] = {
    "home": ([], "HomeScreen"),
    "call": (["f2", *"13800138003", "enter", "o", "r", *"asks about the invoice"], "NewCallScreen"),
    "lookup": (["f3", *"客户"], "LookupScreen"),
    "card": (["f3", *"客户03", "enter"], "CustomerCardScreen"),
    "audit": (["f3", *"客户03", "enter", "f9"], "AuditScreen"),
    "callbacks": (["f4"], "CallbacksScreen"),
    "kpis": (["f5"], "KpiScreen"),
    "team": (["f6"], "TeamScreen"),
    "status": (["f7"], "AgentStatusScreen"),
    "help": (["f1"], "HelpScreen"),
    "weekly": (["f6", "2"], "TeamScreen"),
    "staffing": (["f6", "3"], "TeamScreen"),
    "wallboard": (["f6", "b"], "WallboardScreen"),
    "appeals": (["f6", "a"], "AppealsScreen"),
    "settings": (["f6", "g"], "SettingsScreen"),
    "quit": (["f2", *"13800138003", "ctrl+q"], "QuitQuestion"),  # a call half typed: quit asks first
    "cases": (["f12", "l"], "CaseListScreen"),  # the lead's team's cases
    "case": (["f12", "l", "enter"], "CaseDetailScreen"),  # the first of them: overdue, with its timeline
}


@pytest.fixture
def desk(team):
    for i in range(12):
        customer = create_customer(team, "li", phones=[f"138 0013 {8000 + i}"], name=f"客户{i:02d}",
                                   company="华为技术有限公司", city="深圳")
        cb.add_callback(team, "lin", customer_id=customer, due=f"+{5 * i + 5}m", owner="lin" if i % 2 else "pool",
                        reason="confirm the refund")
        if i < 4:
            log_call(team, "lin", CallEntry(customer_id=customer, category="order", outcome="resolved",
                                            started_at=f"2026-11-26T0{i}:10:00Z", notes=f"order {i}"))
        if i in (5, 6, 7):
            cases_of(team, i, customer)
    return team


def cases_of(store, i: int, customer: int) -> None:
    """The team's cases: li's complaint opened 50 hours ago (overdue now) and worked since, wang's after-sales
    case and li's request opened now."""
    if i == 5:
        with closing(open_store(store.path, FixedClock(FIXED_NOW - timedelta(hours=50)))) as then:
            case = cases.open_case(then, "li", customer_id=customer, case_type="complaint",
                                   summary="refund not received after the return")
            cases.add_note(then, "li", case, "asked finance to check the refund")
        with closing(open_store(store.path, FixedClock(FIXED_NOW - timedelta(hours=2)))) as then:
            cases.record_reply(then, "li", case, "sales", "refund sent again on Monday, bank reference 8812")
            cases.change_status(then, "li", case, "waiting-customer")
    elif i == 6:
        cases.open_case(store, "wang", customer_id=customer, case_type="after-sales", summary="screen flickers")
    else:
        cases.open_case(store, "li", customer_id=customer, case_type="request", severity="major",
                        summary="copy of the invoice")


async def on_call(pilot) -> None:
    """A call started: the status line says so once its write lands (after the form shows)."""
    await wait_until(pilot, lambda: any(word in screen_text(pilot.app) for word in ("on call", "通话中")))


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", SCREENS)
def test_screen(snap_compare, desk, screen, size, lang):
    assert i18n.set_language(lang) == lang
    keys, shown = SCREENS[screen]
    app = make_app(desk, "lin", cursor_blink=False)

    async def reach(pilot) -> None:
        await home_loaded(pilot)
        for key in keys:
            if key == "ctrl+q":  # the call behind the question shows its status line: wait for it as for "call"
                await on_call(pilot)
            await pilot.press(key)
        await wait_until(pilot, lambda: type(pilot.app.screen).__name__ == shown)
        if screen == "call":
            await on_call(pilot)
        for _ in range(3):  # the screen's loads, then what they started
            await settle(pilot)
            await pilot.pause(0.1)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=reach)
