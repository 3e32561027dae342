"""The customer card (F3 card, `customers show`): details, phones, calls a page at a time, callbacks, complaints, merges.

A caller's history is the centre's, not one agent's: the card shows every agent's calls with them. An
agent opens it only for a reason that holds (store/card_views.py: their call or callback, a narrow
lookup); `open_customer_card` records each opening, the rest only check the reason again.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from store import audit_values
from store.access import ANY_ROLE
from store.card_views import CardReason, check_reason, record_view
from store.columns import CALL_COLUMNS
from store.customer_card_records import CallsPage, CardCall, CardCallback, CustomerCall, CustomerCard, LastChange
from store.customer_phones import phones_of
from store.customer_records import MergedRecord
from store.customers.records import require_customer
from store.db import Row, Store, Tx
from store.errors import NotFound
from store.messages import N_

HISTORY_PAGE = 50  # calls per page on the card


def last_change(tx: Tx, customer_id: int) -> LastChange | None:
    """Who changed this customer last and when, from the audit log."""
    row = tx.one(
        "SELECT l.actor, l.at, a.display_name FROM audit_log l LEFT JOIN agents a ON a.login = l.actor"
        " WHERE l.table_name = 'customers' AND l.row_id = ? ORDER BY l.id DESC LIMIT 1",
        (customer_id,),
    )
    return None if row is None else LastChange(by=row[0], name=row[2], at=row[1])


def _first_line(text: str | None) -> str:
    return (text or "").strip().split("\n", 1)[0]


_CALL_ROW = (
    "SELECT k.id, k.started_at, a.login, a.display_name, k.direction, k.channel, k.category, k.outcome,"
    " k.talk_s + k.hold_s + k.wrap_s, k.notes, k.order_no, k.waybill_no FROM calls k JOIN agents a ON a.id = k.agent_id"
)


def _card_call(row: Row) -> CardCall:
    return CardCall(
        id=row[0], started_at=row[1], agent=row[2], agent_name=row[3], direction=row[4],
        channel=row[5], category=row[6], outcome=row[7], handle_s=row[8],
        note=_first_line(row[9]), order_no=row[10], waybill_no=row[11],
    )


def calls_page(tx: Tx, customer_id: int, before: tuple[str, int] | None = None, limit: int = HISTORY_PAGE) -> CallsPage:
    """One page of a customer's calls, newest first; `next` is the keyset cursor of the page after."""
    limit = max(1, min(int(limit), 500))
    if before is None:
        rows = tx.all(
            _CALL_ROW + " WHERE k.customer_id = ? ORDER BY k.started_at DESC, k.id DESC LIMIT ?",
            (customer_id, limit + 1),
        )
    else:
        rows = tx.all(
            _CALL_ROW + " WHERE k.customer_id = ? AND (k.started_at, k.id) < (?, ?)"
            " ORDER BY k.started_at DESC, k.id DESC LIMIT ?",
            (customer_id, before[0], int(before[1]), limit + 1),
        )
    calls = tuple(_card_call(r) for r in rows[:limit])
    following = (calls[-1].started_at, calls[-1].id) if len(rows) > limit else None
    return CallsPage(calls=calls, next=following)


def customer_calls(store: Store, actor: str, customer_id: int, before: Sequence[Any] | None = None,
                   limit: int = HISTORY_PAGE, reason: CardReason | None = None) -> CallsPage:
    """Every call with this customer, a page at a time (an agent: for the card's reason); `before` is a
    page's `next` cursor [started_at, id]."""
    with store.read(actor, *ANY_ROLE) as tx:
        require_customer(tx, customer_id)
        check_reason(tx, customer_id, reason)
        return calls_page(tx, customer_id, tuple(before) if before else None, limit)


