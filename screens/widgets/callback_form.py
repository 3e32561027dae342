"""Schedule a callback for a customer (F8 from the lookup or the card): when, whose, why."""

from __future__ import annotations

from screens.widgets.due_hint import due_field
from screens.widgets.form_modal import Field, FormModal
from store import customers as customer_store
from tui.i18n import _


def callback_form(ctx, customer_id: int, name: str) -> FormModal:
    """The form; it dismisses with the new callback's id (None when cancelled)."""

    def save(values: dict) -> int:
        return customer_store.schedule_callback(
            ctx.store, ctx.login, customer_id, values["due"], owner=values["owner"], reason=values["reason"]
        )

    return FormModal(
        _("Callback for {name}").format(name=name),
        [
            due_field(ctx, _("When"), "+1h"),
            Field("owner", _("Owner"), "me", options=[(_("me"), "me"), (_("the pool"), "pool")]),
            Field("reason", _("Reason")),
        ],
        save,
    )
