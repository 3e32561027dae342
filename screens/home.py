"""The home screen: the agent's day from the store (until the call screen lands)."""

from __future__ import annotations

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Label, Static
from textual.worker import get_current_worker

from screens.base import DeskScreen
from screens.failures import WorkFailed
from screens.labels import category_label, outcome_label
from screens.widgets.desk_table import DeskTable
from store import desk_status as desk_store
from tui.format import LocalTime, clean, duration, time_cells, user_text
from tui.i18n import _

# fixed columns (category, outcome, handle time; the time's width is its form's) and the padding of all five
FIXED_WIDTH = 12 + 18 + 11 + 5 * 2
CUSTOMER_WIDTH = (12, 40)  # the customer column takes what is left, within these bounds


class HomeScreen(DeskScreen):
    WATCHED = frozenset({"calls", "customers", "callbacks", "settings"})

    class DayLoaded(Message):
        def __init__(self, day: desk_store.AgentDay) -> None:
            super().__init__()
            self.day = day

    def compose_body(self) -> ComposeResult:
        with Vertical(id="home"):
            yield Label("", id="day-title")
            with Horizontal(id="day-figures"):
                yield Static("", id="fig-calls", classes="figure")
                yield Static("", id="fig-due", classes="figure")
                yield Static("", id="fig-overdue", classes="figure")
            yield Label(_("Last {n} calls").format(n=desk_store.LAST_CALLS), id="last-title")
            yield DeskTable(id="last-calls", cursor_type="row", zebra_stripes=True)
            yield Static("", id="last-empty", markup=False)

    def on_mount(self) -> None:
        self._set_up()
        # DeskScreen.on_mount runs after this one (Textual calls every class's handler) and loads the day

    def _set_up(self) -> None:
        table = self.query_one("#last-calls", DataTable)
        table.add_column(_("Time"), key="time", width=time_cells("short"))
        table.add_column(_("Customer"), key="customer", width=CUSTOMER_WIDTH[1])
        table.add_column(_("Category"), key="category", width=12)
        table.add_column(_("Outcome"), key="outcome", width=18)
        table.add_column(_("Handle time"), key="handle", width=11)
        self.query_one("#home").loading = True

    async def remake(self) -> None:
        """The screen made again, every word and time in the desk's language now (chosen from Ctrl+P)."""
        await self.recompose()
        self.query_one("#last-calls").focus()  # the focused table was made again: the new one, as at the start
        self._set_up()
        self._fit(self.size.width)
        self.reload()

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width)

    def _fit(self, screen_width: int) -> None:
        table = self.query_one("#last-calls", DataTable)
        low, high = CUSTOMER_WIDTH
        # the screen less #home's padding (2 + 2) and the table's scrollbar gutter
        width = max(low, min(high, screen_width - 4 - FIXED_WIDTH - time_cells("short") - 2))
        column = table.columns["customer"]
        if column.width != width:
            column.width = width
            table.refresh()

    def reload(self) -> None:
        self._load_day()

    @work(thread=True, exclusive=True, group="home", exit_on_error=False)
    def _load_day(self) -> None:
        day = desk_store.agent_day(self.ctx.store, self.ctx.login, self.ctx.clock())
        if not get_current_worker().is_cancelled:
            self.post_message(self.DayLoaded(day))

    def on_home_screen_day_loaded(self, message: DayLoaded) -> None:
        day = message.day
        self.query_one("#home").loading = False
        self.show_status(day.desk)
        when = LocalTime.named(day.desk.zone, day.desk.today)
        self.query_one("#day-title", Label).update(
            _("Your day: {date} ({zone})").format(date=day.desk.today, zone=day.desk.zone)
        )
        self._figure("#fig-calls", day.calls_today, _("calls logged today"))
        self._figure("#fig-due", day.desk.callbacks["due_today"], _("callbacks due today"))
        overdue = day.desk.callbacks["overdue"]
        self._figure("#fig-overdue", overdue, _("callbacks overdue"))
        self.query_one("#fig-overdue").set_class(overdue > 0, "-overdue")

        table = self.query_one("#last-calls", DataTable)
        selected = self._selected_call(table)
        table.clear()
        for call in day.last_calls:
            who = call["customer_name"] or when.masked(call["phone"])
            table.add_row(
                when.short(call["started_at"]),
                user_text(who),
                Text(category_label(call["category"])),
                Text(outcome_label(call["outcome"])),
                Text(duration(call["handle_s"]), justify="right"),
                key=str(call["id"]),
            )
        if selected in table.rows:  # the cursor stays on the call it was on
            table.move_cursor(row=table.get_row_index(selected), animate=False)
        empty = not day.last_calls
        table.display = not empty
        note = self.query_one("#last-empty", Static)
        note.update(_("No calls logged yet. The calls you log will appear here.") if empty else "")
        note.display = empty

    def on_work_failed(self, message: WorkFailed) -> None:
        # the App says it once; here the screen stops waiting and, if it has nothing to show, says why
        if message.group == "home":
            self.query_one("#home").loading = False
            if not self.query_one("#last-calls", DataTable).row_count:
                self.query_one("#last-calls").display = False
                empty = self.query_one("#last-empty", Static)
                empty.update(Text(clean(_("Your day could not be loaded: {reason}").format(reason=message.sentence))))
                empty.display = True

    @staticmethod
    def _selected_call(table: DataTable):
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key

    def _figure(self, selector: str, value: int, caption: str) -> None:
        text = Text(str(value), style="bold")
        text.append("\n")
        text.append(caption)
        self.query_one(selector, Static).update(text)
