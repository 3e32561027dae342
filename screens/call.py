"""The call form (F2) beside the caller's card, and the correction of a saved call.

`NewCallScreen` is a call in progress: its timers run, a draft is kept as it changes, the agent's
status follows it, today's calls are listed below. `CallCorrectionScreen` reopens a saved call of
today: no timers, no draft; saved with `store.calls.update_call` (audited). Both show the fields of
screens/call_form.py and look the caller up as the number is typed.

The fastest path for a known caller: F2, the number, Enter (to the category), c (consultation),
r (resolved; focus goes to the notes), the note, Ctrl+S.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Label, Static
from textual.worker import get_current_worker

from screens.base import DeskScreen
from screens.call_form import CallForm, CallFormValues
from screens.call_widgets import CATEGORY_KEYS, OUTCOME_KEYS, CustomerCard
from screens.failures import WorkFailed
from screens.widgets.confirm import ConfirmDiscard
from store.caller_card_records import CallerCard
from store.card import caller_card, lookup_number
from store.card_views import record_call_form_view
from store.cases import customer_open_cases
from store.customers import search_customers
from store.errors import ValidationError
from store.phones import ascii_digits
from tui.i18n import N_, _

CANDIDATES = 8


def wants_candidates(text: str) -> bool:
    """A number's ending (4+ digits) or a name (2+ characters with a letter): offer customers."""
    stripped = text.strip()
    if len(ascii_digits(stripped)) >= 4:
        return True
    return len(stripped) >= 2 and any(ch.isalpha() for ch in stripped)


