"""F4's forms: reschedule, cancel, log an attempt, reassign. Each saves through one store call."""

from __future__ import annotations

from screens.labels import attempt_result_label
from screens.widgets.form_modal import Field, FormModal
from store import callbacks as cb_store
from store.callback_records import Callback
from store.duetime import EXAMPLES
from store.vocab import ATTEMPT_RESULTS
from tui.format import clean
from tui.i18n import _


def _who(cb: Callback) -> str:
    return clean(cb.customer_name or cb.phone or "")


def reschedule_form(ctx, cb: Callback) -> FormModal:
    return FormModal(
        _("Reschedule callback #{id}").format(id=cb.id),
        [Field("due", _("New due time"), placeholder=EXAMPLES)],
        lambda v: cb_store.reschedule_callback(ctx.store, ctx.login, cb.id, due=v["due"]),
        intro=_who(cb),
    )


def cancel_form(ctx, cb: Callback) -> FormModal:
    return FormModal(
        _("Cancel callback #{id}").format(id=cb.id),
        [Field("reason", _("Why is it no longer needed?"))],
        lambda v: cb_store.cancel_callback(ctx.store, ctx.login, cb.id, v["reason"]) or True,
        intro=_who(cb),
    )


def attempt_form(ctx, cb: Callback) -> FormModal:
    """Dismisses with the callback as store.callbacks.record_attempt leaves it."""
    return FormModal(
        _("Attempt at callback #{id}").format(id=cb.id),
        [
            Field("result", _("Result"), value="no-answer", options=[(attempt_result_label(r), r) for r in ATTEMPT_RESULTS]),
            Field("note", _("Note")),
            Field("due", _("Try again (optional)"), placeholder=EXAMPLES),
        ],
        lambda v: cb_store.record_attempt(ctx.store, ctx.login, cb.id, v["result"], note=v["note"], due=v["due"] or None),
        intro=_who(cb),
    )


def reassign_form(ctx, ids: list[int], agents: list[str]) -> FormModal:
    """Dismisses with (to, how many moved)."""
    choices = [(_("the pool"), "pool")] + [(a, a) for a in agents]
    return FormModal(
        _("Reassign {n} callback(s)").format(n=len(ids)),
        [Field("to", _("To"), options=choices)],
        lambda v: (v["to"], cb_store.reassign_callbacks(ctx.store, ctx.login, ids, None if v["to"] == "pool" else v["to"])),
        intro=", ".join(f"#{i}" for i in ids),
    )
