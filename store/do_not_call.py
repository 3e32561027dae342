"""Do-not-call: a flag on the customer with who set it and why; outbound contact with them is refused.

Outbound contact is an outgoing call, a new callback or return visit, and an attempt at a callback. A call the
customer makes to the centre is logged as ever, and a missed call still reaches the pool (they called us).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from store.customer_phones import phone_owner
from store.db import Tx
from store.errors import PermissionDenied, ValidationError
from store.messages import N_
from store.validate import clean_text


@dataclass(frozen=True)
class DoNotCall:
    """Who put the customer on the do-not-call list, when, and why."""

    by: str | None
    at: str | None
    reason: str

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def flag_values(tx: Tx, on: bool, reason: str | None, required: bool = False) -> dict[str, Any]:
    """The columns a change of the flag writes: who and why when it goes on. The desk's card and
    `customers do-not-call` always ask why (`required`); older callers (the demo, a form field) may not say."""
    if not on:
        return {"do_not_call": 0, "do_not_call_by": None, "do_not_call_at": None, "do_not_call_reason": ""}
    why = clean_text(reason, "do_not_call_reason", 200)
    if required and not why:
        raise ValidationError("do_not_call_reason",
                              N_("do_not_call_reason: say why the customer may not be called (their request, a complaint)."))
    return {"do_not_call": 1, "do_not_call_by": tx.login, "do_not_call_at": tx.now, "do_not_call_reason": why}


def do_not_call_of(tx: Tx, customer_id: int) -> DoNotCall | None:
    """The customer's do-not-call flag, or None when they may be called."""
    row = tx.one("SELECT do_not_call, do_not_call_by, do_not_call_at, do_not_call_reason FROM customers WHERE id = ?",
                 (customer_id,))
    if row is None or not row[0]:
        return None
    return DoNotCall(by=row[1], at=row[2], reason=row[3])


def refuse_outbound(tx: Tx, customer_id: int | None, phone_e164: str | None = None) -> None:
    """Raise PermissionDenied when the customer (or the owner of the number) is on the do-not-call list."""
    if customer_id is None and phone_e164:
        owner = phone_owner(tx, phone_e164)
        customer_id = owner[0] if owner else None
    if customer_id is None:
        return
    flag = do_not_call_of(tx, customer_id)
    if flag is not None:
        raise PermissionDenied(
            N_("customer #{customer_id} is on the do-not-call list ({reason}; set by {by}): no outgoing call, "
               "callback or attempt is allowed."),
            customer_id=customer_id, reason=flag.reason or "-", by=flag.by or "-",
        )
