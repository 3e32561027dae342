"""One call shown whole (Enter on a call in the card's history): every field and the full note, literally."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui.format import clean
from tui.i18n import _


class CallDetail(ModalScreen[None]):
    """One call, whole: every field and the full note, shown literally."""

    DEFAULT_CSS = """
    CallDetail { align: center middle; }
    CallDetail #call-box { width: 90; max-width: 95%; height: auto; max-height: 90%; border: round $primary; padding: 1 2; background: $surface; }
    CallDetail #call-title { text-style: bold; margin-bottom: 1; }
    """
    BINDINGS = [Binding("escape,enter", "close", _("Close"), id="back")]

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
