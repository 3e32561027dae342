"""Widgets only the call form uses: one-key choice bars, the caller's card, the discard question."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from screens.case_rows import case_line
from screens.labels import category_label, channel_label, customer_status_label, direction_label, outcome_label
from screens.widgets.paint_hold import HoldingInput
from store.caller_card_records import CallerCard
from tui.format import NONE, SEP, LocalTime, clean
from tui.i18n import _

# One key per choice, shown on screen. Category and outcome letters are all
# different, so Alt+letter picks either from anywhere on the form.
CATEGORY_KEYS = (
    ("consultation", "c"), ("order", "o"), ("complaint", "p"), ("after-sales", "a"),
    ("shipping", "s"), ("billing", "b"), ("feedback", "f"), ("return-visit", "v"),
)
OUTCOME_KEYS = (
    ("resolved", "r"), ("escalated-tech", "t"), ("escalated-sales", "l"), ("escalated-manager", "m"),
    ("callback-needed", "k"), ("transferred", "x"), ("no-answer", "n"), ("wrong-number", "w"),
)
DIRECTION_KEYS = (("in", "i"), ("out", "o"))
CHANNEL_KEYS = (("phone", "p"), ("walk-in", "w"), ("wechat", "c"), ("email", "e"))
OWNER_KEYS = (("me", "m"), ("pool", "a"))


def owner_label(slug: str) -> str:
    return {"me": _("me"), "pool": _("anyone (pool)")}.get(slug, slug)


class ChoiceBar(Static, can_focus=True):
    """A row of choices, each picked with the one key shown beside it while the bar has focus.

    Subclasses list (slug, key) in CHOICES and bind each key to `pick('slug')`.
    """

    CHOICES: tuple[tuple[str, str], ...] = ()
    DIGITS = False  # 1, 2, 3 ... pick too (screens.call_widgets._bindings)
    BINDINGS = [
        Binding("right", "step(1)", show=False),
        Binding("left", "step(-1)", show=False),
        Binding("backspace,delete", "pick('')", show=False),
    ]
    DEFAULT_CSS = """
    ChoiceBar { height: auto; width: 1fr; padding: 0 1; }
    ChoiceBar:focus { background: $boost; }
    """

    value: reactive[str] = reactive("", init=False)

    class Picked(Message):
        def __init__(self, bar: ChoiceBar, value: str, advance: bool = True) -> None:
            super().__init__()
            self.bar = bar
            self.value = value
            self.advance = advance  # a key picked it: the form moves on; arrows only change it

        @property
        def control(self) -> ChoiceBar:
            return self.bar

    class Unmatched(Message):
        """A key that picks nothing on this row (and is no other key of the screen): the form says so."""

        def __init__(self, bar: ChoiceBar, character: str) -> None:
            super().__init__()
            self.bar = bar
            self.character = character

    def __init__(self, caption: str, value: str = "", **kwargs) -> None:
        super().__init__("", markup=False, **kwargs)
        self.caption = caption
        self.set_reactive(ChoiceBar.value, value)

    def label(self, slug: str) -> str:
        return slug

    def on_mount(self) -> None:
        self._paint()

    def watch_value(self) -> None:
        self._paint()

    def on_focus(self) -> None:
        self._paint()

    def on_blur(self) -> None:
        self._paint()

    def _paint(self) -> None:
        text = Text(self.caption + ": ", style="bold")
        for slug, key in self.CHOICES:
            chosen = slug == self.value
            text.append(f"{key}", style="bold reverse" if chosen else "bold underline")
            text.append(" " + self.label(slug), style="reverse" if chosen else "")
            text.append("  ")
        self.update(text)

    def action_pick(self, slug: str) -> None:
        self.choose(slug, user=True, advance=True)

    def on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character and event.key not in self.screen.active_bindings:
            self.post_message(self.Unmatched(self, event.character))

    def keys_text(self) -> str:
        """The keys this row takes, as the hint names them: 'c o p a s b f v or 1-8'."""
        letters = " ".join(key for _slug, key in self.CHOICES)
        return _("{letters} or 1-{n}").format(letters=letters, n=len(self.CHOICES)) if self.DIGITS else letters

    def choose(self, slug: str, user: bool = False, advance: bool = True) -> None:
        if slug and slug not in {s for s, _k in self.CHOICES}:
            return
        self.value = slug
        if user:
            self.post_message(self.Picked(self, slug, advance=advance and bool(slug)))

    def action_step(self, delta: int) -> None:
        slugs = [s for s, _k in self.CHOICES]
        index = slugs.index(self.value) if self.value in slugs else -1
        self.choose(slugs[(index + delta) % len(slugs)], user=True, advance=False)


def _bindings(choices, digits: bool = False) -> list[Binding]:
    """Each choice's letter; with `digits`, also 1, 2, 3 ... in the order the row lists them
    (a Chinese input method switched on for the notes sends letters to its composition window)."""
    keys = [Binding(key, f"pick('{slug}')", show=False) for slug, key in choices]
    if digits:
        keys += [Binding(str(n), f"pick('{slug}')", show=False) for n, (slug, _key) in enumerate(choices, 1)]
    return keys


class NumberInput(HoldingInput):
    """The call form's number: Down goes into the customers offered for what was typed."""

    BINDINGS = [Binding("down", "to_candidates", show=False)]

    class ToCandidates(Message):
        pass

    def action_to_candidates(self) -> None:
        self.post_message(self.ToCandidates())


