"""The wallboard's cases (issue 18): the lead's team's cases past their due time and its major ones, as
counts and the few most urgent. Read in the wallboard's transaction from indexes: the overdue from the cases
being worked by due time (cases_active_due, a team's cases_team_active_due), the major from the major cases
(cases_major_opened, a few in a hundred); an admin's board counts the whole centre's."""

from __future__ import annotations

from typing import Any

from store.case_records import Case
from store.case_timeline import CASE_SQL
from store.db import Tx
from store.vocab import CASE_ACTIVE_STATUSES

URGENT_LIMIT = 5
# as the partial indexes of the cases being worked spell it (a bound list would not match them)
ACTIVE = "c.status IN (" + ", ".join(f"'{s}'" for s in CASE_ACTIVE_STATUSES) + ")"


def board_cases(tx: Tx, now: str) -> dict[str, Any]:
    """{'overdue': being worked and past due, 'major': major and not closed, 'urgent': up to URGENT_LIMIT of
    them (`Case`s), overdue first, then by due time}: a lead's team's cases, an admin's all."""
    scope, params = ("c.team = ? AND ", [tx.actor.team]) if tx.actor.role != "admin" else ("", [])
    late = f"{scope}{ACTIVE} AND c.due_at < ?"
    major = f"{scope}c.severity = 'major' AND c.status != 'closed'"
    overdue_n = tx.scalar(f"SELECT count(*) FROM cases c WHERE {late}", [*params, now])
    major_n = tx.scalar(f"SELECT count(*) FROM cases c WHERE {major}", params)
    ids = [i for (i,) in tx.all(f"SELECT c.id FROM cases c WHERE {late} ORDER BY c.due_at, c.id LIMIT ?",
                                [*params, now, URGENT_LIMIT])]
    if len(ids) < URGENT_LIMIT:  # then the major cases not overdue, by due time
        ids += [i for (i,) in tx.all(
            f"SELECT c.id FROM cases c WHERE {major} AND NOT ({ACTIVE} AND c.due_at < ?) ORDER BY c.due_at, c.id"
            " LIMIT ?", [*params, now, URGENT_LIMIT - len(ids)])]
    rows = tx.all(f"{CASE_SQL.replace(':now', '?', 1)} WHERE c.id IN ({', '.join('?' for _ in ids)})", [now, *ids])
    urgent = sorted((Case.from_row(r) for r in rows), key=lambda c: (not c.overdue, c.due_at, c.id))
    return {"overdue": int(overdue_n or 0), "major": int(major_n or 0), "urgent": urgent}
