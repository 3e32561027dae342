"""What a screen asks of the App: open another screen, or let the agent's status follow a call.

A screen posts one of these; it bubbles to the App, which routes it (tui/app.py). No screen
reaches into the App for a method or an attribute, and no screen imports another's module to
open it, so screens stay free of each other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from store.card_views import CardReason


class OpenCall(Message):
    """The call form, prefilled with what is given (a number, a customer, the callback it answers);
    a form already open comes back instead."""

    def __init__(self, **prefill: str | int | None) -> None:
        super().__init__()
        unknown = set(prefill) - {"number", "customer_id", "callback_id"}
        if unknown:
            raise TypeError(f"OpenCall: unknown {sorted(unknown)}")
        self.prefill = prefill


class OpenCard(Message):
    """A customer's card; `customer_id` None is a new customer, prefilled with `name` or `phone`."""

    def __init__(self, customer_id: int | None, name: str = "", phone: str = "", reason: CardReason | None = None) -> None:
        super().__init__()
        self.customer_id, self.name, self.phone = customer_id, name, phone
        self.reason = reason  # why it is opened (store/card_views.py): an agent's card needs one


class OpenCallbackForm(Message):
    """Schedule a callback for a customer (F8 from the lookup or the card)."""

    def __init__(self, customer_id: int, name: str) -> None:
        super().__init__()
        self.customer_id, self.name = customer_id, name


class OpenCase(Message):
    """One case's detail with its timeline (from the case list, the card, the call form's pop)."""

    def __init__(self, case_id: int) -> None:
        super().__init__()
        self.case_id = case_id


class OpenAudit(Message):
    """The audit log of one customer or one agent (leads and admins), under `title`."""

    def __init__(self, title: str, customer_id: int | None = None, agent: str | None = None) -> None:
        super().__init__()
        self.title, self.customer_id, self.agent = title, customer_id, agent


class FollowCall(Message):
    """The agent's status follows the call: `status` now, unless the agent chose another since
    (their status is not in `only_if`); the newest of these wins."""

    def __init__(self, status: str, only_if: frozenset[str] | None = None) -> None:
        super().__init__()
        self.status, self.only_if = status, only_if


class CallClosed(Message):
    """A new call's form was saved or dropped: a ring that waited for it may pop now."""
