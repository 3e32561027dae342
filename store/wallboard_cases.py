"""The wallboard's cases (issue 18): the lead's team's cases past their due time and its major ones, as
counts and the few most urgent. Read in the wallboard's transaction, by team and status (index
cases_team_status_due; an admin's by status, cases_status_due): only the cases not closed are read."""

from __future__ import annotations

from typing import Any

from store.case_records import Case
from store.case_timeline import CASE_SQL
from store.db import Tx
from store.vocab import CASE_ACTIVE_STATUSES, CASE_STATUSES

URGENT_LIMIT = 5
NOT_CLOSED = tuple(s for s in CASE_STATUSES if s != "closed")


def _marks(values: tuple[str, ...]) -> str:
    return ", ".join("?" for _ in values)


def board_cases(tx: Tx, now: str) -> dict[str, Any]:
    """{'overdue': being worked and past due, 'major': major and not closed, 'urgent': up to URGENT_LIMIT of
    them (`Case`s), overdue first, then by due time}: a lead's team's cases, an admin's all."""
    scope, params = ("c.team = ? AND ", [tx.actor.team]) if tx.actor.role != "admin" else ("", [])
    overdue = f"(c.status IN ({_marks(CASE_ACTIVE_STATUSES)}) AND c.due_at < ?)"
    wanted = f"{scope}c.status IN ({_marks(NOT_CLOSED)}) AND ({overdue} OR c.severity = 'major')"
    args = [*params, *NOT_CLOSED, *CASE_ACTIVE_STATUSES, now]
    late, major = tx.aggregate(
        f"SELECT count(*) FILTER (WHERE {overdue}), count(*) FILTER (WHERE c.severity = 'major') FROM cases c"
        f" WHERE {wanted}", [*CASE_ACTIVE_STATUSES, now, *args])
    order = f"ORDER BY {overdue} DESC, c.due_at, c.id"
    # the few ids first, from the cases' own indexes (joined to agents, SQLite would walk every owner's cases)
    rows = tx.all(f"{CASE_SQL.replace(':now', '?', 1)} WHERE c.id IN (SELECT c.id FROM cases c WHERE {wanted}"
                  f" {order} LIMIT ?) {order}",
                  [now, *args, *CASE_ACTIVE_STATUSES, now, URGENT_LIMIT, *CASE_ACTIVE_STATUSES, now])
    return {"overdue": int(late or 0), "major": int(major or 0), "urgent": [Case.from_row(r) for r in rows]}