class CallScreen(DeskScreen):
    """What a new call and a correction share: the form, the card, the lookup, the keys, leaving."""

    WATCHED = frozenset({"calls", "customers", "settings"})
    CALLBACKS = False  # the outcome "callback needed" asks when to call back (a new call only)

    BINDINGS = [
        Binding("ctrl+s,f10", "save", N_("Save"), id="save"),
        Binding("escape", "close_form", N_("Back"), id="back"),
        # priority: an Input or the notes would otherwise take Alt+letter as the letter
        *[Binding(f"alt+{key}", f"pick('category', '{slug}')", show=False, priority=True) for slug, key in CATEGORY_KEYS],
        *[Binding(f"alt+{key}", f"pick('outcome', '{slug}')", show=False, priority=True) for slug, key in OUTCOME_KEYS],
    ]
    DEFAULT_CSS = """
    CallScreen #call-main { height: 1fr; }
    CallScreen #call-scroll { width: 1fr; padding: 0 1; }
    CallScreen #call-title { text-style: bold; }
    CallScreen #call-timers { height: 1; margin-bottom: 1; }
    CallScreen #call-timers.-hold { color: $warning; }
    CallScreen #call-timers.-over { color: $error; text-style: bold; }
    CallScreen #card { margin-right: 1; }
    /* -compact (a terminal under 100 columns or 32 rows): Number, Category, Outcome and Notes stay in
       view together while the note is typed; today's calls show on Ctrl+G */
    CallScreen.-compact #card { width: 32; min-width: 26; }
    CallScreen.-compact #choice-hint { display: none; }
    CallScreen.-compact #choice-hint.-unmatched { display: block; }
    CallScreen.-compact #call-timers { margin-bottom: 0; }
    CallScreen.-compact .call-row { margin-bottom: 0; }
    CallScreen.-compact TodayCalls { display: none; }
    CallScreen.-compact.-today TodayCalls { display: block; height: 50%; }
    """
    COMPACT_BELOW = (100, 32)  # columns, rows

    class CardLoaded(Message):
        def __init__(self, text: str, e164: str | None, card: CallerCard | None, candidates: list[dict],
                     cases: tuple = ()) -> None:
            super().__init__()
            self.text, self.e164, self.card, self.candidates = text, e164, card, candidates
            self.cases = cases  # the caller's open cases (store.case_records.Case), newest first

    def __init__(self, ctx, pinned: int | None = None) -> None:
        super().__init__(ctx)
        self.pinned = pinned  # the customer chosen by hand or given; else the number's owner is the caller
        self.found: int | None = None  # the owner of the typed number
        self.e164: str | None = None
        self._pinned_by_pick = False
        self._blank: CallFormValues | None = None
        self._viewed: set[int] = set()  # the customers whose card this form has shown (each view recorded once)
        self.open_cases: tuple = ()  # the shown caller's open cases

    @property
    def form(self) -> CallForm:
        return self.query_one(CallForm)

    @property
    def finished(self) -> bool:
        """Saved or dropped: nothing more is written."""
        return False

    # -- layout ---------------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        with Horizontal(id="call-main"):
            with VerticalScroll(id="call-scroll"):
                yield Label("", id="call-title")
                yield Static("", id="call-timers")
                yield CallForm(self.paint_hold, self.CALLBACKS, id="call-form")
            yield CustomerCard(id="card")
        yield from self.compose_below()

    def compose_below(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.query_one("#card", CustomerCard).show_text(_("Type the caller's number: their card shows here."))
        self.show_title()
        self.form.query_one("#number").focus()

    def on_resize(self, event) -> None:
        width, height = self.COMPACT_BELOW
        self.set_class(event.size.width < width or event.size.height < height, "-compact")

    def heading(self) -> str:
        raise NotImplementedError

    def show_title(self) -> None:
        self.query_one("#call-title", Label).update(Text(self.heading()))

    def remember_blank(self) -> None:
        """What the form holds now is what Escape may leave without asking."""
        self._blank = self.form.values()

    @property
    def dirty(self) -> bool:
        return self._blank is not None and self.form.values() != self._blank

    def snapshot(self) -> dict:
        return {**self.form.values().as_json(), "pinned": self.pinned}

    # -- the card ---------------------------------------------------------------------
    def on_call_form_number_changed(self, message: CallForm.NumberChanged) -> None:
        if self._pinned_by_pick and message.text.strip():
            self.pinned = None  # typing a number again means the caller is whoever owns it
            self._pinned_by_pick = False
        self.lookup(message.text, self.pinned)

    def lookup(self, text: str, pinned: int | None) -> None:
        self._lookup(text, pinned)

    @work(thread=True, exclusive=True, group="lookup", exit_on_error=False)
    def _lookup(self, text: str, pinned: int | None) -> None:
        store, login = self.ctx.store, self.ctx.login
        card, e164, candidates = None, None, []
        if pinned:
            card = caller_card(store, login, pinned)
        if text.strip():
            found = lookup_number(store, login, text)
            e164 = found.e164
            if not pinned:
                card = found.card
            if card is None and wants_candidates(text):
                candidates = search_customers(store, login, text, CANDIDATES)
        if card is not None and card.id not in self._viewed:
            self._viewed.add(card.id)  # the caller's card is a card view: recorded (audited, counted) once
            record_call_form_view(store, login, card.id, text)
        cases = customer_open_cases(store, login, card.id) if card is not None else ()
        if not get_current_worker().is_cancelled:
            self.post_message(self.CardLoaded(text, e164, card, candidates, cases))

    def on_call_screen_card_loaded(self, message: CardLoaded) -> None:
        if not self.is_attached or message.text != self.form.number:
            return  # typed on since: a newer lookup is coming
        self.e164 = message.e164
        card_widget = self.query_one("#card", CustomerCard)
        self.found = message.card.id if message.card and not self.pinned else None
        self.open_cases = message.cases if message.card else ()
        if message.card:
            card_widget.show_card(message.card, self.ctx.local(), message.cases, self.case_note())
        elif message.e164:
            card_widget.show_text(_("No customer has {number}.").format(number=self.ctx.local().phone(message.e164)))
        elif message.text.strip():
            card_widget.show_text(_("No match yet: keep typing the number, or pick a customer below."))
        else:
            card_widget.show_text(_("Type the caller's number: their card shows here."))
        self.form.show_candidates(message.candidates)
        self.form.show_new_customer(bool(self.CALLBACKS and message.e164 and not message.card and not self.pinned))
        self.paint_hold.release_after(card_widget)  # the typed key and this card in one frame

    def case_note(self) -> str:
        """What this form does with the caller's open cases, said under them in the card (a new call's)."""
        return ""

    def show_case_note(self) -> None:
        card_widget = self.query_one("#card", CustomerCard)
        if card_widget.card is not None:
            card_widget.show_card(card_widget.card, self.ctx.local(), self.open_cases, self.case_note())

    def on_call_form_candidate_picked(self, message: CallForm.CandidatePicked) -> None:
        chosen = message.customer
        if any(ch.isalpha() for ch in self.form.number) or not chosen.get("main_phone"):
            # a name was typed: the caller is this customer; the number stays empty
            self.pinned = chosen["id"]
            self._pinned_by_pick = True
            self.form.set_number("")
        else:  # the digits were the end of their number: the number is theirs
            self.pinned = None
            self.form.set_number(chosen["main_phone"])
        self.lookup(self.form.number, self.pinned)

    def action_pick(self, row: str, slug: str) -> None:
        """Alt+letter: picks a category or outcome from anywhere; the focus stays where the agent types."""
        self.form.pick(row, slug)

    # -- saving ---------------------------------------------------------------------------
    def action_save(self) -> None:
        if self.finished:
            return
        values = self.form.values()
        problem = values.problem(self.CALLBACKS)
        if problem:
            self.form.show_error(problem[1], problem[0])
            return
        self.submit(values)

    def submit(self, values: CallFormValues) -> None:
        raise NotImplementedError

    def call_fields(self, values: CallFormValues) -> dict:
        """The form's values as the store's call fields."""
        return {
            "direction": values.direction, "channel": values.channel, "category": values.category,
            "outcome": values.outcome, "notes": values.notes, "order_no": values.order_no,
            "waybill_no": values.waybill_no, "amount_due": values.amount_due,
            "escalation_reason": values.esc_reason if values.escalated else None,
        }

    def on_work_failed(self, message: WorkFailed) -> None:
        if message.group == "call-save" and self.is_attached:
            message.stop()  # a refusal stays on the form, beside what was typed
            error = message.error
            self.form.show_error(message.sentence, error.field if isinstance(error, ValidationError) else None)

    # -- leaving -------------------------------------------------------------------------
    def action_close_form(self) -> None:
        if self.finished:
            return
        if not self.dirty:
            self.discard()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.discard()

        self.app.push_screen(ConfirmDiscard(self.discard_question()), answered)

    def request_leave(self, then) -> None:
        """Taken away by an F-key or the home key: a form with changes asks, as Escape does."""
        if self.finished or not self.dirty:
            then()
            return
        self.app.push_screen(ConfirmDiscard(self.discard_question()), lambda discard: discard and then())

    def discard_question(self) -> str:
        raise NotImplementedError

    def discard(self) -> None:
        raise NotImplementedError

    def leave(self) -> None:
        if self.app.screen is self:
            self.app.pop_screen()
