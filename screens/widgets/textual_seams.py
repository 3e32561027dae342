"""Every place agentdesk relies on Textual beyond its documented API, each with the reason.

Textual is pinned to one minor version (pyproject.toml). The tests that would catch an upgrade
changing what these rely on: tests/test_paint_hold.py (frames), tests/test_type_ahead.py and the
tmux tests in tests/e2e/test_call_tmux.py (keys typed ahead).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager

from textual.app import App, ScreenStackError
from textual.message_pump import MessagePump
from textual.widget import Widget


def hold_paints(app: App) -> AbstractContextManager:
    """Stop the screen painting until the returned context is left (`App.batch_update()`, public, but
    entered here and left later from another handler, where Textual's docs show a `with` block)."""
    batch = app.batch_update()
    batch.__enter__()
    return batch


def resume_paints(batch: AbstractContextManager) -> None:
    batch.__exit__(None, None, None)


def after_its_repaint(widget: Widget, callback: Callable[[], None]) -> None:
    """Run `callback` once `widget`, just updated, has handed its repaint to the screen: `call_next`
    runs after the message being handled and the widget's idle step, which posts that repaint (an
    ordering Textual does not document)."""
    widget.call_next(callback)


def has_messages(node: MessagePump) -> bool:
    """Messages wait for `node`: in its queue, or the one it has already taken to look at next.

    `_pending_message` is private: while handling a message a pump peeks at the next one (to merge
    repeats), which takes it out of the queue that the public `message_queue_size` counts.
    """
    return bool(node.message_queue_size) or getattr(node, "_pending_message", None) is not None


def layout_pending(app: App) -> bool:
    """The current screen has changes it has not laid out yet (private `Screen._layout_required`, set
    when a widget is shown, hidden or resized, cleared by the screen's next update). Tab follows the
    layout: Textual orders focus by position."""
    try:
        return bool(getattr(app.screen, "_layout_required", False))
    except ScreenStackError:
        return False


def columns_resized(table) -> None:
    """A DataTable's column widths were set after its rows (Column.width is public): it measures its
    size again on the next refresh only when its private `_require_update_dimensions` is set."""
    table._require_update_dimensions = True
    table.refresh()


def discard_output(app: App) -> None:
    """The terminal is gone: what the desk still paints goes nowhere, and nothing more is read. The driver's
    writes (private `App._driver`) are dropped, and a thread empties what its writer thread (private
    `_writer_thread`, `_queue`) had queued: that writer died on the dead terminal's first write error, and a
    paint waiting for room in its queue would hold the event loop for good. The writer's stop mark is put
    back. The reader thread is stopped (`LinuxDriver.exit_event`): a hung-up terminal reads as an endless
    end of file, which it would spin on, taking the interpreter from the loop handling the last keys."""
    driver = getattr(app, "_driver", None)
    if driver is None:
        return
    driver.write = _nowhere
    exit_event = getattr(driver, "exit_event", None)
    if exit_event is not None:
        exit_event.set()
    queue = getattr(getattr(driver, "_writer_thread", None), "_queue", None)
    if queue is not None:
        threading.Thread(target=_empty, args=(queue,), daemon=True, name="agentdesk-discard").start()


def _nowhere(_data: str) -> None:
    return None


def _empty(queue) -> None:
    while queue.get() is not None:
        pass
    queue.put(None)  # for a writer still alive, whose stop waits for it
