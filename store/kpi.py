"""KPIs: one function computes every figure; the panel, the CLI, the scorecard and the reports call it.

`figures(tx, agent_ids, period)` reads the raw figures of a set of agents for one period;
`score_of`, `grade_of`, `rank_of` and the coefficient turn them into the assessment.
Every formula is written out in docs/kpi.md. A zero denominator gives None ("—"), never 0.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from store import settings as settings_lib
from store.access import ANY_ROLE, LEADS, Agent, AGENT_COLUMNS, agent_from_row, get_agent, require_sees_agent
from store.clock import iso, parse_iso
from store.errors import PermissionDenied, ValidationError
from store.kpi_settings import SCORED
from store.periods import Period, parse_period

# exactly the keys of `agentdesk kpi --format json`, in this order
KPI_KEYS = (
    "agent", "period_start", "period_end", "calls_handled", "talk_s", "hold_s", "wrap_s", "aht_s",
    "fcr_eligible", "fcr_resolved", "fcr_rate", "csat_n", "csat_avg", "csat_top2_rate", "callbacks_due",
    "callbacks_on_time", "callback_on_time_rate", "complaints", "complaints_resolved", "escalation_rate",
    "transfer_rate", "occupancy", "calls_per_hour", "rating_avg", "deductions", "score", "grade", "rank",
    "bonus_coefficient", "closed",
)
# what the figures are made of, before score/grade/rank (also what a closed period freezes)
FIGURE_KEYS = KPI_KEYS[3:25]
WORKING_STATUSES = ("ready", "on-call", "wrap-up")
RATING_DIMENSIONS = ("initiative", "teamwork", "innovation", "learning", "communication")
LATE_KINDS = ("late", "early-leave")
FCR_EXCLUDED = ("feedback", "return-visit")

# an inbound call from the same customer in the same category, later and within the window
REPEAT_SQL = (
    "SELECT n.id FROM calls n WHERE n.customer_id = k.customer_id AND n.category = k.category"
    " AND n.direction = 'in' AND n.started_at > k.started_at"
    " AND n.started_at <= strftime('%Y-%m-%dT%H:%M:%SZ', k.started_at, ?) ORDER BY n.started_at LIMIT 1"
)
FCR_ELIGIBLE_SQL = (
    "k.direction = 'in' AND k.customer_id IS NOT NULL AND k.category NOT IN ('feedback', 'return-visit')"
)


def ratio(numerator, denominator, digits: int = 4):
    """numerator / denominator, None when the denominator is 0 or unknown."""
    if not denominator or numerator is None:
        return None
    return round(numerator / denominator, digits)


def _marks(ids) -> str:
    return ", ".join("?" for _ in ids)


def _window(tx) -> str:
    return f"+{int(settings_lib.read(tx, 'fcr_window_days'))} days"


# -- the raw figures ----------------------------------------------------------------------
def figures(tx, agent_ids: list[int], period: Period) -> dict[int, dict]:
    """{agent id: {figure: value}} for FIGURE_KEYS, read in the caller's transaction."""
    out = {aid: _empty() for aid in agent_ids}
    if not agent_ids:
        return out
    ids = list(agent_ids)
    span = (period.start, period.end)
    for row in tx.all(
        "SELECT agent_id, count(*), sum(talk_s), sum(hold_s), sum(wrap_s), sum(category = 'complaint'),"
        " sum(category = 'complaint' AND outcome = 'resolved'), sum(outcome LIKE 'escalated-%'),"
        " sum(outcome = 'transferred'), count(survey_score), sum(survey_score), sum(survey_score >= 4)"
        f" FROM calls WHERE agent_id IN ({_marks(ids)}) AND started_at >= ? AND started_at < ? GROUP BY agent_id",
        (*ids, *span),
    ):
        f = out[row[0]]
        (f["calls_handled"], f["talk_s"], f["hold_s"], f["wrap_s"], f["complaints"], f["complaints_resolved"],
         f["_escalated"], f["_transferred"], f["csat_n"], f["_csat_sum"], f["_csat_top2"]) = (v or 0 for v in row[1:])
    window = _window(tx)
    for aid, eligible, resolved in tx.all(
        f"SELECT k.agent_id, count(*), sum(k.outcome = 'resolved' AND NOT EXISTS ({REPEAT_SQL}))"
        f" FROM calls k WHERE k.agent_id IN ({_marks(ids)}) AND k.started_at >= ? AND k.started_at < ?"
        f" AND {FCR_ELIGIBLE_SQL} GROUP BY k.agent_id",
        (window, *ids, *span),
    ):
        out[aid]["fcr_eligible"], out[aid]["fcr_resolved"] = eligible, resolved or 0
    ontime = timedelta(minutes=int(settings_lib.read(tx, "callback_ontime_min")))
    for cb in due_callbacks(tx, ids, period):
        f = out[cb["owner_at_due"]]
        f["callbacks_due"] += 1
        f["callbacks_on_time"] += _on_time(cb, ontime)
    now = parse_iso(tx.now)
    for aid, seconds in working_seconds(tx, ids, period, now).items():
        out[aid]["_working_s"] = seconds
    for aid, avg in _rating_avgs(tx, ids, period).items():
        out[aid]["rating_avg"] = avg
    for aid, points in _deductions(tx, ids, period).items():
        out[aid]["deductions"] = points
    for f in out.values():
        _derive(f)
    return out


