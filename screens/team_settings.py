"""F6 settings for leads and admins: every setting and where its value comes from, edited one at a time.

A lead's list is their team's: its own targets and weights (which they edit) over the centre's settings
(an admin's to change: the store says so when a lead tries); an admin's list is the centre's.

One setting per line, in words (screens/setting_words.py): its name, its value, what it means; the
setting under the cursor is shown whole below the list, with its key. Enter on a setting puts its
value (JSON for objects) in the edit box; Enter there saves it through
`store.kpi_settings.set_from_text` (audited). A refusal names the field and stays on screen.
"""

from __future__ import annotations

import json

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, Static

from screens.failures import ReportsFailures, WorkFailed
from screens.setting_words import scope_word, setting_meaning, setting_name, value_summary
from screens.widgets.desk_table import DeskTable
from store import kpi_settings
from store import settings as settings_lib
from tui.format import user_text
from tui.i18n import N_, _

# the order a lead reads them in: the score first, then the follow-up rules, then the desk
ORDER = ("kpi_targets", "kpi_weights", "kpi_directions", "grade_thresholds", "bonus_coefficients",
         "deduction_points", "fcr_window_days", "callback_ontime_min", "callback_undo_min", "owner_grace_min",
         "return_visit_days_prospect", "return_visit_days_contracted", "return_visit_days_churned",
         "wrap_limit_s", "break_limit_s", "timezone", "phone_region")


def ordered_keys() -> list[str]:
    return [*ORDER, *sorted(k for k in settings_lib.DEFAULTS if k not in ORDER)]


def as_text(value) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


class SettingsScreen(ReportsFailures, ModalScreen[None]):
    DEFAULT_CSS = """
    SettingsScreen { align: center middle; }
    SettingsScreen #settings-box { width: 116; max-width: 100%; height: 90%; border: round $accent; padding: 0 1; background: $surface; }
    SettingsScreen #settings-table { height: 1fr; }
    SettingsScreen #settings-error { color: $error; height: auto; }
    SettingsScreen #settings-detail { height: auto; margin: 1 0; color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "close", N_("Close"), id="back"),
        Binding("e", "edit", N_("Edit the setting"), id="settings_edit"),
    ]

    class Loaded(Message):
        def __init__(self, values: dict, scopes: dict[str, str], team: str | None) -> None:
            super().__init__()
            self.values = values
            self.scopes = scopes
            self.team = team

    class Saved(Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        self.values: dict = {}
        self.scopes: dict[str, str] = {}
        self.team: str | None = None
        self.editing: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="settings-box"):
            yield Label(_("Settings: Enter or e edits the setting under the cursor; Enter in the box saves;"
                          " weights must add up to 100"), markup=False)
            yield DeskTable(id="settings-table", cursor_type="row")
            yield Static("", id="settings-detail")
            yield Label("", id="settings-editing", markup=False)
            yield Input(id="settings-value", placeholder=_("choose a setting above"))
            yield Static("", id="settings-error")

    def on_mount(self) -> None:
        table = self.query_one("#settings-table", DataTable)
        table.add_column(_("Setting"), key="key", width=30)
        table.add_column(_("Value"), key="value", width=28)
        table.add_column(_("Set for"), key="scope", width=12)
        table.add_column(_("What it means"), key="meaning")
        table.focus()
        self._load()

    @work(thread=True, exclusive=True, group="settings-load", exit_on_error=False)
    def _load(self) -> None:
        self.post_message(self.Loaded(*settings_lib.settings_view(self.ctx.store, self.ctx.login)))

    @on(Loaded)
    def loaded(self, message: Loaded) -> None:
        self.values, self.scopes, self.team = message.values, message.scopes, message.team
        table = self.query_one("#settings-table", DataTable)
        row = table.cursor_row
        table.clear()
        for key in ordered_keys():
            table.add_row(Text(setting_name(key), no_wrap=True, overflow="ellipsis"),
                          user_text(value_summary(self.values.get(key), key)),
                          Text(scope_word(self.scopes.get(key, "default"), self.team), no_wrap=True),
                          Text(setting_meaning(key), no_wrap=True, overflow="ellipsis"), key=key)
        table.move_cursor(row=row)
        self._show_detail()

    @on(DataTable.RowHighlighted, "#settings-table")
    def _highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        table = self.query_one("#settings-table", DataTable)
        if not table.row_count or not self.values:
            return
        key = ordered_keys()[table.cursor_row]
        detail = Text(f"{setting_name(key)} ({key}): ", style="bold")
        detail.append(setting_meaning(key) + "\n", style="")
        detail.append(value_summary(self.values.get(key), key, with_ids=True))
        self.query_one("#settings-detail", Static).update(detail)

    @on(DataTable.RowSelected, "#settings-table")
    def selected(self, event: DataTable.RowSelected) -> None:
        self.edit(str(event.row_key.value))

    def action_edit(self) -> None:
        table = self.query_one("#settings-table", DataTable)
        if table.row_count:
            self.edit(ordered_keys()[table.cursor_row])

    def edit(self, key: str) -> None:
        self.editing = key
        self.query_one("#settings-editing", Label).update(
            _("Editing {name} ({key})").format(name=setting_name(key), key=key))
        box = self.query_one("#settings-value", Input)
        box.value = as_text(self.values.get(key))
        box.focus()

    @on(Input.Submitted, "#settings-value")
    def save(self, event: Input.Submitted) -> None:
        if self.editing:
            self.query_one("#settings-error", Static).update("")
            self._save(self.editing, event.value)

    @work(thread=True, exclusive=True, group="settings-save", exit_on_error=False)
    def _save(self, key: str, text: str) -> None:
        kpi_settings.set_from_text(self.ctx.store, self.ctx.login, key, text)
        self.post_message(self.Saved(key))

    def on_settings_screen_saved(self, message: Saved) -> None:
        self.notify(_("{key} saved.").format(key=message.key), markup=False)
        self.query_one("#settings-table", DataTable).focus()
        self._load()

    def on_work_failed(self, message: WorkFailed) -> None:
        if message.group == "settings-save":
            message.stop()  # shown on the form, where the value is
            self.query_one("#settings-error", Static).update(Text(message.sentence))

    def action_close(self) -> None:
        self.dismiss(None)
