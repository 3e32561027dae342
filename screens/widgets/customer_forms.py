"""Small typed modals of the lookup and the card: a form that saves through a store function.

The save runs in a thread worker; a StoreError stays in the modal as a sentence under the
form and focuses the field it names; success dismisses with the store function's result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static
from textual.worker import Worker, WorkerState

from screens.base import failure_sentence
from store.errors import ValidationError
from tui.format import clean
from tui.i18n import _


@dataclass
class Field:
    key: str
    label: str
    value: str = ""
    options: list[tuple[str, str]] | None = None  # (shown, value): a Select instead of an Input
    placeholder: str = ""
    aliases: tuple[str, ...] = field(default_factory=tuple)  # ValidationError field names that mean this one


class FormModal(ModalScreen[Any]):
    """A titled form; `save(values)` runs in a worker and its result is dismissed."""

    DEFAULT_CSS = """
    FormModal { align: center middle; }
    FormModal #form-box { width: 70; max-width: 95%; height: auto; border: round $primary; padding: 1 2; background: $surface; }
    FormModal #form-title { text-style: bold; margin-bottom: 1; }
    FormModal .form-label { margin-top: 1; }
    FormModal #form-error { color: $error; margin-top: 1; }
    FormModal #form-hint { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [
        Binding("ctrl+s,f10", "save", _("Save"), id="save", priority=True),
        Binding("escape", "cancel", _("Cancel"), id="back"),
    ]

    def __init__(self, title: str, fields: list[Field], save: Callable[[dict], Any], intro: str = "") -> None:
        super().__init__()
        self._title = title
        self._fields = fields
        self._save = save
        self._intro = intro

    def compose(self) -> ComposeResult:
        with Vertical(id="form-box"):
            yield Label(Text(self._title), id="form-title")
            if self._intro:
                yield Static(Text(self._intro), id="form-intro")
            for f in self._fields:
                yield Label(f.label, classes="form-label")
                if f.options is not None:
                    yield Select(f.options, value=f.value or f.options[0][1], allow_blank=False, id=f"f-{f.key}")
                else:
                    yield Input(f.value, placeholder=f.placeholder, id=f"f-{f.key}")
            yield Static("", id="form-error", markup=False)
            yield Label(_("Ctrl+S or F10 saves, Escape cancels"), id="form-hint")

    def on_mount(self) -> None:
        if not getattr(self.app, "cursor_blink", True):
            for widget in self.query(Input):
                widget.cursor_blink = False
        if self._fields:
            self.query_one(f"#f-{self._fields[0].key}").focus()

    def values(self) -> dict:
        out = {}
        for f in self._fields:
            widget = self.query_one(f"#f-{f.key}")
            out[f.key] = widget.value if isinstance(widget, Input) else str(widget.value)
        return out

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        self.query_one("#form-error", Static).update("")
        self._run(self.values())

    @work(thread=True, exclusive=True, group="form-save", exit_on_error=False)
    def _run(self, values: dict) -> Any:
        return self._save(values)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "form-save":
            return
        if event.state is WorkerState.SUCCESS:
            self.dismiss(event.worker.result)
        elif event.state is WorkerState.ERROR:
            self.show_error(event.worker.error)

    def show_error(self, error: BaseException | None) -> None:
        self.query_one("#form-error", Static).update(Text(failure_sentence(error)))
        if isinstance(error, ValidationError):
            for f in self._fields:
                if error.field == f.key or error.field in f.aliases:
                    self.query_one(f"#f-{f.key}").focus()
                    break

    def action_cancel(self) -> None:
        self.dismiss(None)


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
        from textual.containers import VerticalScroll

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
