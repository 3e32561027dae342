"""F1 / ? help: the keys of the screen below and the global keys, as they are bound now."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from tui.i18n import N_, _

KeyRows = list[tuple[str, str]]  # (keys as shown, description)


def collect_keys(screen: Screen) -> tuple[KeyRows, KeyRows]:
    """(keys of this screen and its focused widget, global keys) from the active bindings.

    Active bindings already carry the user's keymap, so remapped keys show their new key.
    Only keys meant to be seen are listed (a screen's footer keys, every described global key);
    moving around is one line.
    """
    app = screen.app
    here: dict[tuple[str, str], list[str]] = {}
    everywhere: dict[tuple[str, str], list[str]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.system or not binding.description or not active.enabled:
            continue
        if not binding.show and active.node is not app:  # global keys kept out of the footer still belong here
            continue
        action = binding.action.removeprefix("app.")  # a screen's copy of a global key is that key
        rows = everywhere if active.node is app or action != binding.action else here
        keys = rows.setdefault((action, _(binding.description)), [])  # a message id (tui/keys.py)
        shown = app.get_key_display(binding)
        if shown not in keys:
            keys.append(shown)
    return (
        [(", ".join(keys), description) for (_action, description), keys in here.items()],
        [(", ".join(keys), description) for (_action, description), keys in everywhere.items()],
    )


def _table(rows: KeyRows) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, min_width=10)
    table.add_column()
    for keys, description in rows:
        table.add_row(Text(keys, style="bold"), Text(description))
    return table


class HelpScreen(ModalScreen[None]):
    """Lists keys; Escape (or the help key again) closes it."""

    BINDINGS = [
        Binding("escape", "close", N_("Close"), id="back"),
        Binding("f1,question_mark", "close", N_("Close"), show=False, id="help"),
    ]

    def __init__(self, here: KeyRows, everywhere: KeyRows) -> None:
        super().__init__()
        self._here = here
        self._everywhere = everywhere

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Label(_("Keys"), id="help-title")
            with VerticalScroll(id="help-body"):
                yield Label(_("On this screen"), classes="help-section")
                if self._here:
                    yield Static(_table(self._here), classes="help-keys")
                else:
                    yield Static(_("No keys of its own: use the keys below."), classes="help-keys help-none")
                yield Label(_("Everywhere"), classes="help-section")
                yield Static(_table(self._everywhere), classes="help-keys", id="help-global")
                yield Label(_("Moving around"), classes="help-section")
                yield Static(
                    _("Arrows, PgUp/PgDn and Home/End move the cursor in lists and tables (in the lookup Ctrl+Home/Ctrl+End: Home/End edit the search); Tab moves to the next part, Shift+Tab back."),
                    classes="help-keys",
                )
            yield Label(self._close_hint(), id="help-hint")

    def _close_hint(self) -> str:
        keys: list[str] = []
        for active in self.active_bindings.values():
            shown = self.app.get_key_display(active.binding)
            if active.binding.action == "close" and active.node is self and shown not in keys:
                keys.append(shown)
        return _("{keys} closes this help").format(keys=" / ".join(keys))

    def action_close(self) -> None:
        self.dismiss(None)
