"""The customer card's edit form: what it holds, what the agent changed, and leaving with changes.

Leaving a card with unsaved edits (Escape, an F-key, the home key: DeskScreen.request_leave) asks
once: Enter saves and then leaves (a refusal stays, beside what was typed), d discards, Escape stays.
A new customer's form counts as changed once it differs from what it was opened with.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Checkbox, Input, Select, TextArea

from screens.labels import customer_field_label
from screens.widgets.confirm import Answer, Choose
from screens.widgets.form_modal import Field, FormModal
from store.customer_card_records import CustomerCard
from store.errors import ValidationError
from tui.format import clean
from tui.i18n import N_, _
from tui.safe_text import editable


def _reason_given(values: dict) -> str:
    if not values["reason"]:
        raise ValidationError("reason", N_("reason: say why the customer may not be called."))
    return values["reason"]


TEXT_FIELDS = ("name", "company", "email", "wechat_id", "city", "tags")


def loaded_values(card: CustomerCard) -> dict:
    """The card's fields as its form shows them: as saving would store them (tui/safe_text.py `editable`),
    so a control sequence already in the store never reaches the terminal and opening is no change."""
    values = {key: editable(getattr(card, key)) for key in TEXT_FIELDS}
    values.update(tags=editable(",".join(card.tags)), status=card.status, do_not_call=card.do_not_call,
                  notes=editable(card.notes, multiline=True))
    return values


class CardEdits:
    """Mixed into screens.customer_card.CustomerCardScreen (which has `card`, `customer_id`, `action_save`)."""

    card: CustomerCard | None
    _new_form: dict | None = None
    _after_save: Callable[[], None] | None = None

    def _fill_form(self, card: CustomerCard) -> None:
        loaded = loaded_values(card)
        for key in TEXT_FIELDS:
            self.query_one(f"#f-{key}", Input).value = loaded[key]
        self.query_one("#f-status", Select).value = card.status
        self.query_one("#f-do_not_call", Checkbox).value = card.do_not_call
        self.query_one("#f-notes", TextArea).text = loaded["notes"]

    def form_values(self) -> dict:
        values = {key: self.query_one(f"#f-{key}", Input).value for key in TEXT_FIELDS}
        values["status"] = str(self.query_one("#f-status", Select).value)
        values["do_not_call"] = self.query_one("#f-do_not_call", Checkbox).value
        values["notes"] = self.query_one("#f-notes", TextArea).text
        if self.customer_id is None:
            values["phone"] = self.query_one("#f-phone", Input).value
        return values

    def save_asking_why(self, values: dict, save: Callable[[dict], None]) -> None:
        """Save `values`; when they put the customer on the do-not-call list, first ask why (store/do_not_call.py)."""
        was_on = self.card.do_not_call if self.card is not None else False
        if not values.get("do_not_call") or was_on:
            save(values)
            return

        def answered(reason: str | None) -> None:
            if reason:
                save({**values, "do_not_call_reason": reason})
            else:
                self.stay_after_refusal()

        self.app.push_screen(FormModal(
            _("Do not call"), [Field("reason", _("Why may this customer not be called?"))], _reason_given,
            intro=_("Outgoing calls, callbacks and attempts to them will be refused."),
        ), answered)

    def remember_new_form(self) -> None:
        """A new customer's form as it opened (the name or number it was opened with)."""
        if self.customer_id is None:
            self._new_form = self.form_values()

    def changed_fields(self) -> list[str]:
        """The fields that differ from the loaded card (or from the new form as it opened)."""
        values = self.form_values()
        if self.card is not None:
            loaded = loaded_values(self.card)
        elif self._new_form is not None and self.customer_id is None:
            loaded = self._new_form
        else:
            return []  # still loading: nothing typed over it yet
        return [key for key in values if key in loaded and values[key] != loaded[key]]

    def request_leave(self, then: Callable[[], None]) -> None:
        changed = self.changed_fields()
        if not changed:
            then()
            return
        if self.card is not None:
            question = _("Save your changes to {name}'s card?").format(name=clean(self.card.name) or f"#{self.card.id}")
        else:
            question = _("Save this new customer?")
        detail = _("Changed: {fields}.").format(fields=", ".join(customer_field_label(key) for key in changed))

        def answered(choice: str | None) -> None:
            if choice == "save":
                self._after_save = then
                self.action_save()
            elif choice == "discard":
                then()

        self.app.push_screen(Choose(question, detail, [
            Answer("enter", _("Enter: save"), "save"),
            Answer("d", _("d: discard the changes"), "discard"),
        ], escape_words=_("Escape: stay on the card"), escape_value="stay"), answered)

    def leave_after_save(self, created: bool) -> bool:
        """After a save: leave if the agent asked to (True), saying what was saved."""
        then, self._after_save = self._after_save, None
        if then is None:
            return False
        if created:
            self.app.notify(_("Customer #{id} created.").format(id=self.customer_id), markup=False)
        else:
            self.app.notify(_("Saved."), markup=False)
        then()
        return True

    def stay_after_refusal(self) -> None:
        """The save was refused: the agent stays, with the refusal beside the field."""
        self._after_save = None
