"""F6 forms: conduct date defaults to the centre's local date, ratings, closing and reopening a period with
review notes, the settings editor (validated, errors naming the field), the weekly tab and the staffing tab."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from desk_support import SIZE, desk_app, open_team, screen_text, wait_until
from textual.widgets import DataTable, Input, Select, Static

from screens.setting_words import WORDS
from screens.team_settings import ordered_keys
from store import conduct, kpi, scorecard
from store import settings as settings_lib
from store.call_records import CallEntry
from store.calls import log_call


@pytest.fixture
def month(team):
    log_call(team, "li", CallEntry(number="13800138000", category="order", outcome="resolved", started_at="2026-11-10T02:00:00Z", talk_s=300))
    log_call(team, "wang", CallEntry(number="13800138001", category="feedback", outcome="resolved", started_at="2026-11-17T02:00:00Z", talk_s=50, notes="[bold]wants[/] blue"))
    return team


async def test_conduct_date_defaults_to_the_local_date(month, clock, tmp_path):
    clock.now = datetime(2026, 11, 26, 17, 30, tzinfo=timezone.utc)  # 01:30 on the 27th in Shanghai
    app = desk_app(month, "lin")
    async with app.run_test(size=SIZE) as pilot:
        await open_team(pilot, tmp_path)
        await pilot.press("c")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ConductScreen")
        assert app.screen.query_one("#conduct-date", Input).value == "2026-11-27"
        # a bad date stays on the form with the field named
        app.screen.query_one("#conduct-date", Input).value = "27/11"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "date:" in str(app.screen.query_one("#form-error", Static).render()))
        assert type(app.screen).__name__ == "ConductScreen" and conduct.list_events(month, "lin") == []


async def test_rating_entry_saves_once_per_period(month, tmp_path):
    app = desk_app(month, "lin")
    async with app.run_test(size=SIZE) as pilot:
        await open_team(pilot, tmp_path)
        await pilot.press("r")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "RatingScreen")
        form = app.screen
        form.query_one("#rating-agent", Select).value = "li"
        for name, value in zip(kpi.RATING_DIMENSIONS, "45345"):
            form.query_one(f"#rating-{name}", Input).value = value
        form.query_one("#rating-teamwork", Input).value = "7"
        form.query_one("#rating-note", Input).value = "steady month"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "teamwork:" in str(form.query_one("#form-error", Static).render()))
        form.query_one("#rating-teamwork", Input).value = "5"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "TeamScreen")
        ratings = conduct.list_ratings(month, "lin", "li")
        assert len(ratings) == 1 and ratings[0].period_label == "2026-11"
        assert [getattr(ratings[0], k) for k in kpi.RATING_DIMENSIONS] == [4, 5, 3, 4, 5] and ratings[0].note == "steady month"
        # the scorecard reloads with li's rating average (column 10)
        await wait_until(pilot, lambda: any(
            str(app.screen.query_one("#scorecard", DataTable).get_row_at(i)[10]) == "4.2" for i in range(2)))


async def test_close_with_review_notes_then_reopen(month, tmp_path):
    app = desk_app(month, "lin")
    async with app.run_test(size=SIZE) as pilot:
        await open_team(pilot, tmp_path)
        await pilot.press("p")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ClosePeriodScreen")
        app.screen.query_one("#close-li-achieved", Input).value = "FCR up"
        app.screen.query_one("#close-li-plans", Input).value = "mentor wang"
        await pilot.press("ctrl+s")
        # November has not ended and wang has no review: it asks once (tests/test_team_keys.py); Enter closes
        await wait_until(pilot, lambda: type(app.screen).__name__ == "Confirm")
        await pilot.press("enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "TeamScreen")
        await wait_until(pilot, lambda: "(closed)" in screen_text(app))
        rows = {r["agent"]: r for r in kpi.team_kpis(month, "lin", "month")}
        assert rows["li"]["closed"] and rows["li"]["review_note"] == "Achieved: FCR up\nPlans: mentor wang"
        assert rows["wang"]["review_note"] == ""
        await pilot.press("o")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ReopenScreen")
        await pilot.press("enter")  # no reason: refused on the form
        await wait_until(pilot, lambda: "reason:" in str(app.screen.query_one("#form-error", Static).render()))
        app.screen.query_one("#reopen-reason", Input).value = "late survey scores"
        await pilot.press("enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "TeamScreen")
        await wait_until(pilot, lambda: "(closed)" not in screen_text(app))
        closes = scorecard.list_closes(month, "lin")
        assert closes[0].reopen_reason == "late survey scores" and closes[0].reopened_by == "lin"


async def test_settings_editor_validates_and_saves(month, tmp_path):
    app = desk_app(month, "lin")
    async with app.run_test(size=SIZE) as pilot:
        await open_team(pilot, tmp_path)
        await pilot.press("g")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "SettingsScreen")
        screen = app.screen
        await wait_until(pilot, lambda: screen.query_one("#settings-table", DataTable).row_count > 10)
        table = screen.query_one("#settings-table", DataTable)
        table.move_cursor(row=1)  # kpi_weights
        await pilot.press("e")
        box = screen.query_one("#settings-value", Input)
        assert screen.editing == "kpi_weights" and '"fcr_rate": 20' in box.value
        box.value = box.value.replace('"fcr_rate": 20', '"fcr_rate": 30')
        await pilot.press("enter")
        await wait_until(pilot, lambda: "add up to 110" in str(screen.query_one("#settings-error").render()))
        box.value = box.value.replace('"csat_avg": 20', '"csat_avg": 10')
        await pilot.press("enter")
        # a lead's weights are their team's own: the centre's stay, and the list says whose the value is
        await wait_until(pilot, lambda: settings_lib.get_settings(month, "lin", "north")["kpi_weights"]["fcr_rate"] == 30)
        assert settings_lib.get_settings(month, "lin")["kpi_weights"]["fcr_rate"] == 20
        await wait_until(pilot, lambda: "team north" in next(line for line in screen_text(app).splitlines()
                                                             if "KPI weights" in line))
        table.move_cursor(row=ordered_keys().index("timezone"))
        await pilot.press("e")
        assert screen.editing == "timezone"
        box.value = "Asia/Tokyo"  # the centre's: an admin's to change
        await pilot.press("enter")
        await wait_until(pilot, lambda: "only an admin changes it" in str(screen.query_one("#settings-error").render()))
        assert settings_lib.get_settings(month, "lin")["timezone"] == "Asia/Shanghai"


async def test_settings_read_one_per_line_with_their_meaning(month, tmp_path):
    app = desk_app(month, "lin")
    async with app.run_test(size=SIZE) as pilot:
        await open_team(pilot, tmp_path)
        await pilot.press("g")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "SettingsScreen")
        screen = app.screen
        await wait_until(pilot, lambda: screen.query_one("#settings-table", DataTable).row_count > 10)
        lines = screen_text(app).splitlines()
        weights = next(line for line in lines if "KPI weights" in line)
        assert "FCR 20, CSAT 20" in weights and "share of the score" in weights  # in words: the ids are the box's
        assert '{"' not in screen_text(app)  # no JSON cut off at the edge
        assert any("Reopen a closed callback (min)" in line and " 10 " in line for line in lines)
        await pilot.press("down")  # the setting under the cursor, whole, below the list
        detail = str(screen.query_one("#settings-detail").render())
        assert detail.startswith("KPI weights (kpi_weights): Each KPI's share of the score")
        assert "FCR (fcr_rate) 20" in detail and "Rating (rating_avg) 10" in detail


def test_every_setting_has_a_name_and_a_meaning():
    assert set(settings_lib.DEFAULTS) == set(WORDS)
    assert set(ordered_keys()) == set(settings_lib.DEFAULTS) and len(ordered_keys()) == len(settings_lib.DEFAULTS)


async def test_weekly_tab_is_the_report(month, tmp_path):
    app = desk_app(month, "lin")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_team(pilot, tmp_path)
        await pilot.press("2")
        await wait_until(pilot, lambda: screen.week == "2026-W47")  # last week
        await pilot.press("left_square_bracket")
        await wait_until(pilot, lambda: "2026-W46" in screen_text(app))
        assert "received 0" in screen_text(app)
        await pilot.press("right_square_bracket")
        await wait_until(pilot, lambda: "[bold]wants[/] blue" in screen_text(app))  # literal, not markup
        assert "Weekly summary 2026-W47 (north)" in screen_text(app)


async def test_staffing_tab_computes_the_published_case(month, tmp_path):
    app = desk_app(month, "lin")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_team(pilot, tmp_path)
        await pilot.press("3")
        view = screen.query_one("#staffing")
        await wait_until(pilot, lambda: view.result is not None)
        assert (view.result["agents_on_phones"], view.result["agents_scheduled"]) == (14, 20)
        assert "0.8884" in screen_text(app)
        screen.query_one("#staff-shrinkage", Input).value = "x"
        screen.query_one("#staff-shrinkage", Input).focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: view.result is None)
        assert "Shrinkage: 'x' is not a number." in screen_text(app)  # the field as its label names it



async def test_staffing_tab_prefills_from_history(month, tmp_path):
    from store import staffing

    app = desk_app(month, "lin")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_team(pilot, tmp_path)
        await pilot.press("3")
        view = screen.query_one("#staffing")
        await wait_until(pilot, lambda: view.result is not None)
        # the two Tuesday 10:00 calls (talk 300 s and 50 s): AHT 175 s
        screen.query_one("#staff-weekday", Select).value = staffing.WEEKDAYS.index("tue")
        screen.query_one("#staff-hour", Input).value = "10"
        screen.query_one("#staff-weeks", Input).value = "4"
        assert app.focused is view  # the tab opens where its keys work: h is no letter typed into a box
        await pilot.press("h")
        await wait_until(pilot, lambda: screen.query_one("#staff-aht_s", Input).value == "175")
        expected = staffing.history_inputs(month, "lin", "tue", "10", 4, month.clock())
        assert screen.query_one("#staff-calls", Input).value == f"{expected['calls_offered']:g}"
        assert expected["answered"] > 0
        assert "Tuesday 10:00" in screen_text(app)  # the weekday in words, not the store's "tue"
        await wait_until(pilot, lambda: view.result is not None and view.result["agents_on_phones"] >= 1)
        await pilot.press("f1")  # the help lists the tab's keys
        await wait_until(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
        text = screen_text(app)
        assert "Prefill from history" in text and "Wallboard" in text and "Scorecard" in text
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.press("1")  # the tabs' keys work from the view
        await wait_until(pilot, lambda: screen.tab == "scorecard")
