"""A case's detail: what it is, who is accountable, when it is due, and its timeline (who, when in the
centre's time, what). Its keys work the case through the forms of screens/case_forms.py; closing,
reopening, reassigning and telling the customer each say what they will do and ask. The case is read
in a thread worker (store.cases.get_case), again whenever the topic `cases` changes.
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

from screens import case_forms, case_rows
from screens.base import DeskScreen
from screens.labels import case_department_label, case_severity_label, case_type_label
from screens.widgets.desk_table import DeskTable
from store import cases as case_store
from store.case_records import Case
from tui.format import NONE, SEP, clean, time_cells, user_text
from tui.i18n import N_, _

LEADS = ("lead", "admin")


class CaseDetailScreen(DeskScreen):
    WATCHED = frozenset({"cases", "callbacks", "customers", "agents"})
    DEFAULT_CSS = """
    CaseDetailScreen #case-body { padding: 0 1; }
    CaseDetailScreen #case-title { text-style: bold; margin-top: 1; }
    CaseDetailScreen #case-facts { height: auto; }
    CaseDetailScreen #case-timeline-title { text-style: bold; margin-top: 1; }
    CaseDetailScreen #case-timeline { height: 1fr; }
    """
    BINDINGS = [
        Binding("n", "note", N_("Note"), id="case.note"),
        Binding("r", "reply", N_("Dept. reply"), id="case.reply"),
        Binding("s", "status", N_("Status"), id="case.status"),
        Binding("a", "reassign", N_("Reassign"), id="case.reassign"),
        Binding("b", "update_callback", N_("Callback"), id="case.callback"),
        Binding("t", "told", N_("Told"), id="case.told"),
        Binding("c", "close_case", N_("Close"), id="case.close"),
        Binding("u", "reopen", N_("Reopen"), id="case.reopen"),
    ]
    OPEN_ONLY = frozenset({"note", "reply", "status", "reassign", "update_callback", "told", "close_case"})

    class Loaded(Message):
        def __init__(self, case: Case) -> None:
            super().__init__()
            self.case = case

    def __init__(self, ctx, case_id: int, **kwargs) -> None:
        super().__init__(ctx, **kwargs)
        self.case_id = case_id
        self.case: Case | None = None
        self.loads = 0  # times the case was shown (tests wait on it)

    def compose_body(self) -> ComposeResult:
        with Vertical(id="case-body"):
            yield Label(_("Case #{id}").format(id=self.case_id), id="case-title")
            yield Static("", id="case-facts", markup=False)
            yield Label(_("Timeline"), id="case-timeline-title")
            yield DeskTable(id="case-timeline", cursor_type="row", zebra_stripes=True, flexible=case_rows.TIMELINE_FLEX)

    def on_mount(self) -> None:
        table = self.query_one("#case-timeline", DataTable)
        for key, title, width in case_rows.TIMELINE_COLUMNS:
            table.add_column(_(title), key=key, width=width if isinstance(width, int) else time_cells(width))
        table.focus()

    # -- reading --------------------------------------------------------------------------
    def reload(self) -> None:
        self._load_status()
        self._load()

    @work(thread=True, exclusive=True, group="case", exit_on_error=False)
    def _load(self) -> None:
        case = case_store.get_case(self.ctx.store, self.ctx.login, self.case_id)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(case))

    def on_case_detail_screen_loaded(self, message: Loaded) -> None:
        case = self.case = message.case
        when = self.ctx.local()
        title = Text(_("Case #{id}").format(id=case.id) + SEP + case_type_label(case.type) + SEP)
        title.append(case_severity_label(case.severity), style="bold" if case.severity == "major" else "")
        title.append(SEP)
        title.append_text(case_rows.status_text(case))
        self.query_one("#case-title", Label).update(title)
        facts = Text()
        customer = clean(case.customer_name) + f" (#{case.customer_id})" if case.customer_id else NONE
        facts.append(_("Customer: {who}").format(who=customer) + SEP)
        facts.append(_("Owner: {who}").format(who=clean(case.owner_name or case.owner)) + SEP)
        facts.append(_("Department: {department}").format(department=case_department_label(case.department)) + "\n")
        facts.append(_("Opened {when} by {who}").format(when=when.dated(case.opened_at), who=clean(case.opened_by)) + SEP)
        facts.append(_("Due {when}").format(when=when.dated(case.due_at)), style="bold" if case.overdue else "")
        facts.append(SEP + _("Customer last told: {when}").format(
            when=when.dated(case.last_told_at) if case.last_told_at else _("never")) + "\n")
        facts.append(_("Summary: "))
        facts.append_text(user_text(case.summary or NONE))
        if case.resolution:
            facts.append("\n" + _("Resolution: "))
            facts.append_text(user_text(case.resolution))
        if case.closed_at:
            facts.append("\n" + _("Closed {when} by {who}").format(when=when.dated(case.closed_at),
                                                                  who=clean(case.closed_by or "")))
        self.query_one("#case-facts", Static).update(facts)
        table = self.query_one("#case-timeline", DataTable)
        table.clear()
        for event in case.timeline:
            table.add_row(*case_rows.event_cells(event, when), key=str(event.id))
        if table.row_count:
            table.move_cursor(row=table.row_count - 1, animate=False)  # the newest entry in view
        self.query_one("#case-timeline-title", Label).update(
            _("Timeline ({n} entries, oldest first)").format(n=len(case.timeline)))
        self.loads += 1
        self.refresh_bindings()

    # -- keys -----------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        case = self.case
        if action in self.OPEN_ONLY:
            return case is not None and case.is_open or None
        if action == "reopen":
            return case is not None and not case.is_open or None
        return True

    def _ask(self, form, done: str) -> None:
        """Open a form; once it saved, say so (the store's listener reloads this screen)."""
        case = self.case
        if case is None:
            return

        def saved(result) -> None:
            if result is not None:
                self.app.notify(done.format(id=case.id), title=_("Cases"), timeout=5, markup=False)

        self.app.push_screen(form, saved)

    def action_note(self) -> None:
        if self.case:
            self._ask(case_forms.note_form(self.ctx, self.case), _("Note added to case #{id}."))

    def action_reply(self) -> None:
        if self.case:
            self._ask(case_forms.reply_form(self.ctx, self.case), _("Department reply recorded on case #{id}."))

    def action_status(self) -> None:
        if self.case:
            self._ask(case_forms.status_form(self.ctx, self.case), _("Status of case #{id} changed."))

    def action_reassign(self) -> None:
        if self.case is None:
            return
        if self.ctx.role not in LEADS:  # the store refuses it too; the key says why before a form is typed
            self.app.notify(_("Reassigning a case is for leads and admins: ask your team lead to move it."),
                            title=_("Cases"), severity="warning", timeout=6, markup=False)
            return
        self._ask(case_forms.reassign_form(self.ctx, self.case), _("Case #{id} reassigned."))

    def action_update_callback(self) -> None:
        if self.case:
            self._ask(case_forms.update_callback_form(self.ctx, self.case),
                      _("Callback scheduled to update the customer on case #{id}."))

    def action_told(self) -> None:
        if self.case:
            self._ask(case_forms.told_form(self.ctx, self.case), _("Case #{id}: the customer was told."))

    def action_close_case(self) -> None:
        if self.case:
            self._ask(case_forms.close_form(self.ctx, self.case, self.ctx.role in LEADS), _("Case #{id} closed."))

    def action_reopen(self) -> None:
        if self.case:
            self._ask(case_forms.reopen_form(self.ctx, self.case), _("Case #{id} is open again."))

