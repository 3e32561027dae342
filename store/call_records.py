"""The values a call crosses the layers as: what an agent logs (`CallEntry`), and a saved call as it is
read back (`SavedCall`, `TodayCall`). The call form, the CLI and the phone system build a CallEntry;
the store checks it (`store.calls.validate_call`) and stores its columns."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from store.columns import CALL_COLUMNS
from store.db import Row


@dataclass(frozen=True)
class NewCustomer:
    """An unknown caller named on the call: created with the call, in the same transaction."""

    name: str
    company: str = ""
    city: str = ""


@dataclass(frozen=True)
class CallbackRequest:
    """Call the customer back: `due` as the agent typed it ("+2h", "明天 10点") or `due_at` (UTC ISO)."""

    due: str = ""
    due_at: str | None = None
    owner: str = "me"  # "me" or "pool"
    reason: str = ""


@dataclass(frozen=True)
class CallEntry:
    """One call as it is logged. A number or a customer says who called (neither: a walk-in nobody
    named); `started_at` empty means "it ended just now, after talk + hold seconds"."""

    category: str
    outcome: str
    number: str = ""
    customer_id: int | None = None
    direction: str = "in"
    channel: str = "phone"
    notes: str = ""
    order_no: str = ""
    waybill_no: str = ""
    amount_due: str | float | None = None  # yuan as typed ("1,280.50"); stored as fen
    escalation_target: str | None = None  # implied by an escalated outcome
    escalation_reason: str | None = None
    uniqueid: str | None = None  # the phone system's id of the call
    recording_url: str | None = None
    callback_id: int | None = None  # the callback this call answers
    started_at: str | None = None
    ended_at: str | None = None
    talk_s: int = 0
    hold_s: int = 0
    wrap_s: int = 0
    new_customer: NewCustomer | None = None
    callback: CallbackRequest | None = None
    case_id: int | None = None  # the open case this call is about (a chase): linked, and no second case opened

    @classmethod
    def from_fields(cls, values: dict[str, Any]) -> CallEntry:
        """From a dict of the same names (a row being loaded, a call being corrected); others are ignored."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in names})


@dataclass(frozen=True)
class SavedCall:
    """A stored call (every column), with the agent's login and the customer's name."""

    id: int
    agent_id: int
    customer_id: int | None
    phone_e164: str | None
    phone_raw: str | None
    direction: str
    channel: str
    category: str
    outcome: str
    started_at: str
    ended_at: str | None
    talk_s: int
    hold_s: int
    wrap_s: int
    notes: str
    order_no: str | None
    waybill_no: str | None
    amount_due_cents: int | None
    escalation_target: str | None
    escalation_reason: str | None
    callback_id: int | None
    uniqueid: str | None
    recording_url: str | None
    survey_score: int | None
    survey_at: str | None
    created_at: str
    updated_at: str
    updated_by: str
    agent: str = ""
    customer_name: str | None = None

    @classmethod
    def from_row(cls, row: Row, agent: str = "", customer_name: str | None = None) -> SavedCall:
        return cls(**dict(zip(CALL_COLUMNS, row)), agent=agent, customer_name=customer_name)

    @property
    def handle_s(self) -> int:
        return self.talk_s + self.hold_s + self.wrap_s

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class TodayCall:
    """One of the agent's calls of the local day, as the call form lists them."""

    id: int
    started_at: str
    customer_name: str | None
    phone_raw: str | None
    phone_e164: str | None
    category: str
    outcome: str
    handle_s: int
    notes: str
