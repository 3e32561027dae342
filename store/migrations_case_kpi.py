"""The case KPIs' indexes (issue 18): a team's cases resolved or opened in a period, read from the index alone;
the major cases by opening time (the weekly summary, the wallboard's count).

Its number is its place in store.migrations.MIGRATIONS (nothing here names it). Measured on the bench store
(200,000 cases): the case figures of one team of 10 agents for a month took 21 ms through cases_owner_status_due
(every case of each owner, then the row); these answer them from the index (store/kpi/cases.py).
"""

from __future__ import annotations

M_CASE_KPI: list[str] = [
    # cases_resolved and cases_in_sla per owner and period (covering: resolved_at and due_at)
    "CREATE INDEX cases_owner_resolved ON cases (owner_id, resolved_at, due_at) WHERE resolved_at IS NOT NULL",
    # cases_opened and their chases per owner and period; the weekly summary's still-open cases (covering both)
    "CREATE INDEX cases_owner_opened ON cases (owner_id, opened_at, type, chases, resolved_at, closed_at)",
    # the major cases (a few in a hundred): the weekly summary's by opening time, the wallboard's count (covering)
    "CREATE INDEX cases_major_opened ON cases (opened_at, status, closed_at, owner_id) WHERE severity = 'major'",
]
