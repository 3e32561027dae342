"""F7: the agent's status (ready, on call, wrap-up, break with a reason, offline) and today's log."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Label, OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from screens.base import DeskScreen
from screens.labels import break_reason_label, status_label
from screens.widgets.desk_table import DeskTable
from store import desk_status as desk_store
from store import status as status_store
from store.status_time import status_day
from tui.format import MORE, LocalTime, clean, duration
from tui.i18n import _

# (key, status, break reason): one key each, shown in the list
CHOICES = (
    ("r", "ready", None),
    ("c", "on-call", None),
    ("w", "wrap-up", None),
    ("l", "break", "lunch"),
    ("e", "break", "rest"),
    ("m", "break", "meeting"),
    ("t", "break", "training"),
    ("o", "break", "other"),
    ("x", "offline", None),
)


def choice_label(status: str, reason: str | None) -> str:
    if status == "break":
        return _("break: {reason}").format(reason=break_reason_label(reason))
    return status_label(status)


class AgentStatusScreen(DeskScreen):
    WATCHED = frozenset({"status"})
    BINDINGS = [Binding(key, f"choose({i})", show=False) for i, (key, _s, _r) in enumerate(CHOICES)]
    DEFAULT_CSS = """
    #status-box { padding: 1 2; }
    #status-now { text-style: bold; margin-bottom: 1; }
    #status-choices { height: auto; max-height: 11; width: 40; margin-bottom: 1; }
    #status-log-title { text-style: bold; }
    #status-log { height: 1fr; }
    """

    class StatusSet(Message):
        def __init__(self, status: str, reason: str | None) -> None:
            super().__init__()
            self.status, self.reason = status, reason

    class Loaded(Message):
        def __init__(self, desk, log: list[dict]) -> None:
            super().__init__()
            self.desk, self.log = desk, log

    def compose_body(self) -> ComposeResult:
        with Vertical(id="status-box"):
            yield Label("", id="status-now")
            yield Label(_("Choose with the key shown, or the arrows and Enter:"))
            yield OptionList(
                *[Option(Text.assemble((f"{key} ", "bold"), choice_label(s, r)), id=str(i))
                  for i, (key, s, r) in enumerate(CHOICES)],
                id="status-choices",
            )
            yield Label(_("Today"), id="status-log-title")
            yield DeskTable(id="status-log", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#status-log", DataTable)
        for label, key, width in ((_("From"), "from", 6), (_("To"), "to", 6), (_("Status"), "status", 20), (_("Time"), "time", 9)):
            table.add_column(label, key=key, width=width)
        self.query_one("#status-choices").focus()

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="status-screen", exit_on_error=False)
    def _load(self) -> None:
        now = self.ctx.clock()
        desk = desk_store.desk_status(self.ctx.store, self.ctx.login, now)
        log = status_day(self.ctx.store, self.ctx.login, now)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(desk, log))

    def on_agent_status_screen_loaded(self, message: Loaded) -> None:
        desk = message.desk
        self.show_status(desk)
        when = LocalTime.named(desk.zone, desk.today)
        now = desk.status
        text = _("You are: {status}").format(status=choice_label(now["status"], now.get("reason")))
        if now.get("since"):
            text += " " + _("since {time}").format(time=when.short(now["since"]))
        self.query_one("#status-now", Label).update(Text(text))
        table = self.query_one("#status-log", DataTable)
        table.clear()
        for row in reversed(message.log):
            table.add_row(
                when.short(row["started_at"]),
                when.short(row["ended_at"]) if row["ended_at"] else MORE,
                Text(choice_label(row["status"], row["reason"]) if row["status"] == "break" else status_label(row["status"])
                     + (f" ({clean(row['reason'])})" if row["reason"] else "")),
                Text(duration(row["seconds"]), justify="right"),
            )

    @on(OptionList.OptionSelected, "#status-choices")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_choose(int(event.option.id))

    def action_choose(self, index: int) -> None:
        _key, status, reason = CHOICES[index]
        self._set(status, reason)

    @work(thread=True, group="status-set", exit_on_error=False)
    def _set(self, status: str, reason: str | None) -> None:
        status_store.set_status(self.ctx.store, self.ctx.login, status, reason)
        self.post_message(self.StatusSet(status, reason))

    def on_agent_status_screen_status_set(self, message: StatusSet) -> None:
        status, reason = message.status, message.reason
        self.app.notify(_("Status: {status}").format(status=choice_label(status, reason)), timeout=3, markup=False)
