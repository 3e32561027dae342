"""The card's small forms: add or remove a phone, merge a duplicate into the record shown."""

from __future__ import annotations

from screens.widgets.form_modal import Field, FormModal
from store import customers as customer_store
from store.customer_records import MergeSummary
from store.errors import ValidationError
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


def merge_form(ctx, keep: int) -> FormModal:
    """Dismisses with store.customers.merge_customers' summary."""

    def merge(values: dict) -> MergeSummary:
        text = values["other"].strip().lstrip("#")
        if not text.isdigit():
            raise ValidationError("other", _("other: type the id of the duplicate record, e.g. 1234."))
        return customer_store.merge_customers(ctx.store, ctx.login, keep, int(text))

    return FormModal(
        _("Merge a duplicate into #{id}").format(id=keep), [Field("other", _("Id of the duplicate record"))], merge,
        intro=_("Its phones, calls, callbacks and notes move to this record; the duplicate is deleted."),
    )
