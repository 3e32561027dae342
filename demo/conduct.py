"""The demo's conduct events: late arrivals, early leaves, absences and the like, entered by the team
lead, some appealed and decided. Decided before the days are simulated: they shape those days."""

from __future__ import annotations

from datetime import date, timedelta

from demo.mix import CONDUCT_POINTS
from demo.past import Past, iso, local_epoch


def make_conduct(past: Past, days: list[date]) -> dict:
    """Fill `past.conduct`; return {(agent id, day): [kinds]} for the simulation of those days."""
    rng = past.rng
    marks: dict = {}
    for a in past.front:
        for d in days:
            if d >= past.today or d.weekday() >= 5:
                continue
            for kind, p in (("late", 0.025), ("early-leave", 0.008), ("absence", 0.004),
                            ("dress-code", 0.006), ("hygiene", 0.003)):
                if rng.random() < p:
                    marks.setdefault((a.id, d), []).append(kind)
            if d.weekday() == 0 and rng.random() < 0.05:  # Monday morning meeting
                marks.setdefault((a.id, d), []).append("missed-meeting")
    for (agent_id, d), kinds in sorted(marks.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        a = past.agents[agent_id - 1]
        for kind in kinds:
            entered = local_epoch(d, 18, 10, past.zone) + rng.randrange(0, 1800)
            if kind == "early-leave":
                entered = local_epoch(d + timedelta(days=1), 9, 10, past.zone) + rng.randrange(0, 1800)
            if entered > past.now:
                continue
            appeal = reason = appealed_at = decided_by = decided_at = None
            appealed = entered + rng.randrange(3600, 86400)
            if rng.random() < 0.1 and appealed <= past.now:
                reason = past.writing.appeal_reason(rng)
                appeal, appealed_at = "pending", iso(appealed)
                decided = appealed + rng.randrange(3600, 3 * 86400)
                if decided <= past.now:
                    appeal = "accepted" if rng.random() < 0.35 else "rejected"
                    decided_by, decided_at = a.lead.login, iso(decided)
            past.conduct.append({
                "id": len(past.conduct) + 1, "agent_id": a.id, "kind": kind, "occurred_on": d.isoformat(),
                "points": CONDUCT_POINTS[kind], "note": past.writing.conduct_note(rng, kind), "entered_by": a.lead.login,
                "entered_at": iso(entered), "appeal_status": appeal, "appeal_reason": reason,
                "appealed_at": appealed_at, "decided_by": decided_by, "decided_at": decided_at,
            })
    return marks
