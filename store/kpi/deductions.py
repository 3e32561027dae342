"""Conduct points deducted in a period: withdrawn appeals count 0, late and early-leave count every third."""

from __future__ import annotations

from collections.abc import Sequence

from store.conduct_records import EVENT_KEYS, ConductEvent
from store.db import Tx
from store.kpi.sql import placeholders
from store.periods import Period

LATE_KINDS = ("late", "early-leave")


def conduct_in_period(tx: Tx, agent_ids: Sequence[int], period: Period) -> list[ConductEvent]:
    rows = tx.all(
        f"SELECT {', '.join(EVENT_KEYS)} FROM conduct_events WHERE agent_id IN ({placeholders(agent_ids)})"
        " AND occurred_on >= ? AND occurred_on <= ? ORDER BY occurred_on, id",
        (*agent_ids, period.first.isoformat(), period.last.isoformat()),
    )
    return [ConductEvent.from_row(r) for r in rows]


def counted_deductions(events: list[ConductEvent]) -> list[ConductEvent]:
    """Each event with `counted` points: withdrawn (appeal accepted) count 0; late and early-leave
    together count on every third one, with the points that third event stored."""
    in_threes = 0
    out = []
    for e in events:
        late: int | None = None
        if e.appeal_status == "accepted":
            counted: float = 0
        elif e.kind in LATE_KINDS:
            in_threes += 1
            late = in_threes
            counted = as_points(abs(e.points)) if in_threes % 3 == 0 else 0
        else:
            counted = as_points(abs(e.points))
        out.append(e.counting(counted, late))
    return out


def deductions_by_agent(tx: Tx, agent_ids: Sequence[int], period: Period) -> dict[int, float]:
    per: dict[int, list[ConductEvent]] = {}
    for e in conduct_in_period(tx, agent_ids, period):
        per.setdefault(e.agent_id, []).append(e)
    return {aid: as_points(sum(e.counted or 0 for e in counted_deductions(evs))) for aid, evs in per.items()}


def as_points(value: float) -> float:
    """Points as people write them: 2, not 2.0; 1.5 rounded to 2 decimals."""
    return int(value) if float(value).is_integer() else round(value, 2)


def deduction_records(tx: Tx, agent_id: int, period: Period) -> list[ConductEvent]:
    """One agent's conduct events in the period, oldest first, each with the points it counts."""
    return counted_deductions(conduct_in_period(tx, [agent_id], period))