def _empty() -> dict:
    f = {k: 0 for k in FIGURE_KEYS}
    f.update(_escalated=0, _transferred=0, _csat_sum=0, _csat_top2=0, _working_s=0, rating_avg=None, deductions=0)
    return f


def _derive(f: dict) -> None:
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


def _on_time(cb: dict, ontime: timedelta) -> bool:
    return (cb["status"] == "done" and cb["closed_at"] is not None
            and parse_iso(cb["closed_at"]) <= parse_iso(cb["first_due_at"]) + ontime)


def due_callbacks(tx, agent_ids: list[int], period: Period) -> list[dict]:
    """Callbacks first due in the period whose owner at that moment was one of `agent_ids`.

    The owner at the first due time comes from the audited owner_id changes: the last change at or
    before that moment, else the value before the first later change, else the current owner. Any
    callback whose owner then differs from its owner now has a change after the due time, so the
    candidates are those owned by the agents now plus those with an owner change since the start.
    """
    ids = list(agent_ids)
    cols = "b.id, b.kind, b.customer_id, b.first_due_at, b.due_at, b.owner_id, b.status, b.closed_at, b.reason"
    rows = tx.all(
        f"SELECT {cols} FROM callbacks b WHERE b.owner_id IN ({_marks(ids)})"
        " AND b.first_due_at >= ? AND b.first_due_at < ?"
        f" UNION SELECT {cols} FROM callbacks b WHERE b.id IN (SELECT row_id FROM audit_log"
        " WHERE table_name = 'callbacks' AND action = 'update' AND at >= ? AND after LIKE '%\"owner_id\"%')"
        " AND b.first_due_at >= ? AND b.first_due_at < ?",
        (*ids, period.start, period.end, period.start, period.start, period.end),
    )
    keys = ("id", "kind", "customer_id", "first_due_at", "due_at", "owner_id", "status", "closed_at", "reason")
    found = [dict(zip(keys, r)) for r in rows]
    changes = _owner_changes(tx, [c["id"] for c in found])
    wanted = set(ids)
    out = []
    for cb in found:
        cb["owner_at_due"] = _owner_at(cb, changes.get(cb["id"], []))
        if cb["owner_at_due"] in wanted:
            out.append(cb)
    return sorted(out, key=lambda c: (c["first_due_at"], c["id"]))


def _owner_changes(tx, callback_ids: list[int]) -> dict[int, list[tuple]]:
    import json

    out: dict[int, list[tuple]] = {}
    for chunk in range(0, len(callback_ids), 500):
        part = callback_ids[chunk:chunk + 500]
        for row_id, at, before, after in tx.all(
            "SELECT row_id, at, before, after FROM audit_log WHERE table_name = 'callbacks' AND action = 'update'"
            f" AND row_id IN ({_marks(part)}) AND after LIKE '%\"owner_id\"%' ORDER BY id",
            part,
        ):
            b, a = json.loads(before or "{}"), json.loads(after or "{}")
            if "owner_id" in a:
                out.setdefault(row_id, []).append((at, b.get("owner_id"), a["owner_id"]))
    return out


