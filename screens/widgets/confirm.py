"""One question before something that cannot be taken back: what will happen to what, and the
answers, each on one key. Enter gives the first answer; Escape backs out.

`Choose` dismisses with the chosen answer's value (Escape: `escape_value`); `Confirm` is the common
case of one answer on Enter, dismissing True, or False on Escape. A key that is no answer is
ignored, so keys typed ahead of the question never choose for the agent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui.i18n import N_, _


@dataclass(frozen=True)
class Answer:
    key: str  # a Textual key name: "enter", "d"
    words: str  # shown as the key's line, translated: "Enter: save"
    value: Any


class Choose(ModalScreen[Any]):
    DEFAULT_CSS = """
    Choose { align: center middle; }
    Choose #confirm-box { width: 72; max-width: 95%; height: auto; border: round $warning; background: $surface;
                          padding: 1 2; }
    Choose #confirm-question { text-style: bold; }
    Choose #confirm-detail { margin-top: 1; }
    Choose #confirm-keys { margin-top: 1; color: $text-muted; }
    """
    BINDINGS = [Binding("escape", "back", N_("Back"), id="back")]

    def __init__(self, question: str, detail: str, answers: list[Answer], escape_words: str | None = None,
                 escape_value: Any = None) -> None:
        super().__init__()
        self.question, self.detail, self.answers = question, detail, answers
        self.escape_words = escape_words or _("Escape: back")
        self.escape_value = escape_value

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Label(Text(self.question), id="confirm-question")
            if self.detail:
                yield Static(Text(self.detail), id="confirm-detail")
            shown = [a.words for a in self.answers if a.words] + [self.escape_words]
            # two answers and Escape do not fit one line of the box: one a line, none cut off
            yield Label(Text(("    " if len(shown) <= 2 else "\n").join(shown)), id="confirm-keys")

    def on_key(self, event: events.Key) -> None:
        for answer in self.answers:
            if event.key == answer.key:
                event.stop()
                event.prevent_default()
                self.dismiss(answer.value)
                return

    def action_back(self) -> None:
        self.dismiss(self.escape_value)


class Confirm(Choose):
    def __init__(self, question: str, detail: str = "", go_on: str | None = None) -> None:
        super().__init__(question, detail, [Answer("enter", go_on or _("Enter: go on"), True)], escape_value=False)


class ConfirmDiscard(Choose):
    """Asked when Escape would throw away a form with something typed in it: y discards, n or Escape
    keeps editing."""

    def __init__(self, question: str) -> None:
        super().__init__(question, "", [Answer("y", _("y: discard"), True), Answer("n", "", False)],
                         escape_words=_("n / Esc: keep editing"), escape_value=False)
