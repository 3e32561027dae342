"""F4's keys that change a callback: each says what it will do to which customer and asks once.

Done and release ask with a Confirm (Enter goes on, Escape backs out); cancel, reassign and reopen
ask in their form (screens/callback_forms.py), which names the customers too. A callback closed
at this desk can be opened again with `u` (store.callbacks.reopen_callback has the one undo rule).
Every write runs in its own worker; the store's listener reloads the queue once it lands.
"""

from __future__ import annotations

from textual import work
from textual.message import Message

from screens.callback_forms import (
    attempt_form,
    callback_who,
    cancel_form,
    reassign_form,
    reopen_form,
    reschedule_form,
    reveal_form,
)
from screens.callback_rows import agent_choices
from screens.failures import ReportsFailures
from screens.widgets.confirm import Confirm
from store import callbacks as cb_store
from store.callback_records import Callback
from store.settings import DEFAULTS
from tui.i18n import _


class CallbackActions(ReportsFailures):
    """Mixed into screens.callbacks.CallbacksScreen, which supplies ctx, _need_current and the lists."""

    class Acted(Message):
        def __init__(self, text: str, then=None) -> None:
            super().__init__()
            self.text = text
            self.then = then

    last_closed: Callback | None = None  # what `u` reopens: the last callback this desk closed

    def _due_words(self, cb: Callback) -> str:
        return _("due {when}").format(when=self.ctx.local().dated(cb.due_at))

    def action_claim(self) -> None:
        cb = self._need_current()
        if cb is None:
            return
        self._run_action(lambda: cb_store.claim_callback(self.ctx.store, self.ctx.login, cb.id),
                         _("Callback #{id} is yours.").format(id=cb.id))

    def action_release(self) -> None:
        cb = self._need_current()
        if cb is None:
            return

        def answered(go_on: bool | None) -> None:
            if go_on:
                self._run_action(lambda: cb_store.release_callback(self.ctx.store, self.ctx.login, cb.id),
                                 _("Callback #{id} is back in the pool.").format(id=cb.id))

        self.app.push_screen(Confirm(
            _("Give callback #{id} for {who} back to the pool?").format(id=cb.id, who=callback_who(cb, self.ctx.local())),
            _("{due}. Anyone in the team may claim it then.").format(due=self._due_words(cb)),
            go_on=_("Enter: release it")), answered)

    def action_complete(self) -> None:
        cb = self._need_current()
        if cb is None:
            return

        def answered(go_on: bool | None) -> None:
            if go_on:
                self._run_action(lambda: cb_store.complete_callback(self.ctx.store, self.ctx.login, cb.id),
                                 self._closed_text(_("Callback #{id} done."), cb), closed=cb)

        self.app.push_screen(Confirm(
            _("Mark callback #{id} for {who} done?").format(id=cb.id, who=callback_who(cb, self.ctx.local())),
            _("{due}. It leaves the queue; {undo}").format(due=self._due_words(cb), undo=self._undo_words()),
            go_on=_("Enter: mark it done")), answered)

    def action_cancel_callback(self) -> None:
        cb = self._need_current()
        if cb is None:
            return

        def cancelled(ok) -> None:
            if ok:
                self.last_closed = cb
                self._done(self._closed_text(_("Callback #{id} cancelled."), cb))

        self.app.push_screen(cancel_form(self.ctx, cb), cancelled)

    def action_reveal(self) -> None:
        cb = self._need_current()
        if cb is None:
            return

        def shown(number: str | None) -> None:
            if number:
                self.app.notify(_("Callback #{id}: {number}").format(id=cb.id, number=self.ctx.local().phone(number)),
                                title=_("Whole number"), timeout=20, markup=False)

        self.app.push_screen(reveal_form(self.ctx, cb), shown)

    def action_reschedule(self) -> None:
        cb = self._need_current()
        if cb is None:
            return
        self.app.push_screen(reschedule_form(self.ctx, cb),
                             lambda when: when and self._done(_("Callback #{id} rescheduled.").format(id=cb.id)))

    def action_attempt(self) -> None:
        cb = self._need_current()
        if cb is None:
            return

        def recorded(result) -> None:
            if result:
                if result.status == "done":
                    self.last_closed = cb
                    text = self._closed_text(_("Callback #{id}: reached, done."), cb)
                else:
                    text = _("Callback #{id}: attempt recorded.").format(id=cb.id)
                self._done(text)

        self.app.push_screen(attempt_form(self.ctx, cb), recorded)

    def action_reopen(self) -> None:
        cb = self.last_closed
        if cb is None:
            self.app.notify(_("Nothing to reopen: u opens again the last callback you closed here."),
                            severity="warning", timeout=5, markup=False)
            return

        def reopened(result) -> None:
            if result:
                self.last_closed = None
                self._done(_("Callback #{id} is open again.").format(id=cb.id))

        self.app.push_screen(reopen_form(self.ctx, cb), reopened)

    def action_reassign(self) -> None:
        ids = sorted(self.marked)
        if not ids:
            cb = self._need_current()
            if cb is None:
                return
            ids = [cb.id]

        def moved(result) -> None:
            if result:
                to, count = result
                self.marked -= set(ids)
                self._done(_("{n} callback(s) moved to {to}.").format(n=count, to=_("the pool") if to == "pool" else to))

        shown = [self._rows[i] for i in ids if i in self._rows]
        self.app.push_screen(reassign_form(self.ctx, shown, agent_choices(self.team.groups) if self.team else []), moved)

    def action_generate(self) -> None:
        def summary() -> str:
            result = cb_store.generate_return_visits(self.ctx.store, self.ctx.login)
            return _("{n} return visit(s) created.").format(n=result["created"])

        self._run_action(summary, None)

    # -- writes ---------------------------------------------------------------------------------
    def _undo_words(self) -> str:
        if self.ctx.role == "agent":
            minutes = self.queue.undo_min if self.queue else DEFAULTS["callback_undo_min"]
            return _("u opens it again within {minutes} minutes.").format(minutes=minutes)
        return _("u opens it again.")

    def _closed_text(self, text: str, cb: Callback) -> str:
        return text.format(id=cb.id) + " " + self._undo_words()

    @work(thread=True, group="callback-action", exit_on_error=False)
    def _run_action(self, fn, text: str | None, then=None, closed: Callback | None = None) -> None:
        result = fn()
        self.post_message(self.Acted(text if text is not None else str(result), then or (("closed", closed) if closed else None)))

    def on_callback_actions_acted(self, message: Acted) -> None:
        then = message.then
        if then and then[0] == "call":
            self._done("")
            self._open_call(then[1])
            return
        if then and then[0] == "closed":
            self.last_closed = then[1]
        self._done(message.text)

    def _done(self, text: str) -> None:
        """A write landed: the store's listener reloads every screen that shows callbacks, this one too."""
        if text:
            self.app.notify(text, title=_("Callbacks"), timeout=6, markup=False)
