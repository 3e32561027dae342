"""Below a new call's form: the rings missed today and the agent's calls today (Enter reopens one)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Label, Static

from screens.labels import category_label, outcome_label
from screens.widgets.desk_table import DeskTable
from store.call_records import TodayCall
from store.rings import Ring
from tui.format import LocalTime, clean, duration, user_text
from tui.i18n import N_, _

COLUMNS = (("time", N_("Time"), 6), ("customer", N_("Customer"), 22), ("category", N_("Category"), 13),
           ("outcome", N_("Outcome"), 19), ("handle", N_("Handle"), 7), ("notes", N_("Notes"), 36))


class TodayCalls(Vertical):
    DEFAULT_CSS = """
    TodayCalls { height: 25%; min-height: 4; }
    TodayCalls #missed-rings { color: $warning; height: auto; padding: 0 1; display: none; }
    TodayCalls #today-title { text-style: bold; padding: 0 1; }
    TodayCalls #today-calls { height: 1fr; }
    TodayCalls #today-calls:focus > .datatable--cursor { background: $accent; color: $text; text-style: bold; }
    """

    class Reopen(Message):
        """Enter on a call of today: correct it."""

        def __init__(self, call_id: int) -> None:
            super().__init__()
            self.call_id = call_id

    def compose(self) -> ComposeResult:
        yield Static("", id="missed-rings", markup=False)
        yield Label(_("Your calls today, newest first (Ctrl+G goes here and back; Enter reopens one to correct it)"),
                    id="today-title")
        yield DeskTable(id="today-calls", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, label, width in COLUMNS:
            table.add_column(_(label), key=key, width=width)

    def show(self, calls: list[TodayCall], missed: list[Ring], when: LocalTime) -> None:
        table = self.query_one(DataTable)
        keep = table.coordinate_to_cell_key(table.cursor_coordinate).row_key if table.row_count else None
        table.clear()
        for call in calls:
            who = call.customer_name or when.masked(call.phone_e164 or call.phone_raw)
            table.add_row(
                when.short(call.started_at), user_text(who),
                Text(category_label(call.category)), Text(outcome_label(call.outcome)),
                Text(duration(call.handle_s), justify="right"), user_text((call.notes or "").split("\n", 1)[0]),
                key=str(call.id),
            )
        if keep is not None and keep in table.rows:
            table.move_cursor(row=table.get_row_index(keep), animate=False)
        line = self.query_one("#missed-rings", Static)
        if missed:
            shown = ", ".join(f"{when.masked(r.e164 or clean(r.number_raw))} {when.short(r.created_at)}" for r in missed[:6])
            line.update(Text(_("Missed rings today ({n}): {rings}").format(n=len(missed), rings=shown)))
        line.display = bool(missed)

    @on(DataTable.RowSelected, "#today-calls")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.post_message(self.Reopen(int(event.row_key.value)))
