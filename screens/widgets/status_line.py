"""The status line docked on top of every desk screen: who, role, status, callbacks due and overdue."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label

from screens.labels import break_reason_label, role_label, status_label
from store.vocab import AGENT_STATUSES
from tui.format import OVERDUE, STATUS_DOT, LocalTime, clean, user_text
from tui.i18n import _, ngettext


class StatusLine(Horizontal):
    """Filled by `show(DeskStatus)`; until then it names the login only."""

    NARROW = 100  # below this many columns the line says less, so that it fits at 80

    def __init__(self, login: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self._login = login
        self._due: tuple[str, str] | None = None  # (in full, short)
        self._desk = None  # the last DeskStatus shown
        self._cases = None  # the last CaseCounts shown

    def on_resize(self) -> None:
        narrow = self.size.width < self.NARROW
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            if self._desk is not None:
                self.show(self._desk)
            if self._cases is not None:
                self.show_cases(self._cases)
        self._show_due()

    def _show_due(self) -> None:
        if self._due is not None:
            self.query_one("#sl-due", Label).update(self._due[1 if self.has_class("-narrow") else 0])

    def compose(self) -> ComposeResult:
        yield Label(user_text(self._login), id="sl-agent")
        yield Label("", id="sl-role")
        yield Label("", id="sl-status")
        yield Label("", id="sl-due")
        yield Label("", id="sl-overdue")
        yield Label("", id="sl-cases")

    def _status_key(self) -> str:
        """The key that opens the status screen, as the user's keymap has it (F7 unless remapped)."""
        for active in self.screen.active_bindings.values():
            if active.binding.id == "agent_status":
                return self.app.get_key_display(active.binding)
        return "F7"

    def show(self, desk) -> None:
        """`desk` is a store.desk_status.DeskStatus. Under NARROW columns the role is left out (its
        label is hidden), and an offline status does not say since when."""
        self._desk = desk
        agent = desk.agent
        name = user_text(agent.display_name, style="bold")
        name.append(Text(f" ({agent.login})", style=""))
        self.query_one("#sl-agent", Label).update(name)
        self.query_one("#sl-role", Label).update(role_label(agent.role))

        status = desk.status["status"]
        text = STATUS_DOT + " " + status_label(status)
        reason = desk.status.get("reason")
        if reason:
            text += " (" + (break_reason_label(reason) if status == "break" else clean(reason)) + ")"
        if desk.status.get("since") and not (status == "offline" and self.has_class("-narrow")):
            text += " " + _("since {time}").format(time=LocalTime.named(desk.zone, desk.today).short(desk.status["since"]))
        if status == "offline":  # the desk starts offline: say how to start taking calls
            text += "  " + _("({key} then r: ready)").format(key=self._status_key())
        label = self.query_one("#sl-status", Label)
        label.update(Text(text))
        for slug in AGENT_STATUSES:
            label.set_class(slug == status, f"-{slug}")

        due, overdue = desk.callbacks["due_today"], desk.callbacks["overdue"]
        self._due = (ngettext("{n} callback due today", "{n} callbacks due today", due).format(n=due),
                     ngettext("{n} due today", "{n} due today", due).format(n=due))
        self._show_due()
        over = self.query_one("#sl-overdue", Label)
        over.update(ngettext("{n} overdue", "{n} overdue", overdue).format(n=overdue))
        over.set_class(overdue > 0, "-overdue")

    def show_cases(self, counts) -> None:
        """My open cases and how many are overdue (store.case_records.CaseCounts); narrow: the numbers only."""
        self._cases = counts
        if self.has_class("-narrow"):
            # "!!" marks the overdue, as in the case list
            text = _("cases {n} {mark}{m}").format(n=counts.open, mark=OVERDUE, m=counts.overdue) if counts.overdue \
                else _("cases {n}").format(n=counts.open)
        else:
            text = ngettext("{n} open case", "{n} open cases", counts.open).format(n=counts.open)
            if counts.overdue:
                text = _("{cases}, {late}").format(cases=text, late=ngettext("{n} late", "{n} late", counts.overdue).format(
                    n=counts.overdue))
        label = self.query_one("#sl-cases", Label)
        label.display = counts.open > 0  # no open case: nothing to say
        label.update(text)
        label.set_class(counts.overdue > 0, "-overdue")