def _owner_at(cb: dict, changes: list[tuple]):
    due = cb["first_due_at"]
    owner = cb["owner_id"]
    before_due = [c for c in changes if c[0] <= due]
    if before_due:
        return before_due[-1][2]
    if changes:  # every change came later: the owner then is what the first one replaced
        return changes[0][1]
    return owner


def working_seconds(tx, agent_ids: list[int], period: Period, now: datetime) -> dict[int, int]:
    """Seconds each agent spent ready, on call or in wrap-up within the period (an open status runs to now)."""
    out: dict[int, int] = {}
    start, end = parse_iso(period.start), min(parse_iso(period.end), max(now, parse_iso(period.start)))
    for aid, started, ended in tx.all(
        f"SELECT agent_id, started_at, ended_at FROM agent_status_log WHERE agent_id IN ({_marks(agent_ids)})"
        f" AND started_at < ? AND coalesce(ended_at, ?) > ? AND status IN {WORKING_STATUSES}",
        (*agent_ids, period.end, iso(now), period.start),
    ):
        a = max(parse_iso(started), start)
        b = min(parse_iso(ended) if ended else now, end)
        if b > a:
            out[aid] = out.get(aid, 0) + int((b - a).total_seconds())
    return out


def _rating_avgs(tx, agent_ids, period: Period) -> dict[int, float]:
    dims = " + ".join(RATING_DIMENSIONS)
    return {
        aid: round(avg, 2)
        for aid, avg in tx.all(
            f"SELECT agent_id, avg(({dims}) / 5.0) FROM ratings WHERE agent_id IN ({_marks(agent_ids)})"
            " AND period_start >= ? AND period_end <= ? GROUP BY agent_id",
            (*agent_ids, period.start, period.end),
        )
    }


def conduct_in_period(tx, agent_ids, period: Period) -> list[dict]:
    keys = ("id", "agent_id", "kind", "occurred_on", "points", "note", "entered_by", "entered_at",
            "appeal_status", "appeal_reason", "decided_by", "decided_at")
    rows = tx.all(
        f"SELECT {', '.join(keys)} FROM conduct_events WHERE agent_id IN ({_marks(agent_ids)})"
        " AND occurred_on >= ? AND occurred_on <= ? ORDER BY occurred_on, id",
        (*agent_ids, period.first.isoformat(), period.last.isoformat()),
    )
    return [dict(zip(keys, r)) for r in rows]


def counted_deductions(events: list[dict]) -> list[dict]:
    """Each event with `counted` points: withdrawn (appeal accepted) count 0; late and early-leave
    together count on every third one, with the points that third event stored."""
    in_threes = 0
    out = []
    for e in events:
        e = dict(e)
        if e["appeal_status"] == "accepted":
            e["counted"] = 0
        elif e["kind"] in LATE_KINDS:
            in_threes += 1
            e["counted"] = _points(abs(e["points"])) if in_threes % 3 == 0 else 0
        else:
            e["counted"] = _points(abs(e["points"]))
        out.append(e)
    return out


def _deductions(tx, agent_ids, period: Period) -> dict[int, float]:
    per: dict[int, list] = {}
    for e in conduct_in_period(tx, agent_ids, period):
        per.setdefault(e["agent_id"], []).append(e)
    return {aid: _points(sum(e["counted"] for e in counted_deductions(evs))) for aid, evs in per.items()}


def _points(value: float):
    return int(value) if float(value).is_integer() else round(value, 2)


# -- the assessment: score, grade, rank, coefficient ---------------------------------------
def kpi_points(f: dict, cfg: dict) -> dict[str, float | None]:
    """Points each scored KPI earns before scaling (None: its value is null, its weight drops out)."""
    out = {}
    for k in SCORED:
        weight = cfg["kpi_weights"][k]
        if not weight:
            continue
        value, target = f.get(k), cfg["kpi_targets"][k]
        if value is None:
            out[k] = None
        elif cfg["kpi_directions"][k] == "higher":
            out[k] = weight * min(1.0, value / target)
        else:
            out[k] = weight if value == 0 else weight * min(1.0, target / value)
    return out


