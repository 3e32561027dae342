"""One call shown whole (Enter on a call in the card's history): every field and the full note, literally."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from screens.labels import category_label, channel_label, direction_label, escalation_target_label, outcome_label
from store.customer_card_records import CustomerCall
from tui.format import LocalTime, clean, duration
from tui.i18n import N_, _


class CallDetail(ModalScreen[None]):
    """One call, whole: every field and the full note, shown literally."""

    DEFAULT_CSS = """
    CallDetail { align: center middle; }
    CallDetail #call-box { width: 90; max-width: 95%; height: auto; max-height: 90%; border: round $primary; padding: 1 2; background: $surface; }
    CallDetail #call-title { text-style: bold; margin-bottom: 1; }
    """
    BINDINGS = [Binding("escape,enter", "close", N_("Close"), id="back")]

    @classmethod
    def of(cls, call: CustomerCall, when: LocalTime) -> CallDetail:
        """A call as store.customers.customer_call returns it."""
        lines = [
            (_("Started"), when.full(call.started_at, seconds=True)),
            (_("Agent"), f"{call.agent_name} ({call.agent})"),
            (_("Direction"), direction_label(call.direction)), (_("Channel"), channel_label(call.channel)),
            (_("Category"), category_label(call.category)), (_("Outcome"), outcome_label(call.outcome)),
            (_("Talk / hold / wrap-up"), " / ".join(duration(s) for s in (call.talk_s, call.hold_s, call.wrap_s))),
            (_("Handle time"), duration(call.handle_s)),
        ]
        for key, label in (("phone_raw", _("Number")), ("order_no", _("Order")), ("waybill_no", _("Waybill")),
                           ("escalation_target", _("Escalated to")), ("escalation_reason", _("Escalation reason")),
                           ("recording_url", _("Recording"))):
            if value := getattr(call, key):
                lines.append((label, escalation_target_label(value) if key == "escalation_target" else str(value)))
        return cls(_("Call #{id}").format(id=call.id), lines, call.notes)

    def __init__(self, title: str, lines: list[tuple[str, str]], notes: str) -> None:
        super().__init__()
        self._title = title
        self._lines = lines
        self._notes = notes

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="call-box"):
            yield Label(Text(self._title), id="call-title")
            body = Text()
            for label, value in self._lines:
                body.append(f"{label}: ", style="bold")
                body.append(clean(value) + "\n")
            body.append(_("Notes") + ":\n", style="bold")
            # multi-line notes keep their lines; other control characters (escapes) are dropped
            body.append("\n".join(clean(line) for line in (self._notes or "").split("\n")))
            yield Static(body, id="call-body")

    def action_close(self) -> None:
        self.dismiss(None)
