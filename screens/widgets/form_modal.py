"""Modal forms that save through one store call: the base every form of the desk uses.

`SavingForm` owns what all of them share. The save runs the store call in a thread
worker; success dismisses the modal with what the call returned. A refusal (a
ValidationError naming a field, a permission, a conflict) stays on the form as one
sentence in `#form-error` and focuses the field it names, so nothing typed is lost.
Enter in a box, Ctrl+S or F10 saves; Escape cancels (dismisses None). A save still
running ignores another Enter, so a double press never saves twice.

`FormModal` is the common case: a title, an optional intro, a list of `Field`s (an
Input each, or a Select when the field has options) and a save function.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from screens.failures import ReportsFailures, WorkFailed, failure_sentence
from store.errors import ValidationError
from tui.i18n import N_, _


class SavingForm(ReportsFailures, ModalScreen[Any]):
    """A modal whose `save(values())` runs in a worker; subclasses compose the fields."""

    BINDINGS = [
        Binding("ctrl+s,f10", "save", N_("Save"), id="save", priority=True),
        Binding("escape", "cancel", N_("Cancel"), id="back"),
    ]

    class Saved(Message):
        def __init__(self, result: Any) -> None:
            super().__init__()
            self.result = result

    def __init__(self) -> None:
        super().__init__()
        self.saving = False  # a save is running: further presses wait for its answer

    # -- what each form defines -------------------------------------------------
    def values(self) -> dict:  # pragma: no cover - each form defines it
        raise NotImplementedError

    def save(self, values: dict) -> Any:  # pragma: no cover - each form defines it
        raise NotImplementedError

    def field_widget(self, name: str) -> Widget | None:
        """The widget to focus when a refusal names field `name` (None: leave the focus)."""
        return None

    # -- shared behaviour ---------------------------------------------------------
    def on_mount(self) -> None:
        if not getattr(self.app, "cursor_blink", True):
            for widget in self.query(Input):
                widget.cursor_blink = False

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        if self.saving:
            return
        self.saving = True
        self.show_error(None)
        self._run_save(self.values())

    @work(thread=True, group="form-save", exit_on_error=False)
    def _run_save(self, values: dict) -> None:
        self.post_message(self.Saved(self.save(values)))

    def on_saving_form_saved(self, message: Saved) -> None:
        self.dismiss(message.result)

    def on_work_failed(self, message: WorkFailed) -> None:
        if message.group == "form-save":
            message.stop()  # the refusal stays on the form, beside what was typed
            self.saving = False
            self.show_error(message.error)

    def show_error(self, error: BaseException | None) -> None:
        self.query_one("#form-error", Static).update(Text(failure_sentence(error)) if error else "")
        if isinstance(error, ValidationError):
            widget = self.field_widget(error.field)
            if widget is not None:
                widget.focus()

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass
class Field:
    key: str
    label: str
    value: str = ""
    options: list[tuple[str | Text, str]] | None = None  # (shown, value): a Select instead of an Input
    placeholder: str = ""
    aliases: tuple[str, ...] = field(default_factory=tuple)  # ValidationError field names that mean this one
    preview: Callable[[str], Text] | None = None  # what the text typed means, shown under the box as it changes


class FormModal(SavingForm):
    """A titled list of fields; `save(values)` (values stripped) runs in a worker, its result is dismissed."""

    DEFAULT_CSS = """
    FormModal { align: center middle; }
    FormModal #form-box { width: 70; max-width: 95%; height: auto; border: round $primary; padding: 1 2; background: $surface; }
    FormModal #form-title { text-style: bold; margin-bottom: 1; }
    FormModal #form-intro { color: $text-muted; }
    FormModal .form-label { margin-top: 1; }
    FormModal #form-error { color: $error; margin-top: 1; }
    FormModal #form-hint { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, title: str, fields: list[Field], save: Callable[[dict], Any], intro: str = "") -> None:
        super().__init__()
        self._title = title
        self._fields = fields
        self._save_values = save
        self._intro = intro

    def compose(self) -> ComposeResult:
        with Vertical(id="form-box"):
            yield Label(Text(self._title), id="form-title")
            if self._intro:
                yield Static(Text(self._intro), id="form-intro")
            for f in self._fields:
                yield Label(Text(f.label), classes="form-label")
                if f.options is not None:
                    yield Select(f.options, value=f.value or f.options[0][1], allow_blank=False, id=f"f-{f.key}")
                else:
                    yield Input(f.value, placeholder=f.placeholder, id=f"f-{f.key}")
                    if f.preview is not None:
                        yield Static(f.preview(f.value), id=f"p-{f.key}", classes="form-preview")
            yield Static("", id="form-error", markup=False)
            yield Label(_("Enter, Ctrl+S or F10 saves; Escape cancels"), id="form-hint")

    def on_mount(self) -> None:
        if self._fields:
            self.query_one(f"#f-{self._fields[0].key}").focus()

    @on(Input.Changed)
    def _preview(self, event: Input.Changed) -> None:
        for f in self._fields:
            if f.preview is not None and event.input.id == f"f-{f.key}":
                self.query_one(f"#p-{f.key}", Static).update(f.preview(event.value))

    def values(self) -> dict:
        out = {}
        for f in self._fields:
            widget = self.query_one(f"#f-{f.key}")
            out[f.key] = widget.value.strip() if isinstance(widget, Input) else str(widget.value)
        return out

    def save(self, values: dict) -> Any:
        return self._save_values(values)

    def field_widget(self, name: str) -> Widget | None:
        for f in self._fields:
            if name == f.key or name in f.aliases:
                return self.query_one(f"#f-{f.key}")
        return None
