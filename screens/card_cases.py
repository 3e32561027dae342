"""The customer card's open cases: listed under the calls (store.cases.customer_open_cases), Enter on one
opens its detail, Ctrl+N opens a new case for this customer by hand (the form asks the type, severity and
summary; store.cases.open_case with the customer)."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import DataTable, Label
from textual.worker import get_current_worker

from screens import case_rows
from screens.case_forms import open_case_form
from screens.failures import ReportsFailures
from screens.requests import OpenCase
from screens.widgets.card_tables import CasesTable
from store import cases as case_store
from store.case_records import Case
from tui.format import time_cells, user_text
from tui.i18n import _


class CardCases(ReportsFailures):
    """Mixed into screens.customer_card.CustomerCardScreen (ctx, customer_id, card); its worker's failures are told
    as every node's are (ReportsFailures)."""

    class CasesLoaded(Message):
        def __init__(self, rows: tuple[Case, ...]) -> None:
            super().__init__()
            self.rows = rows

    def compose_cases(self) -> ComposeResult:
        yield Label(_("Open cases (Ctrl+N: new case)"), id="card-cases-title", classes="card-section")
        yield CasesTable(id="card-cases", cursor_type="row", zebra_stripes=True,
                         flexible={"status": 8, "summary": 8})

    def mount_cases(self) -> None:
        table = self.query_one("#card-cases", DataTable)
        for key, title, width in (("id", _("Case"), 6), ("due", _("Due"), time_cells("dated")),
                                  ("status", _("Status"), 22), ("type", _("Type"), 11), ("summary", _("Summary"), 30)):
            table.add_column(title, key=key, width=width)

    @work(thread=True, exclusive=True, group="card-cases", exit_on_error=False)
    def load_cases(self) -> None:
        rows = case_store.customer_open_cases(self.ctx.store, self.ctx.login, self.customer_id)
        if not get_current_worker().is_cancelled:
            self.post_message(self.CasesLoaded(rows))

    def on_card_cases_cases_loaded(self, message: CasesLoaded) -> None:
        table = self.query_one("#card-cases", DataTable)
        table.clear()
        when = self.ctx.local()
        for case in message.rows:
            cells = case_rows.list_cells(case, when)
            status = Text(cells[3].plain + (" " + _("(overdue)") if case.overdue else ""),
                          style="bold" if case.overdue else "")
            table.add_row(cells[1], cells[2], status, cells[4], user_text(case.summary), key=str(case.id))
        table.display = bool(message.rows)
        title = _("Open cases (Ctrl+N: new case)") if message.rows else _("Open cases: none (Ctrl+N: new case)")
        self.query_one("#card-cases-title", Label).update(title)

    def action_show_case(self) -> None:
        table = self.query_one("#card-cases", DataTable)
        if table.row_count:
            self.post_message(OpenCase(int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)))

    def action_new_case(self) -> None:
        if self.customer_id is None:
            return
        name = self.card.name if self.card else f"#{self.customer_id}"

        def opened(case_id) -> None:
            if case_id is not None:
                self.app.notify(_("Case #{id} opened.").format(id=case_id), title=_("Cases"), timeout=5, markup=False)
                self.post_message(OpenCase(case_id))

        self.app.push_screen(open_case_form(self.ctx, self.customer_id, name), opened)
