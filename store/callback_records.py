"""The values callbacks cross the layers as: one callback (`Callback`, with its history of
`CallbackEvent`s when one is shown alone), the agent's F4 queue (`AgentQueue`) and the lead's team
queue (`TeamQueue`, one `QueueGroup` of counts per agent and the pool)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from store.columns import CALLBACK_COLUMNS
from store.db import Row

JSON_KEYS = ("id", "kind", "customer_id", "reason", "due_at", "first_due_at", "owner", "status", "priority")
EVENT_COLUMNS = ("at", "actor", "event", "from_owner", "to_owner", "due_at", "note")


@dataclass(frozen=True)
class CallbackEvent:
    """One line of a callback's history: who did what, and between which owners (logins; None: the pool)."""

    at: str
    actor: str
    event: str
    from_owner: str | None
    to_owner: str | None
    due_at: str | None
    note: str

    @classmethod
    def from_row(cls, row: Row) -> CallbackEvent:
        return cls(**dict(zip(EVENT_COLUMNS, row)))

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Callback:
    """A stored callback (every column), with its owner's login and team (None: the pool), the
    customer's name, the number to call (its own, else the customer's main one), how many attempts
    it had and the last one's result. `history` (oldest first) is read by get_callback only."""

    id: int
    kind: str
    customer_id: int | None
    phone_e164: str | None
    reason: str
    first_due_at: str
    due_at: str
    priority: int
    owner_id: int | None
    status: str
    source_call_id: int | None
    cancel_reason: str | None
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str
    closed_at: str | None
    owner: str | None
    owner_team: str | None
    customer_name: str | None
    phone: str | None
    attempts: int
    last_result: str | None
    history: tuple[CallbackEvent, ...] = ()

    @classmethod
    def from_row(cls, row: Row) -> Callback:
        """From a row of CALLBACK_COLUMNS followed by the joined values, in the order of the fields."""
        n = len(CALLBACK_COLUMNS)
        owner, owner_team, customer_name, phone, attempts, last_result = row[n:]
        return cls(**dict(zip(CALLBACK_COLUMNS, row[:n])), owner=owner, owner_team=owner_team,
                   customer_name=customer_name, phone=phone, attempts=attempts, last_result=last_result)

    def as_json(self) -> dict[str, Any]:
        """What `callbacks list --format json` prints for one callback."""
        return {k: getattr(self, k) for k in JSON_KEYS}


@dataclass(frozen=True)
class AgentQueue:
    """The F4 queue: the agent's open callbacks and the pool's (each capped; the totals are exact).

    refresh_at: the next moment a shown row turns due-soon or overdue (or a grace move falls due);
    today: the centre's local date at `now`, in `zone`."""

    mine: tuple[Callback, ...]
    pool: tuple[Callback, ...]
    mine_total: int
    pool_total: int
    now: str
    refresh_at: str | None
    grace_at: str | None
    zone: str
    today: str
    undo_min: int  # setting callback_undo_min: how long the agent may reopen what they closed


@dataclass(frozen=True)
class QueueGroup:
    """One agent's open callbacks in the lead's view (login and name None: the pool)."""

    login: str | None
    name: str | None
    open: int
    due_today: int
    overdue: int
    oldest_overdue_at: str | None


@dataclass(frozen=True)
class TeamQueue:
    """The lead's view: counts per agent and the pool (of open callbacks, whatever the filters),
    the callbacks the filters show, and the team's logins."""

    groups: tuple[QueueGroup, ...]
    rows: tuple[Callback, ...]
    agents: tuple[str, ...]
    now: str
    zone: str
    today: str
    refresh_at: str | None
