"""The desk's one failure channel: a failed worker becomes one `WorkFailed` message.

Textual tells only the node that ran a worker that it failed (`Worker.StateChanged` does not
bubble), and runs an `on_worker_state_changed` of every class in that node's chain, so a
handler in a base class and another in a subclass showed one failure twice. Here one mixin,
`ReportsFailures`, is the only `on_worker_state_changed` of the desk: it posts `WorkFailed`,
which bubbles through the widgets and the screen to the App, and the App shows its one sentence.
A screen or form that shows the failure in place (a form's error line) handles `WorkFailed`
and stops it. Success is a message of the screen's own, posted by the worker.
"""

from __future__ import annotations

from textual.message import Message
from textual.worker import Worker, WorkerState

from store.errors import StoreError
from tui.i18n import _


def failure_sentence(error: BaseException | None) -> str:
    """One sentence a person can act on, in the desk's language."""
    if isinstance(error, StoreError):
        return error.render(_)
    if error is not None and error.__class__.__module__ == "sqlite3":
        return _("the store failed: {error}").format(error=error)
    return _("unexpected error: {error}").format(error=repr(error))


class WorkFailed(Message):
    """A worker failed. Bubbles to the App, which shows `sentence`; stop it where it is shown in place."""

    def __init__(self, worker: Worker) -> None:
        super().__init__()
        self.worker = worker
        self.group = worker.group
        self.error = worker.error
        self.sentence = failure_sentence(worker.error)


class ReportsFailures:
    """For every node that runs workers (screens, modals, widgets): a failed worker posts WorkFailed.

    No other class of the desk defines `on_worker_state_changed` (tests/test_failures.py checks).
    """

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            self.post_message(WorkFailed(event.worker))  # type: ignore[attr-defined]
