"""What a running desk does in the background: heartbeat, ring pops, the draft restore, the break nudge.

The App owns one DeskRuntime and tells it when the store changed; everything
that touches the store runs in thread workers, and comes back through
`call_from_thread`.
"""

from __future__ import annotations

import os
import socket
from zoneinfo import ZoneInfo

from screens.call import DRAFT_VERSION, active_call_form, open_call_screen
from store import desk_sessions as desks, drafts, rings
from store import settings as settings_lib
from store.clock import parse_iso
from store.periods import day_bounds
from store.status import current_status
from store.status_time import limits as status_limits
from tui.format import clean, duration, local_time
from tui.i18n import _


class DeskRuntime:
    def __init__(self, app) -> None:
        self.app = app
        self.session_id: int | None = None
        self.limits: dict | None = None
        self._seen_missed: set[int] = set()
        self._break_nudged: str | None = None  # the `since` of the break already nudged about
        self._zone = ZoneInfo("UTC")

    @property
    def ctx(self):
        return self.app.ctx

    def _worker(self, fn, group: str, exclusive: bool = False):
        return self.app.run_worker(fn, thread=True, group=group, exclusive=exclusive, exit_on_error=False)

    # -- start and stop -------------------------------------------------------------
    def start(self) -> None:
        self._worker(self._start, "desk-start")

    def _start(self) -> None:
        store, login = self.ctx.store, self.ctx.login
        self.session_id = desks.start_desk(store, login, socket.gethostname(), os.getpid())
        self.limits = status_limits(store, login)
        with store.read(None) as tx:
            self._zone = settings_lib.zone(tx)
        desks.close_dead_desks(store, login)
        draft = drafts.load_draft(store, login)
        self.app.call_from_thread(self._started, draft)

    def _started(self, draft: dict | None) -> None:
        self.app.set_interval(max(1, int(self.limits["heartbeat_s"] or 15)), self.beat)
        if draft and draft.get("v") == DRAFT_VERSION and draft.get("times"):
            open_call_screen(self.app, draft=draft)
            self.app.notify(_("Your call in progress was restored, with its timers."), title=_("Call"),
                            timeout=8, markup=False)
        else:
            self.check_rings()

    def stop(self) -> None:
        """A clean exit: the desk session ends and the agent goes offline (the draft stays)."""
        if self.session_id is not None:
            desks.end_desk(self.ctx.store, self.ctx.login, self.session_id)
            self.session_id = None

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
        start, _end = day_bounds(now, self._zone)
        missed = [r for r in rings.missed_rings(store, login, start) if r["id"] not in self._seen_missed]
        self.app.call_from_thread(self._ring_result, ring, missed)

    def _ring_result(self, ring: dict | None, missed: list[dict]) -> None:
        now = self.ctx.clock()
        for r in missed:
            self._seen_missed.add(r["id"])
        if missed:
            shown = ", ".join(
                f"{clean(r['number_raw']) or '—'} ({local_time(r['created_at'], self._zone, now.astimezone(self._zone).date())})"
                for r in missed[:5])
            self.app.notify(_("Missed ring: {rings}. Too old to pop; call back if needed.").format(rings=shown),
                            title=_("Missed call"), severity="warning", timeout=15, markup=False)
        if ring is not None:
            open_call_screen(self.app, number=ring["number_raw"] or None, ring=ring)

    # -- heartbeat, dead desks, the break nudge -------------------------------------
    def beat(self) -> None:
        if self.session_id is not None:
            self._worker(self._beat, "heartbeat", exclusive=True)

    def _beat(self) -> None:
        store, login = self.ctx.store, self.ctx.login
        desks.beat(store, login, self.session_id)
        desks.close_dead_desks(store, login)
        status = current_status(store, login)
        self.app.call_from_thread(self.check_break, status)

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
