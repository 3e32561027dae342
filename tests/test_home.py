"""The home screen and the status line show the agent's real day from the store."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from desk_support import SIZE, desk_app, home_loaded, screen_text, table_rows, wait_until
from rich.text import Text
from textual.widgets import DataTable

from store.agents import add_agent
from store.call_records import CallEntry
from store.callbacks import insert_callback
from store.calls import log_call
from store.customers import create_customer
from store.desk_status import agent_day
from store.status import set_status
from tui.format import LocalTime, clean, duration, user_text

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def day(team):
    """li's day at 10:00 Shanghai, 2026-11-26: three calls today (one at 00:30 local, still 25th in UTC),
    two on the 25th, one overdue and one due-today callback, and work of others that must not count."""
    store = team
    marked = create_customer(store, "li", phones=["138 0013 8000"], name="[red]x[/red]")
    zhang = create_customer(store, "li", phones=["139 0013 8001"], name="张伟欣")
    log_call(store, "li", CallEntry(customer_id=marked, category="order", outcome="resolved", started_at="2026-11-26T01:30:00Z", talk_s=150, hold_s=20, wrap_s=15))
    log_call(store, "li", CallEntry(customer_id=zhang, category="after-sales", outcome="callback-needed", started_at="2026-11-26T00:10:00Z", talk_s=3600, hold_s=60, wrap_s=65))
    log_call(store, "li", CallEntry(number="139 0013 8002", category="consultation", outcome="resolved", started_at="2026-11-25T16:30:00Z", talk_s=60))
    log_call(store, "li", CallEntry(number="139 0013 8003", category="billing", outcome="resolved", started_at="2026-11-25T15:59:59Z", talk_s=61))
    log_call(store, "li", CallEntry(number="139 0013 8004", category="complaint", outcome="escalated-manager", escalation_reason="refund refused", started_at="2026-11-25T08:30:00Z", talk_s=400))
    log_call(store, "wang", CallEntry(number="139 0013 8005", category="order", outcome="resolved", started_at="2026-11-26T01:00:00Z", talk_s=30))
    with store.write("li", "agent") as tx:
        insert_callback(tx, due_at="2026-11-26T01:00:00Z", customer_id=marked, owner="li")  # overdue
        insert_callback(tx, due_at="2026-11-26T05:00:00Z", customer_id=zhang, owner="li")  # later today
        insert_callback(tx, due_at="2026-11-26T17:00:00Z", customer_id=zhang, owner="li")  # 01:00 tomorrow
        insert_callback(tx, due_at="2026-11-26T00:00:00Z", customer_id=zhang, owner="wang")
        insert_callback(tx, due_at="2026-11-26T00:00:00Z", customer_id=zhang, owner=None)  # the pool
    set_status(store, "li", "ready")
    return store


# -- the store function -----------------------------------------------------------
def test_agent_day_cuts_the_day_in_the_centre_time_zone(day):
    result = agent_day(day, "li")
    assert result.calls_today == 3
    assert result.desk.callbacks == {"overdue": 1, "due_today": 1}
    assert result.desk.today == "2026-11-26"
    assert result.desk.status["status"] == "ready"
    assert [c["started_at"] for c in result.last_calls] == [
        "2026-11-26T01:30:00Z", "2026-11-26T00:10:00Z", "2026-11-25T16:30:00Z",
        "2026-11-25T15:59:59Z", "2026-11-25T08:30:00Z",
    ]
    assert result.last_calls[0]["handle_s"] == 185
    # the next thing that changes without a write: the 05:00Z callback falls overdue
    assert result.desk.refresh_at == "2026-11-26T05:00:01Z"


def test_agent_day_reads_in_one_transaction(day):
    statements: list[str] = []
    day.trace(statements.append)
    try:
        agent_day(day, "li")
    finally:
        day.trace(None)
    assert [s for s in statements if s in ("BEGIN", "COMMIT")] == ["BEGIN", "COMMIT"]


def test_format_helpers():
    assert duration(185) == "3:05"
    assert duration(3725) == "1:02:05"
    assert duration(0) == "0:00"
    local = LocalTime(SHANGHAI, date(2026, 11, 26))
    assert local.short("2026-11-26T01:30:00Z") == "09:30"
    assert local.short("2026-11-25T16:30:00Z") == "00:30"
    assert local.short("2026-11-25T08:30:00Z") == "11-25 16:30"
    assert local.full("2026-11-25T08:30:00Z") == "2026-11-25 16:30" and local.day("2026-11-25T16:30:00Z") == "2026-11-26"
    assert clean("a\x1b[31mb\nc\x00") == "a␛[31mb c␀"  # control characters shown as their pictures (tui/safe_text.py)
    text = user_text("[red]x[/red]")
    assert isinstance(text, Text) and text.plain == "[red]x[/red]" and not text.spans


# -- the screen -------------------------------------------------------------------
async def test_home_shows_todays_calls_and_the_last_calls(day):
    app = desk_app(day)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        text = screen_text(app)
        assert "2026-11-26 (Asia/Shanghai)" in text
        figures = {w.id: str(w.render()) for w in app.screen.query(".figure")}
        assert figures["fig-calls"].split()[:1] == ["3"] and "calls logged today" in figures["fig-calls"]
        assert figures["fig-due"].split()[:1] == ["1"]
        assert figures["fig-overdue"].split()[:1] == ["1"]
        assert app.screen.query_one("#fig-overdue").has_class("-overdue")
        assert table_rows(app) == [
            ["09:30", "[red]x[/red]", "order", "resolved", "3:05"],
            ["08:10", "张伟欣", "after-sales", "callback needed", "1:02:05"],
            ["00:30", "139****8002", "consultation", "resolved", "1:00"],
            ["11-25 23:59", "139****8003", "billing", "resolved", "1:01"],
            ["11-25 16:30", "139****8004", "complaint", "escalated: manager", "6:40"],
        ]
        assert "No calls logged yet" not in text


async def test_home_shows_only_the_last_ten_calls(team, clock):
    start = clock() - timedelta(days=3)
    for i in range(13):
        log_call(team, "li", CallEntry(number="138 0013 8000", category="order", outcome="resolved", started_at=(start + timedelta(minutes=i)).strftime("%Y-%m-%dT%H:%M:%SZ"), talk_s=i))
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        rows = table_rows(app)
        assert len(rows) == 10
        assert [r[4] for r in rows] == [duration(i) for i in range(12, 2, -1)]  # newest first
        assert "Last 10 calls" in screen_text(app)


async def test_empty_day_says_so(team):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        text = screen_text(app)
        assert "No calls logged yet" in text
        assert not app.screen.query_one("#last-calls", DataTable).display
        assert str(app.screen.query_one("#fig-calls").render()).split()[0] == "0"
        assert not app.screen.query_one("#fig-overdue").has_class("-overdue")
        assert "0 overdue" in text


async def test_status_line_shows_agent_role_status_and_callbacks(day):
    app = desk_app(day)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        first_line = screen_text(app).splitlines()[0]
        assert "李娜 (li)" in first_line
        assert "agent" in first_line
        assert "ready since 10:00" in first_line  # set at the fixed clock: 02:00Z is 10:00 in Shanghai
        assert "1 callback due today" in first_line
        assert "1 overdue" in first_line
        assert app.screen.query_one("#sl-overdue").has_class("-overdue")
        assert app.screen.query_one("#sl-status").has_class("-ready")


async def test_status_line_for_a_lead_without_callbacks(team):
    app = desk_app(team, "lin")
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        first_line = screen_text(app).splitlines()[0]
        assert "林芳 (lin)" in first_line and "lead" in first_line and "offline" in first_line
        assert "(F7 then r: ready)" in first_line  # the desk starts offline: how to take calls
        assert "0 callbacks due today" in first_line and "0 overdue" in first_line
        assert not app.screen.query_one("#sl-overdue").has_class("-overdue")


async def test_the_offline_hint_names_the_remapped_status_key_and_goes_once_ready(team, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[keymap]\nagent_status = "f12"\n', encoding="utf-8")
    app = desk_app(team, "li", config_path=config)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        assert "(F12 then r: ready)" in screen_text(app).splitlines()[0]
        await pilot.press("f12")
        await pilot.pause(0.2)
        await pilot.press("r")
        await wait_until(pilot, lambda: "◉ ready" in screen_text(app).splitlines()[0])
        assert "then r: ready)" not in screen_text(app).splitlines()[0]


async def test_markup_in_user_text_is_shown_literally(team):
    add_agent(team, "root", "mark", "[b]Mark[/b] [link=x]", "agent", "north")
    customer = create_customer(team, "mark", phones=["138 0013 8000"], name="[red]x[/red] [bold]y")
    log_call(team, "mark", CallEntry(customer_id=customer, category="order", outcome="resolved", started_at="2026-11-26T01:00:00Z", talk_s=10))
    app = desk_app(team, "mark")
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        text = screen_text(app)
        assert "[b]Mark[/b] [link=x] (mark)" in text.splitlines()[0]
        assert "[red]x[/red] [bold]y" in text
        assert table_rows(app)[0][1] == "[red]x[/red] [bold]y"
