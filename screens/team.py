"""F6 (leads): the team scorecard (sortable, exportable), the weekly summary and staffing tabs; the live wallboard
(screens/wallboard.py, key b); conduct events, ratings, closing and reopening a period, and the settings."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Label, TabbedContent, TabPane
from textual.worker import get_current_worker

from screens.base import DeskScreen
from screens.kpi import show_value
from screens.labels import period_word, scorecard_heading
from screens.requests import OpenAudit
from screens.team_forms import ClosePeriodScreen, ConductScreen, RatingScreen, ReopenScreen
from screens.team_settings import SettingsScreen
from screens.team_staffing import StaffingView
from screens.team_weekly import WeeklyView
from screens.widgets.desk_table import DeskTable
from screens.widgets.form_modal import Field, FormModal
from store import kpi, reports, scorecard
from store.errors import ValidationError
from store.periods import parse_period
from tui.format import user_text
from tui.i18n import N_, _

__all__ = ["TeamScreen", "ConductScreen", "RatingScreen", "ClosePeriodScreen", "ReopenScreen"]

COLUMNS = ("rank", "agent", "calls_handled", "aht_s", "fcr_rate", "csat_avg", "callback_on_time_rate", "occupancy",
           "escalation_rate", "transfer_rate", "rating_avg", "deductions", "score", "grade", "bonus_coefficient")
TABS = ("scorecard", "weekly", "staffing")


class TeamScreen(DeskScreen):
    WATCHED = frozenset({"calls", "callbacks", "agents", "settings"})
    BINDINGS = [
        Binding("1", "tab('scorecard')", N_("Scorecard"), id="team_tab_scorecard"),
        Binding("2", "tab('weekly')", N_("Weekly summary"), id="team_tab_weekly"),
        Binding("3", "tab('staffing')", N_("Staffing"), id="team_tab_staffing"),
        Binding("b", "wallboard", N_("Wallboard"), id="team_wallboard"),
        Binding("a", "appeals", N_("Appeals"), id="team_appeals"),
        Binding("s", "sort", N_("Sort by column"), id="team_sort"),
        Binding("x", "export", N_("Export csv/json/md"), id="team_export"),
        Binding("c", "conduct", N_("Conduct event"), id="team_conduct"),
        Binding("r", "rate", N_("Rate agent"), id="team_rate"),
        Binding("p", "close_period", N_("Close period"), id="team_close"),
        Binding("o", "reopen_period", N_("Reopen period"), id="team_reopen"),
        Binding("g", "settings", N_("Settings"), id="team_settings"),
        Binding("m", "period('month')", N_("This month"), id="team_month"),
        Binding("l", "period('last-month')", N_("Last month"), id="team_last_month"),
        Binding("w", "period('week')", N_("This week"), id="team_week"),
        Binding("left_square_bracket", "week(-1)", N_("Previous week"), id="team_prev_week"),
        Binding("right_square_bracket", "week(1)", N_("Next week"), id="team_next_week"),
        Binding("h", "history", N_("Prefill from history"), id="team_history"),
        Binding("v", "audit", N_("Audit log of the agent"), id="team_audit"),
    ]
    DEFAULT_CSS = """
    TeamScreen #team-tabs { height: 1fr; }
    TeamScreen #scorecard { height: 1fr; }
    """

    class Loaded(Message):
        def __init__(self, rows: list[dict], today: str) -> None:
            super().__init__()
            self.rows, self.today = rows, today

    class WeeklyLoaded(Message):
        def __init__(self, summary: dict) -> None:
            super().__init__()
            self.summary = summary

    def __init__(self, ctx, period: str = "month", export_dir: Path | None = None, **kwargs) -> None:
        super().__init__(ctx, **kwargs)
        self.period = period
        self.rows: list[dict] = []
        self.sort_column, self.descending = "rank", False
        self.export_dir = export_dir or Path.home() / "agentdesk-exports"
        self.today: str | None = None  # the local date in the centre's time zone
        self.tab = "scorecard"
        self.week: str | None = None  # the weekly tab's ISO week; None: last week

    def compose_body(self) -> ComposeResult:
        with TabbedContent(id="team-tabs", initial="scorecard-tab"):
            with TabPane(_("Scorecard"), id="scorecard-tab"):
                with Vertical(id="team"):
                    yield Label("", id="team-title", markup=False)
                    yield DeskTable(id="scorecard", cursor_type="cell", zebra_stripes=True)
            with TabPane(_("Weekly summary"), id="weekly-tab"):
                yield WeeklyView(id="weekly")
            with TabPane(_("Staffing"), id="staffing-tab"):
                yield StaffingView(self.ctx, id="staffing")

    def on_mount(self) -> None:
        table = self.query_one("#scorecard", DataTable)
        for c in COLUMNS:
            table.add_column(scorecard_heading(c), key=c)

    # -- what to load: the status line and the tab shown -------------------------------------
    def reload(self) -> None:
        super().reload()
        if self.tab == "scorecard":
            self._load()
        elif self.tab == "weekly":
            self._load_weekly()

    def show_status(self, desk) -> None:
        super().show_status(desk)
        self.today = desk.today  # the local date in the centre's time zone

    def action_tab(self, tab: str) -> None:
        self.query_one("#team-tabs", TabbedContent).active = f"{tab}-tab"

    @on(TabbedContent.TabActivated, "#team-tabs")
    def tab_activated(self, event: TabbedContent.TabActivated) -> None:
        tab = (event.pane.id or "scorecard-tab").removesuffix("-tab")
        if tab == self.tab:
            return
        self.tab = tab
        if tab == "scorecard":
            self._load()
            self.query_one("#scorecard").focus()
        elif tab == "weekly":
            self._load_weekly()
            self.query_one("#weekly").focus()
        else:
            self.query_one(StaffingView).focus()  # where h, 1 2 3 and b work; Tab goes into the boxes

    # -- scorecard -------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="team", exit_on_error=False)
    def _load(self) -> None:
        rows = kpi.team_kpis(self.ctx.store, self.ctx.login, self.period)
        today = self.ctx.local().today.isoformat()
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(rows, today))

    def on_team_screen_loaded(self, message: Loaded) -> None:
        self.rows = message.rows
        self.today = message.today
        self._paint()

    def _paint(self) -> None:
        rows = scorecard.sort_rows(self.rows, self.sort_column, self.descending)
        closed = bool(rows) and rows[0]["closed"]
        self.query_one("#team-title", Label).update(
            _("Team scorecard: {period}, sorted by {column}{closed}").format(
                period=period_word(self.period), column=scorecard_heading(self.sort_column), closed=_(" (closed)") if closed else ""))
        table = self.query_one("#scorecard", DataTable)
        column = table.cursor_coordinate.column
        table.clear()
        for r in rows:
            table.add_row(*(user_text(r[c]) if c == "agent" else Text(show_value(c, r[c])) for c in COLUMNS),
                          key=r["agent"])
        if rows:  # the cursor stays in the sorted column
            table.cursor_coordinate = (0, column)

    def current_order(self) -> list[str]:
        return [r["agent"] for r in scorecard.sort_rows(self.rows, self.sort_column, self.descending)]

    def action_sort(self) -> None:
        """Sort by the column under the cursor; again on the same column flips the direction."""
        table = self.query_one("#scorecard", DataTable)
        column = COLUMNS[table.cursor_coordinate.column]
        self.descending = (not self.descending) if column == self.sort_column else False
        self.sort_column = column
        self._paint()

    @on(DataTable.HeaderSelected, "#scorecard")
    def header(self, event: DataTable.HeaderSelected) -> None:
        self.query_one("#scorecard", DataTable).cursor_coordinate = (0, event.column_index)
        self.action_sort()

    def action_export(self) -> None:
        """Ask where (the export folder, shown), then write the scorecard there as csv, json and md."""
        if self.ctx.bound:
            # the desk runs as the service account, which opens no file an agent names
            self.notify(_("On this host the desk writes none of your files: export the scorecard with 'agentdesk "
                          "kpi --team --format csv > scorecard.csv'."), severity="warning", markup=False)
            return
        rows = scorecard.sort_rows(self.rows, self.sort_column, self.descending)
        period = self.period

        def write(values: dict) -> tuple[Path, list[str]]:
            folder = Path(values["folder"]).expanduser()
            written = []
            try:
                folder.mkdir(parents=True, exist_ok=True)
                for fmt in ("csv", "json", "md"):
                    path = folder / f"scorecard-{period}.{fmt}"
                    path.write_text(scorecard.export(rows, fmt), encoding="utf-8")
                    written.append(path.name)
            except OSError as exc:
                raise ValidationError("folder", _("folder: cannot write to {folder} ({reason}); give another folder.").format(
                    folder=folder, reason=exc.strerror or exc)) from None
            return folder, written

        def done(result) -> None:
            if result is not None:
                folder, written = result
                self.export_dir = folder
                self.notify(_("Exported {files} to {dir}").format(files=", ".join(written), dir=folder), markup=False)

        self.app.push_screen(FormModal(
            _("Export the scorecard ({period})").format(period=period_word(period)),
            [Field("folder", _("Folder (the files are {name}.csv, .json and .md)").format(name=f"scorecard-{period}"),
                   str(self.export_dir))],
            write), done)

    def action_period(self, period: str) -> None:
        self.period = period
        self._load()

    # -- forms -----------------------------------------------------------------------------------
    def _logins(self) -> list[str]:
        return [r["agent"] for r in self.rows]

    def _team(self) -> str | None:
        teams = {r.get("team") for r in self.rows}
        return teams.pop() if len(teams) == 1 else None

    def _cursor_login(self) -> str | None:
        table = self.query_one("#scorecard", DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def _open(self, form, sentence: str) -> None:
        def done(result) -> None:
            if result is not None:
                self.notify(sentence.format(id=result), markup=False)
                self.reload()

        self.app.push_screen(form, done)

    def action_conduct(self) -> None:
        # the default date is today in the centre's time zone (from the status line or the scorecard load)
        today = self.today or self.ctx.local().today.isoformat()
        self._open(ConductScreen(self.ctx, self._logins(), today), _("Conduct event #{id} recorded."))

    def action_rate(self) -> None:
        self._open(RatingScreen(self.ctx, self._logins(), self.period, self._cursor_login()),
                   _("Rating saved for {period}.").replace("{period}", self.period))

    def action_close_period(self) -> None:
        self._open(ClosePeriodScreen(self.ctx, self._logins(), self.period, self._team()),
                   _("{period} closed.").replace("{period}", self.period))

    def action_reopen_period(self) -> None:
        self._open(ReopenScreen(self.ctx, self.period, self._team()),
                   _("{period} reopened.").replace("{period}", self.period))

    def action_audit(self) -> None:
        login = self._cursor_login() if self.tab == "scorecard" else None
        if login is None:
            self.notify(_("Put the cursor on an agent of the scorecard first."), severity="warning", markup=False)
            return
        self.post_message(OpenAudit(_("Audit log: agent {login}").format(login=login), agent=login))

    def action_settings(self) -> None:
        self.app.push_screen(SettingsScreen(self.ctx))

    # -- wallboard (screens/wallboard.py) ---------------------------------------------------------
    def action_appeals(self) -> None:
        from screens.team_appeals import AppealsScreen

        self.app.push_screen(AppealsScreen(self.ctx))

    def action_wallboard(self) -> None:
        from screens.wallboard import WallboardScreen

        self.app.push_screen(WallboardScreen(self.ctx))

    # -- weekly summary --------------------------------------------------------------------------
    def action_week(self, step: int) -> None:
        if self.tab != "weekly":
            return
        current = parse_period(self.week or "last-week", self.ctx.clock(), self.ctx.zone)
        year, week, _day = (current.first + timedelta(days=7 * step)).isocalendar()
        self.week = f"{year}-W{week:02d}"
        self._load_weekly()

    @work(thread=True, exclusive=True, group="team-weekly", exit_on_error=False)
    def _load_weekly(self) -> None:
        summary = reports.weekly_summary(self.ctx.store, self.ctx.login, self.week)
        if not get_current_worker().is_cancelled:
            self.post_message(self.WeeklyLoaded(summary))

    def on_team_screen_weekly_loaded(self, message: WeeklyLoaded) -> None:
        self.week = message.summary["week"]
        self.query_one(WeeklyView).show(message.summary, self.ctx.local())

    # -- staffing --------------------------------------------------------------------------------
    def action_history(self) -> None:
        if self.tab == "staffing":
            self.query_one(StaffingView).prefill()
