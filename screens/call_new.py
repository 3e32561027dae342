"""A call in progress (F2, a ring, a callback's "call now", a restored draft).

Its timers come from stored timestamps (screens/call_state.py); the form is kept as a draft a moment
after typing pauses, so a crash loses at most that moment; the agent's status follows the call
(on call, wrap-up after F9, ready once saved or dropped); the rings missed and the calls logged
today are listed below, and Enter on one of today's calls reopens it for correction.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from screens.call import CallScreen
from screens.call_cases import CallCases, open_case_after
from screens.call_correction import CallCorrectionScreen
from screens.call_form import CallFormValues
from screens.call_state import CallTimes
from screens.call_today import TodayCalls
from screens.call_widgets import ChoiceBar
from screens.requests import CallClosed, FollowCall
from store import calls as calls_store
from store import desk_status as desk_store
from store import drafts, rings
from store.call_records import CallbackRequest, CallEntry, NewCustomer, SavedCall, TodayCall
from store.periods import day_bounds
from store.rings import Ring
from store.status_time import limits as status_limits
from tui.format import NONE, SEP, clean, duration
from tui.i18n import N_, _

DRAFT_VERSION = 1
BUSY = frozenset({"on-call", "wrap-up"})  # the statuses a call sets: the agent chose none of them by hand
T = TypeVar("T")


class DraftGate:
    """Draft writes and the save or drop that ends the call meet here, in worker threads: once the call
    is closed no draft is written again (a late one would bring the call back after a restart)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.closed = False

    def write(self, fn: Callable[[], None], last: bool = False) -> None:
        """Run `fn` unless closed; `last`: close after it (the desk is exiting: no older draft may follow)."""
        with self._lock:
            if not self.closed:
                fn()
                self.closed = last

    def close_with(self, fn: Callable[[], T]) -> T | None:
        """Run `fn` and close, unless closed already; a refusal (an exception) leaves it open."""
        with self._lock:
            if self.closed:
                return None
            result = fn()
            self.closed = True
            return result


