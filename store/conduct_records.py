"""Conduct events and ratings as they cross the layers: read back by the lead's and the agent's screens,
the CLI and the KPI maths."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from store.db import Row

EVENT_KEYS = ("id", "agent_id", "kind", "occurred_on", "points", "note", "entered_by", "entered_at",
              "appeal_status", "appeal_reason", "decided_by", "decided_at")
RATING_KEYS = ("id", "agent_id", "period_label", "period_start", "period_end", "initiative", "teamwork",
               "innovation", "learning", "communication", "note", "rated_by", "rated_at")


@dataclass(frozen=True)
class ConductEvent:
    """A deduction entered by a lead (late, absence, ...): its points are negative; `counted` is what the
    KPI counts in a period (an accepted appeal counts 0; lates and early leaves count each third one)."""

    id: int
    agent_id: int
    kind: str
    occurred_on: str  # the local date
    points: float
    note: str
    entered_by: str
    entered_at: str
    appeal_status: str | None  # None, pending, accepted, rejected
    appeal_reason: str | None
    decided_by: str | None
    decided_at: str | None
    agent: str = ""  # the login
    counted: float | None = None
    late_count: int | None = None  # the nth late or early leave of the period (every third one counts)

    @classmethod
    def from_row(cls, row: Row, agent: str = "") -> ConductEvent:
        return cls(**dict(zip(EVENT_KEYS, row)), agent=agent)

    def counting(self, points: float, late_count: int | None = None) -> ConductEvent:
        return replace(self, counted=points, late_count=late_count)

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        if self.counted is None:
            del out["counted"]
        if self.late_count is None:
            del out["late_count"]
        return out


@dataclass(frozen=True)
class Rating:
    """A lead's 1-5 rating of an agent on the five dimensions for one period."""

    id: int
    agent_id: int
    period_label: str
    period_start: str
    period_end: str
    initiative: int
    teamwork: int
    innovation: int
    learning: int
    communication: int
    note: str
    rated_by: str
    rated_at: str
    agent: str = ""

    @classmethod
    def from_row(cls, row: Row, agent: str = "") -> Rating:
        return cls(**dict(zip(RATING_KEYS, row)), agent=agent)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)
