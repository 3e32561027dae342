"""The cases' KPI figures (issue 18), per accountable owner: resolved within the SLA, chases per case, and
the median time to resolve per case type (shown, never scored).

- cases resolved in the period: `resolved_at` in [start, end), whatever their status now (a resolved case
  stays resolved when it is closed; reopening clears `resolved_at`, so a reopened case counts when it is
  resolved again); in its SLA when `resolved_at <= due_at`.
- cases opened in the period (`opened_at` in [start, end)), and the chases (催办) counted on them so far.

The owner is the case's owner now (the accountable agent; a reassignment moves the case's figures).
Read from the covering indexes cases_owner_resolved and cases_owner_opened (migration 21): the cases of one
team's agents in the period, never all cases.
"""

from __future__ import annotations

from statistics import median

from store.clock import parse_iso
from store.db import Tx
from store.kpi.records import DrillCase
from store.kpi.sql import placeholders
from store.periods import Period

CASE_FIGURES = ("cases_resolved", "cases_in_sla", "cases_in_sla_rate", "cases_opened", "case_chases")
CASE_TYPES = ("complaint", "after-sales", "request")
DRILL_COLUMNS = ("c.id, c.type, c.severity, c.status, c.opened_at, c.due_at, c.resolved_at, c.chases,"
                 " c.customer_id, cu.name")


def case_sums(tx: Tx, agent_ids: list[int], period: Period) -> dict[int, dict[str, int]]:
    """{owner id: {cases_resolved, cases_in_sla, cases_opened, _chases}} of the agents with any."""
    ids = placeholders(agent_ids)
    out: dict[int, dict[str, int]] = {}
    for aid, resolved, in_sla in tx.all(
        f"SELECT owner_id, count(*), sum(resolved_at <= due_at) FROM cases WHERE owner_id IN ({ids})"
        " AND resolved_at >= ? AND resolved_at < ? GROUP BY owner_id", (*agent_ids, period.start, period.end)):
        out.setdefault(aid, {}).update(cases_resolved=resolved, cases_in_sla=in_sla or 0)
    for aid, opened, chases in tx.all(
        f"SELECT owner_id, count(*), sum(chases) FROM cases WHERE owner_id IN ({ids})"
        " AND opened_at >= ? AND opened_at < ? GROUP BY owner_id", (*agent_ids, period.start, period.end)):
        out.setdefault(aid, {}).update(cases_opened=opened, _chases=chases or 0)
    return out


def resolve_medians(tx: Tx, agent_id: int, period: Period) -> dict[str, int | None]:
    """{case type: median seconds from opening to resolution} of the agent's cases resolved in the period
    (None: none of that type); beside the case KPIs, not scored."""
    spans: dict[str, list[float]] = {t: [] for t in CASE_TYPES}
    for case_type, opened_at, resolved_at in tx.all(
        "SELECT type, opened_at, resolved_at FROM cases WHERE owner_id = ? AND resolved_at >= ? AND resolved_at < ?",
        (agent_id, period.start, period.end)):
        spans[case_type].append((parse_iso(resolved_at) - parse_iso(opened_at)).total_seconds())
    return {t: (int(median(s)) if s else None) for t, s in spans.items()}


def case_records(tx: Tx, agent_id: int, kind: str, period: Period, limit: int) -> list[DrillCase]:
    """The cases behind a case figure: "cases_resolved" (resolved in the period, each marked in or out of
    its SLA) or "cases_opened" (opened in the period, with their chases); oldest first."""
    column = "resolved_at" if kind == "cases_resolved" else "opened_at"
    rows = tx.all(
        f"SELECT {DRILL_COLUMNS} FROM cases c LEFT JOIN customers cu ON cu.id = c.customer_id"
        f" WHERE c.owner_id = ? AND c.{column} >= ? AND c.{column} < ? ORDER BY c.{column}, c.id LIMIT ?",
        (agent_id, period.start, period.end, limit))
    out = [DrillCase(*r) for r in rows]
    if kind == "cases_resolved":
        out = [c.with_(in_sla=c.resolved_at is not None and c.resolved_at <= c.due_at) for c in out]
    return out

