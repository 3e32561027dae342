"""The call form (F2): number first, the caller's card beside it, one key per choice, timers, Ctrl+S.

The fastest path for a known caller: F2, the number, Enter (to the category),
c (consultation), r (resolved; focus goes to the notes), the note, Ctrl+S.

Modes: a new call (timers run, the form is saved as a draft as it changes,
the agent's status follows the call) or the correction of a saved call
(`correct=`: no timers, no draft, `store.calls.update_call`).
"""

from __future__ import annotations

import itertools
import threading
from datetime import date
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from screens.base import DeskScreen
from screens.failures import failure_sentence
from screens.call_state import CallTimes
from screens.call_widgets import (
    CATEGORY_KEYS, OUTCOME_KEYS, CategoryChoice, ChannelChoice, ChoiceBar, ConfirmDiscard,
    CustomerCard, DirectionChoice, NumberInput, OutcomeChoice, OwnerChoice,
)
from screens.labels import category_label, outcome_label
from store import calls as calls_store
from store import desk_status as desk_store
from store import drafts, rings, status as status_store
from store.card import caller_card, lookup_number
from store.customers import search_customers
from store.duetime import EXAMPLES as DUE_EXAMPLES
from store.errors import StoreError, ValidationError
from store.periods import day_bounds
from store.phones import ascii_digits
from store.phones import display as phone_display
from store.status_time import limits as status_limits
from tui.format import clean, duration, local_time, user_text
from tui.i18n import _

DRAFT_VERSION = 1
CANDIDATES = 8
# the store's field names -> the widget that holds them (a failed check focuses it)
FIELD_WIDGETS = {
    "number": "#number", "phone": "#number", "customer": "#number", "customer_id": "#number",
    "direction": "#direction", "channel": "#channel", "category": "#category", "outcome": "#outcome",
    "notes": "#notes", "order_no": "#order-no", "waybill_no": "#waybill-no", "amount_due": "#amount-due",
    "escalation_target": "#outcome", "escalation_reason": "#esc-reason", "due": "#due", "owner": "#cb-owner",
    "name": "#nc-name", "company": "#nc-company", "city": "#nc-city",
}

# Automatic status changes run in worker threads; a ticket keeps the newest one winning.
_status_lock = threading.Lock()
_status_tickets = itertools.count(1)
_status_applied = [0]


def auto_status(store, login: str, status: str, only_if: frozenset[str] | None, ticket: int) -> bool:
    """Set `status` unless a newer automatic change ran, or the agent chose otherwise (current not in `only_if`)."""
    with _status_lock:
        if ticket < _status_applied[0]:
            return False
        _status_applied[0] = ticket
        if only_if is not None and status_store.current_status(store, login)["status"] not in only_if:
            return False
        status_store.set_status(store, login, status)
        return True


def _wants_candidates(text: str) -> bool:
    stripped = text.strip()
    if len(ascii_digits(stripped)) >= 4:
        return True
    return len(stripped) >= 2 and any(ch.isalpha() for ch in stripped)


