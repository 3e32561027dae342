"""The SQL of the call-derived KPI figures, in one place: the direct read (store/kpi/figures.py) and the
daily rollups (store/kpi_rollups.py) both sum these expressions, so a formula exists once.

A leaf module (imports nothing of ours): the migrations and the settings use the rollups, which use this.
"""

from __future__ import annotations

FCR_EXCLUDED = ("feedback", "return-visit")  # categories that never count for first-call resolution
COMPLAINT_CATEGORIES = ("complaint", "after-sales")  # the weekly summary's complaints (and their partial indexes)

# an inbound call from the same customer in the same category, later and within the window ({window}: a
# strftime modifier such as '+7 days', a parameter mark in the direct read, the rollups' setting in theirs)
REPEAT_TEMPLATE = (
    "SELECT n.id FROM calls n WHERE n.customer_id = k.customer_id AND n.category = k.category"
    " AND n.direction = 'in' AND n.started_at > k.started_at"
    " AND n.started_at <= strftime('%Y-%m-%dT%H:%M:%SZ', k.started_at, {window}) ORDER BY n.started_at LIMIT 1"
)
REPEAT_SQL = REPEAT_TEMPLATE.format(window="?")
FCR_ELIGIBLE_SQL = f"k.direction = 'in' AND k.customer_id IS NOT NULL AND k.category NOT IN {FCR_EXCLUDED}"


def call_sums(window: str) -> tuple[tuple[str, str], ...]:
    """(rollup column, SQL over the calls `k`) of every call-derived sum; `window` as in REPEAT_TEMPLATE.
    The repeat probe runs only for resolved eligible calls (CASE evaluates lazily, AND may not)."""
    repeat = REPEAT_TEMPLATE.format(window=window)
    return (
        ("calls_handled", "count(k.id)"),
        ("talk_s", "sum(k.talk_s)"),
        ("hold_s", "sum(k.hold_s)"),
        ("wrap_s", "sum(k.wrap_s)"),
        ("complaints", "sum(k.category = 'complaint')"),
        ("complaints_resolved", "sum(k.category = 'complaint' AND k.outcome = 'resolved')"),
        ("escalated", "sum(k.outcome LIKE 'escalated-%')"),
        ("transferred", "sum(k.outcome = 'transferred')"),
        ("csat_n", "count(k.survey_score)"),
        ("csat_sum", "sum(k.survey_score)"),
        ("csat_top2", "sum(k.survey_score >= 4)"),
        ("fcr_eligible", f"sum({FCR_ELIGIBLE_SQL})"),
        ("fcr_resolved", f"sum(CASE WHEN {FCR_ELIGIBLE_SQL} AND k.outcome = 'resolved'"
                         f" THEN NOT EXISTS ({repeat}) ELSE 0 END)"),
    )


SUM_COLUMNS = tuple(name for name, _ in call_sums("?"))

# per agent, local day and category (the weekly summary's calls and complaints): the calls, and of them the
# ones resolved on the call; summed the same way from the rollups (kpi_day_category_rollups) and from the calls
CATEGORY_SUMS = (("calls", "count(k.id)"), ("resolved", "sum(k.outcome = 'resolved')"))
CATEGORY_COLUMNS = tuple(name for name, _ in CATEGORY_SUMS)
