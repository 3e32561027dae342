"""KPIs: one function computes every figure; the panel, the CLI, the scorecard and the reports call it.

`figures(tx, agent_ids, period)` (figures.py) reads the raw figures of a set of agents for one period;
`assess` (assessment.py) turns them into score, grade, rank and coefficient; rows.py makes whole rows,
live or frozen by a closed period; reads.py is what the CLI and the screens call; drill.py the records
behind a figure. Every formula is written out in docs/kpi.md.
"""

from store.kpi.assessment import (
    CLOSE_SHARE,
    assess,
    grade_of,
    kpi_points,
    rank_of,
    score_of,
    target_marks,
    target_share,
)
from store.kpi.callbacks_due import due_callbacks, on_time
from store.kpi.deductions import LATE_KINDS, conduct_in_period, counted_deductions, deduction_records
from store.kpi.drill import DRILL, DRILL_LIMIT, kpi_records
from store.kpi.figures import FIGURE_KEYS, KPI_KEYS, RATING_DIMENSIONS, figures, ratio, working_seconds
from store.kpi.reads import agent_kpis, case_resolve_medians, daily_series, kpi_panel, series_in_tx, settings_for_kpis, team_kpis
from store.kpi.rollup_admin import rebuild_rollups
from store.kpi.rows import agent_row, frozen_rows, live_team, team_members, team_rows
from store.kpi.sql import FCR_ELIGIBLE_SQL, FCR_EXCLUDED, REPEAT_SQL, WORKING_STATUSES, placeholders
from store.periods import resolve_period

__all__ = [
    "CLOSE_SHARE", "DRILL", "DRILL_LIMIT", "FCR_ELIGIBLE_SQL", "FCR_EXCLUDED", "FIGURE_KEYS", "KPI_KEYS",
    "LATE_KINDS", "RATING_DIMENSIONS", "REPEAT_SQL", "WORKING_STATUSES", "agent_kpis", "agent_row", "assess",
    "case_resolve_medians",
    "conduct_in_period", "counted_deductions", "daily_series", "deduction_records", "due_callbacks", "figures",
    "frozen_rows", "grade_of", "kpi_panel", "kpi_points", "kpi_records", "live_team", "on_time", "placeholders",
    "rank_of", "ratio", "rebuild_rollups", "resolve_period", "score_of", "series_in_tx", "settings_for_kpis", "target_marks",
    "target_share", "team_kpis", "team_members", "team_rows", "working_seconds",
]
