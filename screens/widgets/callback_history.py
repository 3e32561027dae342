"""What happened to one callback, oldest first (`h` in the callback queue)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from screens.labels import attempt_result_label, callback_event_label
from store.callback_records import Callback
from tui.format import SEP, LocalTime, clean
from tui.i18n import N_, _


class HistoryModal(ModalScreen[None]):
    """What happened to one callback, oldest first."""

    DEFAULT_CSS = """
    HistoryModal { align: center middle; }
    HistoryModal #cbh-box { width: 90; max-width: 95%; height: auto; max-height: 85%; border: round $accent; padding: 1 2; background: $surface; }
    HistoryModal #cbh-title { text-style: bold; margin-bottom: 1; }
    HistoryModal #cbh-body { height: auto; max-height: 24; }
    HistoryModal #cbh-hint { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [Binding("escape,h", "close", N_("Close"), id="back")]

    def __init__(self, callback: Callback, when: LocalTime) -> None:
        super().__init__()
        self.callback = callback
        self.when = when

    def compose(self) -> ComposeResult:
        cb = self.callback
        title = Text(_("Callback #{id}: history").format(id=cb.id))
        who = cb.customer_name or cb.phone_e164 or ""
        if who:
            title.append(SEP + clean(who))
        with Vertical(id="cbh-box"):
            yield Label(title, id="cbh-title")
            with VerticalScroll(id="cbh-body"):
                yield Static(self._lines(), id="cbh-lines")
            yield Label(_("Escape closes"), id="cbh-hint")

    def _lines(self) -> Text:
        text = Text()
        for h in self.callback.history:
            text.append(self.when.short(h.at) + "  ", style="bold")
            text.append(callback_event_label(h.event))
            if h.event == "attempt":
                result, _sep, note = (h.note or "").partition(": ")
                text.append(": " + attempt_result_label(result) + (f" ({clean(note)})" if note else ""))
            elif h.event in ("claimed", "released", "reassigned", "grace-moved", "created"):
                if h.from_owner or h.event in ("released", "grace-moved"):
                    text.append(" " + _("from {who}").format(who=h.from_owner or _("the pool")))
                if h.event not in ("released", "claimed") and (h.to_owner or h.event in ("reassigned", "grace-moved")):
                    text.append(" " + _("to {who}").format(who=h.to_owner or _("the pool")))
                if h.event == "grace-moved" and h.note:
                    text.append(f" ({clean(h.note)})")
            elif h.note:
                text.append(": " + clean(h.note))
            if h.due_at:
                text.append(" " + _("due {time}").format(time=self.when.short(h.due_at)))
            text.append(SEP + clean(h.actor), style="dim")
            text.append("\n")
        return text

    def action_close(self) -> None:
        self.dismiss(None)
