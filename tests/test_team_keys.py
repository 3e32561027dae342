"""F6 as a lead works between calls: forms start where typing goes, closing a period asks before it
freezes the bonus figures, refusals focus their field, exports ask where."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from desk_support import SIZE, desk_app, open_team, screen_text, settle, wait_until
from textual.widgets import Input, Static

from screens.widgets.confirm import Confirm
from store import scorecard
from store.call_records import CallEntry
from store.calls import log_call


@pytest.fixture
def month(team):
    log_call(team, "li", CallEntry(number="13800138000", category="order", outcome="resolved",
                                   started_at="2026-11-10T02:00:00Z", talk_s=300))
    log_call(team, "wang", CallEntry(number="13800138001", category="feedback", outcome="resolved",
                                     started_at="2026-11-17T02:00:00Z", talk_s=50))
    return team


async def test_the_close_form_starts_in_its_first_field(month, tmp_path):
    app = desk_app(month, "lin")
    async with app.run_test(size=SIZE) as pilot:
        await open_team(pilot, tmp_path)
        await pilot.press("p")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ClosePeriodScreen")
        await settle(pilot)
        await pilot.press(*"met targets")
        assert app.screen.query_one("#close-li-achieved", Input).value == "met targets"


async def test_closing_a_month_that_has_not_ended_asks_first_and_escape_closes_nothing(month, tmp_path):
    app = desk_app(month, "lin")  # the fixed now is 2026-11-26: November runs to the 30th
    async with app.run_test(size=SIZE) as pilot:
        await open_team(pilot, tmp_path)
        await pilot.press("p")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ClosePeriodScreen")
        for login in ("li", "wang"):
            for part in ("achieved", "state", "plans"):
                app.screen.query_one(f"#close-{login}-{part}", Input).value = f"{login} {part}"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
        text = screen_text(app)
        assert "Close 2026-11 now?" in text and "runs to 2026-11-30" in text and "freezes the scorecard" in text
        assert "No review yet" not in text
        await pilot.press("escape")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ClosePeriodScreen")
        await settle(pilot)
        assert scorecard.list_closes(month, "lin") == []
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "TeamScreen")
        await settle(pilot)
        assert [c.period_label for c in scorecard.list_closes(month, "lin")] == ["2026-11"]


async def test_closing_an_ended_month_with_empty_reviews_asks_and_names_them(month, clock, tmp_path):
    clock.now = datetime(2026, 12, 2, 1, 0, tzinfo=timezone.utc)
    app = desk_app(month, "lin")
    async with app.run_test(size=SIZE) as pilot:
        await open_team(pilot, tmp_path)
        await pilot.press("l")  # last month: November, ended
        await wait_until(pilot, lambda: "Team scorecard: last month" in screen_text(app))
        await pilot.press("p")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ClosePeriodScreen")
        app.screen.query_one("#close-li-achieved", Input).value = "steady"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
        text = screen_text(app)
        assert "No review yet for: wang." in text and "has not ended" not in text


async def test_a_complete_review_of_an_ended_month_closes_without_a_question(month, clock, tmp_path):
    clock.now = datetime(2026, 12, 2, 1, 0, tzinfo=timezone.utc)
    app = desk_app(month, "lin")
    async with app.run_test(size=SIZE) as pilot:
        await open_team(pilot, tmp_path)
        await pilot.press("l")
        await pilot.press("p")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ClosePeriodScreen")
        for login in ("li", "wang"):
            app.screen.query_one(f"#close-{login}-achieved", Input).value = "done"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "TeamScreen")
        await settle(pilot)
        assert [c.period_label for c in scorecard.list_closes(month, "lin")] == ["2026-11"]


async def test_a_refused_rating_focuses_the_field_it_names(month, tmp_path):
    app = desk_app(month, "lin")
    async with app.run_test(size=SIZE) as pilot:
        await open_team(pilot, tmp_path)
        await pilot.press("r")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "RatingScreen")
        form = app.screen
        for name, value in zip(("initiative", "teamwork", "innovation", "learning", "communication"), "45305"):
            form.query_one(f"#rating-{name}", Input).value = value
        form.query_one("#rating-initiative", Input).focus()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "learning:" in str(form.query_one("#form-error", Static).render()))
        assert app.focused.id == "rating-learning"


async def test_export_asks_where_shows_the_folder_and_refuses_one_it_cannot_write(month, tmp_path):
    app = desk_app(month, "lin")
    async with app.run_test(size=SIZE) as pilot:
        await open_team(pilot, tmp_path / "exports")
        await pilot.press("x")
        await wait_until(pilot, lambda: "Export the scorecard" in screen_text(app))
        assert app.screen.query_one("#f-folder", Input).value == str(tmp_path / "exports")  # shown, ready for Enter
        blocked = tmp_path / "a-file"
        blocked.write_text("not a folder")
        box = app.screen.query_one(Input)
        box.value = str(blocked / "sub")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "folder: cannot write" in str(app.screen.query_one("#form-error").render()))
        box.value = str(tmp_path / "exports")
        await pilot.press("enter")
        await wait_until(pilot, lambda: (tmp_path / "exports" / "scorecard-month.csv").exists())
        assert not list(tmp_path.glob("scorecard-*"))  # nothing in the working folder


async def test_the_weekly_summary_labels_its_figures_and_shows_local_days(team, tmp_path):
    # 20:30 UTC on Monday 16 November is 04:30 on Tuesday the 17th in Shanghai
    log_call(team, "li", CallEntry(number="13800138000", category="complaint", outcome="escalated-manager",
                                   escalation_reason="refund", started_at="2026-11-16T20:30:00Z", talk_s=60))
    log_call(team, "wang", CallEntry(number="13800138001", category="after-sales", outcome="resolved",
                                     started_at="2026-11-18T02:00:00Z", talk_s=60))
    app = desk_app(team, "lin")
    async with app.run_test(size=SIZE) as pilot:
        from screens.team import TeamScreen

        await settle(pilot)
        await app.push_screen(TeamScreen(app.ctx, export_dir=tmp_path))
        await pilot.press("2")
        await wait_until(pilot, lambda: "Weekly summary 2026-W47" in screen_text(app))
        text = screen_text(app)
        assert "by category: complaint  received 1, resolved 0, still open 1" in text
        assert "by agent: li  received 1, resolved 0, still open 1" in text
        assert "2026-11-17 complaint" in text and "2026-11-16 complaint" not in text
        assert " / " not in text.split("Complaints and after-sales")[1].split("Market feedback")[0]
