"""F4: the callback queue. Agents see their callbacks and the pool; leads switch to the team view (L).

Reads run in one thread worker per view and repaint only when the rows differ (screens/callback_rows.py);
writes run in their own workers (a save never cancels another), and the store's listener reloads
every screen that shows callbacks once one lands. The forms are in screens/callback_forms.py.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Label, Select, Static
from textual.worker import get_current_worker

from screens import callback_rows as cb_rows
from screens.base import DeskScreen
from screens.callback_actions import CallbackActions
from screens.failures import WorkFailed
from screens.labels import callback_kind_label, callback_status_label
from screens.requests import OpenCall
from screens.widgets.callback_history import HistoryModal
from screens.widgets.desk_table import DeskTable
from store import callbacks as cb_store
from store.callback_records import AgentQueue, Callback, TeamQueue
from store.clock import iso
from store.vocab import CALLBACK_KINDS, CALLBACK_STATUSES
from tui.format import time_cells
from tui.i18n import N_, _


class CallbacksScreen(CallbackActions, DeskScreen):
    WATCHED = frozenset({"callbacks", "customers", "agents", "settings"})
    DEFAULT_CSS = """
    CallbacksScreen #cb-body { padding: 0 1; }
    CallbacksScreen .cb-title { text-style: bold; margin-top: 1; }
    CallbacksScreen #cb-mine, CallbacksScreen #cb-pool { height: auto; max-height: 14; }
    CallbacksScreen .cb-empty { color: $text-muted; }
    CallbacksScreen #cb-lead { display: none; }
    CallbacksScreen.-lead #cb-lead { display: block; }
    CallbacksScreen.-lead #cb-agent { display: none; }
    CallbacksScreen #cb-filters { height: auto; }
    CallbacksScreen #cb-filters Select { width: 1fr; margin-right: 1; }
    CallbacksScreen #cb-groups { height: auto; max-height: 10; }
    CallbacksScreen #cb-team { height: 1fr; }
    """
    BINDINGS = [
        Binding("o", "call_now", N_("Call now"), id="callbacks.call"),
        Binding("c", "claim", N_("Claim"), id="callbacks.claim"),
        Binding("t", "attempt", N_("Attempt"), id="callbacks.attempt"),
        Binding("s", "reschedule", N_("Reschedule"), id="callbacks.reschedule"),
        Binding("r", "release", N_("Release"), id="callbacks.release"),
        Binding("d", "complete", N_("Done"), id="callbacks.complete"),
        Binding("x", "cancel_callback", N_("Cancel"), id="callbacks.cancel"),
        Binding("u", "reopen", N_("Reopen"), id="callbacks.reopen"),
        Binding("h", "history", N_("History"), id="callbacks.history"),
        Binding("n", "reveal", N_("Whole number"), id="callbacks.reveal"),
        Binding("space", "mark", N_("Mark"), id="callbacks.mark"),
        Binding("a", "reassign", N_("Reassign"), id="callbacks.reassign"),
        Binding("g", "generate", N_("Return visits"), id="callbacks.generate"),
        Binding("l", "toggle_lead", N_("Team view"), id="callbacks.lead"),
    ]
    AGENT_ACTIONS = frozenset({"call_now", "claim", "attempt", "release"})
    LEAD_ACTIONS = frozenset({"mark", "reassign", "generate"})

    class QueueLoaded(Message):
        def __init__(self, queue: AgentQueue) -> None:
            super().__init__()
            self.queue = queue

    class TeamLoaded(Message):
        def __init__(self, team: TeamQueue) -> None:
            super().__init__()
            self.team = team

    class HistoryLoaded(Message):
        def __init__(self, callback: Callback) -> None:
            super().__init__()
            self.callback = callback

    def __init__(self, ctx, **kwargs) -> None:
        super().__init__(ctx, **kwargs)
        self.role: str | None = None
        self.lead_mode = False
        self.queue: AgentQueue | None = None
        self.team: TeamQueue | None = None
        self.marked: set[int] = set()
        self._rows: dict[int, Callback] = {}  # every shown callback by id
        self._view_refresh_at: str | None = None
        self.repainter = cb_rows.Repainter()

    # -- layout ---------------------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        with Vertical(id="cb-body"):
            with Vertical(id="cb-agent"):
                yield Label("", id="cb-mine-title", classes="cb-title")
                yield DeskTable(id="cb-mine", cursor_type="row", zebra_stripes=True, flexible=cb_rows.QUEUE_FLEX)
                yield Static("", id="cb-mine-empty", classes="cb-empty", markup=False)
                yield Label("", id="cb-pool-title", classes="cb-title")
                yield DeskTable(id="cb-pool", cursor_type="row", zebra_stripes=True, flexible=cb_rows.QUEUE_FLEX)
                yield Static("", id="cb-pool-empty", classes="cb-empty", markup=False)
            with Vertical(id="cb-lead"):
                with Horizontal(id="cb-filters"):
                    yield Select([(_("all agents"), "")], value="", allow_blank=False, id="cb-f-agent")
                    yield Select([(_("all kinds"), "")] + [(callback_kind_label(k), k) for k in CALLBACK_KINDS],
                                 value="", allow_blank=False, id="cb-f-kind")
                    yield Select([(callback_status_label(s), s) for s in CALLBACK_STATUSES], value="open",
                                 allow_blank=False, id="cb-f-status")
                    yield Select([(_("any due time"), "any"), (_("overdue"), "overdue"), (_("due today"), "today"),
                                  (_("due tomorrow"), "tomorrow"), (_("due within 7 days"), "week")],
                                 value="any", allow_blank=False, id="cb-f-due")
                yield DeskTable(id="cb-groups", cursor_type="row", zebra_stripes=True)
                yield Label("", id="cb-team-title", classes="cb-title")
                yield DeskTable(id="cb-team", cursor_type="row", zebra_stripes=True, flexible=cb_rows.TEAM_FLEX)

    def on_mount(self) -> None:
        for table_id, columns in (("#cb-mine", cb_rows.QUEUE_COLUMNS), ("#cb-pool", cb_rows.QUEUE_COLUMNS),
                                  ("#cb-groups", cb_rows.GROUP_COLUMNS), ("#cb-team", cb_rows.TEAM_COLUMNS)):
            table = self.query_one(table_id, DataTable)
            for key, title, width in columns:
                table.add_column(_(title), key=key, width=width if isinstance(width, int) else time_cells(width))
        self.query_one("#cb-mine").focus()

    # -- refresh ----------------------------------------------------------------------------
    def reload(self) -> None:
        self._load_status()
        if self.lead_mode:
            self._load_team(self._filters())
        else:
            self._load_queue()

    def show_status(self, desk) -> None:
        super().show_status(desk)
        if self.role != desk.agent.role:
            self.role = desk.agent.role
            self.refresh_bindings()
        self._merge_refresh()

    def _merge_refresh(self) -> None:
        moments = [m for m in (self._refresh_at, self._view_refresh_at) if m]
        self._refresh_at = min(moments) if moments else None

    @work(thread=True, exclusive=True, group="callbacks", exit_on_error=False)
    def _load_queue(self) -> None:
        store, login = self.ctx.store, self.ctx.login
        now = self.ctx.clock()
        queue = cb_store.agent_queue(store, login, now)
        if queue.grace_at and queue.grace_at <= iso(now) and cb_store.apply_owner_grace(store, login):
            queue = cb_store.agent_queue(store, login, now)
        if not get_current_worker().is_cancelled:
            self.post_message(self.QueueLoaded(queue))

    @work(thread=True, exclusive=True, group="callbacks", exit_on_error=False)
    def _load_team(self, filters: dict) -> None:
        team = cb_store.team_queue(self.ctx.store, self.ctx.login, now=self.ctx.clock(), **filters)
        if not get_current_worker().is_cancelled:
            self.post_message(self.TeamLoaded(team))

    def _filters(self) -> dict:
        agent = self.query_one("#cb-f-agent", Select).value
        kind = self.query_one("#cb-f-kind", Select).value
        return {"agent": agent or None, "kind": kind or None, "status": self.query_one("#cb-f-status", Select).value,
                "due": self.query_one("#cb-f-due", Select).value}

    # -- the agent view ----------------------------------------------------------------------
    def on_callbacks_screen_queue_loaded(self, message: QueueLoaded) -> None:
        queue = message.queue
        self.queue = queue
        self._view_refresh_at = queue.refresh_at
        self._merge_refresh()
        now, when = queue.now, self.ctx.local()
        self._rows = {r.id: r for r in queue.mine + queue.pool}
        self.repainter.paint(self.query_one("#cb-mine", DataTable), cb_rows.queue_cells(queue.mine, now, when))
        self.repainter.paint(self.query_one("#cb-pool", DataTable), cb_rows.queue_cells(queue.pool, now, when))
        self.query_one("#cb-mine-title", Label).update(
            _("My callbacks ({shown} of {total})").format(shown=len(queue.mine), total=queue.mine_total))
        self.query_one("#cb-pool-title", Label).update(
            _("Pool ({shown} of {total})").format(shown=len(queue.pool), total=queue.pool_total))
        self._empty("#cb-mine", queue.mine, _("Nothing owed: claim one from the pool with C."))
        self._empty("#cb-pool", queue.pool, _("The pool is empty."))

    def _empty(self, table_id: str, rows: tuple[Callback, ...], text: str) -> None:
        note = self.query_one(f"{table_id}-empty", Static)
        note.update(text if not rows else "")
        note.display = not rows
        self.query_one(table_id).display = bool(rows)

    # -- the lead view ----------------------------------------------------------------------------
    def on_callbacks_screen_team_loaded(self, message: TeamLoaded) -> None:
        team = message.team
        self.team = team
        self._view_refresh_at = team.refresh_at
        self._merge_refresh()
        now = team.now
        agent_select = self.query_one("#cb-f-agent", Select)
        options = [(_("all agents"), ""), (_("the pool"), "pool"), *cb_rows.agent_choices(team.groups)]
        if [o[1] for o in options] != getattr(self, "_agent_options", None):
            self._agent_options = [o[1] for o in options]
            value = agent_select.value
            with agent_select.prevent(Select.Changed):
                agent_select.set_options(options)
                agent_select.value = value if value in self._agent_options else ""
        self.repainter.paint(self.query_one("#cb-groups", DataTable), cb_rows.group_cells(team.groups, now))
        self._rows = {r.id: r for r in team.rows}
        self.marked &= set(self._rows)
        self.repainter.paint(self.query_one("#cb-team", DataTable), cb_rows.team_cells(team.rows, now, self.ctx.local(), self.marked))
        self.query_one("#cb-team-title", Label).update(
            _("{n} callbacks shown, {m} marked").format(n=len(team.rows), m=len(self.marked)))

    @on(Select.Changed)
    def _filter_changed(self, event: Select.Changed) -> None:
        if self.lead_mode and event.select.id and event.select.id.startswith("cb-f-"):
            self._load_team(self._filters())

    # -- keys ---------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_lead":
            return self.role in ("lead", "admin")
        if action in self.AGENT_ACTIONS:
            return not self.lead_mode
        if action in self.LEAD_ACTIONS:
            return self.lead_mode
        return True

    def action_toggle_lead(self) -> None:
        if self.role not in ("lead", "admin"):
            return
        self.lead_mode = not self.lead_mode
        self.set_class(self.lead_mode, "-lead")
        self.repainter.forget()
        self.refresh_bindings()
        self.query_one("#cb-team" if self.lead_mode else "#cb-mine").focus()
        self._refresh_at = None
        self.reload()

    def _current(self) -> Callback | None:
        """The callback under the cursor of the focused list (else the first list with rows)."""
        ids = ("#cb-team",) if self.lead_mode else ("#cb-mine", "#cb-pool")
        focused = self.focused
        tables = [self.query_one(i, DataTable) for i in ids]
        ordered = [t for t in tables if t is focused] + [t for t in tables if t is not focused]
        for table in ordered:
            key = cb_rows.cursor_key(table)
            if key is not None and table.display:
                return self._rows.get(int(key))
        return None

    def _need_current(self) -> Callback | None:
        cb = self._current()
        if cb is None:
            self.app.notify(_("No callback selected."), severity="warning", timeout=4, markup=False)
        return cb

    def _in_pool_table(self) -> bool:
        return self.focused is self.query_one("#cb-pool")

    def action_call_now(self) -> None:
        cb = self._need_current()
        if cb is None:
            return
        store, login = self.ctx.store, self.ctx.login

        def check_then_claim() -> None:  # a do-not-call customer is refused before the form opens
            cb_store.check_may_call(store, login, cb.id)
            if cb.owner_id is None:  # a pool callback is claimed before the call form opens
                cb_store.claim_callback(store, login, cb.id)

        self._run_action(check_then_claim, "", then=("call", cb))

    def _open_call(self, cb: Callback) -> None:
        # the number to dial is in the form, the customer's card beside it; the call is outgoing
        self.post_message(OpenCall(number=cb.phone_e164 or cb.phone, customer_id=cb.customer_id, callback_id=cb.id))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id in ("cb-mine", "cb-pool"):
            self.action_call_now()
        elif event.data_table.id == "cb-team":
            self.action_history()

    def action_history(self) -> None:
        cb = self._need_current()
        if cb is None:
            return
        self._show_history(cb.id)

    @work(thread=True, group="callback-read", exit_on_error=False)
    def _show_history(self, callback_id: int) -> None:
        self.post_message(self.HistoryLoaded(cb_store.get_callback(self.ctx.store, self.ctx.login, callback_id)))

    def on_callbacks_screen_history_loaded(self, message: HistoryLoaded) -> None:
        self.app.push_screen(HistoryModal(message.callback, self.ctx.local()))

    # lead keys
    def action_mark(self) -> None:
        cb = self._need_current()
        if cb is None:
            return
        self.marked ^= {cb.id}
        table = self.query_one("#cb-team", DataTable)
        table.update_cell(str(cb.id), "sel", Text("✓" if cb.id in self.marked else " ", style="bold"))
        self.repainter.forget("cb-team")
        self.query_one("#cb-team-title", Label).update(
            _("{n} callbacks shown, {m} marked").format(n=table.row_count, m=len(self.marked)))
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1, animate=False)

    def on_work_failed(self, message: WorkFailed) -> None:
        if message.group == "callback-action":  # the App says why; here the queue shows who has it now
            self._refresh_at = None
            self.reload()
