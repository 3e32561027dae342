"""Hold the screen's next paint until an awaited answer is on it, for a few milliseconds at most.

Textual paints at most once per frame (1/60 s). When a keystroke is echoed in one frame
and its search results arrive 2-3 ms later, the results wait for the next frame: 17-33 ms
after the key, whatever the search cost. Holding the echo until the results are in (never
longer than `cap`) puts both in one frame a few milliseconds after the key.

`HoldingInput` is an Input that begins a hold on every change of its text (typing, deleting,
pasting, or a value set by the program); its screen releases it when the answer is shown.

The hold is Textual's public `App.batch_update()` context, entered by `hold()` and left by
`release()`, by the cap timer, or when the owner is suspended or removed, so a lost answer
can never freeze the desk.
"""

from __future__ import annotations

from contextlib import AbstractContextManager

from textual.app import ScreenError
from textual.message_pump import MessagePump
from textual.timer import Timer
from textual.widgets import Input

from screens.widgets.textual_seams import after_its_repaint, hold_paints, resume_paints

CAP_S = 0.025  # the longest a held paint waits: under 2 frames


class PaintHold:
    """One hold at a time for `owner` (a screen): hold() on a change, release() when its answer is shown."""

    def __init__(self, owner: MessagePump, cap: float = CAP_S) -> None:
        self.owner = owner
        self.cap = cap
        self._batch: AbstractContextManager | None = None
        self._timer: Timer | None = None
        self.holds = 0  # how many holds began (for tests)
        self.capped = 0  # how many ended by the cap rather than an answer

    @property
    def held(self) -> bool:
        return self._batch is not None

    def hold(self) -> None:
        """Hold paints from now; a hold already running keeps its deadline (typing cannot extend it)."""
        if self._batch is not None:
            return
        self._batch = hold_paints(self.owner.app)
        self.holds += 1
        self._timer = self.owner.set_timer(self.cap, self._cap_reached, name="paint-hold")

    def _cap_reached(self) -> None:
        if self._batch is not None:
            self.capped += 1
            self.release()

    def release_after(self, widget) -> None:
        """Release once `widget`, just updated with the answer, has handed its repaint to the screen.

        call_next runs after the widget's idle step, which posts that repaint: the typed key and the
        answer then go out in one frame, and no second frame follows for the answer alone.
        """
        after_its_repaint(widget, self.release)

    def release(self) -> None:
        """Paint again: the screen repaints everything that changed while held, in one frame."""
        batch, self._batch = self._batch, None
        if batch is None:
            return
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        resume_paints(batch)
        app = self.owner.app
        try:
            app.screen.check_idle()  # a screen that went idle while held paints now
        except ScreenError:
            pass  # the app is closing: no screen left to paint


class HoldingInput(Input):
    """An Input whose every change of text holds its screen's paint until that text's answer is shown.

    The hold must begin where the value changes, not in the screen's Input.Changed handler: the
    screen may already have painted the echo by the time Changed reaches it.
    """

    def __init__(self, *args, paint_hold: PaintHold | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.paint_hold = paint_hold

    def watch_value(self, value: str) -> None:
        if self.paint_hold is not None and self.is_running and self.screen.is_current:
            self.paint_hold.hold()
