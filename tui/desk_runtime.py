"""What a running desk does besides its screens: the desk session and heartbeat, ring pops, the
draft restore, the break nudge, the agent's status following the call, and the hang-up (SIGHUP or
SIGTERM: the call's draft is written before the desk exits).

The App owns one DeskRuntime, tells it when the store changed and hands it the screens' requests.
Everything that touches the store runs in thread workers of the App, which post their results as
messages to the App; the App hands them back here, where state is set.
"""

from __future__ import annotations

import itertools
import os
import socket
import sqlite3
import threading

from textual.message import Message

from store import desk_sessions as desks
from store import drafts, rings
from store import status as status_store
from store.clock import parse_iso
from store.errors import StoreError
from store.periods import day_bounds
from store.rings import Ring
from store.status import current_status
from store.status_time import limits as status_limits
from tui.format import NONE, clean, duration
from tui.hang_up import HangUpSignals
from tui.i18n import _
from tui.navigation import active_call_form, open_call


class StatusFollower:
    """Automatic status changes run in worker threads; a ticket taken when asked keeps the newest winning."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tickets = itertools.count(1)
        self._applied = 0

    def ticket(self) -> int:
        return next(self._tickets)

    def apply(self, store, login: str, status: str, only_if: frozenset[str] | None, ticket: int) -> bool:
        """Set `status` unless a newer automatic change ran, or the agent chose otherwise (current not in `only_if`)."""
        with self._lock:
            if ticket < self._applied:
                return False
            self._applied = ticket
            if only_if is not None and status_store.current_status(store, login)["status"] not in only_if:
                return False
            status_store.set_status(store, login, status)
            return True


class DeskRuntime:
    class Started(Message):
        def __init__(self, session_id: int, limits: dict, draft: dict | None) -> None:
            super().__init__()
            self.session_id, self.limits, self.draft = session_id, limits, draft


    class RingChecked(Message):
        def __init__(self, ring: Ring | None, missed: list[Ring]) -> None:
            super().__init__()
            self.ring, self.missed = ring, missed


    class Beaten(Message):
        def __init__(self, status: dict) -> None:
            super().__init__()
            self.status = status

    def __init__(self, app) -> None:
        self.app = app
        self.session_id: int | None = None
        self.limits: dict | None = None
        self._seen_missed: set[int] = set()
        self._break_nudged: str | None = None  # the `since` of the break already nudged about
        self.follower = StatusFollower()
        self.hung_up = False
        self.signals = HangUpSignals(app, self.hang_up)

    @property
    def ctx(self):
        return self.app.ctx

    def _worker(self, fn, group: str, exclusive: bool = False):
        return self.app.run_worker(fn, thread=True, group=group, exclusive=exclusive, exit_on_error=False)

    # -- start and stop -------------------------------------------------------------
    def start(self) -> None:
        if not self.app.is_headless:  # a Pilot test: the test process keeps its own signals
            self.signals.catch()
        self._worker(self._start, "desk-start")

    def _start(self) -> None:
        store, login = self.ctx.store, self.ctx.login
        session_id = desks.start_desk(store, login, socket.gethostname(), os.getpid())
        limits = status_limits(store, login)
        desks.close_dead_desks(store, login)
        self.app.post_message(self.Started(session_id, limits, drafts.load_draft(store, login)))

    def started(self, message: DeskRuntime.Started) -> None:
        self.session_id, self.limits = message.session_id, message.limits
        self.app.set_interval(max(1, int(self.limits["heartbeat_s"] or 15)), self.beat)
        draft = message.draft
        if draft and draft.get("times") and self._restorable(draft):
            open_call(self.app, draft=draft)
            self.app.notify(_("Your call in progress was restored, with its timers."), title=_("Call"),
                            timeout=8, markup=False)
        else:
            self.check_rings()

    @staticmethod
    def _restorable(draft: dict) -> bool:
        """A draft of this form's version; the call form's module is imported only when there is one."""
        from screens.call_new import DRAFT_VERSION

        return draft.get("v") == DRAFT_VERSION

    def stop(self) -> None:
        """A clean exit: the desk session ends and the agent goes offline (the draft stays)."""
        if self.session_id is not None:
            desks.end_desk(self.ctx.store, self.ctx.login, self.session_id)
            self.session_id = None

    # -- the hang-up (tui/hang_up.py) -------------------------------------------------
    def hang_up(self) -> bool:
        """SIGHUP or SIGTERM, on the event loop once the keys queued before it were handled: the call's draft
        is written here and now, in this thread (a worker would die with the process), unless the call was saved
        or dropped; then the clean exit. False if hung up already."""
        if self.hung_up:
            return False
        self.hung_up = True
        try:
            call = active_call_form(self.app)
            if call is not None and call.worth_keeping:
                call.keep_draft_now()
        except (StoreError, sqlite3.Error) as exc:  # no one is left to tell: the exit goes on
            self.app.log.error(exc)
        self.app.exit()
        return True

    # -- the status follows the call ------------------------------------------------------
    def follow(self, status: str, only_if: frozenset[str] | None) -> None:
        ticket = self.follower.ticket()
        self._worker(lambda: self.follower.apply(self.ctx.store, self.ctx.login, status, only_if, ticket), "call-status")

    # -- rings ------------------------------------------------------------------
    def store_changed(self, topics: set[str]) -> None:
        if "rings" in topics:
            self.check_rings()

    def check_rings(self) -> None:
        """Pop the oldest fresh ring, unless a call is already open (rings wait for it)."""
        if self.session_id is None or active_call_form(self.app) is not None:
            return
        self._worker(self._next_ring, "rings", exclusive=True)

    def _next_ring(self) -> None:
        store, login, now = self.ctx.store, self.ctx.login, self.ctx.clock()
        ring = rings.next_ring(store, login)
        start, _end = day_bounds(now, self.ctx.zone)
        self.app.post_message(self.RingChecked(ring, rings.missed_rings(store, login, start)))

    def ring_checked(self, message: DeskRuntime.RingChecked) -> None:
        missed = [r for r in message.missed if r.id not in self._seen_missed]
        self._seen_missed.update(r.id for r in missed)
        if missed:
            when = self.ctx.local()
            shown = ", ".join(f"{clean(r.number_raw) or NONE} ({when.short(r.created_at)})" for r in missed[:5])
            self.app.notify(_("Missed ring: {rings}. Too old to pop; call back if needed.").format(rings=shown),
                            title=_("Missed call"), severity="warning", timeout=15, markup=False)
        if message.ring is not None:
            open_call(self.app, number=message.ring.number_raw or None, ring=message.ring)

    # -- heartbeat, dead desks, the break nudge -------------------------------------
    def beat(self) -> None:
        if self.session_id is not None:
            self._worker(self._beat, "heartbeat", exclusive=True)

    def _beat(self) -> None:
        store, login = self.ctx.store, self.ctx.login
        desks.beat(store, login, self.session_id)
        desks.close_dead_desks(store, login)
        self.app.post_message(self.Beaten(current_status(store, login)))

    def check_break(self, status: dict) -> bool:
        """Nudge once per break that runs past `break_limit_s`. True if it nudged."""
        if status["status"] != "break" or not status["since"] or self.limits is None:
            return False
        limit = self.limits["break"]
        spent = (self.ctx.clock() - parse_iso(status["since"])).total_seconds()
        if spent <= limit or self._break_nudged == status["since"]:
            return False
        self._break_nudged = status["since"]
        self.app.notify(_("Your break is past the {limit} limit ({spent} so far).").format(
            limit=duration(limit), spent=duration(int(spent))), title=_("Break"), severity="warning", timeout=15, markup=False)
        return True
