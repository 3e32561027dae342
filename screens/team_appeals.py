"""F6 → a (leads): pending appeals of conduct deductions; accept (the deduction is withdrawn) or reject."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Label
from textual.worker import get_current_worker

from screens.base import DeskScreen
from screens.labels import conduct_kind_label
from screens.widgets.desk_table import DeskTable
from store import conduct
from tui.format import user_text
from tui.i18n import N_, _


class AppealsScreen(DeskScreen):
    WATCHED = frozenset({"agents"})
    BINDINGS = [
        Binding("y", "decide('accept')", N_("Accept appeal"), id="appeal_accept"),
        Binding("n", "decide('reject')", N_("Reject appeal"), id="appeal_reject"),
    ]
    DEFAULT_CSS = """
    AppealsScreen #appeals-box { padding: 0 1; }
    AppealsScreen #appeals-title { text-style: bold; margin: 0 0 1 0; }
    AppealsScreen #appeals { height: 1fr; }
    """

    class Decided(Message):
        def __init__(self, event_id: int, status: str) -> None:
            super().__init__()
            self.event_id, self.status = event_id, status

    class Loaded(Message):
        def __init__(self, events: list[dict]) -> None:
            super().__init__()
            self.events = events

    def compose_body(self) -> ComposeResult:
        with Vertical(id="appeals-box"):
            yield Label(_("Pending appeals: y accepts (the deduction is withdrawn), n rejects"), id="appeals-title")
            yield DeskTable(id="appeals", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#appeals", DataTable)
        for key, title in (("id", "#"), ("agent", _("Agent")), ("date", _("Date")), ("kind", _("Kind")),
                           ("points", _("Points")), ("note", _("Note")), ("reason", _("Appeal reason"))):
            table.add_column(title, key=key)

    def reload(self) -> None:
        super().reload()
        self._load()

    @work(thread=True, exclusive=True, group="appeals", exit_on_error=False)
    def _load(self) -> None:
        events = [e for e in conduct.list_events(self.ctx.store, self.ctx.login) if e.appeal_status == "pending"]
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(events))

    def on_appeals_screen_loaded(self, message: Loaded) -> None:
        table = self.query_one("#appeals", DataTable)
        table.clear()
        for e in message.events:
            table.add_row(Text(str(e.id)), Text(e.agent), Text(self.ctx.local().calendar(e.occurred_on)), Text(conduct_kind_label(e.kind)),
                          Text(str(e.points)), user_text(e.note), user_text(e.appeal_reason or ""), key=str(e.id))

    def action_decide(self, decision: str) -> None:
        table = self.query_one("#appeals", DataTable)
        if not table.row_count:
            self.notify(_("No pending appeal."), severity="warning", markup=False)
            return
        self._decide(int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value), decision)

    @work(thread=True, exclusive=False, group="appeals-decide", exit_on_error=False)
    def _decide(self, event_id: int, decision: str) -> None:
        event = conduct.decide(self.ctx.store, self.ctx.login, event_id, decision)
        self.post_message(self.Decided(event_id, event.appeal_status or ""))

    def on_appeals_screen_decided(self, message: Decided) -> None:
        # the store's listener reloads the list
        self.notify(_("Appeal #{id}: {status}.").format(id=message.event_id, status=message.status), markup=False)
