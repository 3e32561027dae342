"""A saved call of today, reopened from the call form's list to correct it (audited by the store).

No timers run and no draft is kept: the call's times are as saved, and Escape with changes asks.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.message import Message
from textual.widgets import Static

from screens.call import CallScreen
from screens.call_form import CallFormValues
from store import calls as calls_store
from store.call_records import SavedCall
from tui.format import duration
from tui.i18n import _


class CallCorrectionScreen(CallScreen):
    class Saved(Message):
        def __init__(self, call_id: int, changed: bool) -> None:
            super().__init__()
            self.call_id, self.changed = call_id, changed

    def __init__(self, ctx, call: SavedCall) -> None:
        super().__init__(ctx, pinned=call.customer_id)
        self.call = call
        self._finished = False

    @property
    def finished(self) -> bool:
        return self._finished

    def on_mount(self) -> None:
        call = self.call
        cents = call.amount_due_cents
        self.form.fill(CallFormValues(
            number=self._saved_number(), direction=call.direction or "", channel=call.channel or "",
            category=call.category or "", outcome=call.outcome or "", notes=call.notes or "",
            esc_reason=call.escalation_reason or "", order_no=call.order_no or "",
            waybill_no=call.waybill_no or "", amount_due="" if cents is None else f"{cents / 100:.2f}"))
        self.remember_blank()
        self.lookup(self.form.number, self.pinned)
        self.query_one("#call-timers", Static).update(Text(_("Talk {talk}   Hold {hold}   Wrap {wrap} (as saved)").format(
            talk=duration(call.talk_s), hold=duration(call.hold_s), wrap=duration(call.wrap_s))))

    def _saved_number(self) -> str:
        return self.call.phone_raw or self.call.phone_e164 or ""

    def heading(self) -> str:
        return _("Correcting call #{id} of {time}").format(id=self.call.id, time=self.ctx.local().short(self.call.started_at))

    def submit(self, values: CallFormValues) -> None:
        fields = self.call_fields(values)
        if values.number != self._saved_number():
            fields["number"] = values.number
        if self.pinned != self.call.customer_id:
            fields["customer_id"] = self.pinned
        self._save(self.call.id, fields)

    @work(thread=True, group="call-save", exit_on_error=False)
    def _save(self, call_id: int, fields: dict) -> None:
        changed = calls_store.update_call(self.ctx.store, self.ctx.login, call_id, **fields)
        self.post_message(self.Saved(call_id, bool(changed)))

    def on_call_correction_screen_saved(self, message: Saved) -> None:
        self._finished = True
        text = _("Call #{id} corrected.") if message.changed else _("Call #{id}: nothing changed.")
        self.app.notify(text.format(id=message.call_id), title=_("Call"), timeout=4, markup=False)
        self.leave()

    def discard_question(self) -> str:
        return _("Discard your corrections?")

    def discard(self) -> None:
        self._finished = True
        self.leave()
