"""Where the screens' requests and the desk's keys lead: the App routes each one here.

The call form is opened one way only: a new call's form already open (and neither saved nor
dropped) comes back to the top instead of a second one, filled with the caller if it has none.

The F-keys switch: the screens above the desk's base (the home screen, or the call in progress
over it) give way to the one asked for, or the one already open comes back with what it showed.
Escape on a top-level screen, and the home key anywhere, go back to the base. A screen with
unsaved edits asks before it goes (DeskScreen.request_leave); staying stops the switch.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.screen import ModalScreen, Screen

from screens.base import DeskScreen
from tui.i18n import _

if TYPE_CHECKING:  # the screens are imported when first opened, not at start (tests/test_cold_start.py)
    from screens.call_new import NewCallScreen
    from store.card_views import CardReason
    from store.rings import Ring

CALL_FORM_MODULE = "screens.call_new"


def active_call_form(app) -> NewCallScreen | None:
    """The new-call form on the stack that is neither saved nor dropped."""
    calls = sys.modules.get(CALL_FORM_MODULE)
    if calls is None:
        return None  # no call form was ever made: its module is imported with the first one (open_call)
    return next((s for s in app.screen_stack if isinstance(s, calls.NewCallScreen) and not s.finished), None)


def open_call(app, number: str | None = None, customer_id: int | None = None, callback_id: int | None = None,
              ring: Ring | None = None, draft: dict | None = None) -> NewCallScreen:
    """The call form, prefilled; one already open comes back to the top (filled if it has no caller)."""
    existing = active_call_form(app)
    if existing is not None:
        def back_on_the_call() -> None:
            if not existing.fill_if_empty(number, customer_id, callback_id):
                app.notify(_("A call is in progress: save it (Ctrl+S) or discard it (Escape) before starting another."),
                           title=_("Call"), severity="warning", timeout=8, markup=False)

        _leave_down_to(app, app.screen_stack.index(existing), back_on_the_call)
        return existing
    from screens.call_new import NewCallScreen

    screen = NewCallScreen(app.ctx, number=number, customer_id=customer_id, callback_id=callback_id, ring=ring, draft=draft)
    app.push_screen(screen)
    return screen


def open_card(app, customer_id: int | None, name: str = "", phone: str = "", reason: CardReason | None = None) -> None:
    from screens.customer_card import CustomerCardScreen

    app.push_screen(CustomerCardScreen(app.ctx, customer_id, name=name, phone=phone, reason=reason))


def open_callback_form(app, customer_id: int, name: str) -> None:
    from screens.widgets.callback_form import callback_form

    def done(callback_id) -> None:
        if callback_id is not None:
            app.notify(_("Callback #{id} scheduled.").format(id=callback_id), markup=False)

    app.push_screen(callback_form(app.ctx, customer_id, name), done)


def base_index(app) -> int:
    """Where the desk's base is on the stack: the call in progress, else the home screen (0)."""
    call = active_call_form(app)
    return app.screen_stack.index(call) if call is not None else 0


def _leave_down_to(app, keep: int, then: Callable[[], None]) -> None:
    """Take the screens above stack index `keep` away, top first, each when it agrees; then `then`."""
    if len(app.screen_stack) - 1 <= keep:
        then()
        return
    top = app.screen
    if isinstance(top, ModalScreen):
        return  # a question or form is open: it has the keys until it is answered

    def gone() -> None:
        if app.screen is top:
            app.pop_screen()
        _leave_down_to(app, keep, then)

    if isinstance(top, DeskScreen):
        top.request_leave(gone)
    else:
        gone()


def switch_to(app, screen_class: type[Screen], make: Callable[[], Screen]) -> None:
    """An F-key: the screen of `screen_class` above the base comes back, or a new one replaces what is there."""
    stack = app.screen_stack
    base = base_index(app)
    if isinstance(app.screen, screen_class):
        return
    found = next((i for i in range(len(stack) - 1, base, -1) if isinstance(stack[i], screen_class)), None)
    if found is not None:
        _leave_down_to(app, found, lambda: None)
    else:
        _leave_down_to(app, base, lambda: app.push_screen(make()))


def go_home(app) -> None:
    """The home key: back to the base (the call in progress, else the home screen)."""
    _leave_down_to(app, base_index(app), lambda: None)


def go_back(app) -> None:
    """Escape: the screen on top goes (when it agrees); from a top-level screen that is the base."""
    if len(app.screen_stack) > 1 and not isinstance(app.screen, ModalScreen):
        _leave_down_to(app, len(app.screen_stack) - 2, lambda: None)


def quit_desk(app) -> None:
    """Ctrl+Q: with a call in progress, ask to keep it as a draft (Enter), discard it (d) or stay (Escape)."""
    from screens.widgets.confirm import Answer
    from tui.quit_question import QuitQuestion

    call = active_call_form(app)
    if isinstance(app.screen, QuitQuestion):
        app.screen.dismiss("keep")
        return
    if call is None or not call.worth_keeping:
        app.exit()
        return

    def answered(choice: str | None) -> None:
        if choice == "keep":
            call.keep_draft_now()
        elif choice == "discard":
            call.discard_now()
        else:
            return
        app.exit()

    app.push_screen(QuitQuestion(
        _("A call is in progress. Quit the desk?"),
        _("Kept as a draft, the call opens again as it is, timers and all, when you next start the desk."),
        [Answer("enter", _("Enter: keep it as a draft and quit"), "keep"),
         Answer("d", _("d: discard the call and quit"), "discard")],
        escape_words=_("Escape: stay"), escape_value="stay"), answered)
