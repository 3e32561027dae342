"""The customer card the call form pops beside itself: who is calling and what is open for them.

One read transaction per card. Any agent sees any customer's card (a caller's
history is the centre's, not one agent's): the card lists the last contacts of
every agent, with the agent's login.

An *open complaint* is a call of category `complaint` whose outcome is not
`resolved`, logged after the customer's latest resolved complaint call: a later
complaint call that ends `resolved` closes every earlier one.
"""

from __future__ import annotations

from store import phones as phone_lib
from store import settings as settings_lib
from store.access import ANY_ROLE
from store.caller_card_records import CallerCallback, CallerCard, CallerComplaint, LastContact, NumberLookup
from store.customer_phones import phone_owner, phones_of
from store.db import Store, Tx
from store.errors import NotFound
from store.messages import N_

LAST_CONTACTS = 5
OPEN_LIMIT = 5  # open callbacks / complaints listed (the counts are exact)


def card_in_tx(tx: Tx, customer_id: int) -> CallerCard:
    row = tx.one(
        "SELECT id, name, company, city, status, do_not_call, last_contact_at FROM customers WHERE id = ?",
        (customer_id,),
    )
    if row is None:
        raise NotFound(N_("there is no customer #{customer_id}."), customer_id=customer_id)
    phones = phones_of(tx, customer_id)
    e164s = [p.e164 for p in phones]
    marks = ",".join("?" for _ in e164s)
    by_phone = f" OR (b.customer_id IS NULL AND b.phone_e164 IN ({marks}))" if e164s else ""
    where = f"b.status = 'open' AND (b.customer_id = ?{by_phone})"
    params = (customer_id, *e164s)
    open_callbacks_count = tx.scalar(f"SELECT count(*) FROM callbacks b WHERE {where}", params)
    open_callbacks = tuple(
        CallerCallback(id=r[0], kind=r[1], due_at=r[2], reason=r[3], owner=r[4])
        for r in tx.all(
            f"SELECT b.id, b.kind, b.due_at, b.reason, a.login FROM callbacks b"
            f" LEFT JOIN agents a ON a.id = b.owner_id WHERE {where} ORDER BY b.due_at, b.id LIMIT ?",
            (*params, OPEN_LIMIT),
        )
    )
    resolved_at = tx.scalar(
        "SELECT max(started_at) FROM calls WHERE customer_id = ? AND category = 'complaint' AND outcome = 'resolved'",
        (customer_id,),
    ) or ""
    complaint_where = "customer_id = ? AND category = 'complaint' AND outcome <> 'resolved' AND started_at > ?"
    open_complaints_count = tx.scalar(f"SELECT count(*) FROM calls WHERE {complaint_where}", (customer_id, resolved_at))
    open_complaints = tuple(
        CallerComplaint(id=r[0], started_at=r[1], outcome=r[2], notes=r[3])
        for r in tx.all(
            f"SELECT id, started_at, outcome, notes FROM calls WHERE {complaint_where}"
            " ORDER BY started_at DESC, id DESC LIMIT ?",
            (customer_id, resolved_at, OPEN_LIMIT),
        )
    )
    last_contacts = tuple(
        LastContact(id=r[0], started_at=r[1], category=r[2], outcome=r[3], channel=r[4], agent=r[5], notes=r[6])
        for r in tx.all(
            "SELECT k.id, k.started_at, k.category, k.outcome, k.channel, a.login, k.notes FROM calls k"
            " JOIN agents a ON a.id = k.agent_id WHERE k.customer_id = ?"
            " ORDER BY k.started_at DESC, k.id DESC LIMIT ?",
            (customer_id, LAST_CONTACTS),
        )
    )
    return CallerCard(
        id=row[0], name=row[1], company=row[2], city=row[3], status=row[4], do_not_call=bool(row[5]),
        last_contact_at=row[6], phones=phones,
        open_callbacks_count=open_callbacks_count, open_callbacks=open_callbacks,
        open_complaints_count=open_complaints_count, open_complaints=open_complaints,
        last_contacts=last_contacts,
    )


def caller_card(store: Store, actor: str, customer_id: int) -> CallerCard:
    """name, company, city, status, do_not_call, phones, open callbacks and complaints, last 5 contacts."""
    with store.read(actor, *ANY_ROLE) as tx:
        return card_in_tx(tx, customer_id)


def lookup_number(store: Store, actor: str, text: str) -> NumberLookup:
    """What the call form shows for a number as typed so far, in one read transaction:
    the number if it is a valid one, and its owner's card."""
    with store.read(actor, *ANY_ROLE) as tx:
        phone = phone_lib.try_normalize(text or "", settings_lib.read(tx, "phone_region"))
        if phone is None:
            return NumberLookup(e164=None, card=None)
        owner = phone_owner(tx, phone.e164)
        return NumberLookup(e164=phone.e164, card=card_in_tx(tx, owner[0]) if owner else None)