class CallScreen(DeskScreen):
    WATCHED = frozenset({"calls", "customers", "rings", "settings"})  # rings: the missed-rings line
    DRAFT_DEBOUNCE_S = 1.0
    TICK_S = 1.0

    BINDINGS = [
        Binding("ctrl+s,f10", "save", _("Save"), id="save"),
        Binding("f8", "hold", _("Hold"), id="hold"),
        Binding("f9", "end_call", _("End call"), id="end_call"),
        Binding("escape", "close_form", _("Back"), id="back"),
        # priority: an Input or the notes would otherwise take Alt+letter as the letter
        *[Binding(f"alt+{key}", f"category('{slug}')", show=False, priority=True) for slug, key in CATEGORY_KEYS],
        *[Binding(f"alt+{key}", f"outcome('{slug}')", show=False, priority=True) for slug, key in OUTCOME_KEYS],
    ]

    DEFAULT_CSS = """
    #call-main { height: 1fr; }
    #call-form { width: 1fr; padding: 0 1; }
    #call-title { text-style: bold; }
    #call-timers { height: 1; margin-bottom: 1; }
    #call-timers.-hold { color: $warning; }
    #call-timers.-over { color: $error; text-style: bold; }
    .call-row { height: auto; margin-bottom: 1; }
    .call-caption { width: auto; margin-right: 1; text-style: bold; }
    .call-row Input { width: 1fr; margin-right: 1; }
    #number { width: 1fr; }
    #candidates { height: auto; max-height: 8; display: none; margin-bottom: 1; }
    #new-customer { height: auto; display: none; border-left: thick $accent; padding-left: 1; margin-bottom: 1; }
    #escalation, #callback-box { height: auto; display: none; border-left: thick $warning; padding-left: 1; margin-bottom: 1; }
    #choice-hint { color: $text-muted; margin-bottom: 1; }
    #notes { height: 4; margin-bottom: 1; background: $boost; }
    #call-form Input { background: $boost; }
    #form-error { color: $error; text-style: bold; height: auto; }
    #card { margin-right: 1; }
    #missed-rings { color: $warning; height: auto; padding: 0 1; display: none; }
    #today-title { text-style: bold; padding: 0 1; }
    #today-calls { height: 25%; min-height: 3; }
    """

    class CardLoaded(Message):
        def __init__(self, text: str, e164: str | None, card: dict | None, candidates: list[dict]) -> None:
            super().__init__()
            self.text, self.e164, self.card, self.candidates = text, e164, card, candidates

    class DayLoaded(Message):
        def __init__(self, desk, calls: list[dict], missed: list[dict], limits: dict) -> None:
            super().__init__()
            self.desk, self.calls, self.missed, self.limits = desk, calls, missed, limits

    class Saved(Message):
        def __init__(self, call_id: int, changed: bool = True) -> None:
            super().__init__()
            self.call_id, self.changed = call_id, changed

    class SaveRefused(Message):
        def __init__(self, error: StoreError) -> None:
            super().__init__()
            self.error = error

    class CallLoaded(Message):
        def __init__(self, call: dict) -> None:
            super().__init__()
            self.call = call

    def __init__(self, ctx, *, number: str | None = None, customer_id: int | None = None,
                 callback_id: int | None = None, ring: dict | None = None, draft: dict | None = None,
                 correct: dict | None = None) -> None:
        super().__init__(ctx)
        self.mode = "correct" if correct else "new"
        self._prefill = {"number": number, "customer_id": customer_id, "callback_id": callback_id}
        self._ring = ring
        self._draft = draft
        self._correct = correct
        now = ctx.clock()
        if draft:
            self.times = CallTimes.from_json(draft["times"])
        else:
            self.times = CallTimes.start(now, ring["created_at"] if ring else None)
        self.callback_id = callback_id if not draft else draft.get("callback_id")
        self.uniqueid = ring.get("uniqueid") if ring else (draft or {}).get("uniqueid")
        self.ring_id = ring["id"] if ring else (draft or {}).get("ring_id")
        self.pinned: int | None = customer_id if not draft else draft.get("pinned")  # chosen by hand or given
        self.found: int | None = None  # the owner of the typed number
        self.e164: str | None = None
        self.finished = False  # saved or discarded: nothing more is written
        self._write_lock = threading.Lock()
        self._draft_timer = None
        self._blank: dict | None = None
        self._candidates: list[dict] = []
        self._zone = ZoneInfo("UTC")
        self._today: date | None = None
        self._wrap_limit: int | None = None
        self._nudged = False
        self._pinned_by_pick = False

    # -- layout -------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        with Horizontal(id="call-main"):
            with VerticalScroll(id="call-form"):
                yield Label("", id="call-title")
                yield Static("", id="call-timers")
                with Horizontal(classes="call-row"):
                    yield Label(_("Number"), classes="call-caption")
                    yield NumberInput(placeholder=_("type or paste a number, its last 4+ digits, or a name"), id="number",
                                      compact=True, paint_hold=self.paint_hold)  # the card pops with the key
                yield OptionList(id="candidates")
                with Vertical(id="new-customer"):
                    yield Label(_("New customer, saved with the call (no name: caller stays unknown)"))
                    with Horizontal(classes="call-row"):
                        yield Input(placeholder=_("name"), id="nc-name", compact=True)
                        yield Input(placeholder=_("company"), id="nc-company", compact=True)
                        yield Input(placeholder=_("city"), id="nc-city", compact=True)
                yield DirectionChoice(_("Direction"), "in", id="direction")
                yield ChannelChoice(_("Channel"), "phone", id="channel")
                yield CategoryChoice(_("Category"), id="category")
                yield OutcomeChoice(_("Outcome"), id="outcome")
                yield Static(_("The key beside a choice picks it while that row has focus (or 1-8 in the order shown); Alt+key picks a category or outcome from anywhere."),
                             id="choice-hint", markup=False)
                with Vertical(id="escalation"):
                    yield Label("", id="esc-target")
                    yield Input(placeholder=_("why it was escalated"), id="esc-reason", compact=True)
                with Vertical(id="callback-box"):
                    with Horizontal(classes="call-row"):
                        yield Label(_("Call back at"), classes="call-caption")
                        yield Input(placeholder=DUE_EXAMPLES, id="due", compact=True)
                    yield OwnerChoice(_("Owner"), "me", id="cb-owner")
                yield Label(_("Notes"), classes="call-caption")
                yield TextArea(id="notes", compact=True, soft_wrap=True)
                with Horizontal(classes="call-row"):
                    yield Label(_("Order"), classes="call-caption")
                    yield Input(id="order-no", compact=True)
                    yield Label(_("Waybill"), classes="call-caption")
                    yield Input(id="waybill-no", compact=True)
                    yield Label(_("Amount due"), classes="call-caption")
                    yield Input(id="amount-due", compact=True, restrict=r"[0-9.,¥￥$ ]*")
                yield Static("", id="form-error", markup=False)
            yield CustomerCard(id="card")
        yield Static("", id="missed-rings", markup=False)
        yield Label(_("Your calls today, newest first (Enter reopens one to correct it)"), id="today-title")
        yield DataTable(id="today-calls", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#today-calls", DataTable)
        for label, key, width in ((_("Time"), "time", 6), (_("Customer"), "customer", 22), (_("Category"), "category", 13),
                                  (_("Outcome"), "outcome", 19), (_("Handle"), "handle", 7), (_("Notes"), "notes", 36)):
            table.add_column(label, key=key, width=width)
        self._blank = self.snapshot()
        if self.mode == "correct":
            self._fill_from_call(self._correct)
            self._blank = self.snapshot()
            self.query_one("#today-title").display = False
            table.display = False
        elif self._draft:
            self._fill_from_draft(self._draft)
        else:
            if self._prefill["number"]:
                self._set_number(self._prefill["number"])
            elif self._ring:
                self._set_number(self._ring.get("number_raw") or "")
            if self.pinned:
                self._lookup(self.query_one("#number", Input).value, self.pinned)
        self.query_one("#card", CustomerCard).show_text(_("Type the caller's number: their card shows here."))
        self._show_title()
        self._show_sections()
        self.query_one("#number", Input).focus()
        if self.mode == "new":
            self._tick()
            self.set_interval(self.TICK_S, self._tick)
            self._set_auto_status("wrap-up" if self.times.ended else "on-call", None)
            if self._draft or self._ring or any(self._prefill.values()):
                self._save_draft_now()

    def _show_title(self) -> None:
        if self.mode == "correct":
            call = self._correct
            title = _("Correcting call #{id} of {time}").format(
                id=call["id"], time=local_time(call["started_at"], self._zone, self._today))
        elif self._draft:
            title = _("Call in progress (restored)")
        elif self._ring:
            title = _("Incoming call") + (f" · {clean(self._ring.get('line'))}" if self._ring.get("line") else "")
        else:
            title = _("New call")
        self.query_one("#call-title", Label).update(Text(title))

    # -- filling ------------------------------------------------------------
    def _set_number(self, text: str) -> None:
        self.query_one("#number", Input).value = text

    def _fill_from_draft(self, form: dict) -> None:
        self._set_number(form.get("number") or "")
        for wid, key in (("nc-name", "nc_name"), ("nc-company", "nc_company"), ("nc-city", "nc_city"),
                         ("esc-reason", "esc_reason"), ("due", "due"), ("order-no", "order_no"),
                         ("waybill-no", "waybill_no"), ("amount-due", "amount_due")):
            self.query_one(f"#{wid}", Input).value = form.get(key) or ""
        for wid, key in (("direction", "direction"), ("channel", "channel"), ("category", "category"),
                         ("outcome", "outcome"), ("cb-owner", "cb_owner")):
            if form.get(key):
                self.query_one(f"#{wid}", ChoiceBar).choose(form[key])
        self.query_one("#notes", TextArea).text = form.get("notes") or ""
        if self.pinned:
            self._lookup(form.get("number") or "", self.pinned)

    def _fill_from_call(self, call: dict) -> None:
        self._set_number(call.get("phone_raw") or call.get("phone_e164") or "")
        self.pinned = call.get("customer_id")
        for wid, key in (("direction", "direction"), ("channel", "channel"), ("category", "category"), ("outcome", "outcome")):
            self.query_one(f"#{wid}", ChoiceBar).choose(call[key] or "")
        self.query_one("#notes", TextArea).text = call.get("notes") or ""
        cents = call.get("amount_due_cents")
        for wid, value in (("esc-reason", call.get("escalation_reason")), ("order-no", call.get("order_no")),
                           ("waybill-no", call.get("waybill_no")),
                           ("amount-due", None if cents is None else f"{cents / 100:.2f}")):
            self.query_one(f"#{wid}", Input).value = value or ""
        self._lookup(self.query_one("#number", Input).value, self.pinned)

    def fill_if_empty(self, number: str | None, customer_id: int | None, callback_id: int | None) -> bool:
        """open_call on a form already open: fill it if it has no caller yet. False if it has one."""
        numbox = self.query("#number").first(Input) if self.query("#number") else None
        typed = numbox.value if numbox is not None else (self._prefill["number"] or (self._ring or {}).get("number_raw") or "")
        if typed.strip() or self.pinned:
            return not (number or customer_id or callback_id)
        if callback_id:
            self.callback_id = callback_id
        if customer_id:
            self.pinned = customer_id
        if numbox is None:  # not composed yet: on_mount fills it
            self._prefill["number"] = number
            return True
        if number:
            self._set_number(number)
        elif customer_id:
            self._lookup("", customer_id)
        self._touch()
        return True

    # -- what is in the form ----------------------------------------------------
    def _value(self, wid: str) -> str:
        return self.query_one(f"#{wid}", Input).value

    def _choice(self, wid: str) -> str:
        return self.query_one(f"#{wid}", ChoiceBar).value

    def snapshot(self) -> dict:
        return {
            "number": self._value("number"),
            "pinned": self.pinned,
            "nc_name": self._value("nc-name"), "nc_company": self._value("nc-company"), "nc_city": self._value("nc-city"),
            "direction": self._choice("direction"), "channel": self._choice("channel"),
            "category": self._choice("category"), "outcome": self._choice("outcome"),
            "esc_reason": self._value("esc-reason"), "due": self._value("due"), "cb_owner": self._choice("cb-owner"),
            "notes": self.query_one("#notes", TextArea).text,
            "order_no": self._value("order-no"), "waybill_no": self._value("waybill-no"),
            "amount_due": self._value("amount-due"),
        }

    @property
    def dirty(self) -> bool:
        return self._blank is not None and self.snapshot() != self._blank

    def draft_form(self) -> dict:
        form = self.snapshot()
        form.update(v=DRAFT_VERSION, times=self.times.as_json(), callback_id=self.callback_id,
                    uniqueid=self.uniqueid, ring_id=self.ring_id)
        return form

    # -- changes ------------------------------------------------------------
    def _touch(self) -> None:
        """Something changed: save the draft once typing pauses."""
        if self.mode != "new" or self.finished:
            return
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(self.DRAFT_DEBOUNCE_S, self._save_draft_now)

    def _save_draft_now(self) -> None:
        self._draft_timer = None
        if self.mode == "new" and not self.finished:
            self._write_draft(self.draft_form())

    @work(thread=True, exclusive=True, group="call-draft", exit_on_error=False)
    def _write_draft(self, form: dict) -> None:
        with self._write_lock:
            if not self.finished:  # a save or discard that got here first wins
                drafts.save_draft(self.ctx.store, self.ctx.login, form)

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "number":
            if self._pinned_by_pick and event.value.strip():
                # typing a number again means the caller is whoever owns it
                self.pinned = None
                self._pinned_by_pick = False
            self._lookup(event.value, self.pinned)
        self._clear_error()
        self._touch()

    @on(TextArea.Changed)
    def _notes_changed(self) -> None:
        self._touch()

    @on(ChoiceBar.Picked)
    def _picked(self, event: ChoiceBar.Picked) -> None:
        self._clear_error()
        self._show_sections()
        self._touch()
        if not event.advance:
            return
        bar = event.bar.id
        if bar == "category":
            self.query_one("#outcome").focus()
        elif bar == "outcome":
            target = {"callback-needed": "#due"}.get(event.value)
            if event.value.startswith("escalated-"):
                target = "#esc-reason"
            self.query_one(target or "#notes").focus()

    def action_category(self, slug: str) -> None:
        """Alt+letter: picks from anywhere and leaves focus where the agent is typing."""
        self.query_one("#category", ChoiceBar).choose(slug, user=True, advance=False)

    def action_outcome(self, slug: str) -> None:
        self.query_one("#outcome", ChoiceBar).choose(slug, user=True, advance=False)

    def _show_sections(self) -> None:
        outcome = self._choice("outcome")
        escalated = outcome.startswith("escalated-")
        self.query_one("#escalation").display = escalated
        if escalated:
            self.query_one("#esc-target", Label).update(
                Text(_("Escalated to: {target} (set by the outcome). Reason:").format(target=outcome.split("-", 1)[1])))
        self.query_one("#callback-box").display = outcome == "callback-needed" and self.mode == "new"

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        # Enter on the number always goes to the category: where it goes never depends on whether the
        # card lookup has answered yet, so a number typed ahead with "Enter c r" lands the same way at
        # any speed. The customers offered for an ending or a name are reached with Down, a new
        # customer's name with Tab.
        if event.input.id in ("number", "nc-city"):
            self.query_one("#category").focus()
        else:
            self.focus_next()

    def action_candidates(self) -> None:
        """Down on the number: into the customers offered for what was typed."""
        cands = self.query_one("#candidates", OptionList)
        if cands.display and cands.option_count:
            cands.focus()
            cands.highlighted = 0

    # -- the card -----------------------------------------------------------
    @work(thread=True, exclusive=True, group="lookup", exit_on_error=False)
    def _lookup(self, text: str, pinned: int | None) -> None:
        store, login = self.ctx.store, self.ctx.login
        card, e164, candidates = None, None, []
        if pinned:
            card = caller_card(store, login, pinned)
        if text.strip():
            found = lookup_number(store, login, text)
            e164 = found["e164"]
            if not pinned:
                card = found["card"]
            if card is None and _wants_candidates(text):
                candidates = search_customers(store, login, text, CANDIDATES)
        if not get_current_worker().is_cancelled:
            self.post_message(self.CardLoaded(text, e164, card, candidates))

    def _gone(self) -> bool:
        """Popped (saved or discarded) while a worker's answer was on its way."""
        return self not in self.app.screen_stack or not self.query("#number")

    def on_call_screen_card_loaded(self, message: CardLoaded) -> None:
        if self._gone() or message.text != self._value("number"):
            return  # typed on since: a newer lookup is coming
        self.e164 = message.e164
        card_widget = self.query_one("#card", CustomerCard)
        self.found = message.card["id"] if message.card and not self.pinned else None
        if message.card:
            card_widget.show_card(message.card, self._zone, self._today or self.ctx.clock().astimezone(self._zone).date())
        elif message.e164:
            card_widget.show_text(_("No customer has {number}.").format(number=phone_display(message.e164)))
        elif message.text.strip():
            card_widget.show_text(_("No match yet: keep typing the number, or pick a customer below."))
        else:
            card_widget.show_text(_("Type the caller's number: their card shows here."))
        self._candidates = message.candidates
        cands = self.query_one("#candidates", OptionList)
        cands.clear_options()
        for c in message.candidates:
            label = user_text(c["name"], style="bold")
            label.append("  " + (phone_display(c["main_phone"]) if c.get("main_phone") else "—"))
            if c.get("company"):
                label.append("  " + clean(c["company"]))
            cands.add_option(Option(label, id=str(c["id"])))
        cands.display = bool(message.candidates)
        self.query_one("#new-customer").display = bool(
            self.mode == "new" and message.e164 and not message.card and not self.pinned)
        self.paint_hold.release_after(card_widget)  # the typed key and this card in one frame

    @on(OptionList.OptionSelected, "#candidates")
    def _candidate_picked(self, event: OptionList.OptionSelected) -> None:
        chosen = next((c for c in self._candidates if str(c["id"]) == event.option.id), None)
        if chosen is None:
            return
        text = self._value("number")
        if any(ch.isalpha() for ch in text) or not chosen.get("main_phone"):
            # a name was typed: the caller is this customer; the number stays empty
            self.pinned = chosen["id"]
            self._pinned_by_pick = True
            self._set_number("")
        else:  # the digits were the end of their number: the number is theirs
            self.pinned = None
            self._set_number(chosen["main_phone"])
        self._lookup(self._value("number"), self.pinned)
        self.query_one("#category").focus()

    # -- timers -------------------------------------------------------------
    def _tick(self) -> None:
        if self._gone():
            return
        if self.mode != "new":
            self.query_one("#call-timers", Static).update(self._stored_times_text())
            return
        now = self.ctx.clock()
        t = self.times
        text = Text()
        text.append(_("Talk {time}").format(time=duration(t.talk_s(now))), style="bold")
        text.append("   " + _("Hold {time}").format(time=duration(t.hold_s(now))))
        if t.on_hold:
            text.append("  " + _("ON HOLD (F8 resumes)"), style="bold")
        text.append("   " + (_("Wrap {time}").format(time=duration(t.wrap_s(now))) if t.ended else _("Wrap —")))
        over = bool(t.ended and self._wrap_limit is not None and t.wrap_s(now) > self._wrap_limit)
        if over:
            text.append("  " + _("past the {limit} wrap-up limit").format(limit=duration(self._wrap_limit)), style="bold")
            if not self._nudged:
                self._nudged = True
                self.app.notify(_("Wrap-up is past the {limit} limit: save the call (Ctrl+S) to get back to ready.").format(
                    limit=duration(self._wrap_limit)), title=_("Wrap-up"), severity="warning", timeout=10, markup=False)
        timers = self.query_one("#call-timers", Static)
        timers.update(text)
        timers.set_class(t.on_hold, "-hold")
        timers.set_class(over, "-over")

    def _stored_times_text(self) -> Text:
        call = self._correct or {}
        return Text(_("Talk {talk}   Hold {hold}   Wrap {wrap} (as saved)").format(
            talk=duration(call.get("talk_s")), hold=duration(call.get("hold_s")), wrap=duration(call.get("wrap_s"))))

    def check_action(self, action: str, parameters) -> bool | None:
        if action in ("hold", "end_call"):
            if self.mode != "new":
                return None  # shown greyed: a saved call's times are not re-timed
            if action == "hold" and self.times.ended:
                return None
        return True

    def action_hold(self) -> None:
        if self.mode != "new" or self.finished:
            return
        self.times.toggle_hold(self.ctx.clock())
        self._tick()
        self._save_draft_now()

    def action_end_call(self) -> None:
        if self.mode != "new" or self.finished or self.times.ended:
            return
        self.times.end(self.ctx.clock())
        self._tick()
        self.refresh_bindings()
        self._save_draft_now()
        self._set_auto_status("wrap-up", frozenset({"on-call"}))

    # -- status follows the call ------------------------------------------------
    def _set_auto_status(self, status: str, only_if: frozenset[str] | None) -> None:
        self._status_worker(status, only_if, next(_status_tickets))

    @work(thread=True, group="call-status", exit_on_error=False)
    def _status_worker(self, status: str, only_if, ticket: int) -> None:
        auto_status(self.ctx.store, self.ctx.login, status, only_if, ticket)

    # -- refresh: status line, today's calls, missed rings --------------------------
    def reload(self) -> None:
        if self._gone():
            return
        self._load_day()
        if self.pinned or self._value("number").strip():
            self._lookup(self._value("number"), self.pinned)

    @work(thread=True, exclusive=True, group="call-day", exit_on_error=False)
    def _load_day(self) -> None:
        store, login, now = self.ctx.store, self.ctx.login, self.ctx.clock()
        desk = desk_store.desk_status(store, login, now)
        start, _end = day_bounds(now, ZoneInfo(desk.zone))
        today = calls_store.my_calls_today(store, login, now)
        missed = rings.missed_rings(store, login, start)
        limit = status_limits(store, login)
        if not get_current_worker().is_cancelled:
            self.post_message(self.DayLoaded(desk, today, missed, limit))

    def on_call_screen_day_loaded(self, message: DayLoaded) -> None:
        if self._gone():
            return
        self.show_status(message.desk)
        self._zone, self._today = ZoneInfo(message.desk.zone), date.fromisoformat(message.desk.today)
        self._wrap_limit = message.limits["wrap-up"]
        self._show_title()
        table = self.query_one("#today-calls", DataTable)
        keep = table.coordinate_to_cell_key(table.cursor_coordinate).row_key if table.row_count else None
        table.clear()
        for call in message.calls:
            who = call["customer_name"] or call["phone_raw"] or call["phone_e164"] or "—"
            table.add_row(
                local_time(call["started_at"], self._zone, self._today), user_text(who),
                Text(category_label(call["category"])), Text(outcome_label(call["outcome"])),
                Text(duration(call["handle_s"]), justify="right"), user_text((call["notes"] or "").split("\n", 1)[0]),
                key=str(call["id"]),
            )
        if keep is not None and keep in table.rows:
            table.move_cursor(row=table.get_row_index(keep), animate=False)
        line = self.query_one("#missed-rings", Static)
        if message.missed:
            shown = ", ".join(f"{clean(r['number_raw']) or '—'} {local_time(r['created_at'], self._zone, self._today)}"
                              for r in message.missed[:6])
            line.update(Text(_("Missed rings today ({n}): {rings}").format(n=len(message.missed), rings=shown)))
        line.display = bool(message.missed)
        if self.mode == "new":
            self._tick()

    # -- correction of a saved call ---------------------------------------------
    @on(DataTable.RowSelected, "#today-calls")
    def _reopen(self, event: DataTable.RowSelected) -> None:
        self._load_call(int(event.row_key.value))

    @work(thread=True, exclusive=True, group="call-load", exit_on_error=False)
    def _load_call(self, call_id: int) -> None:
        call = calls_store.get_call(self.ctx.store, self.ctx.login, call_id)
        self.post_message(self.CallLoaded(call))

    def on_call_screen_call_loaded(self, message: CallLoaded) -> None:
        self.app.push_screen(CallScreen(self.ctx, correct=message.call))

    # -- save ---------------------------------------------------------------
    def _show_error(self, text: str, field: str | None) -> None:
        self.query_one("#form-error", Static).update(Text(text))
        selector = FIELD_WIDGETS.get(field or "")
        if selector:
            widget = self.query_one(selector)
            if widget.display and widget.parent.display:
                widget.focus()

    def _clear_error(self) -> None:
        error = self.query_one("#form-error", Static)
        if str(error.render()):
            error.update("")

    def _precheck(self, form: dict) -> tuple[str, str] | None:
        """The form's own checks, each naming the field and the fix; the store checks the rest."""
        if not form["category"]:
            return "category", _("Category: not chosen. Press one of the letters shown on the Category row (c consultation, o order, …) or Alt+letter.")
        if not form["outcome"]:
            return "outcome", _("Outcome: not chosen. Press one of the letters shown on the Outcome row (r resolved, k callback needed, …) or Alt+letter.")
        if form["outcome"].startswith("escalated-") and not form["esc_reason"].strip():
            return "escalation_reason", _("Escalation reason: empty. Say why the call was escalated.")
        if self.mode == "new" and form["outcome"] == "callback-needed" and not form["due"].strip():
            return "due", _("Call back at: empty. Type when to call back, e.g. {examples}.").format(examples=DUE_EXAMPLES)
        return None

    def action_save(self) -> None:
        if self.finished:
            return
        form = self.snapshot()
        problem = self._precheck(form)
        if problem:
            self._show_error(problem[1], problem[0])
            return
        fields = {
            "direction": form["direction"], "channel": form["channel"], "category": form["category"],
            "outcome": form["outcome"], "notes": form["notes"], "order_no": form["order_no"],
            "waybill_no": form["waybill_no"], "amount_due": form["amount_due"],
            "escalation_reason": form["esc_reason"] if form["outcome"].startswith("escalated-") else None,
        }
        if self.mode == "correct":
            call = self._correct
            if form["number"] != (call.get("phone_raw") or call.get("phone_e164") or ""):
                fields["number"] = form["number"]
            if self.pinned != call.get("customer_id"):
                fields["customer_id"] = self.pinned
            self._save_correction(call["id"], fields)
            return
        fields.update(self.times.final(self.ctx.clock()))
        fields.update(number=form["number"], customer_id=self.pinned, callback_id=self.callback_id, uniqueid=self.uniqueid)
        new_customer = None
        if self.query_one("#new-customer").display and form["nc_name"].strip():
            new_customer = {"name": form["nc_name"], "company": form["nc_company"], "city": form["nc_city"]}
        callback = None
        if form["outcome"] == "callback-needed":
            callback = {"due": form["due"], "owner": form["cb_owner"] or "me"}
        self._save_new(fields, new_customer, callback)

    @work(thread=True, group="call-save", exit_on_error=False)
    def _save_new(self, fields: dict, new_customer: dict | None, callback: dict | None) -> None:
        with self._write_lock:
            if self.finished:
                return
            try:
                call_id = calls_store.log_call(self.ctx.store, self.ctx.login, new_customer=new_customer,
                                               callback=callback, clear_draft=True, **fields)
            except StoreError as error:
                self.post_message(self.SaveRefused(error))
                return
            self.finished = True
        # the status first, so the screens refreshed on leaving show it
        auto_status(self.ctx.store, self.ctx.login, "ready", frozenset({"on-call", "wrap-up"}), next(_status_tickets))
        self.post_message(self.Saved(call_id))

    @work(thread=True, group="call-save", exit_on_error=False)
    def _save_correction(self, call_id: int, fields: dict) -> None:
        try:
            changed = calls_store.update_call(self.ctx.store, self.ctx.login, call_id, **fields)
        except StoreError as error:
            self.post_message(self.SaveRefused(error))
            return
        self.finished = True
        self.post_message(self.Saved(call_id, bool(changed)))

    def on_call_screen_save_refused(self, message: SaveRefused) -> None:
        if self._gone():
            return
        error = message.error
        self._show_error(failure_sentence(error), error.field if isinstance(error, ValidationError) else None)

    def on_call_screen_saved(self, message: Saved) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
        if self.mode == "correct":
            text = (_("Call #{id} corrected.") if message.changed else _("Call #{id}: nothing changed.")).format(id=message.call_id)
        else:
            text = _("Call #{id} saved.").format(id=message.call_id)
        self.app.notify(text, title=_("Call"), timeout=4, markup=False)
        self._leave()

    def _leave(self) -> None:
        if self.app.screen is self:
            self.app.pop_screen()
        runtime = getattr(self.app, "desk_runtime", None)
        if runtime is not None and self.mode == "new":
            runtime.check_rings()  # rings wait while a call is open

    # -- leaving without saving ---------------------------------------------------
    def action_close_form(self) -> None:
        if self.finished:
            return
        if not self.dirty:
            self._discard()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self._discard()

        question = _("Discard this call? What you typed is lost.") if self.mode == "new" else _("Discard your corrections?")
        self.app.push_screen(ConfirmDiscard(question), answered)

    def _discard(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
        if self.mode == "new":
            self._drop_draft()  # leaves when the draft is gone and the status is back
        else:
            self.finished = True
            self._leave()

    @work(thread=True, group="call-save", exit_on_error=False)
    def _drop_draft(self) -> None:
        with self._write_lock:
            self.finished = True
            drafts.discard_draft(self.ctx.store, self.ctx.login)
        auto_status(self.ctx.store, self.ctx.login, "ready", frozenset({"on-call", "wrap-up"}), next(_status_tickets))
        self.app.call_from_thread(self._leave)


def active_call_form(app) -> CallScreen | None:
    """The new-call form on the stack that is neither saved nor discarded."""
    return next((s for s in app.screen_stack if isinstance(s, CallScreen) and s.mode == "new" and not s.finished), None)


def open_call_screen(app, number: str | None = None, customer_id: int | None = None, callback_id: int | None = None,
                     ring: dict | None = None, draft: dict | None = None) -> CallScreen:
    """Show the call form prefilled; a form already open comes back to the top (filled if it has no caller)."""
    existing = active_call_form(app)
    if existing is not None:
        while app.screen is not existing and len(app.screen_stack) > 1:
            app.pop_screen()
        if not existing.fill_if_empty(number, customer_id, callback_id):
            app.notify(_("A call is in progress: save it (Ctrl+S) or discard it (Escape) before starting another."),
                       title=_("Call"), severity="warning", timeout=8, markup=False)
        return existing
    screen = CallScreen(app.ctx, number=number, customer_id=customer_id, callback_id=callback_id, ring=ring, draft=draft)
    app.push_screen(screen)
    return screen
