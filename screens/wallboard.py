"""F6 → b (leads): the live wallboard. Agents by status and time in status, calls today, callbacks; the
team's overdue and major cases (counts and the most urgent).

The store is read only when something changed (status, calls, callbacks, cases); the
time in status and the over-limit mark advance every second from the loaded
`since` times, without a query.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Label
from textual.worker import get_current_worker

from screens.base import DeskScreen
from screens.labels import (
    break_reason_label,
    case_severity_label,
    case_status_label,
    case_type_label,
    status_label,
)
from screens.widgets.desk_table import DeskTable
from store import wallboard as wallboard_store
from tui.format import NONE, OVERDUE, duration, user_text
from tui.i18n import _


class WallboardScreen(DeskScreen):
    WATCHED = frozenset({"calls", "callbacks", "status", "agents", "card_views", "settings", "cases"})
    DEFAULT_CSS = """
    WallboardScreen #wallboard-box { padding: 0 1; }
    WallboardScreen #wallboard-title { text-style: bold; margin: 0 0 1 0; }
    WallboardScreen #wallboard { height: 1fr; }
    WallboardScreen #card-views-alert { color: $error; text-style: bold; display: none; }
    WallboardScreen #card-views-alert.shown { display: block; }
    WallboardScreen #wallboard-cases-title { text-style: bold; margin: 1 0 0 0; }
    WallboardScreen #wallboard-cases { height: auto; max-height: 7; }
    """

    class Loaded(Message):
        def __init__(self, board: dict) -> None:
            super().__init__()
            self.board = board

    def __init__(self, ctx, **kwargs) -> None:
        super().__init__(ctx, **kwargs)
        self.board: dict | None = None

    def compose_body(self) -> ComposeResult:
        with Vertical(id="wallboard-box"):
            yield Label(_("Wallboard: the team now ({mark} past the wrap-up or break limit)").format(mark=OVERDUE), id="wallboard-title")
            yield Label("", id="card-views-alert")
            yield DeskTable(id="wallboard", cursor_type="row", zebra_stripes=True)
            yield Label("", id="wallboard-cases-title")
            yield DeskTable(id="wallboard-cases", cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one("#wallboard", DataTable)
        for key, title, width in (("login", _("Agent"), 12), ("name", _("Name"), 16), ("status", _("Status"), 22),
                                  ("time", _("Time in status"), 16), ("calls", _("Calls today"), 11),
                                  ("due", _("Due today"), 9), ("overdue", _("Overdue"), 8)):
            table.add_column(title, key=key, width=width)
        cases = self.query_one("#wallboard-cases", DataTable)
        for key, title, width in (("case", _("Case"), 8), ("customer", _("Customer"), 14), ("type", _("Type"), 11),
                                  ("severity", _("Severity"), 16), ("owner", _("Owner"), 12), ("due", _("Due"), 20),
                                  ("status", _("Status"), 16)):
            cases.add_column(title, key=key, width=width)
        self.set_interval(1.0, self._tick)

    def reload(self) -> None:
        super().reload()
        self._load()

    @work(thread=True, exclusive=True, group="wallboard", exit_on_error=False)
    def _load(self) -> None:
        board = wallboard_store.wallboard(self.ctx.store, self.ctx.login, self.ctx.clock())
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(board))

    def on_wallboard_screen_loaded(self, message: Loaded) -> None:
        self.board = message.board
        self._show_card_views(message.board)
        table = self.query_one("#wallboard", DataTable)
        keep = table.cursor_row
        table.clear()
        now = self.ctx.clock()
        for row in self.board["agents"]:
            status = status_label(row["status"])
            if row["reason"]:
                status += f" ({break_reason_label(row['reason'])})"
            table.add_row(
                Text(row["login"]), user_text(row["display_name"]), Text(status), self._time_cell(row, now),
                Text(str(row["calls_today"]), justify="right"),
                Text(str(row["callbacks_due_today"]), justify="right"),
                Text(str(row["callbacks_overdue"]), style="bold red" if row["callbacks_overdue"] else "",
                     justify="right"),
                key=row["login"],
            )
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1), animate=False)
        self._show_cases(message.board["cases"])

    def _show_cases(self, found: dict) -> None:
        """The team's overdue and major cases: the counts, and the few most urgent (overdue first)."""
        self.query_one("#wallboard-cases-title", Label).update(
            _("Cases: {overdue} overdue, {major} major").format(overdue=found["overdue"], major=found["major"]))
        table = self.query_one("#wallboard-cases", DataTable)
        table.clear()
        when = self.ctx.local()
        for case in found["urgent"]:
            due = Text(when.full(case.due_at), style="bold red" if case.overdue else "")
            if case.overdue:
                due = Text(f"{OVERDUE} ", style="bold red") + due
            table.add_row(Text(f"#{case.id}"), user_text(case.customer_name or NONE), Text(case_type_label(case.type)),
                          Text(case_severity_label(case.severity), style="bold" if case.severity == "major" else ""),
                          Text(case.owner), due, Text(case_status_label(case.status)), key=str(case.id))

    def _show_card_views(self, board: dict) -> None:
        alert = self.query_one("#card-views-alert", Label)
        over = wallboard_store.card_views_over(board)
        alert.set_class(bool(over), "shown")
        alert.update(Text("\n".join(
            _("{login}: card views last hour: {count} (limit {limit})").format(
                login=row["login"], count=row["card_views_last_hour"], limit=board["card_views_limit"])
            for row in over)))

    def _time_cell(self, row: dict, now) -> Text:
        seconds = wallboard_store.seconds_in_status(row["since"], now)
        if seconds is None:
            return Text(NONE)
        if wallboard_store.over_limit(row, self.board["limits"], now):
            return Text(f"{OVERDUE} {duration(seconds)}", style="bold red")
        return Text(duration(seconds))

    def _tick(self) -> None:
        if self.board is None or self._covered():
            return
        table = self.query_one("#wallboard", DataTable)
        now = self.ctx.clock()
        for row in self.board["agents"]:
            if row["login"] in table.rows:
                table.update_cell(row["login"], "time", self._time_cell(row, now))
