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
on something slow can never freeze the keyboard.
"""

from __future__ import annotations

from collections import deque
from time import monotonic
from typing import Awaitable, Callable

from textual import events
from textual.app import App
from textual.message_pump import MessagePump

CAP_S = 0.5


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
            return
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
        # a watchdog: a callback that never runs (a stuck handler) must not hold the keys back
        self.app.set_timer(self.cap_s, lambda: self._settled(key_no), name="key-order-cap")
        self._round(key_no)

    def _chain(self) -> list[MessagePump]:
        """Where a key's effects travel: the focused widget, its ancestors to the screen, the App."""
        try:
            screen = self.app.screen
        except Exception:  # no screen: the app is closing
            return [self.app]
        focused = screen.focused
        nodes: list[MessagePump] = list(focused.ancestors_with_self) if focused is not None else [screen, self.app]
        if self.app not in nodes:
            nodes.append(self.app)
        return nodes

    def _round(self, key_no: int) -> None:
        if self._settling != key_no:
            return
        if monotonic() > self._deadline:
            self._settled(key_no)
            return
        chain = self._chain()
        waiting = len(chain)

        def fired() -> None:
            nonlocal waiting
            waiting -= 1
            if waiting:
                return
            if self._chain() == chain and not any(_has_messages(node) for node in chain):
                self._settled(key_no)
            else:
                self._round(key_no)

        for node in chain:
            if not node.call_later(fired):  # closed or closing: nothing more will come from it
                fired()

    def _settled(self, key_no: int) -> None:
        """The key's effects have landed (or it ran out of time): the next key goes."""
        if self._settling == key_no:
            self._settling = None
            self.app.call_later(self._next)


def _has_messages(node: MessagePump) -> bool:
    """Messages wait for `node`: in its queue, or the one it has already taken to look at next.

    Textual's private `_pending_message`: while handling a message a pump peeks at the next one
    (to merge repeats), which takes it out of the queue `message_queue_size` counts.
    """
    return bool(node.message_queue_size) or getattr(node, "_pending_message", None) is not None
