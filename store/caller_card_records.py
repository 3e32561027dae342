"""The values the caller's card beside the call form crosses the layers as (store/card.py): the card
(`CallerCard`) with its open callbacks, open complaints and last contacts, and what a number typed
so far finds (`NumberLookup`)."""

from __future__ import annotations

from dataclasses import dataclass

from store.customer_phones import CustomerPhone


@dataclass(frozen=True)
class CallerCallback:
    """An open callback for the caller (theirs, or for one of their numbers before they were known)."""

    id: int
    kind: str
    due_at: str
    reason: str
    owner: str | None  # the owner's login; None: in the pool


@dataclass(frozen=True)
class CallerComplaint:
    """A complaint call not yet resolved."""

    id: int
    started_at: str
    outcome: str
    notes: str


@dataclass(frozen=True)
class LastContact:
    """One of the caller's latest calls, by any agent (`agent` is the login)."""

    id: int
    started_at: str
    category: str
    outcome: str
    channel: str
    agent: str
    notes: str


@dataclass(frozen=True)
class CallerCard:
    """Who is calling and what is open for them; the lists are capped, the counts are exact."""

    id: int
    name: str
    company: str
    city: str
    status: str
    do_not_call: bool
    last_contact_at: str | None
    phones: tuple[CustomerPhone, ...]
    open_callbacks_count: int
    open_callbacks: tuple[CallerCallback, ...]
    open_complaints_count: int
    open_complaints: tuple[CallerComplaint, ...]
    last_contacts: tuple[LastContact, ...]


@dataclass(frozen=True)
class NumberLookup:
    """A number as typed so far: its E.164 form if it is a valid number, and its owner's card if any."""

    e164: str | None
    card: CallerCard | None
