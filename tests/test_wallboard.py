"""The lead's wallboard: store figures and scope, and the live screen."""

from __future__ import annotations

from datetime import timedelta

import pytest
from desk_support import SIZE, desk_app, settle, wait_until
from textual.widgets import DataTable

from store import open_store
from store.call_records import CallEntry
from store.callbacks import insert_callback
from store.calls import log_call
from store.clock import iso
from store.errors import PermissionDenied
from store.status import set_status
from store.wallboard import over_limit, wallboard
from tui.format import OVERDUE


@pytest.fixture
def floor(team, clock):
    set_status(team, "li", "ready")
    set_status(team, "wang", "break", "lunch")
    log_call(team, "li", CallEntry(number="13800138000", category="order", outcome="resolved", talk_s=60))
    log_call(team, "li", CallEntry(number="13800138001", category="order", outcome="resolved", talk_s=60))
    with team.write("li", "agent") as tx:
        insert_callback(tx, due_at=iso(clock.now - timedelta(hours=1)), phone_e164="+8613800138000", owner="li")
        insert_callback(tx, due_at=iso(clock.now + timedelta(hours=1)), phone_e164="+8613800138001", owner="li")
    set_status(team, "chen", "ready")
    return team


def test_lead_sees_their_team_with_status_calls_and_callbacks(floor, clock):
    board = wallboard(floor, "lin", clock.now)
    rows = {r["login"]: r for r in board["agents"]}
    assert set(rows) == {"lin", "li", "wang"}  # team north only, admins left out
    assert rows["li"]["status"] == "ready" and rows["li"]["calls_today"] == 2
    assert (rows["li"]["callbacks_overdue"], rows["li"]["callbacks_due_today"]) == (1, 1)
    assert rows["wang"]["status"] == "break" and rows["wang"]["reason"] == "lunch"
    assert rows["lin"]["status"] == "offline" and rows["lin"]["since"] is None
    assert {r["login"] for r in wallboard(floor, "root", clock.now)["agents"]} == {"lin", "li", "wang", "zhao", "chen"}


def test_break_past_its_limit_is_marked(floor, clock):
    board = wallboard(floor, "lin", clock.now)
    wang = next(r for r in board["agents"] if r["login"] == "wang")
    assert board["limits"]["break"] == 900
    assert not over_limit(wang, board["limits"], clock.now + timedelta(seconds=900))
    assert over_limit(wang, board["limits"], clock.now + timedelta(seconds=901))


def test_agents_cannot_open_the_wallboard(floor):
    with pytest.raises(PermissionDenied):
        wallboard(floor, "li")


def board_rows(app):
    table = app.screen.query_one("#wallboard", DataTable)
    return {table.get_row_at(i)[0].plain: [getattr(c, "plain", str(c)) for c in table.get_row_at(i)]
            for i in range(table.row_count)}


async def test_wallboard_screen_live_and_over_limit(floor, clock, store_path):
    app = desk_app(floor, "lin")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await wait_until(pilot, lambda: app.screen.query("#scorecard"))
        await pilot.press("b")
        await wait_until(pilot, lambda: app.screen.query("#wallboard") and
                         app.screen.query_one("#wallboard", DataTable).row_count == 3)
        rows = board_rows(app)
        assert rows["li"][2].startswith("ready") and rows["li"][4] == "2" and rows["li"][5] == "1" and rows["li"][6] == "1"
        assert OVERDUE not in rows["wang"][3]
        clock.advance(seconds=1000)  # the lunch break is now past the 15-minute limit
        await wait_until(pilot, lambda: OVERDUE in board_rows(app)["wang"][3])
        other = open_store(store_path, clock)  # another desk: li goes on a break
        try:
            set_status(other, "li", "break", "rest")
        finally:
            other.close()
        await wait_until(pilot, lambda: board_rows(app)["li"][2].startswith("on break"))
