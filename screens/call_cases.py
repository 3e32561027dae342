"""A new call and the caller's cases: one case per problem.

When the caller has an open case the card beside the form lists it and offers Ctrl+L: link this call to
it (the agent confirms which), so the save passes its id (CallEntry.case_id: linked, counted as the
customer chasing it, no second case opened). Ctrl+N opens a case from this call instead: the form asks
the type, severity and summary, and the case opens once the call is saved, with the call as its origin.
"""

from __future__ import annotations

from screens.case_forms import case_from_call_form
from screens.case_rows import case_line
from screens.widgets.confirm import Answer, Choose
from store import cases as case_store
from store.errors import Conflict
from tui.i18n import _, ngettext

UNLINK = 0  # the answer "do not link"


class CallCases:
    """Mixed into screens.call_new.NewCallScreen (ctx, open_cases, show_case_note)."""

    case_id: int | None = None  # the open case this call is linked to
    case_request: dict | None = None  # a case to open from this call once it is saved

    def case_note(self) -> str:
        if self.case_id:
            return _("This call is linked to case #{id}: saved with it, as the customer chasing it.").format(
                id=self.case_id)
        if self.case_request:
            return _("A new case opens from this call when it is saved.")
        if self.open_cases:
            return ngettext("Ctrl+L links this call to the open case instead of opening another.",
                            "Ctrl+L links this call to one of the open cases instead of opening another.",
                            len(self.open_cases))
        return ""

    def action_link_case(self) -> None:
        cases = self.open_cases
        if not cases and not self.case_id:
            self.app.notify(_("The caller has no open case to link this call to."), title=_("Cases"), timeout=4,
                            markup=False)
            return
        when = self.ctx.local()
        shown = cases[:5]
        answers = [Answer("enter" if i == 0 else str(i + 1),
                          _("Enter: case #{id}").format(id=case.id) if i == 0 else
                          _("{key}: case #{id}").format(key=i + 1, id=case.id), case.id) for i, case in enumerate(shown)]
        if self.case_id:
            answers.append(Answer("x", _("x: do not link it"), UNLINK))

        def answered(case_id) -> None:
            if case_id is None:
                return
            self.case_id = case_id or None
            if self.case_id:
                self.case_request = None  # one case per problem: linked, no second one
            self.show_case_note()
            self._touch()

        listed = "\n".join(case_line(case, when) for case in shown)
        self.app.push_screen(Choose(_("Link this call to the caller's open case?"),
                                    listed + "\n\n" + _("The call joins the case's timeline and counts as the customer "
                                                        "chasing it; no second case is opened."), answers), answered)

    def action_case_from_call(self) -> None:
        if self.case_id:
            self.app.notify(_("This call is linked to case #{id}: one case per problem (Ctrl+L changes it).").format(
                id=self.case_id), title=_("Cases"), severity="warning", timeout=6, markup=False)
            return

        def chosen(request) -> None:
            if request is not None:
                self.case_request = request
                self.show_case_note()
                self.app.notify(_("The case opens when the call is saved."), title=_("Cases"), timeout=4,
                                markup=False)

        self.app.push_screen(case_from_call_form(self.ctx), chosen)


def open_case_after(ctx, call_id: int, request: dict | None) -> int | None:
    """The case asked for with Ctrl+N, opened from the saved call (in the save's worker); None when none was
    asked for, or when the call opened one itself (its outcome does: the store's one case per call)."""
    if not request:
        return None
    try:
        return case_store.open_case(ctx.store, ctx.login, call_id=call_id, case_type=request["case_type"],
                                    severity=request["severity"], summary=request["summary"])
    except Conflict:
        return None
