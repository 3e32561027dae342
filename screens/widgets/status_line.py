"""The status line docked on top of every desk screen: who, role, status, callbacks due and overdue."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label

from screens.labels import break_reason_label, role_label, status_label
from store.vocab import AGENT_STATUSES
from tui.format import LocalTime, clean, user_text
from tui.i18n import _, ngettext


class StatusLine(Horizontal):
    """Filled by `show(DeskStatus)`; until then it names the login only."""

    def __init__(self, login: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self._login = login

    def compose(self) -> ComposeResult:
        yield Label(user_text(self._login), id="sl-agent")
        yield Label("", id="sl-role")
        yield Label("", id="sl-status")
        yield Label("", id="sl-due")
        yield Label("", id="sl-overdue")

    def _status_key(self) -> str:
        """The key that opens the status screen, as the user's keymap has it (F7 unless remapped)."""
        for active in self.screen.active_bindings.values():
            if active.binding.id == "agent_status":
                return self.app.get_key_display(active.binding)
        return "F7"

    def show(self, desk) -> None:
        """`desk` is a store.desk_status.DeskStatus."""
        agent = desk.agent
        name = user_text(agent.display_name, style="bold")
        name.append(Text(f" ({agent.login})", style=""))
        self.query_one("#sl-agent", Label).update(name)
        self.query_one("#sl-role", Label).update(role_label(agent.role))

        status = desk.status["status"]
        text = "● " + status_label(status)
        reason = desk.status.get("reason")
        if reason:
            text += " (" + (break_reason_label(reason) if status == "break" else clean(reason)) + ")"
        if desk.status.get("since"):
            text += " " + _("since {time}").format(time=LocalTime.named(desk.zone, desk.today).short(desk.status["since"]))
        if status == "offline":  # the desk starts offline: say how to start taking calls
            text += "  " + _("({key} then r: ready)").format(key=self._status_key())
        label = self.query_one("#sl-status", Label)
        label.update(Text(text))
        for slug in AGENT_STATUSES:
            label.set_class(slug == status, f"-{slug}")

        due, overdue = desk.callbacks["due_today"], desk.callbacks["overdue"]
        self.query_one("#sl-due", Label).update(
            ngettext("{n} callback due today", "{n} callbacks due today", due).format(n=due)
        )
        over = self.query_one("#sl-overdue", Label)
        over.update(ngettext("{n} overdue", "{n} overdue", overdue).format(n=overdue))
        over.set_class(overdue > 0, "-overdue")
