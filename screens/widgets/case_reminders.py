"""The "your case has gone quiet" toast: a case of mine not updated within `case_reminder_hours` is said once.

The store keeps who was reminded of what (store.cases.mark_reminded: a case reminds again only after its next
update goes quiet); this desk also remembers the ids it has toasted, so two screens loading their status
line before the mark lands never say it twice.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from store.case_counts import mark_reminded
from tui.format import MORE
from tui.i18n import _, ngettext

_said: WeakKeyDictionary = WeakKeyDictionary()  # app -> case ids toasted by this desk


def _cases_key(app) -> str:
    """The case list's key as the user's keymap has it (F12 unless remapped)."""
    for active in app.screen.active_bindings.values():
        if active.binding.id == "cases":
            return app.get_key_display(active.binding)
    return "F12"


def note_quiet_cases(app, ctx, counts) -> int:
    """Toast the quiet cases not yet reminded of (one toast for them all) and mark them; returns how many."""
    said = _said.setdefault(app, set())
    fresh = tuple(i for i in counts.to_remind if i not in said)
    if not fresh:
        return 0
    said.update(fresh)
    numbers = ", ".join(f"#{i}" for i in fresh[:5]) + (" " + MORE if len(fresh) > 5 else "")
    app.notify(
        ngettext("Case {numbers} has not been updated for a while: add a note or tell the customer ({key} lists "
                 "your cases).", "Cases {numbers} have not been updated for a while: add a note or tell the "
                 "customer ({key} lists your cases).", len(fresh)).format(numbers=numbers, key=_cases_key(app)),
        title=_("Case reminder"), severity="warning", timeout=15, markup=False)
    app.run_worker(lambda: mark_reminded(ctx.store, ctx.login, fresh), thread=True,
                   group="case-remind", exit_on_error=False)
    return len(fresh)