def score_of(f: dict, cfg: dict):
    points = kpi_points(f, cfg)
    weights = sum(cfg["kpi_weights"][k] for k, p in points.items() if p is not None)
    if not weights:
        return None
    scaled = sum(p for p in points.values() if p is not None) * 100 / weights
    return round(max(0.0, scaled - (f.get("deductions") or 0)), 2)


def grade_of(score, cfg: dict):
    if score is None:
        return None
    for grade in ("A", "B", "C"):
        if score >= cfg["grade_thresholds"][grade]:
            return grade
    return "D"


def rank_of(scores: dict) -> dict:
    """Competition ranking: ties share a rank and the next rank skips (1, 2, 2, 4); None is unranked."""
    ordered = sorted((s for s in scores.values() if s is not None), reverse=True)
    first = {}
    for i, s in enumerate(ordered, start=1):
        first.setdefault(s, i)
    return {k: (None if s is None else first[s]) for k, s in scores.items()}


def assess(rows: dict[int, dict], ranked_ids, cfg: dict) -> None:
    """Add score, grade, rank and bonus_coefficient to each figures dict (rank among `ranked_ids`)."""
    for f in rows.values():
        f["score"] = score_of(f, cfg)
        f["grade"] = grade_of(f["score"], cfg)
        f["bonus_coefficient"] = None if f["grade"] is None else cfg["bonus_coefficients"][f["grade"]]
    ranks = rank_of({aid: rows[aid]["score"] for aid in ranked_ids if aid in rows})
    for aid, f in rows.items():
        f["rank"] = ranks.get(aid)


# -- whole rows: live or frozen --------------------------------------------------------------
def team_members(tx, team: str | None) -> list[Agent]:
    """The team's active agents (role agent): the ones ranked."""
    if not team:
        return []
    return [agent_from_row(r) for r in tx.all(
        f"SELECT {AGENT_COLUMNS} FROM agents WHERE team = ? AND active = 1 AND role = 'agent' ORDER BY login", (team,))]


def _row(agent: Agent, period: Period, f: dict, closed: bool) -> dict:
    out = {"agent": agent.login, "period_start": period.start, "period_end": period.end}
    out.update({k: f.get(k) for k in KPI_KEYS[3:-1]})
    out["closed"] = closed
    return out


def frozen_rows(tx, team: str | None, period: Period) -> dict[int, dict] | None:
    """The frozen scorecard of a closed period of `team`, or None when it is not closed."""
    import json

    if not team:
        return None
    close_id = tx.scalar(
        "SELECT id FROM period_closes WHERE team = ? AND period_start = ? AND period_end = ? AND reopened_at IS NULL",
        (team, period.start, period.end),
    )
    if close_id is None:
        return None
    out = {}
    for aid, figures_json, score, grade, rank, coefficient, note in tx.all(
        "SELECT agent_id, figures, score, grade, rank, bonus_coefficient, review_note FROM scorecard_rows"
        " WHERE close_id = ?", (close_id,)
    ):
        f = json.loads(figures_json)
        f.update(score=score, grade=grade, rank=rank, bonus_coefficient=coefficient, review_note=note)
        out[aid] = f
    return out


def live_team(tx, team: str | None, period: Period, extra: list[Agent] = ()) -> dict[int, tuple[Agent, dict]]:
    members = team_members(tx, team)
    agents = {a.id: a for a in [*members, *extra]}
    cfg = settings_lib.read_all(tx)
    rows = figures(tx, list(agents), period)
    assess(rows, [a.id for a in members], cfg)
    return {aid: (agents[aid], rows[aid]) for aid in agents}


def agent_row(tx, agent: Agent, period: Period) -> dict:
    frozen = frozen_rows(tx, agent.team, period)
    if frozen is not None and agent.id in frozen:
        return _row(agent, period, frozen[agent.id], True)
    live = live_team(tx, agent.team, period, extra=[agent])
    return _row(agent, period, live[agent.id][1], False)