class CategoryChoice(ChoiceBar):
    CHOICES = CATEGORY_KEYS
    DIGITS = True
    BINDINGS = _bindings(CATEGORY_KEYS, digits=DIGITS)

    def label(self, slug: str) -> str:
        return category_label(slug)


class OutcomeChoice(ChoiceBar):
    CHOICES = OUTCOME_KEYS
    DIGITS = True
    BINDINGS = _bindings(OUTCOME_KEYS, digits=DIGITS)

    def label(self, slug: str) -> str:
        return outcome_label(slug)


class DirectionChoice(ChoiceBar):
    CHOICES = DIRECTION_KEYS
    BINDINGS = _bindings(DIRECTION_KEYS)

    def label(self, slug: str) -> str:
        return direction_label(slug)


class ChannelChoice(ChoiceBar):
    CHOICES = CHANNEL_KEYS
    BINDINGS = _bindings(CHANNEL_KEYS)

    def label(self, slug: str) -> str:
        return channel_label(slug)


class OwnerChoice(ChoiceBar):
    CHOICES = OWNER_KEYS
    BINDINGS = _bindings(OWNER_KEYS)

    def label(self, slug: str) -> str:
        return owner_label(slug)


# -- the caller's card ------------------------------------------------------------
def _line(*parts, style: str = "") -> Text:
    text = Text(style=style)
    for part in parts:
        if isinstance(part, Text):
            text.append_text(part)
        else:
            text.append(str(part))
    return text


def card_text(card: CallerCard, when: LocalTime, cases: tuple = (), case_note: str = "") -> Text:
    """The card as Rich Text; every piece of user text is cleaned and never parsed as markup. `cases`: the
    customer's open cases (store.case_records.Case), `case_note` what the call form does with them."""
    out = Text()
    out.append(clean(card.name) or NONE, style="bold")
    if card.do_not_call:
        out.append("  ")
        out.append(_(" DO NOT CALL "), style="bold reverse red")
    out.append("\n")
    details = [clean(card.company), clean(card.city), customer_status_label(card.status) if card.status else ""]
    out.append(SEP.join(d for d in details if d) + "\n", style="dim")
    out.append(_("Phones") + ":", style="bold")
    # one number a line: a number is never broken across lines, however narrow the card
    out.append("".join("\n  " + when.phone(p.e164) + (" *" if p.main else "") for p in card.phones) or " " + NONE)
    out.append("\n")
    count = card.open_callbacks_count
    out.append(_("Open callbacks ({n})").format(n=count) + "\n", style="bold yellow" if count else "bold")
    for cb in card.open_callbacks:
        owner = cb.owner or _("pool")
        out.append(f"  {when.short(cb.due_at)} {clean(cb.reason)[:40]} ({clean(owner)})\n")
    count = card.open_complaints_count
    out.append(_("Open complaints ({n})").format(n=count) + "\n", style="bold red" if count else "bold")
    for c in card.open_complaints:
        out.append(f"  {when.short(c.started_at)} {outcome_label(c.outcome)} {clean(c.notes)[:30]}\n")
    if cases:
        out.append(_("Open cases ({n})").format(n=len(cases)) + "\n", style="bold red")
        for case in cases[:3]:
            out.append("  " + case_line(case, when) + "\n")
    if case_note:
        out.append(case_note + "\n", style="bold")
    out.append(_("Last contacts") + "\n", style="bold")
    if not card.last_contacts:
        out.append("  " + _("none yet") + "\n", style="dim")
    for c in card.last_contacts:
        out.append(
            f"  {when.dated(c.started_at)} {category_label(c.category)}{SEP}"
            f"{outcome_label(c.outcome)} ({clean(c.agent)})\n"
        )
    out.rstrip()
    return out


class CustomerCard(Static):
    """The pop-up card beside the form. `paints` counts renders, for the latency bench."""

    DEFAULT_CSS = """
    CustomerCard { width: 42%; max-width: 56; min-width: 30; height: auto; min-height: 5; border: round $primary; padding: 0 1; }
    CustomerCard.-known { border: round $success; }
    CustomerCard.-dnc { border: round $error; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__("", markup=False, **kwargs)
        self.card: CallerCard | None = None
        self.border_title = _("Customer")

    def show_card(self, card: CallerCard, when: LocalTime, cases: tuple = (), case_note: str = "") -> None:
        self.card = card
        self.update(card_text(card, when, cases, case_note))
        self.set_class(True, "-known")
        self.set_class(card.do_not_call, "-dnc")

    def show_text(self, text: str) -> None:
        self.card = None
        self.update(Text(text))
        self.set_class(False, "-known")
        self.set_class(False, "-dnc")


# -- "discard this call?" -------------------------------------------------------------
