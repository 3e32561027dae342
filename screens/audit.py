"""The audit log of one customer (F9 on the card) or one agent (v on F6's scorecard), for leads and admins.

Newest first, a page at a time (n older, p newer): when, who, how that login was proven, what changed.
The row under the cursor is shown whole below the table. Leads see their team's rows (store.audit); an
agent is told the log is not for them.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Label, Static
from textual.worker import get_current_worker

from screens.base import DeskScreen
from screens.failures import WorkFailed
from screens.labels import audit_action_label
from screens.widgets.desk_table import DeskTable
from screens.widgets.keyset_pages import KeysetPages
from store import audit as audit_store
from store.audit_records import AuditEntry, AuditPage
from tui.format import clean, time_cells, user_text
from tui.i18n import N_, _

AUDIT_SCREEN_PAGE = 100
DETAIL_CHARS = 200


class AuditScreen(DeskScreen):
    # every change writes its audit row: the topics of what the two views show
    WATCHED = frozenset({"customers", "calls", "callbacks", "agents"})
    BINDINGS = [
        Binding("n,ctrl+pagedown", "page(1)", N_("Older rows"), id="audit_older"),
        Binding("p,ctrl+pageup", "page(-1)", N_("Newer rows"), id="audit_newer"),
    ]
    DEFAULT_CSS = """
    AuditScreen #audit-box { padding: 0 1; }
    AuditScreen #audit-title { text-style: bold; }
    AuditScreen #audit-state { color: $text-muted; }
    AuditScreen #audit { height: 1fr; }
    AuditScreen #audit-detail { height: auto; max-height: 6; margin-top: 1; }
    """

    class Loaded(Message):
        def __init__(self, page: AuditPage, cursor: tuple[str, int] | None) -> None:
            super().__init__()
            self.page, self.cursor = page, cursor

    def __init__(self, ctx, title: str, customer_id: int | None = None, agent: str | None = None, **kwargs) -> None:
        super().__init__(ctx, **kwargs)
        self.title_text = title
        self.customer_id, self.agent = customer_id, agent
        self.pages: KeysetPages[tuple[str, int]] = KeysetPages()
        self._entries: dict[str, AuditEntry] = {}

    def compose_body(self) -> ComposeResult:
        with Vertical(id="audit-box"):
            yield Label(user_text(self.title_text), id="audit-title")
            yield Label("", id="audit-state", markup=False)
            yield DeskTable(id="audit", cursor_type="row", zebra_stripes=True,
                            flexible={"change": 10, "record": 12, "proof": 9, "actor": 8})
            yield Static("", id="audit-detail")

    def on_mount(self) -> None:
        table = self.query_one("#audit", DataTable)
        for key, title, width in (("at", _("Time"), time_cells("full")), ("actor", _("By"), 10),
                                  ("proof", _("Proven by"), 20), ("record", _("Record"), 22),
                                  ("action", _("Action"), 8), ("change", _("Change"), 48)):
            table.add_column(title, key=key, width=width)
        table.focus()

    # -- loading ------------------------------------------------------------------------------
    def reload(self) -> None:
        super().reload()
        self._load(self.pages.current)

    @work(thread=True, exclusive=True, group="audit", exit_on_error=False)
    def _load(self, cursor: tuple[str, int] | None) -> None:
        page = audit_store.list_audit(self.ctx.store, self.ctx.login, customer_id=self.customer_id, agent=self.agent,
                                      limit=AUDIT_SCREEN_PAGE, before=cursor)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(page, cursor))

    def on_audit_screen_loaded(self, message: Loaded) -> None:
        if message.cursor != self.pages.current:
            return  # an older answer for a page no longer shown
        self.pages.next = message.page.next
        when = self.ctx.local()
        table = self.query_one("#audit", DataTable)
        row = table.cursor_row
        table.clear()
        self._entries = {str(e.id): e for e in message.page.entries}
        for e in message.page.entries:
            table.add_row(Text(when.full(e.at)), user_text(e.actor), user_text(e.proof),
                          user_text(f"{e.table_name} #{e.row_id}"), Text(audit_action_label(e.action)),
                          user_text(e.change()), key=str(e.id))
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1), animate=False)
        if not message.page.entries:
            state = _("No audit rows you may see.")
        elif self.pages.several:
            state = _("Page {n}, newest first; n older, p newer.").format(n=self.pages.number)
        else:
            state = _("Newest first.")
        self.query_one("#audit-state", Label).update(state)
        self._show_detail()
        self.refresh_bindings()  # n and p only while there is a page to go to

    @on(DataTable.RowHighlighted, "#audit")
    def _highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        table = self.query_one("#audit", DataTable)
        entry = None
        if table.row_count:
            entry = self._entries.get(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))
        detail = Text()
        if entry is not None:  # user text, never markup; wrapped, each value up to DETAIL_CHARS
            detail.append(clean(f"{entry.table_name} #{entry.row_id}  "
                                + _("Proven by: {proof}").format(proof=entry.proof)) + "\n")
            detail.append(clean(entry.change(DETAIL_CHARS) or audit_action_label(entry.action)))
        self.query_one("#audit-detail", Static).update(detail)

    def action_page(self, step: int) -> None:
        if not self.pages.step(step):
            return
        self.query_one("#audit", DataTable).move_cursor(row=0, animate=False)
        self._load(self.pages.current)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "page":
            return self.pages.can(1 if parameters == (1,) else -1)
        return True

    def on_work_failed(self, message: WorkFailed) -> None:
        if message.group != "audit":
            return  # the App says it
        message.stop()  # the refusal (an agent, another team's person) stays here, in place of the rows
        self.query_one("#audit-state", Label).update(message.sentence)
