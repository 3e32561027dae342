"""The values the customer card (F3 card, `customers show`) crosses the layers as: the whole card
(`CustomerCard`), its calls a page at a time (`CallsPage` of `CardCall`), its callbacks
(`CardCallback`), who changed it last (`LastChange`), and one call shown whole (`CustomerCall`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from store.call_records import SavedCall
from store.columns import CALL_COLUMNS
from store.customer_records import Customer, MergedRecord
from store.db import Row


@dataclass(frozen=True)
class LastChange:
    """Who changed the customer last (`by`, a login; `name`, theirs if they are an agent) and when."""

    by: str
    name: str | None
    at: str


@dataclass(frozen=True)
class CardCall:
    """One call as the card lists it (its history, its open complaints): the note's first line only."""

    id: int
    started_at: str
    agent: str
    agent_name: str
    direction: str
    channel: str
    category: str
    outcome: str
    handle_s: int
    note: str
    order_no: str | None
    waybill_no: str | None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CallsPage:
    """One page of a customer's calls, newest first; `next` is the keyset cursor (started_at, id)
    of the page after, None on the last page."""

    calls: tuple[CardCall, ...]
    next: tuple[str, int] | None


@dataclass(frozen=True)
class CardCallback:
    """A callback of the customer's as the card lists it (open ones and the latest done)."""

    id: int
    kind: str
    status: str
    due_at: str
    reason: str
    owner: str | None  # the owner's login; None: in the pool
    closed_at: str | None
    cancel_reason: str | None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CustomerCard(Customer):
    """Everything the card shows: the customer with phones, who changed them last, the first page
    of calls, callbacks open and done, complaints not yet resolved, records merged in."""

    last_change: LastChange | None
    calls: CallsPage
    callbacks: tuple[CardCallback, ...]
    open_complaints: tuple[CardCall, ...]
    merged: tuple[MergedRecord, ...]


@dataclass(frozen=True)
class CustomerCall(SavedCall):
    """One call of the customer's shown whole: every column, the agent's login and name."""

    agent_name: str = ""

    @classmethod
    def from_agent_row(cls, row: Row) -> CustomerCall:
        """From a row of CALL_COLUMNS followed by the agent's login and display name."""
        *call, login, name = row
        return cls(**dict(zip(CALL_COLUMNS, call)), agent=login, agent_name=name)
