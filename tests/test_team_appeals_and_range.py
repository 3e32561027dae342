"""Pilot tests: a lead decides appeals in F6; an agent picks a chosen range in F5."""

from __future__ import annotations

import pytest
from desk_support import SIZE, desk_app, screen_text, settle, wait_until
from textual.widgets import DataTable, Input

from store import conduct
from store.call_records import CallEntry
from store.calls import log_call


@pytest.fixture
def appealed(team):
    first = conduct.add_event(team, "lin", "li", "hygiene", "2026-11-05", "desk")
    second = conduct.add_event(team, "lin", "wang", "dress-code", "2026-11-06", "no badge")
    conduct.add_event(team, "zhao", "chen", "absence", "2026-11-06", "other team")
    conduct.appeal(team, "li", first, "I cleaned it the same day")
    conduct.appeal(team, "wang", second, "[bold]badge[/] was in my bag")
    chen_event = conduct.list_events(team, "chen")[0].id
    conduct.appeal(team, "chen", chen_event, "not me")
    team.ids = (first, second)
    return team


def appeal_rows(app):
    table = app.screen.query_one("#appeals", DataTable)
    return [[c.plain for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_lead_accepts_and_rejects_appeals_of_their_team(appealed):
    first, second = appealed.ids
    app = desk_app(appealed, "lin")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await wait_until(pilot, lambda: app.screen.query("#scorecard"))
        await pilot.press("a")
        await wait_until(pilot, lambda: app.screen.query("#appeals") and len(appeal_rows(app)) == 2)
        rows = appeal_rows(app)
        assert {r[1] for r in rows} == {"li", "wang"}  # chen is another team's
        assert "[bold]badge[/] was in my bag" in screen_text(app)  # literal, not markup
        row_of = {r[0]: i for i, r in enumerate(rows)}
        app.screen.query_one("#appeals", DataTable).move_cursor(row=row_of[str(first)])
        await pilot.press("y")
        await wait_until(pilot, lambda: len(appeal_rows(app)) == 1)
        await pilot.press("n")
        await wait_until(pilot, lambda: len(appeal_rows(app)) == 0)
    status = {e.id: (e.appeal_status, e.decided_by) for e in conduct.list_events(appealed, "lin")}
    assert status[first] == ("accepted", "lin") and status[second] == ("rejected", "lin")


async def test_agent_picks_a_chosen_range_and_a_bad_one_is_refused(team):
    log_call(team, "li", CallEntry(number="13800138000", category="order", outcome="resolved", started_at="2026-11-10T02:00:00Z"))
    log_call(team, "li", CallEntry(number="13800138000", category="order", outcome="resolved", started_at="2026-11-20T02:00:00Z"))
    app = desk_app(team, "li")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await wait_until(pilot, lambda: app.screen.query("#kpi-table") and
                         app.screen.query_one("#kpi-table", DataTable).row_count > 0)
        await pilot.press("d")
        await wait_until(pilot, lambda: app.screen.query(Input))
        app.screen.query_one(Input).value = "someday"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "is not a period" in screen_text(app))
        app.screen.query_one(Input).value = "2026-11-01..2026-11-15"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "2026-11-01..2026-11-15" in screen_text(app) and not app.screen.query(Input))
        await settle(pilot)

        def calls_handled():
            table = app.screen.query_one("#kpi-table", DataTable)
            return table.get_row("calls_handled")[1].plain

        await wait_until(pilot, lambda: calls_handled() == "1")


async def test_agent_sees_their_ratings_in_f5(team):
    conduct.rate(team, "lin", "li", "month", initiative=4, teamwork=5, innovation=3, learning=4, communication=2,
                 note="[i]keeps[/i] notes tidy")
    app = desk_app(team, "li")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await wait_until(pilot, lambda: "teamwork 5" in screen_text(app))
        text = screen_text(app)
        assert "initiative 4, teamwork 5, innovation 3, learning 4, communication 2 (by lin)" in text
        assert "[i]keeps[/i] notes tidy" in text
