"""The "a callback of yours is due now" notification, on whatever desk screen is showing.

Every desk screen reloads its status line when the agent's next callback falls due (DeskStatus.refresh_at);
a callback came due when, between two loads, the overdue count rose as the due-today count fell.
Claiming an overdue callback or a lead's reassignment raises only the overdue count: no notification.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from tui.i18n import _, ngettext

_seen: WeakKeyDictionary = WeakKeyDictionary()  # app -> (overdue, due_today) last shown


def note_due(app, desk) -> int:
    """Notify when callbacks came due since the last status load; returns how many did."""
    counts = (desk.callbacks["overdue"], desk.callbacks["due_today"])
    before = _seen.get(app)
    _seen[app] = counts
    if before is None:
        return 0
    came_due = min(counts[0] - before[0], before[1] - counts[1])
    if came_due > 0:
        app.notify(
            ngettext("{n} of your callbacks is due now; F4 shows your callbacks.",
                     "{n} of your callbacks are due now; F4 shows your callbacks.", came_due).format(n=came_due),
            title=_("Callback due"), severity="warning", timeout=15, markup=False,
        )
    return max(came_due, 0)
