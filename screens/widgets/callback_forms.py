"""Small typed modals of the callback queue: due time, reason, attempt result, new owner, history.

A form's save runs its store function in a thread worker; a refusal stays in the modal as a
sentence under the fields (the due time "is in the past", say) and focuses the field it names;
success dismisses with what the store function returned. Escape cancels (dismisses None).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Callable
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static
from textual.worker import Worker, WorkerState

from screens.base import failure_sentence
from screens.labels import attempt_result_label, callback_event_label
from store.errors import ValidationError
from tui.format import clean, local_time
from tui.i18n import _


@dataclass
class FormField:
    key: str
    label: str
    value: str = ""
    placeholder: str = ""
    choices: list[tuple[str, str]] | None = None  # (shown, value): a Select instead of an Input


class CallbackForm(ModalScreen[Any]):
    DEFAULT_CSS = """
    CallbackForm { align: center middle; }
    CallbackForm #cbf-box { width: 68; max-width: 95%; height: auto; border: round $accent; padding: 1 2; background: $surface; }
    CallbackForm #cbf-title { text-style: bold; }
    CallbackForm #cbf-intro { color: $text-muted; }
    CallbackForm .cbf-label { margin-top: 1; }
    CallbackForm #cbf-error { color: $error; margin-top: 1; }
    CallbackForm #cbf-hint { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [
        Binding("ctrl+s,f10", "save", _("Save"), priority=True, id="save"),
        Binding("escape", "cancel", _("Cancel"), id="back"),
    ]

    class Failed(Message):
        def __init__(self, error: BaseException) -> None:
            super().__init__()
            self.error = error

    def __init__(self, title: str, fields: list[FormField], save: Callable[[dict], Any], intro: str = "") -> None:
        super().__init__()
        self._title, self._fields, self._save, self._intro = title, fields, save, intro
        self._saving = False

    def compose(self) -> ComposeResult:
        with Vertical(id="cbf-box"):
            yield Label(Text(self._title), id="cbf-title")
            if self._intro:
                yield Static(Text(self._intro), id="cbf-intro")
            for f in self._fields:
                yield Label(f.label, classes="cbf-label")
                if f.choices is not None:
                    yield Select(f.choices, value=f.value or f.choices[0][1], allow_blank=False, id=f"cbf-{f.key}")
                else:
                    yield Input(f.value, placeholder=f.placeholder, id=f"cbf-{f.key}")
            yield Static("", id="cbf-error", markup=False)
            yield Label(_("Enter or Ctrl+S saves, Escape cancels"), id="cbf-hint")

    def on_mount(self) -> None:
        if not getattr(self.app, "cursor_blink", True):
            for widget in self.query(Input):
                widget.cursor_blink = False
        self.query_one(f"#cbf-{self._fields[0].key}").focus()

    def values(self) -> dict:
        out = {}
        for f in self._fields:
            widget = self.query_one(f"#cbf-{f.key}")
            out[f.key] = widget.value if isinstance(widget, Select) else widget.value.strip()
        return out

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        if not self._saving:
            self._saving = True
            self._run_save(self.values())

    def action_cancel(self) -> None:
        self.dismiss(None)

    @work(thread=True, group="callback-form", exit_on_error=False)
    def _run_save(self, values: dict) -> Any:
        return self._save(values)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "callback-form":
            return
        if event.state is WorkerState.SUCCESS:
            self.dismiss(event.worker.result)
        elif event.state is WorkerState.ERROR:
            self._saving = False
            error = event.worker.error
            self.query_one("#cbf-error", Static).update(failure_sentence(error))
            if isinstance(error, ValidationError):
                for f in self._fields:
                    if f.key == error.field:
                        self.query_one(f"#cbf-{f.key}").focus()


class HistoryModal(ModalScreen[None]):
    """What happened to one callback, oldest first."""

    DEFAULT_CSS = """
    HistoryModal { align: center middle; }
    HistoryModal #cbh-box { width: 90; max-width: 95%; height: auto; max-height: 85%; border: round $accent; padding: 1 2; background: $surface; }
    HistoryModal #cbh-title { text-style: bold; margin-bottom: 1; }
    HistoryModal #cbh-body { height: auto; max-height: 24; }
    HistoryModal #cbh-hint { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [Binding("escape,h", "close", _("Close"), id="back")]

    def __init__(self, callback: dict, zone: str, today: str) -> None:
        super().__init__()
        self.callback = callback
        self.zone, self.today = ZoneInfo(zone), date.fromisoformat(today)

    def compose(self) -> ComposeResult:
        cb = self.callback
        title = Text(_("Callback #{id}: history").format(id=cb["id"]))
        who = cb.get("customer_name") or cb.get("phone_e164") or ""
        if who:
            title.append(" — " + clean(who))
        with Vertical(id="cbh-box"):
            yield Label(title, id="cbh-title")
            with VerticalScroll(id="cbh-body"):
                yield Static(self._lines(), id="cbh-lines")
            yield Label(_("Escape closes"), id="cbh-hint")

    def _lines(self) -> Text:
        text = Text()
        for h in self.callback["history"]:
            text.append(local_time(h["at"], self.zone, self.today) + "  ", style="bold")
            text.append(callback_event_label(h["event"]))
            if h["event"] == "attempt":
                result, _sep, note = (h["note"] or "").partition(": ")
                text.append(": " + attempt_result_label(result) + (f" ({clean(note)})" if note else ""))
            elif h["event"] in ("claimed", "released", "reassigned", "grace-moved", "created"):
                if h["from_owner"] or h["event"] in ("released", "grace-moved"):
                    text.append(" " + _("from {who}").format(who=h["from_owner"] or _("the pool")))
                if h["event"] not in ("released", "claimed") and (h["to_owner"] or h["event"] in ("reassigned", "grace-moved")):
                    text.append(" " + _("to {who}").format(who=h["to_owner"] or _("the pool")))
                if h["event"] == "grace-moved" and h["note"]:
                    text.append(f" ({clean(h['note'])})")
            elif h["note"]:
                text.append(": " + clean(h["note"]))
            if h["due_at"]:
                text.append(" " + _("due {time}").format(time=local_time(h["due_at"], self.zone, self.today)))
            text.append(" · " + clean(h["actor"]), style="dim")
            text.append("\n")
        return text

    def action_close(self) -> None:
        self.dismiss(None)
