"""Drill-down: the records one KPI figure is computed from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta

from store import settings as settings_lib
from store.access import ANY_ROLE, get_agent, require_sees_agent
from store.conduct_records import RATING_KEYS, ConductEvent, Rating
from store.db import Store
from store.errors import ValidationError
from store.kpi.callbacks_due import due_callbacks, on_time
from store.kpi.cases import case_records
from store.kpi.deductions import deduction_records
from store.kpi.records import DrillCall, DrillCase, DueCallback, StatusSpan
from store.kpi.sql import FCR_ELIGIBLE_SQL, REPEAT_SQL, WORKING_STATUSES, fcr_window
from store.messages import N_
from store.periods import Period, resolve_period

DRILL = {
    "calls_handled": "calls", "talk_s": "calls", "hold_s": "calls", "wrap_s": "calls", "aht_s": "calls",
    "calls_per_hour": "calls", "fcr_eligible": "fcr", "fcr_resolved": "fcr", "fcr_rate": "fcr",
    "csat_n": "csat", "csat_avg": "csat", "csat_top2_rate": "csat", "callbacks_due": "callbacks",
    "callbacks_on_time": "callbacks", "callback_on_time_rate": "callbacks", "complaints": "complaints",
    "complaints_resolved": "complaints", "escalation_rate": "escalated", "transfer_rate": "transferred",
    "occupancy": "status", "rating_avg": "ratings", "deductions": "conduct",
    "cases_resolved": "cases_resolved", "cases_in_sla": "cases_resolved", "cases_in_sla_rate": "cases_resolved",
    "cases_opened": "cases_opened", "case_chases": "cases_opened",
}
DRILL_LIMIT = 500


KpiRecord = DrillCall | DueCallback | ConductEvent | Rating | StatusSpan | DrillCase


def kpi_records(store: Store, actor: str, login: str | None, kpi: str,
                period: str | Period | None = "month") -> Sequence[KpiRecord]:
    """The records one figure is computed from (the FCR-eligible calls with their repeat call, the callbacks
    due with their on-time mark, the conduct events with the points counted, the cases resolved with their
    in-SLA mark, ...), oldest first."""
    kind = DRILL.get(kpi)
    if kind is None:
        raise ValidationError(
            "kpi",
            N_("kpi: '{kpi}' has no records; choose one of {kpis}."),
            kpi=kpi, kpis=', '.join(DRILL),
        )
    with store.read(actor, *ANY_ROLE) as tx:
        target = tx.actor if not login else get_agent(tx.conn, login)
        require_sees_agent(tx.actor, target)
        p = resolve_period(tx, period)
        if kind == "callbacks":
            ontime = timedelta(minutes=int(settings_lib.read(tx, "callback_ontime_min")))
            return [cb.with_(on_time=on_time(cb, ontime)) for cb in due_callbacks(tx, [target.id], p)[:DRILL_LIMIT]]
        if kind in ("cases_resolved", "cases_opened"):
            return case_records(tx, target.id, kind, p, DRILL_LIMIT)
        if kind == "conduct":
            return deduction_records(tx, target.id, p)
        if kind == "ratings":
            return [Rating.from_row(r, agent=target.login) for r in tx.all(
                f"SELECT {', '.join(RATING_KEYS)} FROM ratings WHERE agent_id = ? AND period_start >= ?"
                " AND period_end <= ? ORDER BY period_start", (target.id, p.start, p.end))]
        if kind == "status":
            return [StatusSpan(*r) for r in tx.all(
                "SELECT id, status, reason, started_at, ended_at FROM agent_status_log WHERE agent_id = ?"
                f" AND started_at < ? AND coalesce(ended_at, ?) > ? AND status IN {WORKING_STATUSES}"
                " ORDER BY started_at LIMIT ?", (target.id, p.end, tx.now, p.start, DRILL_LIMIT))]
        where = {
            "calls": "1", "fcr": FCR_ELIGIBLE_SQL, "csat": "k.survey_score IS NOT NULL",
            "complaints": "k.category = 'complaint'", "escalated": "k.outcome LIKE 'escalated-%'",
            "transferred": "k.outcome = 'transferred'",
        }[kind]
        extra = ""
        params: list[object] = [target.id, p.start, p.end]
        if kind == "fcr":
            extra = f", ({REPEAT_SQL}) AS repeat_call_id"
            params.insert(0, fcr_window(tx))
        rows = tx.all(
            "SELECT k.id, k.started_at, k.direction, k.category, k.outcome, k.customer_id, cu.name, k.talk_s,"
            f" k.hold_s, k.wrap_s, k.survey_score, k.notes{extra} FROM calls k"
            " LEFT JOIN customers cu ON cu.id = k.customer_id"
            f" WHERE k.agent_id = ? AND k.started_at >= ? AND k.started_at < ? AND {where}"
            " ORDER BY k.started_at, k.id LIMIT ?", (*params, DRILL_LIMIT))
        if kind == "fcr":
            calls = [DrillCall(*r) for r in rows]
            return [replace(c, resolved=c.outcome == "resolved" and c.repeat_call_id is None) for c in calls]
        return [DrillCall(*r) for r in rows]
