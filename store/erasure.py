"""Erasure (PIPL's right to deletion): an admin erases one customer's personal data on their request.

In one BEGIN IMMEDIATE transaction, with `PRAGMA secure_delete` on so that freed bytes are zeroed:
- the customer's fields are replaced (name `#ID`, the rest empty), their phones removed, search tokens,
  pinyin keys and the name's sort key made again from `#ID`; the do-not-call flag stays, its reason goes;
- their calls stay with every figure (times, durations, category, outcome, agent, survey: KPIs do not move),
  losing the number, notes, order and waybill numbers, escalation reason and recording link; their callbacks
  keep kind, times, owner and status, losing number and reasons; attempt and event notes are blanked;
- rings from their numbers and call-form drafts naming them are deleted; reveal reasons blanked;
- their personal values in the audit trail (`audit_values`) are blanked: who did what stays;
- one audit row says who erased whom, when and why.
Then the FTS index is merged (old segments still hold the tokens) and the WAL checkpointed and truncated,
so that neither the name nor a number is left in the file's bytes. Export their data first
(store/subject_data.py) when they ask for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from store.access import ADMINS
from store.customers import reindex
from store.db import Store, Tx
from store.errors import NotFound, ValidationError
from store.messages import N_
from store.validate import clean_text


@dataclass(frozen=True)
class Erased:
    customer_id: int
    calls: int  # kept, with their figures
    callbacks: int
    phones: int  # removed
    audit_values: int  # blanked


def _numbers(tx: Tx, customer_id: int) -> list[str]:
    """Every number the store links to the customer (theirs now, their calls' and callbacks'), as stored
    and as typed, and a Chinese number's national digits: what drafts and old audit values may hold."""
    rows = tx.all(
        "SELECT e164 FROM customer_phones WHERE customer_id = ? UNION SELECT raw FROM customer_phones WHERE customer_id = ?"
        " UNION SELECT phone_e164 FROM calls WHERE customer_id = ? UNION SELECT phone_raw FROM calls WHERE customer_id = ?"
        " UNION SELECT phone_e164 FROM callbacks WHERE customer_id = ?", (customer_id,) * 5)
    texts = {r[0] for r in rows if r[0] and len(r[0].strip()) >= 5}
    texts |= {t[3:] for t in texts if t.startswith("+86")}
    return sorted(texts)


def _scrub(tx: Tx, customer_id: int, name: str, numbers: list[str]) -> Erased:
    ex = tx.execute
    phones = ex("DELETE FROM customer_phones WHERE customer_id = ?", (customer_id,)).rowcount
    ex("UPDATE customers SET name = ?, company = '', email = '', wechat_id = '', city = '', tags = '', notes = '',"
       " do_not_call_reason = '', erased_at = ?, erased_by = ?, updated_at = ?, updated_by = ? WHERE id = ?",
       (f"#{customer_id}", tx.now, tx.login, tx.now, tx.login, customer_id))
    reindex(tx, customer_id)
    calls = ex("UPDATE calls SET phone_e164 = NULL, phone_raw = NULL, notes = '', order_no = NULL, waybill_no = NULL,"
               " escalation_reason = CASE WHEN escalation_reason IS NULL THEN NULL ELSE '' END, recording_url = NULL"
               " WHERE customer_id = ?", (customer_id,)).rowcount
    callbacks = ex("UPDATE callbacks SET phone_e164 = NULL, reason = '',"
                   " cancel_reason = CASE WHEN cancel_reason IS NULL THEN NULL ELSE '' END WHERE customer_id = ?",
                   (customer_id,)).rowcount
    mine = "SELECT id FROM callbacks WHERE customer_id = ?"
    ex(f"UPDATE callback_attempts SET note = '' WHERE callback_id IN ({mine})", (customer_id,))
    ex(f"UPDATE callback_events SET note = '' WHERE callback_id IN ({mine})", (customer_id,))
    ex("UPDATE phone_reveals SET reason = '' WHERE customer_id = ?", (customer_id,))
    ex("UPDATE cases SET summary = '', resolution = '' WHERE customer_id = ?", (customer_id,))
    ex("UPDATE case_events SET text = '' WHERE case_id IN (SELECT id FROM cases WHERE customer_id = ?)", (customer_id,))
    # the lookups that opened their card hold the name or number as typed; the views themselves stay
    ex("UPDATE card_views SET reason_ref = '' WHERE customer_id = ? AND reason = 'lookup'", (customer_id,))
    for number in numbers:
        ex("DELETE FROM rings WHERE e164 = ? OR number_raw = ?", (number, number))
    for text in [name, *numbers]:
        ex("DELETE FROM call_drafts WHERE instr(form, ?) > 0", (text,))
    ex("DELETE FROM call_drafts WHERE json_extract(form, '$.customer_id') = ?", (customer_id,))
    # their values in the audit trail, by customer and, for rows written before a number was theirs, by value
    blanked = ex("UPDATE audit_values SET value = NULL WHERE customer_id = ? AND value IS NOT NULL",
                 (customer_id,)).rowcount
    for text in [name, *numbers]:
        blanked += ex("UPDATE audit_values SET value = NULL WHERE value IS NOT NULL AND instr(value, ?) > 0",
                      (text,)).rowcount
    tx.audit("customers", customer_id, "update", None, {"erased": True, "calls_kept": calls, "phones_removed": phones})
    tx.changed("customers", customer_id)
    tx.changed("calls")
    tx.changed("callbacks")
    return Erased(customer_id, calls, callbacks, phones, blanked)


def erase_customer(store: Store, actor: str, customer_id: int, reason: str) -> Erased:
    """Erase the customer's personal data (admins); `reason` (the request) is recorded in the audit row."""
    why = clean_text(reason, "reason", 200)
    if not why:
        raise ValidationError("reason", N_("reason: say whose request this is and how it came (e.g. the customer, by e-mail)."))
    with store.write(actor, *ADMINS) as tx:
        row = tx.one("SELECT name, erased_at FROM customers WHERE id = ?", (customer_id,))
        if row is None:
            raise NotFound(N_("there is no customer #{customer_id}."), customer_id=customer_id)
        if row[1]:
            raise ValidationError("customer", N_("customer #{customer_id} was erased at {at}."),
                                  customer_id=customer_id, at=row[1])
        tx.execute("PRAGMA secure_delete = ON")  # the connection's: this transaction holds it alone
        try:
            tx.audit("customers", customer_id, "update", None, {"erasure_reason": why})
            erased = _scrub(tx, customer_id, row[0], _numbers(tx, customer_id))
            # the FTS index keeps deleted tokens in old segments until they are merged
            tx.execute("INSERT INTO customer_fts (customer_fts) VALUES ('optimize')")
        finally:
            tx.execute("PRAGMA secure_delete = OFF")
    store.checkpoint()  # the WAL's old page images go too
    return erased
