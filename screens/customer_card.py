"""The customer card: details edited in place, phones, history a page at a time, merge.

customer_id=None is a new customer (from the lookup or an unknown caller): the same form,
the same validation (store.customers.create_customer); once saved it becomes its card.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea
from textual.worker import get_current_worker

from screens.base import DeskScreen
from screens.card_cases import CardCases
from screens.customer_card_edits import CardEdits
from screens.customer_forms import add_phone_form, remove_phone_form
from screens.customer_merge import MergeConfirm, merge_form
from screens.failures import WorkFailed
from screens.labels import category_label, customer_status_label, outcome_label
from screens.requests import OpenAudit, OpenCall, OpenCallbackForm
from screens.widgets.call_detail import CallDetail
from screens.widgets.card_tables import CallsTable, PhonesTable
from screens.widgets.keyset_pages import KeysetPages
from store import customers as customer_store
from store.card_views import CardReason
from store.customer_card_records import CallsPage, CustomerCall, CustomerCard
from store.customer_phones import CustomerPhone
from store.errors import PermissionDenied, ValidationError
from store.vocab import CUSTOMER_STATUSES
from tui.format import SEP, clean, duration, time_cells, user_text
from tui.i18n import N_, _


class CustomerCardScreen(CardCases, CardEdits, DeskScreen):
    WATCHED = frozenset({"customers", "calls", "callbacks", "cases"})
    BINDINGS = [
        Binding("ctrl+s,f10", "save", N_("Save"), priority=True, id="save"),
        Binding("f2", "call", N_("Call"), id="card.call"),
        Binding("f8", "callback", N_("Callback"), id="card.callback"),
        Binding("ctrl+r", "merge", N_("Merge duplicate"), id="card.merge"),
        Binding("f9", "audit", N_("Audit log"), id="card.audit"),  # leads and admins: hidden from agents
        Binding("ctrl+n", "new_case", N_("New case"), id="card.case_new"),
    ]
    DEFAULT_CSS = """
    CustomerCardScreen #card { padding: 0 2; }
    CustomerCardScreen #card-title { text-style: bold; margin-top: 1; }
    CustomerCardScreen #card-changed { color: $text-muted; }
    CustomerCardScreen #card-error { color: $error; text-style: bold; height: auto; }
    CustomerCardScreen #card-dnc { color: $error; text-style: bold; }
    CustomerCardScreen .card-row { height: auto; }
    CustomerCardScreen .card-field { width: 1fr; height: auto; margin-right: 1; }
    CustomerCardScreen .card-field Input, CustomerCardScreen .card-field Select { width: 100%; }
    CustomerCardScreen #f-notes { height: 5; }
    CustomerCardScreen .card-section { text-style: bold; margin-top: 1; }
    CustomerCardScreen #card-phones { height: auto; max-height: 8; }
    CustomerCardScreen #card-calls { height: auto; max-height: 16; }
    CustomerCardScreen #card-cases { height: auto; max-height: 8; }
    CustomerCardScreen .card-list { height: auto; }
    """

    class Loaded(Message):
        def __init__(self, card: CustomerCard) -> None:
            super().__init__()
            self.card = card

    class CallFetched(Message):
        def __init__(self, call: CustomerCall) -> None:
            super().__init__()
            self.call = call

    class Saved(Message):
        def __init__(self, customer_id: int, created: bool) -> None:
            super().__init__()
            self.customer_id, self.created = customer_id, created

    class CallsLoaded(Message):
        def __init__(self, page: CallsPage, cursor) -> None:
            super().__init__()
            self.page = page
            self.cursor = cursor

    def __init__(self, ctx, customer_id: int | None, name: str = "", phone: str = "",
                 reason: CardReason | None = None, **kwargs) -> None:
        super().__init__(ctx, **kwargs)
        self.customer_id = customer_id
        self.reason = reason  # why it is open (store/card_views.py); once opened, the view that reads it again
        self._new_name = name
        self._new_phone = phone
        self.card: CustomerCard | None = None
        self.pages: KeysetPages[object] = KeysetPages()  # the pages of the card's calls

    # -- layout -----------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        new = self.customer_id is None
        with VerticalScroll(id="card"):
            yield Label(_("New customer") if new else "", id="card-title")
            yield Label("", id="card-changed")
            yield Label("", id="card-dnc")
            # a refusal shows here, under the title, in view at 80×24 too (the field it names gets the focus)
            yield Static("", id="card-error")
            with Horizontal(classes="card-row"):
                yield self._field("name", _("Name"), self._new_name)
                yield self._field("company", _("Company"))
                with Vertical(classes="card-field"):
                    yield Label(_("Status"))
                    yield Select([(customer_status_label(s), s) for s in CUSTOMER_STATUSES], value="prospect",
                                 allow_blank=False, id="f-status")
            with Horizontal(classes="card-row"):
                yield self._field("email", _("E-mail"))
                yield self._field("wechat_id", _("WeChat id"))
                yield self._field("city", _("City"))
            with Horizontal(classes="card-row"):
                yield self._field("tags", _("Tags (comma-separated)"))
                if new:
                    yield self._field("phone", _("Phone"), self._new_phone)
                with Vertical(classes="card-field"):
                    yield Label(" ")
                    yield Checkbox(_("Do not call"), id="f-do_not_call")
            yield Label(_("Notes"))
            yield TextArea("", id="f-notes", soft_wrap=True)
            if not new:
                yield Label(_("Phones (a: add, d: remove, m: make main)"), classes="card-section")
                yield PhonesTable(id="card-phones", cursor_type="row")
                yield Label(_("Calls"), id="card-calls-title", classes="card-section")
                yield CallsTable(id="card-calls", cursor_type="row", zebra_stripes=True)
                yield from self.compose_cases()
                yield Label(_("Open complaints"), classes="card-section")
                yield Static("", id="card-complaints", classes="card-list")
                yield Label(_("Callbacks"), classes="card-section")
                yield Static("", id="card-callbacks", classes="card-list")
                yield Static("", id="card-merged", classes="card-list")

    def _field(self, key: str, label: str, value: str = "") -> Vertical:
        # select_on_focus off: a card opens with the name focused, and a key typed then must not replace it
        return Vertical(Label(label), Input(value, id=f"f-{key}", select_on_focus=False), classes="card-field")

    def on_mount(self) -> None:
        if self.customer_id is not None:
            phones = self.query_one(PhonesTable)
            phones.add_column(_("Number"), key="number", width=22)
            phones.add_column(_("As typed"), key="raw", width=24)
            phones.add_column(_("Main"), key="main", width=6)
            calls = self.query_one(CallsTable)
            calls.add_column(_("Date"), key="date", width=time_cells("full"))
            calls.add_column(_("Agent"), key="agent", width=14)
            calls.add_column(_("Category"), key="category", width=12)
            calls.add_column(_("Outcome"), key="outcome", width=18)
            calls.add_column(_("Handle time"), key="handle", width=11)
            calls.add_column(_("Note"), key="note", width=30)
            self.mount_cases()
        self.query_one("#f-name", Input).focus()
        self.remember_new_form()

    # -- loading ----------------------------------------------------------------
    def reload(self) -> None:
        super().reload()
        if self.customer_id is not None:
            self._load()
            self.load_cases()

    @work(thread=True, exclusive=True, group="card", exit_on_error=False)
    def _load(self) -> None:
        if self.reason is None or self.reason.kind != "view":
            card, self.reason = customer_store.open_customer_card(self.ctx.store, self.ctx.login, self.customer_id,
                                                                  self.reason)
        else:
            card = customer_store.customer_card(self.ctx.store, self.ctx.login, self.customer_id, self.reason)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(card))

    def on_customer_card_screen_loaded(self, message: Loaded) -> None:
        first = self.card is None
        if first or not self.changed_fields():
            self._fill_form(message.card)
        self.card = message.card
        self._show_header(message.card)
        self._show_phones(message.card.phones)
        if self.pages.at_first:
            self._show_calls(message.card.calls)
        self._show_lists(message.card)

    def _show_header(self, card: CustomerCard) -> None:
        title = Text(f"#{card.id} ")
        title.append(clean(card.name))
        if card.company:
            title.append(SEP + clean(card.company))
        self.query_one("#card-title", Label).update(title)
        change = card.last_change
        if change:
            who = clean(change.name or change.by)
            line = _("Last changed by {who} at {at}").format(who=who, at=self.ctx.local().full(change.at))
        else:
            line = _("Created by {who} at {at}").format(who=card.created_by, at=self.ctx.local().full(card.created_at))
        self.query_one("#card-changed", Label).update(Text(line))
        self.query_one("#card-dnc", Label).update(_("DO NOT CALL") if card.do_not_call else "")

    def _show_phones(self, phones: tuple[CustomerPhone, ...]) -> None:
        table = self.query_one(PhonesTable)
        keep = table.cursor_row
        table.clear()
        for p in phones:
            table.add_row(Text(self.ctx.local().phone(p.e164)), user_text(p.raw), Text(_("main") if p.main else ""), key=p.e164)
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1), animate=False)

    def _show_calls(self, page: CallsPage) -> None:
        table = self.query_one(CallsTable)
        table.clear()
        for c in page.calls:
            table.add_row(
                Text(self.ctx.local().full(c.started_at)),
                user_text(c.agent_name or c.agent),
                Text(category_label(c.category)),
                Text(outcome_label(c.outcome)),
                Text(duration(c.handle_s), justify="right"),
                user_text(c.note),
                key=str(c.id),
            )
        self.pages.next = page.next
        title = _("Calls, page {n}").format(n=self.pages.number) if self.pages.several else _("Calls")
        if not page.calls:
            title = _("Calls: none yet")
        self.query_one("#card-calls-title", Label).update(title)

    def _show_lists(self, card: CustomerCard) -> None:
        complaints = Text()
        for c in card.open_complaints:
            complaints.append(f"{self.ctx.local().full(c.started_at)}  {outcome_label(c.outcome)}  ")
            complaints.append(clean(c.note) + "\n")
        self.query_one("#card-complaints", Static).update(complaints if card.open_complaints else Text(_("none")))
        callbacks = Text()
        for b in card.callbacks:
            when = self.ctx.local().full(b.due_at if b.status == "open" else b.closed_at)
            state = _("open, due {when}").format(when=when) if b.status == "open" else _("done {when}").format(when=when)
            callbacks.append(f"#{b.id} {state}  {b.owner or _('pool')}  ")
            callbacks.append(clean(b.reason) + "\n")
        self.query_one("#card-callbacks", Static).update(callbacks if card.callbacks else Text(_("none")))
        merged = Text()
        for m in card.merged:
            merged.append(_("Merged from #{id} {name} by {by} at {at}: {calls} calls, {callbacks} callbacks, {phones} phones moved").format(
                id=m.merged_from, name=clean(m.name), by=m.by, at=self.ctx.local().full(m.at),
                calls=m.calls, callbacks=m.callbacks, phones=len(m.phones)) + "\n")
        self.query_one("#card-merged", Static).update(merged)

    # -- history paging -----------------------------------------------------------
    def action_page(self, step: int) -> None:
        if self.pages.step(step):
            self._load_calls(self.pages.current)

    @work(thread=True, exclusive=True, group="card-calls", exit_on_error=False)
    def _load_calls(self, cursor) -> None:
        page = customer_store.customer_calls(self.ctx.store, self.ctx.login, self.customer_id, before=cursor,
                                             reason=self.reason)
        if not get_current_worker().is_cancelled:
            self.post_message(self.CallsLoaded(page, cursor))

    def on_customer_card_screen_calls_loaded(self, message: CallsLoaded) -> None:
        if message.cursor == self.pages.current:
            self._show_calls(message.page)
            self.query_one(CallsTable).move_cursor(row=0, animate=False)

    def action_show_call(self) -> None:
        table = self.query_one(CallsTable)
        if not table.row_count:
            return
        call_id = int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        self._fetch_call(call_id)

    @work(thread=True, exclusive=True, group="card-call", exit_on_error=False)
    def _fetch_call(self, call_id: int) -> None:
        call = customer_store.customer_call(self.ctx.store, self.ctx.login, self.customer_id, call_id,
                                            self.reason)
        self.post_message(self.CallFetched(call))

    def on_customer_card_screen_call_fetched(self, message: CallFetched) -> None:
        self.app.push_screen(CallDetail.of(message.call, self.ctx.local()))

    # -- saving -------------------------------------------------------------------
    def action_save(self) -> None:
        self.query_one("#card-error", Static).update("")
        self.save_asking_why(self.form_values(), self._save)

    @work(thread=True, exclusive=True, group="card-save", exit_on_error=False)
    def _save(self, values: dict) -> None:
        store, login = self.ctx.store, self.ctx.login
        if self.customer_id is None:
            phone = values.pop("phone").strip()
            created = customer_store.create_customer(store, login, phones=[phone] if phone else [], **values)
            self.post_message(self.Saved(created, created=True))
            return
        customer_store.update_customer(store, login, self.customer_id, **values)
        self.post_message(self.Saved(self.customer_id, created=False))

    def on_customer_card_screen_saved(self, message: Saved) -> None:
        self.customer_id = message.customer_id
        if self.leave_after_save(message.created):
            return
        if message.created:  # the new customer's card replaces the form
            self.app.switch_screen(CustomerCardScreen(self.ctx, self.customer_id, reason=CardReason.created()))
            self.app.notify(_("Customer #{id} created.").format(id=self.customer_id), markup=False)
            return
        self.card = None  # the listener's reload takes the saved values as loaded
        self.notify(_("Saved."), markup=False)

    def on_work_failed(self, message: WorkFailed) -> None:
        if message.group == "card" and self.card is None and isinstance(message.error, PermissionDenied):
            message.stop()  # a card refused is never shown as an empty form that a save would write over
            self.app.notify(message.sentence, title=_("Customer card"), severity="error", timeout=10, markup=False)
            if self.app.screen is self:
                self.app.pop_screen()
            return
        if message.group != "card-save":
            return  # the App says it
        message.stop()  # a refusal stays on the card, beside what was typed
        self.stay_after_refusal()
        self.query_one("#card-error", Static).update(Text(message.sentence))
        if isinstance(message.error, ValidationError):
            target = self.query(f"#f-{message.error.field}")
            if target:
                target.first().focus()

    # -- phones, callbacks, merge, call --------------------------------------------
    def _selected_phone(self) -> str | None:
        table = self.query_one(PhonesTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def _after(self, note: str):
        """Say what a form did; the store's listener reloads the card."""
        def done(result) -> None:
            if result is not None:
                self.notify(note, markup=False)
        return done

    def action_add_phone(self) -> None:
        self.app.push_screen(add_phone_form(self.ctx, self.customer_id), self._after(_("Phone added.")))

    def action_remove_phone(self) -> None:
        e164 = self._selected_phone()
        if e164 is not None:
            self.app.push_screen(remove_phone_form(self.ctx, self.customer_id, e164), self._after(_("Phone removed.")))

    def action_main_phone(self) -> None:
        e164 = self._selected_phone()
        if e164 is not None:
            self._set_main(e164)

    @work(thread=True, exclusive=True, group="card-phone", exit_on_error=False)
    def _set_main(self, e164: str) -> None:
        customer_store.set_main_phone(self.ctx.store, self.ctx.login, self.customer_id, e164)

    def action_callback(self) -> None:
        if self.customer_id is not None:
            name = self.card.name if self.card else f"#{self.customer_id}"
            self.post_message(OpenCallbackForm(self.customer_id, name))

    def action_call(self) -> None:
        if self.customer_id is not None:
            self.post_message(OpenCall(customer_id=self.customer_id))

    def action_merge(self) -> None:
        if self.customer_id is None:
            return

        def done(result) -> None:
            if result is not None:
                self.notify(_("Merged #{other} into this record: {calls} calls moved.").format(
                    other=result.merged_from, calls=result.calls), markup=False)
                self.pages.reset()  # the listener's reload shows the first page of the merged history

        def previewed(preview) -> None:
            if preview is not None:  # both records side by side; nothing has moved yet
                self.app.push_screen(MergeConfirm(self.ctx, preview), done)

        self.app.push_screen(merge_form(self.ctx, self.customer_id), previewed)

    def action_audit(self) -> None:
        if self.customer_id is not None and self.ctx.role != "agent":
            name = clean(self.card.name) if self.card else ""
            self.post_message(OpenAudit(_("Audit log: customer #{id} {name}").format(id=self.customer_id, name=name),
                                        customer_id=self.customer_id))

    def check_action(self, action: str, parameters) -> bool | None:
        if action in ("merge", "callback", "call", "audit", "new_case") and self.customer_id is None:
            return False
        if action in ("audit", "merge"):  # leads' and admins': the role as the last status load read it; the store
            return self.ctx.role != "agent"  # checks every read and write again
        return True
