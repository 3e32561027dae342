"""Where the screens' requests lead (screens/requests.py): the App routes each one here.

The call form is opened one way only: a new call's form already open (and neither saved nor
dropped) comes back to the top instead of a second one, filled with the caller if it has none.
"""

from __future__ import annotations

from screens.call_new import NewCallScreen
from screens.customer_card import CustomerCardScreen
from screens.widgets.callback_form import callback_form
from store.rings import Ring
from tui.i18n import _


def active_call_form(app) -> NewCallScreen | None:
    """The new-call form on the stack that is neither saved nor dropped."""
    return next((s for s in app.screen_stack if isinstance(s, NewCallScreen) and not s.finished), None)


def open_call(app, number: str | None = None, customer_id: int | None = None, callback_id: int | None = None,
              ring: Ring | None = None, draft: dict | None = None) -> NewCallScreen:
    """The call form, prefilled; one already open comes back to the top (filled if it has no caller)."""
    existing = active_call_form(app)
    if existing is not None:
        while app.screen is not existing and len(app.screen_stack) > 1:
            app.pop_screen()
        if not existing.fill_if_empty(number, customer_id, callback_id):
            app.notify(_("A call is in progress: save it (Ctrl+S) or discard it (Escape) before starting another."),
                       title=_("Call"), severity="warning", timeout=8, markup=False)
        return existing
    screen = NewCallScreen(app.ctx, number=number, customer_id=customer_id, callback_id=callback_id, ring=ring, draft=draft)
    app.push_screen(screen)
    return screen


def open_card(app, customer_id: int | None, name: str = "", phone: str = "") -> None:
    app.push_screen(CustomerCardScreen(app.ctx, customer_id, name=name, phone=phone))


def open_callback_form(app, customer_id: int, name: str) -> None:
    def done(callback_id) -> None:
        if callback_id is not None:
            app.notify(_("Callback #{id} scheduled.").format(id=callback_id), markup=False)

    app.push_screen(callback_form(app.ctx, customer_id, name), done)
