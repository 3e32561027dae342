"""The raw KPI figures of a set of agents for one period, read in the caller's transaction.

Every formula is written out in docs/kpi.md. A zero denominator gives None ("—"), never 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from store import settings as settings_lib
from store.clock import iso, parse_iso
from store.db import Tx
from store.kpi.call_sums import sums_by_agent
from store.kpi.callbacks_due import due_counts
from store.kpi.cases import case_sums
from store.kpi.deductions import deductions_by_agent
from store.kpi.sql import WORKING_STATUSES, placeholders
from store.periods import Period

# exactly the keys of `agentdesk kpi --format json`, in this order
KPI_KEYS = (
    "agent", "period_start", "period_end", "calls_handled", "talk_s", "hold_s", "wrap_s", "aht_s",
    "fcr_eligible", "fcr_resolved", "fcr_rate", "csat_n", "csat_avg", "csat_top2_rate", "callbacks_due",
    "callbacks_on_time", "callback_on_time_rate", "complaints", "complaints_resolved", "escalation_rate",
    "transfer_rate", "occupancy", "calls_per_hour", "rating_avg", "deductions", "cases_resolved", "cases_in_sla",
    "cases_in_sla_rate", "cases_opened", "case_chases", "score", "grade", "rank",
    "bonus_coefficient", "closed",
)
# what the figures are made of, before score/grade/rank (also what a closed period freezes)
FIGURE_KEYS = KPI_KEYS[3:KPI_KEYS.index("score")]
# the rollup columns that are not figures themselves but make one (derive_rates)
_FIGURE_OF = {"escalated": "_escalated", "transferred": "_transferred", "csat_sum": "_csat_sum", "csat_top2": "_csat_top2"}
RATING_DIMENSIONS = ("initiative", "teamwork", "innovation", "learning", "communication")


def ratio(numerator: float | None, denominator: float | None, digits: int = 4) -> float | None:
    """numerator / denominator, None when the denominator is 0 or unknown."""
    if not denominator or numerator is None:
        return None
    return round(numerator / denominator, digits)


def figures(tx: Tx, agent_ids: list[int], period: Period, use_rollups: bool = True) -> dict[int, dict[str, Any]]:
    """{agent id: {figure: value}} for FIGURE_KEYS, read in the caller's transaction. The call-derived
    sums of whole local days come from the daily rollups unless `use_rollups` is False (store/kpi/call_sums.py)."""
    out = {aid: empty_figures() for aid in agent_ids}
    if not agent_ids:
        return out
    ids = list(agent_ids)
    for aid, sums in sums_by_agent(tx, ids, period.start, period.end, use_rollups).items():
        f = out[aid]
        for column, value in sums.items():
            f[_FIGURE_OF.get(column, column)] = value
    ontime = timedelta(minutes=int(settings_lib.read(tx, "callback_ontime_min")))
    for aid, (due, in_time) in due_counts(tx, ids, period, ontime).items():
        out[aid]["callbacks_due"], out[aid]["callbacks_on_time"] = due, in_time
    now = parse_iso(tx.now)
    for aid, seconds in working_seconds(tx, ids, period, now).items():
        out[aid]["_working_s"] = seconds
    for aid, avg in rating_avgs(tx, ids, period).items():
        out[aid]["rating_avg"] = avg
    for aid, points in deductions_by_agent(tx, ids, period).items():
        out[aid]["deductions"] = points
    for aid, sums in case_sums(tx, ids, period).items():
        out[aid].update(sums)
    for f in out.values():
        derive_rates(f)
    return out


def empty_figures() -> dict[str, Any]:
    f: dict[str, Any] = {k: 0 for k in FIGURE_KEYS}
    f.update(_escalated=0, _transferred=0, _csat_sum=0, _csat_top2=0, _working_s=0, _chases=0, rating_avg=None,
             deductions=0)
    return f


def derive_rates(f: dict[str, Any]) -> None:
    handled = f["calls_handled"]
    f["aht_s"] = ratio(f["talk_s"] + f["hold_s"] + f["wrap_s"], handled, 1)
    f["fcr_rate"] = ratio(f["fcr_resolved"], f["fcr_eligible"])
    f["csat_avg"] = ratio(f.pop("_csat_sum"), f["csat_n"], 2)
    f["csat_top2_rate"] = ratio(f.pop("_csat_top2"), f["csat_n"])
    f["callback_on_time_rate"] = ratio(f["callbacks_on_time"], f["callbacks_due"])
    f["escalation_rate"] = ratio(f.pop("_escalated"), handled)
    f["transfer_rate"] = ratio(f.pop("_transferred"), handled)
    working = f.pop("_working_s")
    f["occupancy"] = ratio(f["talk_s"] + f["hold_s"] + f["wrap_s"], working)
    f["calls_per_hour"] = ratio(handled * 3600, working, 2)
    f["cases_in_sla_rate"] = ratio(f["cases_in_sla"], f["cases_resolved"])
    f["case_chases"] = ratio(f.pop("_chases"), f["cases_opened"], 2)


def working_seconds(tx: Tx, agent_ids: list[int], period: Period, now: datetime) -> dict[int, int]:
    """Seconds each agent spent ready, on call or in wrap-up within the period (an open status runs to now)."""
    out: dict[int, int] = {}
    start, end = parse_iso(period.start), min(parse_iso(period.end), max(now, parse_iso(period.start)))
    for aid, started, ended in tx.all(
        f"SELECT agent_id, started_at, ended_at FROM agent_status_log WHERE agent_id IN ({placeholders(agent_ids)})"
        f" AND started_at < ? AND coalesce(ended_at, ?) > ? AND status IN {WORKING_STATUSES}",
        (*agent_ids, period.end, iso(now), period.start),
    ):
        a = max(parse_iso(started), start)
        b = min(parse_iso(ended) if ended else now, end)
        if b > a:
            out[aid] = out.get(aid, 0) + int((b - a).total_seconds())
    return out


def rating_avgs(tx: Tx, agent_ids: Sequence[int], period: Period) -> dict[int, float]:
    dims = " + ".join(RATING_DIMENSIONS)
    return {
        aid: round(avg, 2)
        for aid, avg in tx.all(
            f"SELECT agent_id, avg(({dims}) / 5.0) FROM ratings WHERE agent_id IN ({placeholders(agent_ids)})"
            " AND period_start >= ? AND period_end <= ? GROUP BY agent_id",
            (*agent_ids, period.start, period.end),
        )
    }
