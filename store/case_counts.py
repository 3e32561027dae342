"""The status line's case counts and the reminder marks (issue 18): a leaf beside store/cases/, so the home
screen reads them without importing the cases package (and the callbacks and due-time modules it needs),
which tests/test_cold_start.py keeps off the desk's start. store.cases re-exports both."""

from __future__ import annotations

from datetime import timedelta

from store import settings as settings_lib
from store.access import ANY_ROLE
from store.case_records import CaseCounts
from store.clock import iso, parse_iso
from store.db import Store
from store.vocab import CASE_ACTIVE_STATUSES, CASE_STATUSES

NOT_CLOSED = tuple(s for s in CASE_STATUSES if s != "closed")


def _marks(values: tuple[str, ...]) -> str:
    return ", ".join("?" for _ in values)


def case_counts(store: Store, actor: str) -> CaseCounts:
    """The actor's own cases for the status line: not closed, overdue, not updated within case_reminder_hours
    (and which of those were not reminded of yet)."""
    with store.read(actor, *ANY_ROLE) as tx:
        hours = int(settings_lib.read(tx, "case_reminder_hours"))
        quiet_since = iso(parse_iso(tx.now) - timedelta(hours=hours)) if hours else ""
        active = _marks(CASE_ACTIVE_STATUSES)
        open_n, overdue = tx.aggregate(
            f"SELECT count(*), coalesce(sum(status IN ({active}) AND due_at < ?), 0) FROM cases"
            f" WHERE owner_id = ? AND status IN ({_marks(NOT_CLOSED)})",
            (*CASE_ACTIVE_STATUSES, tx.now, tx.actor.id, *NOT_CLOSED))
        quiet = tx.all(f"SELECT id, reminded_at IS NULL OR reminded_at <= updated_at FROM cases WHERE owner_id = ?"
                       f" AND status IN ({_marks(NOT_CLOSED)}) AND updated_at < ? ORDER BY id",
                       (tx.actor.id, *NOT_CLOSED, quiet_since)) if hours else []
        return CaseCounts(open=int(open_n), overdue=int(overdue), reminders=len(quiet),
                          to_remind=tuple(int(i) for i, fresh in quiet if fresh))


def mark_reminded(store: Store, actor: str, case_ids: tuple[int, ...] | list[int]) -> int:
    """The owner was reminded (one toast) of these quiet cases of theirs; they remind again only after their
    next update goes quiet. Returns how many were marked."""
    with store.write(actor, *ANY_ROLE) as tx:
        marked = 0
        for case_id in sorted({int(i) for i in case_ids}):
            if tx.scalar("SELECT 1 FROM cases WHERE id = ? AND owner_id = ?", (case_id, tx.actor.id)):
                tx.update("cases", case_id, {"reminded_at": tx.now})
                marked += 1
        return marked
