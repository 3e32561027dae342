"""F12: the case list (工单). Mine by default; leads and admins switch to their team's with `l`. Overdue
first, then by due time; `s`, `t`, `d` and `v` cycle the status, type, department and severity filters, `x`
clears them; `n` and `p` page. Each page is read in SQL (store.cases.list_cases: LIMIT/OFFSET, never the
whole list) by one thread worker; a change to the topic `cases` reads the shown page again. Enter opens
the case's detail (screens/case_detail.py).
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Label, Static
from textual.worker import get_current_worker

from screens import case_rows
from screens.base import DeskScreen
from screens.requests import OpenCase
from screens.widgets.desk_table import DeskTable
from store import cases as case_store
from store.case_records import CasePage
from tui.format import OVERDUE, SEP, time_cells
from tui.i18n import N_, _

PAGE = 50


class CaseListScreen(DeskScreen):
    WATCHED = frozenset({"cases", "customers", "agents", "settings"})
    DEFAULT_CSS = """
    CaseListScreen #cases-body { padding: 0 1; }
    CaseListScreen #cases-title { text-style: bold; margin-top: 1; }
    CaseListScreen #cases-filters { color: $text-muted; }
    CaseListScreen #cases-table { height: 1fr; }
    CaseListScreen #cases-empty { color: $text-muted; }
    """
    BINDINGS = [
        Binding("l", "toggle_team", N_("Team's cases"), id="cases.team"),
        Binding("s", "cycle('status')", N_("Status"), id="cases.status"),
        Binding("t", "cycle('case_type')", N_("Type"), id="cases.type"),
        Binding("d", "cycle('department')", N_("Department"), id="cases.department"),
        Binding("v", "cycle('severity')", N_("Severity"), id="cases.severity"),
        Binding("x", "clear_filters", N_("Clear filters"), id="cases.clear"),
        Binding("n,ctrl+pagedown", "page(1)", N_("Next page"), id="cases.next"),
        Binding("p,ctrl+pageup", "page(-1)", N_("Previous page"), id="cases.previous"),
    ]

    class Loaded(Message):
        def __init__(self, page: CasePage, asked: tuple) -> None:
            super().__init__()
            self.page, self.asked = page, asked

    def __init__(self, ctx, **kwargs) -> None:
        super().__init__(ctx, **kwargs)
        self.scope = "mine"
        self.filters: dict[str, str | None] = dict.fromkeys(case_rows.FILTERS)
        self.page_offset = 0
        self.page: CasePage | None = None
        self.loads = 0  # pages shown so far (tests wait on it)

    def compose_body(self) -> ComposeResult:
        with Vertical(id="cases-body"):
            yield Label("", id="cases-title")
            yield Label("", id="cases-filters")
            yield DeskTable(id="cases-table", cursor_type="row", zebra_stripes=True, flexible=case_rows.LIST_FLEX)
            yield Static("", id="cases-empty", markup=False)

    def on_mount(self) -> None:
        self._add_columns()
        self.query_one("#cases-table", DataTable).focus()
        self._show_heading()

    def _add_columns(self) -> None:
        """The list's columns; my own cases leave the owner's out (it is always me)."""
        table = self.query_one("#cases-table", DeskTable)
        table.clear_columns()
        for key, title, width in case_rows.LIST_COLUMNS:
            if key == "owner" and self.scope == "mine":
                continue
            table.add_column(_(title) if title else "", key=key, width=width if isinstance(width, int) else time_cells(width))
        table.fit_columns()

    # -- reading --------------------------------------------------------------------------
    def _asked(self) -> tuple:
        return (self.scope, tuple(sorted(self.filters.items())), self.page_offset)

    def reload(self) -> None:
        self._load_status()
        self._load(self._asked())

    @work(thread=True, exclusive=True, group="cases", exit_on_error=False)
    def _load(self, asked: tuple) -> None:
        scope, filters, offset = asked
        page = case_store.list_cases(self.ctx.store, self.ctx.login, scope=scope, limit=PAGE, offset=offset,
                                     **dict(filters))
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(page, asked))

    def on_case_list_screen_loaded(self, message: Loaded) -> None:
        if message.asked != self._asked():
            return  # a filter or page changed since: its own read is coming
        self.page = message.page
        table = self.query_one("#cases-table", DataTable)
        keep = table.cursor_row
        table.clear()
        when = self.ctx.local()
        for case in message.page.rows:
            table.add_row(*case_rows.list_cells(case, when, owner=self.scope != "mine"), key=str(case.id))
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1), animate=False)
        empty = self.query_one("#cases-empty", Static)
        empty.display = not message.page.rows
        empty.update(_("No cases here: change the filters (x clears them).") if any(self.filters.values())
                     else _("No cases here."))
        table.display = bool(message.page.rows)
        if table.display and self.focused is None:
            table.focus()  # hidden while the list was empty, the table lost the focus
        self.loads += 1
        self._show_heading()
        self.refresh_bindings()

    def _show_heading(self) -> None:
        title = _("My cases") if self.scope == "mine" else _("My team's cases")
        page = self.page
        if page is not None and (page.offset or page.next_offset is not None):
            title += SEP + _("page {n}").format(n=page.offset // PAGE + 1)
        self.query_one("#cases-title", Label).update(Text(title))
        words = [
            _("Status: {value}").format(value=case_rows.filter_words("status", self.filters["status"])),
            _("Type: {value}").format(value=case_rows.filter_words("case_type", self.filters["case_type"])),
            _("Department: {value}").format(value=case_rows.filter_words("department", self.filters["department"])),
            _("Severity: {value}").format(value=case_rows.filter_words("severity", self.filters["severity"])),
        ]
        self.query_one("#cases-filters", Label).update(Text(SEP.join(words) + SEP + _("{mark} overdue").format(
            mark=OVERDUE)))

    # -- keys -----------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_team":
            return self.ctx.role in ("lead", "admin")
        if action == "page":
            page = self.page
            if page is None:
                return None
            return (page.next_offset is not None) if parameters == (1,) else (page.offset > 0 or None)
        return True

    def show_status(self, desk) -> None:
        role = self.ctx.role
        super().show_status(desk)
        if self.ctx.role != role:
            self.refresh_bindings()

    def _again(self) -> None:
        self.page_offset = 0
        self._show_heading()
        self._load(self._asked())

    def action_toggle_team(self) -> None:
        if self.ctx.role not in ("lead", "admin"):
            return
        self.scope = "team" if self.scope == "mine" else "mine"
        self._add_columns()
        self._again()

    def action_cycle(self, name: str) -> None:
        self.filters[name] = case_rows.next_value(name, self.filters[name])
        self._again()

    def action_clear_filters(self) -> None:
        self.filters = dict.fromkeys(case_rows.FILTERS)
        self._again()

    def action_page(self, step: int) -> None:
        page = self.page
        if page is None:
            return
        if step > 0 and page.next_offset is not None:
            self.page_offset = page.next_offset
        elif step < 0 and page.offset > 0:
            self.page_offset = max(0, page.offset - PAGE)
        else:
            return
        self._load(self._asked())

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "cases-table" and event.row_key.value is not None:
            self.post_message(OpenCase(int(event.row_key.value)))