def team_rows(tx, team: str, period: Period) -> list[dict]:
    """Every ranked agent of `team` (frozen if the period is closed), with display_name and review_note."""
    frozen = frozen_rows(tx, team, period)
    if frozen is not None:
        agents = {r[0]: agent_from_row(r) for r in tx.all(
            f"SELECT {AGENT_COLUMNS} FROM agents WHERE id IN ({_marks(frozen)})", list(frozen))} if frozen else {}
        pairs = [(agents[aid], f) for aid, f in frozen.items()]
        closed = True
    else:
        pairs = list(live_team(tx, team, period).values())
        closed = False
    out = []
    for agent, f in pairs:
        row = _row(agent, period, f, closed)
        row["display_name"], row["team"], row["review_note"] = agent.display_name, team, f.get("review_note", "")
        out.append(row)
    return sorted(out, key=lambda r: (r["rank"] is None, r["rank"] or 0, r["agent"]))


# -- what the CLI and the screens call -------------------------------------------------------
def resolve_period(tx, period: str | Period | None, now: datetime | None = None) -> Period:
    if isinstance(period, Period):
        return period
    return parse_period(period, now or parse_iso(tx.now), settings_lib.zone(tx))


def agent_kpis(store, actor: str, login: str | None = None, period: str | Period | None = "month") -> dict:
    """One agent's KPIs (JSON keys KPI_KEYS). An agent may ask only for themself; a lead for their team."""
    with store.read(actor, *ANY_ROLE) as tx:
        target = tx.actor if not login else get_agent(tx.conn, login)
        require_sees_agent(tx.actor, target)
        return agent_row(tx, target, resolve_period(tx, period))


def team_kpis(store, actor: str, period: str | Period | None = "month", team: str | None = None) -> list[dict]:
    """The team scorecard: a lead's own team; an admin names a team or gets every team."""
    with store.read(actor, *LEADS) as tx:
        p = resolve_period(tx, period)
        if tx.actor.role == "lead":
            if team and team != tx.actor.team:
                raise PermissionDenied(f"'{team}' is not your team ({tx.actor.team}); a lead sees only their own team.")
            teams = [tx.actor.team]
        elif team:
            teams = [team]
        else:
            teams = [t for (t,) in tx.all("SELECT DISTINCT team FROM agents WHERE team IS NOT NULL AND active = 1"
                                          " AND role = 'agent' ORDER BY team")]
        out = []
        for t in teams:
            out.extend(team_rows(tx, t, p))
        return out


def daily_series(store, actor: str, login: str | None, names: tuple[str, ...], days: int = 30,
                 now: datetime | None = None) -> dict[str, list]:
    """The last `days` local days of each named figure (oldest first), for sparklines; same `figures` code."""
    from store.periods import range_bounds

    with store.read(actor, *ANY_ROLE) as tx:
        target = tx.actor if not login else get_agent(tx.conn, login)
        require_sees_agent(tx.actor, target)
        zone = settings_lib.zone(tx)
        today = (now or parse_iso(tx.now)).astimezone(zone).date()
        out: dict[str, list] = {n: [] for n in names}
        for i in range(days - 1, -1, -1):
            day = today - timedelta(days=i)
            start, end = range_bounds(day, day, zone)
            f = figures(tx, [target.id], Period(day.isoformat(), day, day, start, end))[target.id]
            for n in names:
                out[n].append(f[n])
        return out


def settings_for_kpis(store, actor: str) -> dict:
    with store.read(actor, *ANY_ROLE) as tx:
        return settings_lib.read_all(tx)


def check_period_text(text: str) -> None:
    if text is None or not str(text).strip():
        raise ValidationError("period", "period: give a period such as month or 2026-11.")


