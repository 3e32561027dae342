"""The wallboard's cases (issue 18): the team's overdue and major cases, counts and the most urgent, in the store
and on the live screen (refreshed by the `cases` change-log topic)."""

from __future__ import annotations

import pytest
from desk_support import SIZE, desk_app, settle, wait_until
from textual.widgets import DataTable, Label

from screens.labels import case_severity_label
from store import cases, open_store
from store.customers import create_customer
from store.wallboard import wallboard
from tui.format import OVERDUE


@pytest.fixture
def floor(team, clock):
    """north: `late` (li, past its 48 h), `major` (a major complaint: the lead lin has it at once), `fresh` (wang,
    due later), `done` (late but resolved); south: chen's late case."""
    customer = create_customer(team, "li", phones=["139 0013 8001"], name="吴敏")
    team.late = cases.open_case(team, "li", customer_id=customer, case_type="complaint")
    team.done = cases.open_case(team, "li", customer_id=customer, case_type="request")
    team.south = cases.open_case(team, "chen", customer_id=customer, case_type="complaint")
    clock.advance(hours=49)
    cases.change_status(team, "li", team.done, "resolved", resolution="answered")
    team.major = cases.open_case(team, "li", customer_id=customer, case_type="complaint", severity="major")
    team.fresh = cases.open_case(team, "wang", customer_id=customer, case_type="after-sales")
    return team


def test_the_board_counts_the_teams_overdue_and_major_cases_and_lists_the_most_urgent(floor, clock):
    board = wallboard(floor, "lin", clock.now)["cases"]
    assert (board["overdue"], board["major"]) == (1, 1)
    assert [c.id for c in board["urgent"]] == [floor.late, floor.major]  # overdue first, then by due time
    assert board["urgent"][0].overdue and board["urgent"][1].owner == "lin"
    everyone = wallboard(floor, "root", clock.now)["cases"]
    assert (everyone["overdue"], everyone["major"]) == (2, 1)
    clock.advance(hours=25)  # the major complaint's 24 h are past too
    board = wallboard(floor, "lin", clock.now)["cases"]
    assert (board["overdue"], board["major"]) == (2, 1) and all(c.overdue for c in board["urgent"])


def case_rows(app):
    table = app.screen.query_one("#wallboard-cases", DataTable)
    return [[getattr(c, "plain", str(c)) for c in table.get_row_at(i)] for i in range(table.row_count)]


def cases_title(app) -> str:
    return str(app.screen.query_one("#wallboard-cases-title", Label).render())


async def test_the_wallboard_shows_overdue_and_major_cases_and_follows_case_changes(floor, clock, store_path):
    app = desk_app(floor, "lin")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await wait_until(pilot, lambda: app.screen.query("#scorecard"))
        await pilot.press("b")
        await wait_until(pilot, lambda: app.screen.query("#wallboard-cases") and len(case_rows(app)) == 2)
        rows = case_rows(app)
        assert "1 overdue, 1 major" in cases_title(app)
        assert rows[0][0] == f"#{floor.late}" and rows[0][5].startswith(OVERDUE)
        assert rows[1][0] == f"#{floor.major}" and rows[1][3] == case_severity_label("major") and rows[1][4] == "lin"
        other = open_store(store_path, clock)  # another desk resolves the overdue case
        try:
            cases.change_status(other, "li", floor.late, "resolved", resolution="replaced")
        finally:
            other.close()
        await wait_until(pilot, lambda: len(case_rows(app)) == 1)
        assert "0 overdue, 1 major" in cases_title(app)
