"""The call form's fields: the number, the customers offered for it, a new customer, the one-key
choice rows, the escalation reason, the callback, the notes and the order details, and the error line.

The form moves the focus itself: Enter on the number goes to the category (whatever the card lookup
has answered so far), a pick on the category goes to the outcome, a pick on the outcome to what that
outcome needs next (the escalation reason, the callback time, else the notes); Down on the number
goes into the customers offered, Enter after a new customer's city to the category. What the screen
around it needs to hear, it posts: `Changed` (save the draft), `NumberChanged` (look the caller up).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from screens.call_widgets import (
    CategoryChoice,
    ChannelChoice,
    ChoiceBar,
    DirectionChoice,
    NumberInput,
    OutcomeChoice,
    OwnerChoice,
)
from screens.labels import escalation_target_label
from screens.widgets.due_hint import due_examples, due_preview
from store.duetime import EXAMPLES as DUE_EXAMPLES
from tui.format import clean, user_text
from tui.i18n import _
from tui.safe_text import editable

# the store's field names -> the widget that holds them (a refusal focuses it)
FIELD_WIDGETS = {
    "number": "#number", "phone": "#number", "customer": "#number", "customer_id": "#number",
    "direction": "#direction", "channel": "#channel", "category": "#category", "outcome": "#outcome",
    "notes": "#notes", "order_no": "#order-no", "waybill_no": "#waybill-no", "amount_due": "#amount-due",
    "escalation_target": "#outcome", "escalation_reason": "#esc-reason", "due": "#due", "owner": "#cb-owner",
    "name": "#nc-name", "company": "#nc-company", "city": "#nc-city",
}
TEXT_BOXES = {"number": "number", "nc_name": "nc-name", "nc_company": "nc-company", "nc_city": "nc-city",
              "esc_reason": "esc-reason", "due": "due", "order_no": "order-no", "waybill_no": "waybill-no",
              "amount_due": "amount-due"}
CHOICE_ROWS = {"direction": "direction", "channel": "channel", "category": "category", "outcome": "outcome",
               "cb_owner": "cb-owner"}


@dataclass(frozen=True)
class CallFormValues:
    """Everything typed into the form, as typed (a draft keeps exactly this)."""

    number: str = ""
    nc_name: str = ""
    nc_company: str = ""
    nc_city: str = ""
    direction: str = "in"
    channel: str = "phone"
    category: str = ""
    outcome: str = ""
    esc_reason: str = ""
    due: str = ""
    cb_owner: str = "me"
    notes: str = ""
    order_no: str = ""
    waybill_no: str = ""
    amount_due: str = ""

    @property
    def escalated(self) -> bool:
        return self.outcome.startswith("escalated-")

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> CallFormValues:
        """A draft's fields (unknown keys ignored, missing ones blank)."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: str(v) for k, v in data.items() if k in known and v is not None})

    def problem(self, callback_allowed: bool) -> tuple[str, str] | None:
        """The form's own checks, each naming the field and the fix; the store checks the rest."""
        if not self.category:
            return "category", _("Category: not chosen. Press one of the letters shown on the Category row (c consultation, o order, ...) or Alt+letter.")
        if not self.outcome:
            return "outcome", _("Outcome: not chosen. Press one of the letters shown on the Outcome row (r resolved, k callback needed, ...) or Alt+letter.")
        if self.escalated and not self.esc_reason.strip():
            return "escalation_reason", _("Escalation reason: empty. Say why the call was escalated.")
        if callback_allowed and self.outcome == "callback-needed" and not self.due.strip():
            return "due", _("Call back at: empty. Type when to call back, e.g. {examples}.").format(examples=DUE_EXAMPLES)
        return None


def choice_hint() -> str:
    """The line under the rows (a function: read in the desk's language when shown)."""
    return _("The key beside a choice picks it while that row has focus (or 1-8 in the order shown); Alt+key picks a category or outcome from anywhere.")


