"""The home screen's callback figures: one agent's open callbacks overdue and due today.

A leaf beside store/callbacks/ (which re-exports it), so that the desk's start imports one query, not the
whole callbacks package with its commands and due-time parsers (tests/test_cold_start.py).
"""

from __future__ import annotations

from typing import Any

from store.db import Tx


def callback_counts(tx: Tx, agent_id: int, now: str, day_end: str) -> dict[str, Any]:
    """Open callbacks owned by `agent_id`: overdue at `now`, and due from `now` to `day_end`."""
    overdue, due = tx.aggregate(
        "SELECT sum(due_at < ?), sum(due_at >= ? AND due_at < ?) FROM callbacks"
        " WHERE status = 'open' AND owner_id = ?",
        (now, now, day_end, agent_id),
    )
    return {"overdue": overdue or 0, "due_today": due or 0}
