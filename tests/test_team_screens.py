"""Pilot tests: the F5 panel, drill-down, appeal; the F6 scorecard sort, export and conduct entry; refusal as agent."""

from __future__ import annotations

import pytest
from desk_support import SIZE, desk_app, notifications, open_team, settle, wait_until
from textual.widgets import DataTable, Input

from store import conduct
from store.call_records import CallEntry
from store.calls import log_call
from store.customers import create_customer


@pytest.fixture
def month(team):
    a = create_customer(team, "li", phones=["138 0013 8000"], name="Alpha")
    log_call(team, "li", CallEntry(customer_id=a, category="order", outcome="resolved", started_at="2026-11-10T02:00:00Z", talk_s=300))
    log_call(team, "li", CallEntry(customer_id=a, category="order", outcome="resolved", started_at="2026-11-12T02:00:00Z", talk_s=100))
    log_call(team, "wang", CallEntry(customer_id=a, category="complaint", outcome="resolved", started_at="2026-11-13T02:00:00Z", talk_s=50))
    conduct.add_event(team, "lin", "li", "hygiene", "2026-11-05", "desk")
    return team


def cells(app, selector):
    table = app.screen.query_one(selector, DataTable)
    return [[getattr(c, "plain", str(c)) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def open_panel(pilot):
    await settle(pilot)
    await pilot.press("f5")
    await wait_until(pilot, lambda: pilot.app.screen.query("#kpi-table") and
                     pilot.app.screen.query_one("#kpi-table", DataTable).row_count > 0)
    await settle(pilot)


async def test_panel_shows_kpis_marks_and_drill_down(month):
    app = desk_app(month, "li")
    async with app.run_test(size=SIZE) as pilot:
        await open_panel(pilot)
        rows = {r[0]: r for r in cells(app, "#kpi-table")}
        assert rows["Calls handled"][1] == "2"
        assert rows["Average handle time (s)"][1:] == ["200.0", "300", "✓ met"]
        assert rows["First-call resolution"][1:3] == ["50.0 %", "75.0 %"] and rows["First-call resolution"][3].startswith("✗")
        assert rows["Satisfaction (avg)"][1] == "-"
        assert cells(app, "#kpi-deductions")[0][:3] == ["2026-11-05", "hygiene", "2"]
        table = app.screen.query_one("#kpi-table", DataTable)
        table.focus()
        table.move_cursor(row=2)  # First-call resolution
        await pilot.press("enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "RecordsScreen")
        records = cells(app, "#records")
        # as a person reads them: the first call was not resolved first time (called again), the second was
        assert len(records) == 2 and [r[-2] for r in records] == ["no", "yes"]
        assert records[0][-1].startswith("#") and records[1][-1] == "-"


async def test_panel_loads_in_one_read_transaction(month):
    from textual.worker import NoActiveWorker, get_current_worker

    app = desk_app(month, "li")
    async with app.run_test(size=SIZE) as pilot:
        await open_panel(pilot)
        begins = []

        def trace(statement: str) -> None:
            try:
                worker = get_current_worker()
            except NoActiveWorker:
                return
            if worker.group == "kpi" and statement.startswith("BEGIN"):
                begins.append(statement)

        month.trace(trace)
        try:
            await pilot.press("w")  # this week: the panel loads again
            await settle(pilot)
        finally:
            month.trace(None)
        assert begins == ["BEGIN"]
        assert str(app.screen.query_one("#kpi-title").content).endswith("2026-W48, 2026-11-23 to 2026-11-29")


async def test_agent_appeals_a_deduction(month):
    app = desk_app(month, "li")
    async with app.run_test(size=SIZE) as pilot:
        await open_panel(pilot)
        await pilot.press("a")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "AppealScreen")
        app.screen.query_one(Input).value = "I cleaned it the same day"
        await pilot.press("enter")
        await wait_until(pilot, lambda: conduct.list_events(month, "li")[0].appeal_status == "pending")
        assert conduct.list_events(month, "li")[0].appeal_reason == "I cleaned it the same day"


async def test_scorecard_sorts_and_exports(month, tmp_path):
    from screens.team import TeamScreen

    app = desk_app(month, "lin")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.push_screen(TeamScreen(app.ctx, export_dir=tmp_path))
        await wait_until(pilot, lambda: app.screen.query_one("#scorecard", DataTable).row_count == 2)
        screen = app.screen
        assert [r[1] for r in cells(app, "#scorecard")] == ["wang", "li"]  # by rank: wang's 50 s AHT, no deduction
        table = screen.query_one("#scorecard", DataTable)
        table.focus()
        table.cursor_coordinate = (0, 2)  # calls_handled
        await pilot.press("s")
        assert [r[1] for r in cells(app, "#scorecard")] == ["wang", "li"]  # 1 call, 2 calls
        await pilot.press("s")
        assert [r[1] for r in cells(app, "#scorecard")] == ["li", "wang"]  # flipped
        await pilot.press("x")  # asks where, the export folder shown: Enter writes there
        await wait_until(pilot, lambda: app.screen.query("#f-folder") and app.screen.query_one("#f-folder").value == str(tmp_path))
        await pilot.press("enter")
        await wait_until(pilot, lambda: (tmp_path / "scorecard-month.md").exists())
        await settle(pilot)
        csv_lines = (tmp_path / "scorecard-month.csv").read_text().splitlines()
        assert [line.split(",")[0] for line in csv_lines] == ["agent", "li", "wang"]
        assert (tmp_path / "scorecard-month.md").read_text().startswith("| agent |")
        assert '"agent": "li"' in (tmp_path / "scorecard-month.json").read_text()


async def test_conduct_entry_as_lead(month, tmp_path):
    from screens.team import TeamScreen

    app = desk_app(month, "lin")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.push_screen(TeamScreen(app.ctx, export_dir=tmp_path))
        await wait_until(pilot, lambda: app.screen.query_one("#scorecard", DataTable).row_count == 2)
        app.screen.query_one("#scorecard", DataTable).focus()
        await pilot.press("c")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ConductScreen")
        from textual.widgets import Select

        app.screen.query_one("#conduct-agent", Select).value = "wang"
        app.screen.query_one("#conduct-kind", Select).value = "absence"
        app.screen.query_one("#conduct-date", Input).value = "2026-11-20"
        note = app.screen.query_one("#conduct-note", Input)
        note.value = "no show"
        note.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: any(e.kind == "absence" for e in conduct.list_events(month, "lin", "wang")))
        # the scorecard reloads: wang's deductions column (11) shows the absence
        await wait_until(pilot, lambda: {r[1]: r[11] for r in cells(app, "#scorecard")} == {"wang": "1", "li": "2"})


async def test_team_key_refused_for_agents(month):
    app = desk_app(month, "li")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await pilot.pause()
        assert type(app.screen).__name__ != "TeamScreen"
        assert any("leads and admins" in n.message for n in app._notifications)


async def test_a_bound_desk_writes_no_file_the_agent_names(month, tmp_path):
    """On a shared install the desk runs as the service account: the scorecard export says how to
    export from the command line instead of writing where it is told."""
    exports = tmp_path / "exports"
    exports.mkdir()
    app = desk_app(month, "lin", bound=True)
    async with app.run_test(size=SIZE) as pilot:
        await open_team(pilot, exports)
        await pilot.press("x")
        await wait_until(pilot, lambda: any("agentdesk kpi --team" in str(n.message) for n in notifications(app)))
        assert not app.screen.query("#f-folder") and list(exports.iterdir()) == []