class CallForm(Vertical):
    """The fields of one call. `callbacks`: the outcome "callback needed" asks when (a new call only)."""

    DEFAULT_CSS = """
    CallForm { height: auto; }
    CallForm .call-row { height: auto; margin-bottom: 1; }
    CallForm .call-caption { width: auto; margin-right: 1; text-style: bold; }
    CallForm .call-row Input { width: 1fr; margin-right: 1; }
    CallForm #number { width: 1fr; }
    CallForm #candidates { height: auto; max-height: 8; display: none; margin-bottom: 1; }
    CallForm #new-customer { height: auto; display: none; border-left: thick $accent; padding-left: 1; margin-bottom: 1; }
    CallForm #escalation, CallForm #callback-box { height: auto; display: none; border-left: thick $warning; padding-left: 1; margin-bottom: 1; }
    CallForm #choice-hint { color: $text-muted; margin-bottom: 1; }
    CallForm #choice-hint.-unmatched { color: $warning; text-style: bold; }
    CallForm #notes { height: 4; margin-bottom: 1; background: $boost; }
    CallForm Input { background: $boost; }
    CallForm #form-error { color: $error; text-style: bold; height: auto; }
    CallForm #due-hint { width: auto; max-width: 40; margin-right: 1; }
    """

    class Changed(Message):
        """Something typed or picked: worth a draft."""

    class NumberChanged(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class CandidatePicked(Message):
        def __init__(self, customer: dict) -> None:
            super().__init__()
            self.customer = customer

    def __init__(self, paint_hold, callbacks: bool, **kwargs) -> None:
        super().__init__(**kwargs)
        self.paint_hold = paint_hold
        self.callbacks = callbacks
        self._candidates: list[dict] = []
        self._hint_timer = None

    def compose(self) -> ComposeResult:
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
        yield Static(choice_hint(), id="choice-hint", markup=False)
        with Vertical(id="escalation"):
            yield Label("", id="esc-target")
            yield Input(placeholder=_("why it was escalated"), id="esc-reason", compact=True)
        with Vertical(id="callback-box"):
            with Horizontal(classes="call-row"):
                yield Label(_("Call back at"), classes="call-caption")
                yield Input(placeholder=DUE_EXAMPLES, id="due", compact=True)
                yield Label("", id="due-hint")
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

    # -- reading and filling --------------------------------------------------------
    def values(self) -> CallFormValues:
        texts = {key: self.query_one(f"#{wid}", Input).value for key, wid in TEXT_BOXES.items()}
        choices = {key: self.query_one(f"#{wid}", ChoiceBar).value for key, wid in CHOICE_ROWS.items()}
        return CallFormValues(**texts, **choices, notes=self.query_one("#notes", TextArea).text)

    def fill(self, values: CallFormValues) -> None:
        """A stored call or a draft into the form, as saving would store it (tui/safe_text.py `editable`)."""
        for key, wid in TEXT_BOXES.items():
            self.query_one(f"#{wid}", Input).value = editable(getattr(values, key))
        for key, wid in CHOICE_ROWS.items():
            if getattr(values, key):
                self.query_one(f"#{wid}", ChoiceBar).choose(getattr(values, key))
        self.query_one("#notes", TextArea).text = editable(values.notes, multiline=True)
        self.show_sections()

    @property
    def number(self) -> str:
        return self.query_one("#number", Input).value

    def set_number(self, text: str) -> None:
        self.query_one("#number", Input).value = text

    # -- what shows ---------------------------------------------------------------------
    def show_sections(self) -> None:
        outcome = self.query_one("#outcome", ChoiceBar).value
        escalated = outcome.startswith("escalated-")
        self.query_one("#escalation").display = escalated
        if escalated:
            self.query_one("#esc-target", Label).update(
                Text(_("Escalated to: {target} (set by the outcome). Reason:").format(
                    target=escalation_target_label(outcome.split("-", 1)[1]))))
        self.query_one("#callback-box").display = outcome == "callback-needed" and self.callbacks

    def show_candidates(self, candidates: list[dict]) -> None:
        self._candidates = candidates
        box = self.query_one("#candidates", OptionList)
        box.clear_options()
        for c in candidates:
            label = user_text(c["name"], style="bold")
            label.append("  " + self.screen.ctx.local().masked(c.get("main_phone")))  # a list: the chosen one fills the form
            if c.get("company"):
                label.append("  " + clean(c["company"]))
            box.add_option(Option(label, id=str(c["id"])))
        box.display = bool(candidates)

    def show_new_customer(self, shown: bool) -> None:
        self.query_one("#new-customer").display = shown

    @property
    def new_customer_shown(self) -> bool:
        return self.query_one("#new-customer").display

    def show_error(self, text: str, field: str | None) -> None:
        self.query_one("#form-error", Static).update(Text(text))
        selector = FIELD_WIDGETS.get(field or "")
        if selector:
            widget = self.query_one(selector)
            if widget.display and widget.parent.display:
                widget.focus()

    def clear_error(self) -> None:
        error = self.query_one("#form-error", Static)
        if str(error.render()):
            error.update("")

    def on_mount(self) -> None:
        if self.callbacks:
            self.query_one("#due", Input).placeholder = due_examples(self.screen.ctx)

    def on_choice_bar_unmatched(self, message: ChoiceBar.Unmatched) -> None:
        """A key that means nothing on a row: the hint line under the rows says so for a moment."""
        hint = self.query_one("#choice-hint", Static)
        hint.update(Text(clean(_("'{key}' picks nothing on {row}: use {keys}.").format(
            key=message.character, row=message.bar.caption, keys=message.bar.keys_text()))))
        hint.add_class("-unmatched")

        def back() -> None:
            hint.update(choice_hint())
            hint.remove_class("-unmatched")

        if self._hint_timer is not None:
            self._hint_timer.stop()
        self._hint_timer = self.set_timer(4, back)

    # -- picks from anywhere (Alt+letter): the focus stays where the agent types --------------
    def pick(self, row: str, slug: str) -> None:
        self.query_one(f"#{row}", ChoiceBar).choose(slug, user=True, advance=False)

    # -- moving on ---------------------------------------------------------------------
    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        if event.input.id == "number":
            self.post_message(self.NumberChanged(event.value))
        elif event.input.id == "due":
            self.query_one("#due-hint", Label).update(due_preview(self.screen.ctx, event.value))
        self.clear_error()
        self.post_message(self.Changed())

    @on(TextArea.Changed)
    def _noted(self) -> None:
        self.post_message(self.Changed())

    @on(ChoiceBar.Picked)
    def _picked(self, event: ChoiceBar.Picked) -> None:
        self.clear_error()
        self.show_sections()
        self.post_message(self.Changed())
        if not event.advance:
            return
        if event.bar.id == "category":
            self.query_one("#outcome").focus()
        elif event.bar.id == "outcome":
            target = "#notes"
            if event.value.startswith("escalated-"):
                target = "#esc-reason"
            elif event.value == "callback-needed" and self.callbacks:
                target = "#due"
            self.query_one(target).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        # Enter on the number always goes to the category: where it goes never depends on whether the
        # card lookup has answered yet, so a number typed ahead with "Enter c r" lands the same way at
        # any speed. The customers offered for an ending or a name are reached with Down, a new
        # customer's name with Tab.
        event.stop()
        if event.input.id in ("number", "nc-city"):
            self.query_one("#category").focus()
        else:
            self.screen.focus_next()

    @on(NumberInput.ToCandidates)
    def _to_candidates(self) -> None:
        """Down on the number: into the customers offered for what was typed."""
        box = self.query_one("#candidates", OptionList)
        if box.display and box.option_count:
            box.focus()
            box.highlighted = 0

    @on(OptionList.OptionSelected, "#candidates")
    def _candidate_chosen(self, event: OptionList.OptionSelected) -> None:
        chosen = next((c for c in self._candidates if str(c["id"]) == event.option.id), None)
        if chosen is not None:
            self.post_message(self.CandidatePicked(chosen))
            self.query_one("#category").focus()
