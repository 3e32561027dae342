"""The values cases cross the layers as: one case (`Case`, with its timeline of `CaseEvent`s when it is shown
alone), a page of the case list (`CasePage`) and the status line's counts (`CaseCounts`).

A leaf beside store/cases/ (imports nothing of the cases package), so store/callbacks and store/calls can
name a case without importing the commands.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from store.db import Row

CASE_COLUMNS = (
    "id", "customer_id", "origin_call_id", "type", "severity", "department", "owner_id", "team", "status",
    "summary", "resolution", "opened_at", "opened_by", "updated_at", "updated_by", "due_at", "resolved_at",
    "closed_at", "closed_by", "unreachable_approved_by", "last_told_at", "reminded_at", "chases",
)
EVENT_COLUMNS = ("id", "at", "actor", "kind", "text", "call_id", "callback_id", "before", "after")
JSON_KEYS = ("id", "customer_id", "customer_name", "origin_call_id", "type", "severity", "department", "owner",
             "team", "status", "summary", "resolution", "opened_at", "due_at", "resolved_at", "closed_at",
             "last_told_at", "updated_at", "chases", "overdue")


@dataclass(frozen=True)
class CaseEvent:
    """One line of a case's timeline: who did what when. `before`/`after` hold the values a change moved
    between (a status, an owner's login, a department, an attempt's result); `text` what was written."""

    id: int
    at: str
    actor: str
    kind: str
    text: str
    call_id: int | None
    callback_id: int | None
    before: str | None
    after: str | None

    @classmethod
    def from_row(cls, row: Row) -> CaseEvent:
        return cls(**dict(zip(EVENT_COLUMNS, row)))

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Case:
    """A stored case (every column), with its owner's login and name and the customer's name.

    `overdue`: past its due time and still being worked (not resolved or closed) when it was read.
    `timeline` (oldest first) is read by get_case only."""

    id: int
    customer_id: int | None
    origin_call_id: int | None
    type: str
    severity: str
    department: str
    owner_id: int
    team: str | None
    status: str
    summary: str
    resolution: str
    opened_at: str
    opened_by: str
    updated_at: str
    updated_by: str
    due_at: str
    resolved_at: str | None
    closed_at: str | None
    closed_by: str | None
    unreachable_approved_by: str | None
    last_told_at: str | None
    reminded_at: str | None
    chases: int
    owner: str
    owner_name: str
    customer_name: str | None
    overdue: bool
    timeline: tuple[CaseEvent, ...] = ()

    @classmethod
    def from_row(cls, row: Row) -> Case:
        """From a row of CASE_COLUMNS followed by owner login, owner name, customer name and the overdue flag."""
        n = len(CASE_COLUMNS)
        owner, owner_name, customer_name, overdue = row[n:n + 4]
        return cls(**dict(zip(CASE_COLUMNS, row[:n])), owner=owner, owner_name=owner_name,
                   customer_name=customer_name, overdue=bool(overdue))

    @property
    def is_open(self) -> bool:
        """Not closed (a resolved case is still open until the customer has heard and it is closed)."""
        return self.status != "closed"

    def as_json(self) -> dict[str, Any]:
        """What `cases list --format json` prints for one case (`cases show` adds the timeline)."""
        out = {k: getattr(self, k) for k in JSON_KEYS}
        if self.timeline:
            out["timeline"] = [e.as_json() for e in self.timeline]
        return out


@dataclass(frozen=True)
class CasePage:
    """One page of a case list, overdue first then by due time; `offset` of the next page when there is one."""

    rows: tuple[Case, ...]
    offset: int
    next_offset: int | None
    now: str


@dataclass(frozen=True)
class CaseCounts:
    """The status line: the actor's cases not closed, those overdue, and those not updated within
    `case_reminder_hours` (`reminders`); `to_remind` are the ids of those not yet reminded of (one toast each)."""

    open: int
    overdue: int
    reminders: int
    to_remind: tuple[int, ...]
