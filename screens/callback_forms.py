"""F4's forms: reschedule, cancel, log an attempt, reassign, reopen. Each saves through one store call and
names the customers it changes."""

from __future__ import annotations

from rich.text import Text

from screens.labels import attempt_result_label
from screens.widgets.due_hint import due_field
from screens.widgets.form_modal import Field, FormModal
from store import callbacks as cb_store
from store import reveals
from store.callback_records import Callback
from store.vocab import ATTEMPT_RESULTS
from tui.format import MORE, LocalTime, clean
from tui.i18n import _


def callback_who(cb: Callback, when: LocalTime) -> str:
    """The customer a callback is for, as a person reads it: the name, else the number."""
    return clean(cb.customer_name) or when.masked(cb.phone)


def reschedule_form(ctx, cb: Callback) -> FormModal:
    return FormModal(
        _("Reschedule callback #{id}").format(id=cb.id),
        [due_field(ctx, _("New due time"))],
        lambda v: cb_store.reschedule_callback(ctx.store, ctx.login, cb.id, due=v["due"]),
        intro=callback_who(cb, ctx.local()),
    )


def cancel_form(ctx, cb: Callback) -> FormModal:
    return FormModal(
        _("Cancel callback #{id}").format(id=cb.id),
        [Field("reason", _("Why is it no longer needed?"))],
        lambda v: cb_store.cancel_callback(ctx.store, ctx.login, cb.id, v["reason"]) or True,
        intro=_("{who}: the callback leaves the queue as cancelled. Enter cancels it, Escape backs out.").format(
            who=callback_who(cb, ctx.local())),
    )


def reveal_form(ctx, cb: Callback) -> FormModal:
    """Dismisses with the whole number (store.reveals: the reason is recorded)."""
    return FormModal(
        _("Whole number of callback #{id}").format(id=cb.id),
        [Field("reason", _("Why do you need the whole number?"))],
        lambda v: reveals.reveal_callback_number(ctx.store, ctx.login, cb.id, v["reason"]),
        intro=_("{who}: the number is masked in lists; showing it whole is recorded with your reason.").format(
            who=callback_who(cb, ctx.local())),
    )


def reopen_form(ctx, cb: Callback) -> FormModal:
    """Dismisses with the reopened callback."""
    return FormModal(
        _("Reopen callback #{id}").format(id=cb.id),
        [Field("reason", _("Why is it open again?"), value=_("closed by mistake"))],
        lambda v: cb_store.reopen_callback(ctx.store, ctx.login, cb.id, v["reason"]),
        intro=_("{who}: the callback goes back to the queue. Enter reopens it, Escape backs out.").format(who=callback_who(cb, ctx.local())),
    )


def attempt_form(ctx, cb: Callback) -> FormModal:
    """Dismisses with the callback as store.callbacks.record_attempt leaves it."""
    return FormModal(
        _("Attempt at callback #{id}").format(id=cb.id),
        [
            Field("result", _("Result"), value="no-answer", options=[(attempt_result_label(r), r) for r in ATTEMPT_RESULTS]),
            Field("note", _("Note")),
            due_field(ctx, _("Try again (optional)")),
        ],
        lambda v: cb_store.record_attempt(ctx.store, ctx.login, cb.id, v["result"], note=v["note"], due=v["due"] or None),
        intro=callback_who(cb, ctx.local()),
    )


def reassign_form(ctx, callbacks: list[Callback], agents: list[tuple[Text, str]]) -> FormModal:
    """Dismisses with (to, how many moved); `agents` as callback_rows.agent_choices gives them."""
    ids = [cb.id for cb in callbacks]
    choices = [(_("the pool"), "pool"), *agents]
    named = ", ".join(f"#{cb.id} {callback_who(cb, ctx.local())}" for cb in callbacks[:6]) + (" " + MORE if len(callbacks) > 6 else "")
    return FormModal(
        _("Reassign {n} callback(s)").format(n=len(ids)),
        [Field("to", _("To"), options=choices)],
        lambda v: (v["to"], cb_store.reassign_callbacks(ctx.store, ctx.login, ids, None if v["to"] == "pool" else v["to"])),
        intro=_("{callbacks}: each goes to the one you choose. Enter moves them, Escape backs out.").format(
            callbacks=named),
    )
