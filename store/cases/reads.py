"""What desks read of cases: the lists (mine, my team's, the overdue, a customer's open ones), one case with
its timeline, and the status line's counts. Lists page in SQL (LIMIT/OFFSET over an index range of
owner, team or status), overdue first, then by due time."""

from __future__ import annotations

from store.access import ANY_ROLE
from store.case_counts import case_counts, mark_reminded  # noqa: F401 (the status line's: a leaf, for the desk's start)
from store.case_records import Case, CasePage
from store.case_timeline import CASE_SQL, case_number, load_case, require_may_work
from store.db import Store
from store.errors import ValidationError
from store.messages import N_
from store.validate import one_of
from store.vocab import CASE_ACTIVE_STATUSES, CASE_DEPARTMENTS, CASE_SEVERITIES, CASE_STATUSES, CASE_TYPES

SCOPES = ("mine", "team", "overdue", "all")
PAGE = 50
PAGE_MAX = 1000
NOT_CLOSED = tuple(s for s in CASE_STATUSES if s != "closed")


def _marks(values: tuple[str, ...]) -> str:
    return ", ".join("?" for _ in values)


def _literals(statuses: tuple[str, ...]) -> str:
    assert set(statuses) <= set(CASE_STATUSES)  # slugs of the vocabulary only: safe as SQL text
    return ", ".join(f"'{s}'" for s in statuses)


def list_cases(store: Store, actor: str, *, scope: str = "mine", status: str | None = None,
               case_type: str | None = None, department: str | None = None, severity: str | None = None,
               limit: int = PAGE, offset: int = 0) -> CasePage:
    """One page of cases, overdue first then by due time.

    scope: mine (owned by the actor), team (the actor's team's; an admin: all), overdue (being worked and past
    due: the actor's own, a lead's team's, an admin's all), all (what the actor may see). status: one status,
    'all', or None for every status but closed; the other filters are one value each."""
    scope = one_of(scope, "scope", SCOPES)
    if not 1 <= int(limit) <= PAGE_MAX or int(offset) < 0:
        raise ValidationError("limit", N_("limit: give 1 to {most} cases a page from offset 0 or more."),
                              most=PAGE_MAX)
    with store.read(actor, *ANY_ROLE) as tx:
        me = tx.actor
        where: list[str] = []
        params: list[object] = []
        if scope == "mine" or (scope == "overdue" and me.role == "agent"):
            where.append("c.owner_id = ?")
            params.append(me.id)
        elif me.role != "admin" and scope in ("team", "overdue"):
            where.append("c.team = ?")
            params.append(me.team)
        elif me.role != "admin":
            where.append("(c.team = ? OR c.owner_id = ?)")
            params.extend([me.team, me.id])
        statuses = CASE_ACTIVE_STATUSES if scope == "overdue" else NOT_CLOSED if status is None else (
            CASE_STATUSES if status == "all" else (one_of(status, "status", CASE_STATUSES),))
        # literals (checked slugs), so that the partial indexes of the cases being worked apply
        where.append(f"c.status IN ({_literals(statuses)})")
        if scope == "overdue":
            where.append("c.due_at < ?")
            params.append(tx.now)
        for column, value, field, allowed in (("type", case_type, "type", CASE_TYPES),
                                              ("department", department, "department", CASE_DEPARTMENTS),
                                              ("severity", severity, "severity", CASE_SEVERITIES)):
            if value:
                where.append(f"c.{column} = ?")
                params.append(one_of(value, field, allowed))
        if set(statuses) <= set(CASE_ACTIVE_STATUSES):  # all being worked: the overdue are the earliest due
            order, order_params = "c.due_at, c.id", []
        else:
            order, order_params = f"(c.status IN ({_literals(CASE_ACTIVE_STATUSES)}) AND c.due_at < ?) DESC, c.due_at, c.id", [tx.now]
        sql = (f"{CASE_SQL.replace(':now', '?', 1)} WHERE {' AND '.join(where)}"
               f" ORDER BY {order} LIMIT ? OFFSET ?")
        rows = tx.all(sql, [tx.now, *params, *order_params, int(limit) + 1, int(offset)])
        cases = tuple(Case.from_row(r) for r in rows[: int(limit)])
        more = len(rows) > int(limit)
        return CasePage(rows=cases, offset=int(offset), next_offset=int(offset) + int(limit) if more else None,
                        now=tx.now)


def get_case(store: Store, actor: str, case_id: int | str) -> Case:
    """One case with its timeline (oldest first): its owner, its team's agents and lead, an admin."""
    with store.read(actor, *ANY_ROLE) as tx:
        case = load_case(tx, case_number(case_id), timeline=True)
        require_may_work(tx, case)
        return case


def customer_open_cases(store: Store, actor: str, customer_id: int) -> tuple[Case, ...]:
    """The customer's cases not closed, newest first: what the call form offers to link a call to (any agent
    taking the customer's call sees them: one case per problem, whoever answers)."""
    with store.read(actor, *ANY_ROLE) as tx:
        rows = tx.all(f"{CASE_SQL} WHERE c.customer_id = :customer AND c.status != 'closed' ORDER BY c.id DESC"
                      " LIMIT 50", {"now": tx.now, "customer": int(customer_id)})
        return tuple(Case.from_row(r) for r in rows)
