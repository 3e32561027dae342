"""What every desk screen shares: the store context, the status line, store-change refresh."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

from textual import work
from textual.app import ComposeResult
from textual.binding import ActiveBinding
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.worker import get_current_worker

from screens.failures import ReportsFailures
from screens.widgets.callback_due import note_due
from screens.widgets.case_reminders import note_quiet_cases
from screens.widgets.desk_footer import DeskFooter
from screens.widgets.paint_hold import PaintHold
from screens.widgets.status_line import StatusLine
from store import desk_status as desk_store
from store.case_counts import case_counts
from store.case_records import CaseCounts
from store.clock import iso
from store.db import Store
from tui.format import LocalTime
from tui.i18n import _
from tui.keys import global_key_on_screen


@dataclass
class DeskContext:
    """Who is at the desk, where their store is, what time it is there; handed to every screen.

    `zone` (the centre's time zone) and `role` are read when the desk starts and kept current by
    every status load (a lead may change the setting, an admin the role); `local()` shows stored
    UTC times in the zone.
    """

    store: Store
    login: str
    clock: Callable[[], datetime]
    zone: tzinfo
    role: str
    region: str = "CN"  # setting phone_region, kept current like the zone
    bound: bool = False  # a shared install's bound run (tui/bound.py): the desk writes none of the agent's files

    def local(self) -> LocalTime:
        return LocalTime.at(self.clock(), self.zone, self.region)


class TranslatedKeys:
    """For a screen with a footer: its keys described in the desk's language."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The keys as Textual has them, described in the desk's language: descriptions are message ids
        (N_) because BINDINGS are made when a module imports, maybe before the language is chosen.
        The footer reads this; the F1 help translates what it lists (screens/help.py)."""
        return {key: active._replace(binding=replace(active.binding, description=_(active.binding.description)))
                for key, active in super().active_bindings.items()}


class DeskScreen(TranslatedKeys, ReportsFailures, Screen):
    """A full screen of the desk: status line on top, its body, the footer.

    `store_changed` is called by the App after every poll; a screen reloads
    when a topic it watches changed or its figures went stale with time,
    and waits while another full screen covers it. `paint_hold` lets a screen
    paint a typed key together with its answer (screens/widgets/paint_hold.py);
    leaving the screen always ends a hold.
    """

    # The topics this screen's body shows: a change to one reloads the body (and the status line).
    WATCHED: frozenset[str] = frozenset()
    # What the status line shows: a change to one reloads the status line alone.
    STATUS_LINE_TOPICS: frozenset[str] = frozenset({"status", "callbacks", "agents", "settings", "cases"})
    # The App's help key again, here so the footer lists it first: a screen's own keys come before
    # the App's, and on crowded screens (F4, F6) the App's would be cut off at the right edge.
    BINDINGS = [global_key_on_screen("help")]

    class StatusLoaded(Message):
        def __init__(self, desk: desk_store.DeskStatus) -> None:
            super().__init__()
            self.desk = desk

    class CaseCountsLoaded(Message):
        def __init__(self, counts: CaseCounts) -> None:
            super().__init__()
            self.counts = counts

    def __init__(self, ctx: DeskContext, **kwargs) -> None:
        super().__init__(**kwargs)
        self.ctx = ctx
        self._refresh_at: str | None = None  # UTC ISO; reload from then on even if nothing is written
        self._stale = False
        self.paint_hold = PaintHold(self)

    def on_screen_suspend(self) -> None:
        self.paint_hold.release()

    def on_unmount(self) -> None:
        self.paint_hold.release()

    def compose(self) -> ComposeResult:
        yield StatusLine(self.ctx.login)
        yield from self.compose_body()
        yield DeskFooter()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        if not getattr(self.app, "cursor_blink", True):
            for widget in self.query("Input, TextArea"):
                widget.cursor_blink = False
        self.reload()

    # -- refresh ------------------------------------------------------------
    def store_changed(self, topics: set[str], now: datetime) -> None:
        due = self._refresh_at is not None and iso(now) >= self._refresh_at
        body = bool(topics & self.WATCHED) or due
        if not (body or topics & self.STATUS_LINE_TOPICS):
            return
        if self._covered():
            self._stale = True
        elif body:
            self._refresh_at = None
            self.reload()
        else:
            self._load_status()

    def _covered(self) -> bool:
        stack = self.app.screen_stack
        if self not in stack:
            return True
        return any(not isinstance(s, ModalScreen) for s in stack[stack.index(self) + 1 :])

    def on_screen_resume(self) -> None:
        if self._stale:
            self._stale = False
            self.reload()

    def reload(self) -> None:
        """Load what this screen shows; the default loads the status line only."""
        self._load_status()

    def request_leave(self, then: Callable[[], None]) -> None:
        """The desk is about to take this screen away (Escape, an F-key, the home key): call `then` once
        nothing would be lost. A screen holding unsaved edits asks first, and may never call it (stay)."""
        then()

    @work(thread=True, exclusive=True, group="status-line", exit_on_error=False)
    def _load_status(self) -> None:
        desk = desk_store.desk_status(self.ctx.store, self.ctx.login, self.ctx.clock())
        if not get_current_worker().is_cancelled:
            self.post_message(self.StatusLoaded(desk))

    def on_desk_screen_status_loaded(self, message: StatusLoaded) -> None:
        self.show_status(message.desk)

    # every status line load (whichever worker of the screen read it) reads my case counts beside it
    @work(thread=True, exclusive=True, group="case-counts", exit_on_error=False)
    def _load_case_counts(self) -> None:
        counts = case_counts(self.ctx.store, self.ctx.login)
        if not get_current_worker().is_cancelled:
            self.post_message(self.CaseCountsLoaded(counts))

    def on_desk_screen_case_counts_loaded(self, message: CaseCountsLoaded) -> None:
        """My open and overdue cases on the status line; a case gone quiet past its reminder, one toast."""
        self.query_one(StatusLine).show_cases(message.counts)
        note_quiet_cases(self.app, self.ctx, message.counts)

    def show_status(self, desk: desk_store.DeskStatus) -> None:
        self.ctx.zone, self.ctx.role, self.ctx.region = ZoneInfo(desk.zone), desk.agent.role, desk.region
        self._refresh_at = desk.refresh_at
        self.query_one(StatusLine).show(desk)
        note_due(self.app, desk)  # "a callback of yours is due now", once per callback
        self._load_case_counts()

