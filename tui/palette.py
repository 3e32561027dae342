"""Ctrl+P: the desk's own commands first, in the desk's words, each naming its key.

The current screen's keys (as its footer and F1 have them: enabled, described), then the desk's
screens (new call, lookup, callbacks, my KPIs, the team's tools for leads, home), then the status
changes (F7's choices, run there), then Textual's own commands. Choosing one runs the same action
its key runs: one path for each thing.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from tui.i18n import _


def _key_help(app, binding: Binding) -> str:
    return _("key: {key}").format(key=app.get_key_display(binding))


SKIP = frozenset({"command_palette", "quit", "help_quit", "back"})  # Ctrl+P itself, and keys the palette cannot mean


def key_commands(app, screen: Screen, of_app: bool) -> Iterable[SystemCommand]:
    """The enabled, described keys of the screen (of_app False: its own; True: the App's, the desk's
    screens and home; the team's tools only for leads and admins), with the keys as the user's
    keymap has them."""
    seen: set[str] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        # the App's key repeated on a screen (F1, first in its footer) is the App's
        action, node = binding.action.removeprefix("app."), app if binding.action.startswith("app.") else active.node
        if (node is app) != of_app or not active.enabled or not binding.description or binding.id is None:
            continue  # Textual's own widget keys have no id: the desk's all have one
        if action in SKIP or action in seen or (action == "team" and app.ctx.role == "agent"):
            continue
        seen.add(action)

        def run(action: str = action, namespace=node) -> None:
            app.call_later(app.run_action, action, namespace)

        yield SystemCommand(_(binding.description), _key_help(app, binding), run)


def status_commands(app) -> Iterable[SystemCommand]:
    """F7's choices from anywhere: the status screen opens and the choice is made there."""
    from screens.status import CHOICES, AgentStatusScreen, choice_label

    def choose(index: int) -> None:
        app.action_agent_status()
        app.call_after_refresh(lambda: isinstance(app.screen, AgentStatusScreen) and app.screen.action_choose(index))

    for index, (key, status, reason) in enumerate(CHOICES):
        yield SystemCommand(_("Status: {status}").format(status=choice_label(status, reason)),
                            _("F7, then {key}").format(key=key), lambda i=index: choose(i))