# -- drill-down: the records behind a figure ---------------------------------------------------
DRILL = {
    "calls_handled": "calls", "talk_s": "calls", "hold_s": "calls", "wrap_s": "calls", "aht_s": "calls",
    "calls_per_hour": "calls", "fcr_eligible": "fcr", "fcr_resolved": "fcr", "fcr_rate": "fcr",
    "csat_n": "csat", "csat_avg": "csat", "csat_top2_rate": "csat", "callbacks_due": "callbacks",
    "callbacks_on_time": "callbacks", "callback_on_time_rate": "callbacks", "complaints": "complaints",
    "complaints_resolved": "complaints", "escalation_rate": "escalated", "transfer_rate": "transferred",
    "occupancy": "status", "rating_avg": "ratings", "deductions": "conduct",
}
DRILL_LIMIT = 500


def kpi_records(store, actor: str, login: str | None, kpi: str, period: str | Period | None = "month") -> list[dict]:
    """The records one figure is computed from (the FCR-eligible calls with their repeat call, the callbacks
    due with their on-time mark, the conduct events with the points counted, ...), oldest first."""
    kind = DRILL.get(kpi)
    if kind is None:
        raise ValidationError("kpi", f"kpi: '{kpi}' has no records; choose one of {', '.join(DRILL)}.")
    with store.read(actor, *ANY_ROLE) as tx:
        target = tx.actor if not login else get_agent(tx.conn, login)
        require_sees_agent(tx.actor, target)
        p = resolve_period(tx, period)
        if kind == "callbacks":
            ontime = timedelta(minutes=int(settings_lib.read(tx, "callback_ontime_min")))
            out = []
            for cb in due_callbacks(tx, [target.id], p)[:DRILL_LIMIT]:
                cb["on_time"] = _on_time(cb, ontime)
                out.append(cb)
            return out
        if kind == "conduct":
            return counted_deductions(conduct_in_period(tx, [target.id], p))
        if kind == "ratings":
            keys = ("id", "period_label", *RATING_DIMENSIONS, "note", "rated_by", "rated_at")
            return [dict(zip(keys, r)) for r in tx.all(
                f"SELECT {', '.join(keys)} FROM ratings WHERE agent_id = ? AND period_start >= ? AND period_end <= ?"
                " ORDER BY period_start", (target.id, p.start, p.end))]
        if kind == "status":
            keys = ("id", "status", "reason", "started_at", "ended_at")
            return [dict(zip(keys, r)) for r in tx.all(
                "SELECT id, status, reason, started_at, ended_at FROM agent_status_log WHERE agent_id = ?"
                f" AND started_at < ? AND coalesce(ended_at, ?) > ? AND status IN {WORKING_STATUSES}"
                " ORDER BY started_at LIMIT ?", (target.id, p.end, tx.now, p.start, DRILL_LIMIT))]
        where = {
            "calls": "1", "fcr": FCR_ELIGIBLE_SQL, "csat": "k.survey_score IS NOT NULL",
            "complaints": "k.category = 'complaint'", "escalated": "k.outcome LIKE 'escalated-%'",
            "transferred": "k.outcome = 'transferred'",
        }[kind]
        keys = ["id", "started_at", "direction", "category", "outcome", "customer_id", "customer_name",
                "talk_s", "hold_s", "wrap_s", "survey_score", "notes"]
        extra, params = "", [target.id, p.start, p.end]
        if kind == "fcr":
            extra = f", ({REPEAT_SQL}) AS repeat_call_id"
            keys.append("repeat_call_id")
            params.insert(0, _window(tx))
        rows = tx.all(
            "SELECT k.id, k.started_at, k.direction, k.category, k.outcome, k.customer_id, cu.name, k.talk_s,"
            f" k.hold_s, k.wrap_s, k.survey_score, k.notes{extra} FROM calls k"
            " LEFT JOIN customers cu ON cu.id = k.customer_id"
            f" WHERE k.agent_id = ? AND k.started_at >= ? AND k.started_at < ? AND {where}"
            " ORDER BY k.started_at, k.id LIMIT ?", (*params, DRILL_LIMIT))
        out = [dict(zip(keys, r)) for r in rows]
        if kind == "fcr":
            for r in out:
                r["resolved"] = r["outcome"] == "resolved" and r["repeat_call_id"] is None
        return out