def customer_call(store: Store, actor: str, customer_id: int, call_id: int,
                  reason: CardReason | None = None) -> CustomerCall:
    """One call of this customer, whole: every field and the full note (an agent: for the card's reason)."""
    with store.read(actor, *ANY_ROLE) as tx:
        require_customer(tx, customer_id)
        check_reason(tx, customer_id, reason)
        row = tx.one(
            f"SELECT {', '.join('k.' + c for c in CALL_COLUMNS)}, a.login, a.display_name FROM calls k"
            " JOIN agents a ON a.id = k.agent_id WHERE k.id = ? AND k.customer_id = ?",
            (call_id, customer_id),
        )
        if row is None:
            raise NotFound(
                N_("customer #{customer_id} has no call #{call_id}."),
                customer_id=customer_id, call_id=call_id,
            )
        return CustomerCall.from_agent_row(row)


def _callbacks_for_card(tx: Tx, customer_id: int) -> tuple[CardCallback, ...]:
    sql = (
        "SELECT b.id, b.kind, b.status, b.due_at, b.reason, a.login, b.closed_at, b.cancel_reason FROM callbacks b"
        " LEFT JOIN agents a ON a.id = b.owner_id WHERE b.customer_id = ? AND b.status = ?"
    )
    rows = tx.all(sql + " ORDER BY b.due_at LIMIT 50", (customer_id, "open"))
    rows += tx.all(sql + " ORDER BY b.closed_at DESC LIMIT 20", (customer_id, "done"))
    return tuple(
        CardCallback(id=r[0], kind=r[1], status=r[2], due_at=r[3], reason=r[4], owner=r[5], closed_at=r[6], cancel_reason=r[7])
        for r in rows
    )


def open_complaints(tx: Tx, customer_id: int) -> tuple[CardCall, ...]:
    """Complaint calls not resolved and not followed by a resolved complaint call."""
    rows = tx.all(
        _CALL_ROW + " WHERE k.customer_id = ? AND k.category = 'complaint' AND k.outcome <> 'resolved'"
        " AND k.started_at > coalesce((SELECT max(r.started_at) FROM calls r WHERE r.customer_id = ?"
        " AND r.category = 'complaint' AND r.outcome = 'resolved'), '')"
        " ORDER BY k.started_at DESC, k.id DESC LIMIT 20",
        (customer_id, customer_id),
    )
    return tuple(_card_call(r) for r in rows)


def merges_into(tx: Tx, customer_id: int) -> tuple[MergedRecord, ...]:
    """Records merged into this customer, newest first, from the audit log."""
    rows = tx.all(
        "SELECT id, at, actor, after FROM audit_log WHERE table_name = 'customers' AND row_id = ?"
        " AND after LIKE '{\"merged_from\"%' ORDER BY id DESC LIMIT 20",
        (customer_id,),
    )
    return tuple(MergedRecord.from_audit(at, by, audit_values.restore(tx.conn, audit_id, "after", json.loads(after)) or {})
                 for audit_id, at, by, after in rows)


def _card(tx: Tx, customer_id: int) -> CustomerCard:
    return CustomerCard.from_row(
        require_customer(tx, customer_id), phones_of(tx, customer_id),
        last_change=last_change(tx, customer_id),
        calls=calls_page(tx, customer_id),
        callbacks=_callbacks_for_card(tx, customer_id),
        open_complaints=open_complaints(tx, customer_id),
        merged=merges_into(tx, customer_id),
    )


def open_customer_card(store: Store, actor: str, customer_id: int,
                       reason: CardReason | None = None) -> tuple[CustomerCard, CardReason]:
    """Open the card: the reason checked (agents), the view recorded and audited, everything the card shows
    (details, phones, last change, calls' first page, callbacks, open complaints, records merged in), and the
    reason that reads it again (CardReason.view) for reloads and pages."""
    with store.write(actor, *ANY_ROLE) as tx:
        require_customer(tx, customer_id)
        view_id = record_view(tx, customer_id, reason)
        return _card(tx, customer_id), CardReason.view(view_id)


def customer_card(store: Store, actor: str, customer_id: int, reason: CardReason | None = None) -> CustomerCard:
    """The card of one already opened (open_customer_card), read again after a change: the reason checked
    again, no new view."""
    with store.read(actor, *ANY_ROLE) as tx:
        require_customer(tx, customer_id)
        check_reason(tx, customer_id, reason)
        return _card(tx, customer_id)
