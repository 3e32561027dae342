"""F6 (leads): the team scorecard for a period, sortable and exportable; conduct entry."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, Select
from textual.worker import get_current_worker

from screens.base import DeskScreen
from screens.kpi import show_value
from store import conduct, kpi, scorecard
from store.vocab import CONDUCT_KINDS
from tui.format import user_text
from tui.i18n import _

COLUMNS = ("rank", "agent", "calls_handled", "aht_s", "fcr_rate", "csat_avg", "callback_on_time_rate", "occupancy",
           "escalation_rate", "transfer_rate", "rating_avg", "deductions", "score", "grade", "bonus_coefficient")


class ConductScreen(ModalScreen[dict | None]):
    """A lead records a conduct event: agent, kind, date, note."""

    BINDINGS = [Binding("escape", "close", _("Cancel"), id="back")]

    def __init__(self, logins: list[str], today: str) -> None:
        super().__init__()
        self._logins, self._today = logins, today

    def compose(self) -> ComposeResult:
        with Vertical(id="conduct-box"):
            yield Label(_("Conduct event (Enter in the note saves)"))
            yield Select([(x, x) for x in self._logins], id="conduct-agent", allow_blank=False)
            yield Select([(k, k) for k in CONDUCT_KINDS], id="conduct-kind", allow_blank=False)
            yield Input(self._today, id="conduct-date")
            yield Input(id="conduct-note", placeholder=_("note"))

    @on(Input.Submitted, "#conduct-note")
    def save(self) -> None:
        self.dismiss({
            "login": self.query_one("#conduct-agent", Select).value,
            "kind": self.query_one("#conduct-kind", Select).value,
            "date": self.query_one("#conduct-date", Input).value,
            "note": self.query_one("#conduct-note", Input).value,
        })

    def action_close(self) -> None:
        self.dismiss(None)


class TeamScreen(DeskScreen):
    WATCHED = DeskScreen.WATCHED | {"calls"}
    BINDINGS = [
        Binding("s", "sort", _("Sort by column"), id="team_sort"),
        Binding("x", "export", _("Export csv/json/md"), id="team_export"),
        Binding("c", "conduct", _("Conduct event"), id="team_conduct"),
        Binding("m", "period('month')", _("This month"), id="team_month"),
        Binding("l", "period('last-month')", _("Last month"), id="team_last_month"),
        Binding("w", "period('week')", _("This week"), id="team_week"),
        Binding("b", "wallboard", _("Wallboard"), id="team_wallboard"),
    ]

    class Loaded(Message):
        def __init__(self, rows: list[dict]) -> None:
            super().__init__()
            self.rows = rows

    def __init__(self, ctx, period: str = "month", export_dir: Path | None = None, **kwargs) -> None:
        super().__init__(ctx, **kwargs)
        self.period = period
        self.rows: list[dict] = []
        self.sort_column, self.descending = "rank", False
        self.export_dir = export_dir or Path.cwd()

    def compose_body(self) -> ComposeResult:
        with Vertical(id="team"):
            yield Label("", id="team-title", markup=False)
            yield DataTable(id="scorecard", cursor_type="cell", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#scorecard", DataTable)
        for c in COLUMNS:
            table.add_column(c, key=c)

    def reload(self) -> None:
        super().reload()
        self._load()

    @work(thread=True, exclusive=True, group="team", exit_on_error=False)
    def _load(self) -> None:
        rows = kpi.team_kpis(self.ctx.store, self.ctx.login, self.period)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(rows))

    def on_team_screen_loaded(self, message: Loaded) -> None:
        self.rows = message.rows
        self._paint()

    def _paint(self) -> None:
        rows = scorecard.sort_rows(self.rows, self.sort_column, self.descending)
        closed = bool(rows) and rows[0]["closed"]
        self.query_one("#team-title", Label).update(
            _("Team scorecard: {period}, sorted by {column}{closed}").format(
                period=self.period, column=self.sort_column, closed=_(" (closed)") if closed else ""))
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

    @on(DataTable.HeaderSelected)
    def header(self, event: DataTable.HeaderSelected) -> None:
        self.query_one("#scorecard", DataTable).cursor_coordinate = (0, event.column_index)
        self.action_sort()

    def action_export(self) -> None:
        rows = scorecard.sort_rows(self.rows, self.sort_column, self.descending)
        written = []
        for fmt in ("csv", "json", "md"):
            path = self.export_dir / f"scorecard-{self.period}.{fmt}"
            path.write_text(scorecard.export(rows, fmt), encoding="utf-8")
            written.append(path.name)
        self.notify(_("Exported {files} to {dir}").format(files=", ".join(written), dir=self.export_dir), markup=False)

    def action_period(self, period: str) -> None:
        self.period = period
        self._load()

    def action_wallboard(self) -> None:
        from screens.wallboard import WallboardScreen

        self.app.push_screen(WallboardScreen(self.ctx))

    def action_conduct(self) -> None:
        today = self.ctx.clock().date().isoformat()

        def done(values: dict | None) -> None:
            if values:
                self._add_conduct(values)

        self.app.push_screen(ConductScreen([r["agent"] for r in self.rows], today), done)

    @work(thread=True, exclusive=False, group="team-conduct", exit_on_error=False)
    def _add_conduct(self, v: dict) -> None:
        event_id = conduct.add_event(self.ctx.store, self.ctx.login, v["login"], v["kind"], v["date"], v["note"])
        self.app.call_from_thread(self.notify, _("Conduct event #{id} recorded.").format(id=event_id), markup=False)
        self.app.call_from_thread(self._load)
