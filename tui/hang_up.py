"""The hang-up: the terminal closing (an SSH connection dropped, the window closed: SIGHUP; under sudo,
relayed to the desk) or SIGTERM. Their default ends the process at once, taking the call typed in the
last second; here the keys already read are handled, the call's draft is written (DeskRuntime.hang_up),
and the desk exits cleanly.

The signals are caught by a Python handler, not `loop.add_signal_handler`: that one runs only once the
event loop comes round, and a paint may hold the loop for good once the terminal is gone (Textual's
writer thread dies on the dead terminal's first write error, and the next paints wait for room in its
queue). A Python handler runs in the main thread even while it waits there; it starts the last-resort
exit, lets go of a dead terminal's output and hands the rest to the loop.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import termios
import threading
from collections.abc import Callable

from screens.widgets.textual_seams import discard_output, has_messages

HANG_UPS = (signal.SIGHUP, signal.SIGTERM)
# Keys read before the signal but not yet handled are handled first (the last digits and words of a burst),
# within this limit: a key settles in milliseconds, a hundred or more on a host loaded several times over,
# and a burst may hold dozens.
HANG_UP_DRAIN_S = 10.0
HANG_UP_GRACE_S = 5.0  # then the clean exit's limit: with the terminal gone, the desk must not linger unseen


def terminal_gone() -> bool:
    """The desk's terminal was hung up: its ioctls fail (a live terminal answers tcgetattr)."""
    try:
        termios.tcgetattr(sys.__stdout__.fileno())
    except (termios.error, OSError, ValueError, AttributeError):
        return True
    return False


class HangUpSignals:
    """Catches SIGHUP and SIGTERM for `app`; once, `hang_up` runs on the loop after the keys queued before it."""

    def __init__(self, app, hang_up: Callable[[], bool]) -> None:
        self.app = app
        self.hang_up = hang_up
        self.heard = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task | None = None

    def catch(self) -> None:
        """On the App's event loop, in the main thread."""
        self._loop = asyncio.get_running_loop()
        for signum in HANG_UPS:
            signal.signal(signum, self._heard)

    def _heard(self, signum: int, _frame) -> None:
        """In the main thread, wherever it was: only what is safe there."""
        if self.heard:
            return  # the terminal's hang-up and sudo's relay of it (both come), or a second SIGTERM
        self.heard = True
        # A hang-up comes with SIGCONT, on which Textual starts the terminal's mode again (threads and all)
        signal.signal(signal.SIGCONT, signal.SIG_DFL)
        watchdog = threading.Timer(HANG_UP_DRAIN_S + HANG_UP_GRACE_S, os._exit, (128 + signum,))
        watchdog.daemon = True
        watchdog.start()
        if terminal_gone():
            discard_output(self.app)
        loop = self._loop
        if loop is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(self._on_loop)
            except RuntimeError:  # closed meanwhile: the desk is exiting anyway
                pass

    def _on_loop(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._after_queued())

    async def _after_queued(self) -> None:
        try:
            await drain_queued_input(self.app)
        except Exception as exc:  # noqa: BLE001 - the draft and the exit go on with what was handled
            self.app.log.error(exc)
        self.hang_up()


async def drain_queued_input(app, limit_s: float = HANG_UP_DRAIN_S) -> bool:
    """Let the desk handle the keys read before now (tui/key_order.py hands them on one settled key at a
    time) and what they set off, until no key waits and no queue of the screen holds a message. False if
    the limit came first."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit_s
    await asyncio.sleep(0.05)  # the driver's reader thread hands over what it read
    while True:
        pumps = (app, *app.screen.walk_children(with_self=True))
        if app.keys_in_order.idle and not any(has_messages(pump) for pump in pumps):
            return True
        if loop.time() >= deadline:
            return False
        await asyncio.sleep(0.005)
