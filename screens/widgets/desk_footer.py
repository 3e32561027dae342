"""The footer of every desk screen: its keys on one line, each whole, in the order the screen gives.

Textual's Footer cuts the last key mid-word at the edge (`F5 My K`). This one shows as many keys as
fit, whole, and ends with "F1 more" when some do not: F1 lists every key of the screen. It reads the
screen's active bindings (described in the desk's language, with the user's keymap) and repaints
when they change or the terminal is resized.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from tui.i18n import _

GAP = "  "


class DeskFooter(Widget):
    DEFAULT_CSS = """
    DeskFooter { dock: bottom; height: 1; background: $panel; color: $foreground; padding: 0 1; }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, lambda _screen: self.refresh())

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def keys(self) -> list[tuple[str, str]]:
        """(key as shown, what it does) for each key the footer may show, in order, one per action."""
        shown: list[tuple[str, str]] = []
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.show or not binding.description or not active.enabled:
                continue
            action = binding.action.removeprefix("app.")
            if action in seen:
                continue
            seen.add(action)
            shown.append((self.app.get_key_display(binding), binding.description))
        return shown

    def _help_key(self) -> str:
        for active in self.screen.active_bindings.values():
            if active.binding.action.removeprefix("app.") == "help":
                return self.app.get_key_display(active.binding)
        return "F1"

    def render(self) -> Text:
        width = max(0, self.size.width)
        pieces = [(key, description) for key, description in self.keys()]
        more = Text(self._help_key(), style="bold reverse") + Text(" " + _("more"))
        line = Text(no_wrap=True, overflow="crop")
        for index, (key, description) in enumerate(pieces):
            piece = Text(key, style="bold reverse") + Text(" " + description)
            need = cell_len(piece.plain) + (cell_len(GAP) if line.plain else 0)
            last = index == len(pieces) - 1
            room = width - cell_len(line.plain) - (0 if last else cell_len(GAP) + cell_len(more.plain))
            if need > room:
                if line.plain:
                    line.append(GAP)
                line.append_text(more)
                break
            if line.plain:
                line.append(GAP)
            line.append_text(piece)
        return line
