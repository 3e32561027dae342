"""The records behind a KPI figure (F5's Enter, `kpi_records`), typed as they cross to the screens and the CLI."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

DUE_KEYS = ("id", "kind", "customer_id", "first_due_at", "due_at", "owner_id", "status", "closed_at", "reason")


@dataclass(frozen=True)
class DueCallback:
    """A callback first due in the period, counted for the agent who owned it then (`owner_at_due`)."""

    id: int
    kind: str
    customer_id: int | None
    first_due_at: str
    due_at: str
    owner_id: int | None
    status: str
    closed_at: str | None
    reason: str
    owner_at_due: int | None = None
    on_time: bool | None = None  # filled in for the drill-down

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    def with_(self, **changes: Any) -> DueCallback:
        return replace(self, **changes)


@dataclass(frozen=True)
class DrillCall:
    """A call behind a calls figure (handled, FCR, CSAT, complaints, escalated, transferred)."""

    id: int
    started_at: str
    direction: str
    category: str
    outcome: str
    customer_id: int | None
    customer_name: str | None
    talk_s: int
    hold_s: int
    wrap_s: int
    survey_score: int | None
    notes: str
    repeat_call_id: int | None = None  # FCR: the same customer's next call within the window
    resolved: bool | None = None  # FCR: resolved and not called again

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        if self.resolved is None:  # the FCR fields only in the FCR drill
            del out["repeat_call_id"], out["resolved"]
        return out


@dataclass(frozen=True)
class StatusSpan:
    """A stretch of working status (ready, on a call, wrap-up) behind occupancy."""

    id: int
    status: str
    reason: str | None
    started_at: str
    ended_at: str | None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class DrillCase:
    """A case behind a case figure (resolved in SLA, chases per case); `in_sla` only in the SLA drill."""

    id: int
    type: str
    severity: str
    status: str
    opened_at: str
    due_at: str
    resolved_at: str | None
    chases: int
    customer_id: int | None
    customer_name: str | None
    in_sla: bool | None = None

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        if self.in_sla is None:
            del out["in_sla"]
        return out

    def with_(self, **changes: Any) -> DrillCase:
        return replace(self, **changes)