class NewCallScreen(CallCases, CallScreen):
    WATCHED = frozenset({"calls", "customers", "settings", "rings", "cases"})  # rings: the missed-rings line
    CALLBACKS = True
    DRAFT_DEBOUNCE_S = 1.0
    TICK_S = 1.0
    BINDINGS = [
        Binding("f8", "hold", N_("Hold"), id="hold"),
        Binding("f9", "end_call", N_("End call"), id="end_call"),
        # Ctrl+G: to today's calls and back (free in the boxes, terminals and browsers; F-keys are taken)
        Binding("ctrl+g", "today", N_("Today's calls"), priority=True, id="call.today"),
        Binding("ctrl+l", "link_case", N_("Link to case"), priority=True, id="call.case_link"),
        Binding("ctrl+n", "case_from_call", N_("New case"), priority=True, id="call.case_new"),
    ]

    class DayLoaded(Message):
        def __init__(self, desk, calls: list[TodayCall], missed: list[Ring], limits: dict) -> None:
            super().__init__()
            self.desk, self.calls, self.missed, self.limits = desk, calls, missed, limits

    class Saved(Message):
        def __init__(self, call_id: int, case_id: int | None = None) -> None:
            super().__init__()
            self.call_id, self.case_id = call_id, case_id

    class Dropped(Message):
        pass

    class CallLoaded(Message):
        def __init__(self, call: SavedCall) -> None:
            super().__init__()
            self.call = call

    def __init__(self, ctx, *, number: str | None = None, customer_id: int | None = None,
                 callback_id: int | None = None, ring: Ring | None = None, draft: dict | None = None) -> None:
        super().__init__(ctx, pinned=(draft or {}).get("pinned") if draft else customer_id)
        self._number = number or (ring.number_raw if ring else "") or ""
        self._ring = ring
        self._draft = draft
        self.times = CallTimes.from_json(draft["times"]) if draft else CallTimes.start(
            ctx.clock(), ring.created_at if ring else None)
        self.callback_id = (draft or {}).get("callback_id") if draft else callback_id
        self.case_id = (draft or {}).get("case_id")
        self.case_request = (draft or {}).get("case_request")
        self.uniqueid = ring.uniqueid if ring else (draft or {}).get("uniqueid")
        self.ring_id = ring.id if ring else (draft or {}).get("ring_id")
        self.gate = DraftGate()
        self._draft_timer = None
        self._wrap_limit: int | None = None
        self._nudged = False

    @property
    def finished(self) -> bool:
        return self.gate.closed

    def compose_below(self) -> ComposeResult:
        yield TodayCalls(id="today")

    def on_mount(self) -> None:
        self.remember_blank()
        if self._draft:
            self.form.fill(CallFormValues.from_json(self._draft))
        elif self._number:
            self.form.set_number(self._number)
        if self.callback_id and not self._draft:
            self.form.query_one("#direction", ChoiceBar).choose("out")  # calling a customer back
            self.remember_blank()  # prefilled, not typed: Escape still leaves without asking
        if self.pinned:
            self.lookup(self.form.number, self.pinned)
        self._tick()
        self.set_interval(self.TICK_S, self._tick)
        self.post_message(FollowCall("wrap-up" if self.times.ended else "on-call"))
        if self._draft or self._ring or self._number or self.pinned or self.callback_id:
            self._save_draft_now()

    def heading(self) -> str:
        if self._draft:
            started = self.ctx.local().short(self.times.started_at)
            return _("Call in progress (restored; it started at {time})").format(time=started)
        if self._ring:
            line = self._ring.line
            return _("Incoming call") + (SEP + clean(line) if line else "")
        return _("New call")

    def fill_if_empty(self, number: str | None, customer_id: int | None, callback_id: int | None) -> bool:
        """Another "open a call" while this one is open: fill it if it has no caller yet. False if it has one."""
        if self.form.number.strip() or self.pinned:
            return not (number or customer_id or callback_id)
        if callback_id:
            self.callback_id = callback_id
            self.form.query_one("#direction", ChoiceBar).choose("out")
        if customer_id:
            self.pinned = customer_id
        if number:
            self.form.set_number(number)
        elif customer_id:
            self.lookup("", customer_id)
        self._touch()
        return True

    # -- timers ---------------------------------------------------------------------------
    def _tick(self) -> None:
        if not self.is_attached:
            return
        now = self.ctx.clock()
        t = self.times
        text = Text()
        text.append(_("Talk {time}").format(time=duration(t.talk_s(now))), style="bold")
        text.append("   " + _("Hold {time}").format(time=duration(t.hold_s(now))))
        if t.on_hold:
            text.append("  " + _("ON HOLD (F8 resumes)"), style="bold")
        text.append("   " + (_("Wrap {time}").format(time=duration(t.wrap_s(now))) if t.ended else _("Wrap {time}").format(time=NONE)))
        over = bool(t.ended and self._wrap_limit is not None and t.wrap_s(now) > self._wrap_limit)
        if over:
            text.append("  " + _("past the {limit} wrap-up limit").format(limit=duration(self._wrap_limit)), style="bold")
            if not self._nudged:
                self._nudged = True
                self.app.notify(_("Wrap-up is past the {limit} limit: save the call (Ctrl+S) to get back to ready.").format(
                    limit=duration(self._wrap_limit)), title=_("Wrap-up"), severity="warning", timeout=10, markup=False)
        timers = self.query_one("#call-timers", Static)
        timers.update(text)
        timers.set_class(t.on_hold, "-hold")
        timers.set_class(over, "-over")

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "hold" and self.times.ended:
            return None  # shown greyed: hold ends with the call
        return True

    def action_hold(self) -> None:
        if self.finished:
            return
        self.times.toggle_hold(self.ctx.clock())
        self._tick()
        self._save_draft_now()

    def action_end_call(self) -> None:
        if self.finished or self.times.ended:
            return
        self.times.end(self.ctx.clock())
        self._tick()
        self.refresh_bindings()
        self._save_draft_now()
        self.post_message(FollowCall("wrap-up", frozenset({"on-call"})))

    # -- what is listed below, and the status line ---------------------------------------------
    def reload(self) -> None:
        if not self.is_attached:
            return
        self._load_day()
        if self.pinned or self.form.number.strip():
            self.lookup(self.form.number, self.pinned)

    @work(thread=True, exclusive=True, group="call-day", exit_on_error=False)
    def _load_day(self) -> None:
        store, login, now = self.ctx.store, self.ctx.login, self.ctx.clock()
        desk = desk_store.desk_status(store, login, now)
        start, _end = day_bounds(now, self.ctx.zone)
        today = calls_store.my_calls_today(store, login, now)
        missed = rings.missed_rings(store, login, start)
        limit = status_limits(store, login)
        if not get_current_worker().is_cancelled:
            self.post_message(self.DayLoaded(desk, today, missed, limit))

    def on_new_call_screen_day_loaded(self, message: DayLoaded) -> None:
        if not self.is_attached:
            return
        self.show_status(message.desk)
        self._wrap_limit = message.limits["wrap-up"]
        self.show_title()
        self.query_one(TodayCalls).show(message.calls, message.missed, self.ctx.local())
        self._tick()

    def action_today(self) -> None:
        """To today's calls (the cursor on the newest), or from them back to the number."""
        table = self.query_one("#today-calls", DataTable)
        if self.focused is table:
            self.remove_class("-today")  # a compact screen hides them again
            self.form.query_one("#number").focus()
        elif table.row_count:
            self.add_class("-today")
            table.focus()
        else:
            self.app.notify(_("No calls today yet."), timeout=3, markup=False)

    def on_today_calls_reopen(self, message: TodayCalls.Reopen) -> None:
        self._load_call(message.call_id)

    @work(thread=True, exclusive=True, group="call-load", exit_on_error=False)
    def _load_call(self, call_id: int) -> None:
        self.post_message(self.CallLoaded(calls_store.get_call(self.ctx.store, self.ctx.login, call_id)))

    def on_new_call_screen_call_loaded(self, message: CallLoaded) -> None:
        self.app.push_screen(CallCorrectionScreen(self.ctx, message.call))

    # -- the draft ------------------------------------------------------------------------
    def on_call_form_changed(self) -> None:
        self._touch()

    def _touch(self) -> None:
        """Something changed: save the draft once typing pauses."""
        if self.finished:
            return
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(self.DRAFT_DEBOUNCE_S, self._save_draft_now)

    def draft_form(self) -> dict:
        form = self.snapshot()
        form.update(v=DRAFT_VERSION, times=self.times.as_json(), callback_id=self.callback_id,
                    uniqueid=self.uniqueid, ring_id=self.ring_id, case_id=self.case_id, case_request=self.case_request)
        return form

    def _save_draft_now(self) -> None:
        self._draft_timer = None
        if not self.finished:
            self._write_draft(self.draft_form())

    @work(thread=True, exclusive=True, group="call-draft", exit_on_error=False)
    def _write_draft(self, form: dict) -> None:
        self.gate.write(lambda: drafts.save_draft(self.ctx.store, self.ctx.login, form))

    # -- the desk quits with the call open (tui/navigation.quit_desk, DeskRuntime.hang_up) -------
    @property
    def worth_keeping(self) -> bool:
        """Something of this call would be lost by quitting: typed, or prefilled from a ring, callback or draft."""
        return not self.finished and bool(self.dirty or self._draft or self._ring or self._number or self.pinned
                                          or self.callback_id)

    def keep_draft_now(self) -> None:
        """Write the draft before the process exits (here, not in a worker: the exit would not wait), and
        nothing after it: a draft worker still queued holds an older form. Nothing once saved or dropped."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
        form = self.draft_form()
        self.gate.write(lambda: drafts.save_draft(self.ctx.store, self.ctx.login, form), last=True)

    def discard_now(self) -> None:
        self.gate.close_with(lambda: drafts.discard_draft(self.ctx.store, self.ctx.login))

    # -- save or drop ---------------------------------------------------------------------
    def submit(self, values: CallFormValues) -> None:
        new_customer = None
        if self.form.new_customer_shown and values.nc_name.strip():
            new_customer = NewCustomer(values.nc_name, values.nc_company, values.nc_city)
        callback = None
        if values.outcome == "callback-needed":
            callback = CallbackRequest(due=values.due, owner=values.cb_owner or "me")
        self._save(CallEntry(
            **self.call_fields(values), **self.times.final(self.ctx.clock()), number=values.number,
            customer_id=self.pinned, callback_id=self.callback_id, uniqueid=self.uniqueid,
            new_customer=new_customer, callback=callback, case_id=self.case_id))

    @work(thread=True, group="call-save", exit_on_error=False)
    def _save(self, call: CallEntry) -> None:
        call_id = self.gate.close_with(
            lambda: calls_store.log_call(self.ctx.store, self.ctx.login, call, clear_draft=True))
        if call_id is not None:
            self.post_message(self.Saved(call_id, open_case_after(self.ctx, call_id, self.case_request)))

    def on_new_call_screen_saved(self, message: Saved) -> None:
        text = _("Call #{id} saved.").format(id=message.call_id)
        if message.case_id:
            text += " " + _("Case #{id} opened from it.").format(id=message.case_id)
        self.app.notify(text, title=_("Call"), timeout=4, markup=False)
        self._call_over()

    def discard_question(self) -> str:
        return _("Discard this call? What you typed is lost.")

    def discard(self) -> None:
        self._drop()

    @work(thread=True, group="call-save", exit_on_error=False)
    def _drop(self) -> None:
        self.gate.close_with(lambda: drafts.discard_draft(self.ctx.store, self.ctx.login))
        self.post_message(self.Dropped())

    def on_new_call_screen_dropped(self) -> None:
        self._call_over()

    def _call_over(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
        # to the App itself: this screen is about to go, with whatever is still in its queue
        self.app.post_message(FollowCall("ready", BUSY))
        self.app.post_message(CallClosed())
        self.leave()
