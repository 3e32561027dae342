"""Missed-call intake: the phone system reports a missed call, the pool gets one callback per number."""

from __future__ import annotations

from store import phones as phone_lib
from store import settings as settings_lib
from store.access import ANY_ROLE
from store.callbacks.records import event_in_tx
from store.customer_phones import phone_owner
from store.db import Store
from store.validate import clean_text


def record_missed_call(store: Store, actor: str, number: str, uniqueid: str | None = None,
                       queue: str | None = None) -> tuple[int, bool]:
    """A pool callback of kind missed-call for this number, once per number while one is open.

    Returns (callback id, created). A second missed call from the same number
    while the first is open creates nothing.
    """
    with store.write(actor, *ANY_ROLE) as tx:
        phone = phone_lib.normalize(number, settings_lib.read(tx, "phone_region"), field="number")
        owner = phone_owner(tx, phone.e164)
        # the reason holds only what the phone system said (its queue, its call id): the kind already
        # says "missed call", in the reader's language
        detail = [f"({clean_text(queue, 'queue', 64)})"] if queue else []
        if uniqueid:
            detail.append(f"[{clean_text(uniqueid, 'uniqueid', 128)}]")
        reason = " ".join(detail)
        cur = tx.execute(
            "INSERT INTO callbacks (kind, customer_id, phone_e164, reason, first_due_at, due_at, priority,"
            " owner_id, status, created_at, created_by, updated_at, updated_by)"
            " VALUES ('missed-call', ?, ?, ?, ?, ?, 1, NULL, 'open', ?, ?, ?, ?)"
            " ON CONFLICT (phone_e164) WHERE kind = 'missed-call' AND status = 'open' DO NOTHING",
            (owner[0] if owner else None, phone.e164, reason, tx.now, tx.now, tx.now, tx.login, tx.now, tx.login),
        )
        if cur.rowcount and cur.lastrowid is not None:
            callback_id = cur.lastrowid
            tx.audit("callbacks", callback_id, "insert", None, None)
            event_in_tx(tx, callback_id, "created", due_at=tx.now)
            tx.changed("callbacks", callback_id)
            return callback_id, True
        existing = tx.scalar(
            "SELECT id FROM callbacks WHERE kind = 'missed-call' AND status = 'open' AND phone_e164 = ?",
            (phone.e164,),
        )
        return int(existing), False
