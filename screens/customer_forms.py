"""The card's small forms: add or remove a phone (the merge's are in screens/customer_merge.py)."""

from __future__ import annotations

from screens.widgets.form_modal import Field, FormModal
from store import customers as customer_store
from tui.i18n import _


def add_phone_form(ctx, customer_id: int) -> FormModal:
    return FormModal(
        _("Add a phone"), [Field("phone", _("Number"), placeholder="138 0013 8000"),
                           Field("main", _("Main number"), "no", options=[(_("no"), "no"), (_("yes"), "yes")])],
        lambda v: customer_store.add_phone(ctx.store, ctx.login, customer_id, v["phone"], main=v["main"] == "yes"),
    )


def remove_phone_form(ctx, customer_id: int, e164: str) -> FormModal:
    return FormModal(
        _("Remove {number}?").format(number=ctx.local().phone(e164)), [],
        lambda v: customer_store.remove_phone(ctx.store, ctx.login, customer_id, e164) or True,
        intro=_("Ctrl+S removes the number from this customer."),
    )
