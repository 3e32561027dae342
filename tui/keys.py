"""The desk's global keys: one Binding each, with an id users can remap in config.toml.

A key is added here, one line, when its screen lands, e.g.
    Binding("f2", "new_call", N_("New call"), id="new_call"),
and the App gets the matching `action_new_call`. The footer, the F1 help and
the `[keymap]` table all read these Bindings. Descriptions are message ids (N_): a
class's BINDINGS are made when its module imports, so they are translated where
they are shown (screens.base.DeskScreen.active_bindings, screens.help).
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding

from tui.i18n import N_

# Every id a keymap may name, including keys whose screens have not landed yet.
KEY_IDS: tuple[str, ...] = (
    "help", "new_call", "customers", "callbacks", "my_kpis", "team",
    "agent_status", "cases", "save", "back", "home", "quit", "palette", "hold", "end_call",
)


def global_bindings() -> list[Binding]:
    """The App's global keys in footer order, described by message ids.

    priority=True: the key works whatever has focus, even inside a modal.
    """
    return [
        Binding("f1,question_mark", "help", N_("Help"), id="help"),
        Binding("f2", "new_call", N_("New call"), id="new_call"),
        Binding("f3", "customers", N_("Customers"), id="customers"),
        Binding("f4", "callbacks", N_("Callbacks"), id="callbacks"),
        Binding("f5", "my_kpis", N_("My KPIs"), id="my_kpis"),
        Binding("f6", "team", N_("Team"), id="team"),
        Binding("f7", "agent_status", N_("Status"), priority=True, id="agent_status"),  # priority: TextArea binds F7
        # F12: the case list (工单); F8-F11 are the screens' own or the terminal's
        Binding("f12", "cases", N_("Cases"), id="cases"),
        Binding("escape", "back", N_("Back"), id="back"),
        # Home: back to the home screen (or the call in progress) from anywhere; Ctrl+O is free in tables,
        # text boxes, terminals and browsers (Home itself moves in tables, Alt+Home is the browser's)
        Binding("ctrl+o", "home", N_("Home"), show=False, id="home"),
        # Ctrl+P is every Textual app's palette key: listed in F1 help, left out of the crowded footer
        Binding("ctrl+p", "command_palette", N_("Commands"), priority=True, show=False, id="palette"),
        Binding("ctrl+q", "quit", N_("Quit"), priority=True, id="quit"),
    ]


def global_key_on_screen(key_id: str, *, priority: bool = False) -> Binding:
    """The global key `key_id` declared again on a screen, running the App's action.

    A screen's own keys come first in its footer, and a screen's priority key acts the moment the
    App reads it; the copy keeps the global key's keys, words and id, so a keymap moves both.
    """
    binding = next(b for b in global_bindings() if b.id == key_id)
    return replace(binding, action=f"app.{binding.action}", priority=priority)
