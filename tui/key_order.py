"""Keys are handled in the order they were typed, each after the last one's effects have landed.

Textual forwards every key the terminal delivers to the widget focused at that moment, without
waiting: a burst (a paste, a fast typist, one terminal read) is forwarded to one widget before
any of it is handled. A key that moves focus (Enter on the number, a pick on a choice row, F2
opening the call form) does so through messages that other widgets handle later, and
`Widget.focus()` itself only takes effect from the App's queue, behind the keys already read.
So the keys after it went to the old widget: `13014692850crburst note` in the Number field.

`KeysInOrder` takes every key and paste the terminal delivers, hands one at a time to the App's
own key handling, and hands the next only once the focused widget, its ancestors up to the
screen and the App have handled everything that key queued (checked in rounds of `call_later`
until a round leaves every one of them with an empty queue and focus where it was). Workers
(a lookup, a save) are not waited for: their answers arrive as messages whenever they are
ready. A key that is not settled after `cap_s` lets the next one through, so a handler stuck
on something that never comes cannot freeze the keyboard for good.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
from contextlib import AbstractContextManager
from time import monotonic

from textual import events
from textual.app import App, ScreenStackError
from textual.message_pump import MessagePump
from textual.timer import Timer

from screens.widgets.textual_seams import has_messages, hold_paints, layout_pending, resume_paints

# Only a stuck handler reaches this: settling takes milliseconds, a few hundred on a loaded machine
# mounting a screen; a key let through early would land in the wrong place, so the cap is generous.
CAP_S = 5.0


class KeysInOrder:
    """Queues the terminal's keys for `app` and hands them to `dispatch` one settled key at a time."""

    def __init__(self, app: App, dispatch: Callable[[events.Event], Awaitable[None]], cap_s: float = CAP_S) -> None:
        self.app = app
        self.dispatch = dispatch
        self.cap_s = cap_s
        self._pending: deque[events.Event] = deque()
        self._busy = False
        self._key_no = 0
        self._settling: int | None = None  # the key whose effects are landing; late callbacks of others are ignored
        self._deadline = 0.0
        self._batch: AbstractContextManager | None = None  # paints held while typed-ahead keys wait
        self._watchdog: Timer | None = None
        self.handled = 0  # keys handed on (for tests)

    @staticmethod
    def wants(event: events.Event) -> bool:
        """A key or paste straight from the terminal (not one already forwarded to a widget)."""
        return isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded

    @property
    def idle(self) -> bool:
        """No key waiting or settling."""
        return not self._busy and not self._pending

    def take(self, event: events.Event) -> None:
        self._pending.append(event)
        if not self._busy:
            self._busy = True
            self.app.call_later(self._next)

    async def _next(self) -> None:
        if not self._pending:
            self._busy = False
            self._paint()
            return
        if len(self._pending) > 1:
            self._hold_paint()
        event = self._pending.popleft()
        self._key_no += 1
        key_no = self._key_no
        self._deadline = monotonic() + self.cap_s
        self.handled += 1
        self._settling = key_no
        try:
            await self.dispatch(event)
        except BaseException:
            self._settled(key_no)  # the App reports the failure; the keys after it still go
            raise
        if self._watchdog is None:  # a callback that never runs (a stuck handler) must not hold the keys back
            self._watchdog = self.app.set_interval(self.cap_s / 5, self._check_deadline, name="key-order-cap")
        self._round(key_no)

    def _chain(self) -> list[MessagePump]:
        """Where a key's effects travel: the focused widget, its ancestors to the screen, the App."""
        try:
            screen = self.app.screen
        except ScreenStackError:  # no screen: the app is closing
            return [self.app]
        focused = screen.focused
        nodes: list[MessagePump] = list(focused.ancestors_with_self) if focused is not None else [screen, self.app]
        if self.app not in nodes:
            nodes.append(self.app)
        return nodes

    def _round(self, key_no: int) -> None:
        """One callback to every node of the chain: once all have run, each has handled what was
        queued before it (even a node that was in the middle of a handler). Settled if then nothing
        is left and focus is where it was; else another round."""
        if self._settling != key_no:
            return
        chain = self._chain()
        waiting = len(chain)

        def fired() -> None:
            nonlocal waiting
            waiting -= 1
            if waiting:
                return
            if self._chain() != chain or any(has_messages(node) for node in chain):
                self._round(key_no)
            elif layout_pending(self.app):
                # Tab follows the layout (Textual orders focus by position): what this key showed or
                # hid is laid out before the next key is read, so paints resume until it is.
                self._paint()
                self.app.screen.call_after_refresh(self._round, key_no)
            else:
                self._settled(key_no)

        for node in chain:
            if not node.call_later(fired):  # closed or closing: nothing more will come from it
                fired()

    def _check_deadline(self) -> None:
        if self._settling is not None and monotonic() > self._deadline:
            self._settled(self._settling)

    # Keys waiting behind this one were typed ahead of the screen: frames of the states in between
    # would only cost time (a frame of a full screen is several milliseconds), so paints wait until
    # the desk has caught up, and then the screen paints once.
    def _hold_paint(self) -> None:
        if self._batch is None:
            self._batch = hold_paints(self.app)

    def _paint(self) -> None:
        batch, self._batch = self._batch, None
        if batch is not None:
            resume_paints(batch)

    def _settled(self, key_no: int) -> None:
        """The key's effects have landed (or it ran out of time): the next key goes."""
        if self._settling == key_no:
            self._settling = None
            self.app.call_later(self._next)
