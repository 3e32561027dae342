"""One question before something that cannot be taken back: what will happen to what, Enter to go on,
Escape to back out. It dismisses True or False."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui.i18n import N_, _


class Confirm(ModalScreen[bool]):
    DEFAULT_CSS = """
    Confirm { align: center middle; }
    Confirm #confirm-box { width: 72; max-width: 95%; height: auto; border: round $warning; background: $surface;
                           padding: 1 2; }
    Confirm #confirm-question { text-style: bold; }
    Confirm #confirm-detail { margin-top: 1; }
    Confirm #confirm-keys { margin-top: 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("enter", "answer(True)", N_("Go on"), id="confirm.yes", priority=True),
        Binding("escape", "answer(False)", N_("Back"), id="back"),
    ]

    def __init__(self, question: str, detail: str = "", go_on: str | None = None) -> None:
        super().__init__()
        self.question, self.detail = question, detail
        self.go_on = go_on or _("Enter: go on")

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Label(Text(self.question), id="confirm-question")
            if self.detail:
                yield Static(Text(self.detail), id="confirm-detail")
            yield Label(Text(f"{self.go_on}    " + _("Escape: back")), id="confirm-keys")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)
