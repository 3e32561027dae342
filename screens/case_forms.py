"""The case detail's forms: a note, a department's reply, a status, a reassignment, an update callback,
the customer told, closing, reopening, and opening a case by hand (the card, the call form). Each saves
through one store call (store/cases/) and names the case it changes; a refusal stays on the form as the
store's sentence. Escape on a form with something typed asks before it is dropped, as the desk's
other forms do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.widgets import Input

from screens.labels import case_department_label, case_severity_label, case_status_label, case_type_label
from screens.widgets.confirm import ConfirmDiscard
from screens.widgets.due_hint import due_field
from screens.widgets.form_modal import Field, FormModal
from store import cases as case_store
from store.case_records import Case
from store.vocab import CASE_DEPARTMENTS, CASE_SEVERITIES, CASE_STATUSES, CASE_TYPES
from tui.format import clean
from tui.i18n import _

SETTABLE = tuple(s for s in CASE_STATUSES if s != "closed")  # closing has its own key (the resolution, the contact)


class CaseForm(FormModal):
    """A FormModal that asks before Escape drops text typed into it."""

    def on_mount(self) -> None:
        super().on_mount()
        self._typed_at_start = self._typed()

    def _typed(self) -> dict[str, str]:
        return {str(w.id): w.value for w in self.query(Input)}

    def action_cancel(self) -> None:
        if self._typed() == getattr(self, "_typed_at_start", {}):
            self.dismiss(None)
            return
        self.app.push_screen(ConfirmDiscard(_("Discard what you typed?")), lambda drop: drop and self.dismiss(None))


def case_who(case: Case) -> str:
    """The case as a person names it: its number, type and customer."""
    who = clean(case.customer_name) or _("no customer")
    return _("Case #{id} ({type}) for {who}").format(id=case.id, type=case_type_label(case.type), who=who)


def _form(ctx, case: Case, title: str, fields: list[Field], save: Callable[[dict], Any], intro: str = "") -> CaseForm:
    return CaseForm(title.format(id=case.id), fields, save, intro=intro or case_who(case))


def note_form(ctx, case: Case) -> CaseForm:
    return _form(ctx, case, _("Note on case #{id}"), [Field("text", _("Note"))],
                 lambda v: case_store.add_note(ctx.store, ctx.login, case.id, v["text"]))


def reply_form(ctx, case: Case) -> CaseForm:
    departments = [(case_department_label(d), d) for d in CASE_DEPARTMENTS if d != "customer-service"]
    value = case.department if case.department != "customer-service" else departments[0][1]
    return _form(ctx, case, _("Department reply on case #{id}"),
                 [Field("department", _("Department"), value, options=departments),
                  Field("text", _("What the department said"))],
                 lambda v: case_store.record_reply(ctx.store, ctx.login, case.id, v["department"], v["text"]))


def status_form(ctx, case: Case) -> CaseForm:
    options = [(case_status_label(s), s) for s in SETTABLE]
    return _form(ctx, case, _("Status of case #{id}"),
                 [Field("status", _("Status"), case.status if case.status in SETTABLE else "open", options=options),
                  Field("resolution", _("Resolution (when resolved)"), case.resolution)],
                 lambda v: case_store.change_status(ctx.store, ctx.login, case.id, v["status"],
                                                    resolution=v["resolution"] or None))


def reassign_form(ctx, case: Case) -> CaseForm:
    return _form(ctx, case, _("Reassign case #{id}"), [Field("to", _("To (an agent's login)"), placeholder="wang")],
                 lambda v: case_store.reassign_case(ctx.store, ctx.login, case.id, v["to"]),
                 intro=_("{case}, now {owner}'s: the agent you name becomes accountable. Enter moves it, Escape "
                         "backs out.").format(case=case_who(case), owner=clean(case.owner_name or case.owner)))


def update_callback_form(ctx, case: Case) -> CaseForm:
    """The callback form's when and why: a callback to tell the customer how the case stands (its
    attempts join the timeline; a reached one tells the customer)."""
    return _form(ctx, case, _("Callback to update the customer on case #{id}"),
                 [due_field(ctx, _("When"), "+1h"), Field("reason", _("Reason"), _("update on case #{id}").format(id=case.id))],
                 lambda v: case_store.schedule_update_callback(ctx.store, ctx.login, case.id, due=v["due"],
                                                               reason=v["reason"]))


def told_form(ctx, case: Case) -> CaseForm:
    return _form(ctx, case, _("Customer told: case #{id}"), [Field("text", _("What they were told (optional)"))],
                 lambda v: case_store.mark_told(ctx.store, ctx.login, case.id, v["text"]),
                 intro=_("{case}: records that the customer heard how it stands now. Enter records it, Escape "
                         "backs out.").format(case=case_who(case)))


def close_form(ctx, case: Case, lead: bool) -> CaseForm:
    """Closing is final: the form says so and asks. Leads and admins may close a case whose customer could not
    be reached after attempts on 3 days (their approval recorded)."""
    fields = [Field("resolution", _("Resolution"), case.resolution)]
    if lead:
        fields.append(Field("unreachable", _("The customer"), "heard",
                            options=[(_("heard the answer"), "heard"),
                                     (_("could not be reached (3 days of attempts; your approval)"), "unreachable")]))
    return _form(ctx, case, _("Close case #{id}"), fields,
                 lambda v: case_store.close_case(ctx.store, ctx.login, case.id, resolution=v["resolution"] or None,
                                                 unreachable=v.get("unreachable") == "unreachable"),
                 intro=_("{case}: closing is final; it can be reopened within the days the centre allows. "
                         "Enter closes it, Escape backs out.").format(case=case_who(case)))


def reopen_form(ctx, case: Case) -> CaseForm:
    return _form(ctx, case, _("Reopen case #{id}"), [Field("reason", _("Why is it open again?"))],
                 lambda v: case_store.reopen_case(ctx.store, ctx.login, case.id, v["reason"]),
                 intro=_("{case}: it goes back to being handled, and the reopening is audited. Enter reopens it, "
                         "Escape backs out.").format(case=case_who(case)))


def case_fields() -> list[Field]:
    return [Field("case_type", _("Type"), "complaint", options=[(case_type_label(t), t) for t in CASE_TYPES]),
            Field("severity", _("Severity"), "normal", options=[(case_severity_label(s), s) for s in CASE_SEVERITIES]),
            Field("summary", _("Summary"))]


def open_case_form(ctx, customer_id: int, name: str) -> CaseForm:
    """From the customer card: dismisses with the new case's id."""
    return CaseForm(_("New case for {name}").format(name=clean(name)), case_fields(),
                    lambda v: case_store.open_case(ctx.store, ctx.login, customer_id=customer_id,
                                                   case_type=v["case_type"], severity=v["severity"],
                                                   summary=v["summary"]),
                    intro=_("One case per problem: it stays open until the customer hears the answer."))


def case_from_call_form(ctx) -> CaseForm:
    """From the call form: nothing is saved yet; it dismisses with what to open once the call is saved."""
    return CaseForm(_("Open a case from this call"), case_fields(), lambda v: dict(v),
                    intro=_("The case opens when the call is saved, with this call as its origin."))
