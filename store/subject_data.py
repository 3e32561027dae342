"""An access request (PIPL): everything the store holds about one customer, as JSON-ready data (admins).

The customer's row, phones, calls, callbacks with their attempts and history, reveals of their numbers and
the audit rows about them with their values put back. Writing it is audited (who exported whom, when).
Run it before an erasure (store/erasure.py) when the customer asks for their data.
"""

from __future__ import annotations

from typing import Any

from store.access import ADMINS
from store.audit import restored
from store.audit_records import AUDIT_COLUMNS, AuditEntry
from store.db import Store, Tx
from store.errors import NotFound
from store.messages import N_


def _rows(tx: Tx, sql: str, params: tuple[Any, ...]) -> list[dict[str, Any]]:
    cur = tx.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def subject_data(store: Store, actor: str, customer_id: int) -> dict[str, Any]:
    """Everything about customer `customer_id`; the export itself is audited."""
    with store.write(actor, *ADMINS) as tx:
        customer = _rows(tx, "SELECT * FROM customers WHERE id = ?", (customer_id,))
        if not customer:
            raise NotFound(N_("there is no customer #{customer_id}."), customer_id=customer_id)
        del customer[0]["name_sort"]
        mine = "SELECT id FROM callbacks WHERE customer_id = ?"
        audit_sql = (f"SELECT {AUDIT_COLUMNS} FROM audit_log l WHERE (l.table_name = 'customers' AND l.row_id = ?)"
                     " OR l.id IN (SELECT audit_id FROM audit_values WHERE customer_id = ?) ORDER BY l.id")
        data = {
            "exported_at": tx.now,
            "exported_by": tx.login,
            "customer": customer[0],
            "phones": _rows(tx, "SELECT e164, raw, is_main, created_at FROM customer_phones WHERE customer_id = ?"
                            " ORDER BY is_main DESC, id", (customer_id,)),
            "calls": _rows(tx, "SELECT k.*, a.login AS agent FROM calls k JOIN agents a ON a.id = k.agent_id"
                           " WHERE k.customer_id = ? ORDER BY k.started_at, k.id", (customer_id,)),
            "callbacks": _rows(tx, "SELECT * FROM callbacks WHERE customer_id = ? ORDER BY id", (customer_id,)),
            "callback_attempts": _rows(tx, f"SELECT * FROM callback_attempts WHERE callback_id IN ({mine}) ORDER BY id",
                                       (customer_id,)),
            "callback_events": _rows(tx, f"SELECT * FROM callback_events WHERE callback_id IN ({mine}) ORDER BY id",
                                     (customer_id,)),
            "phone_reveals": _rows(tx, "SELECT * FROM phone_reveals WHERE customer_id = ? ORDER BY id", (customer_id,)),
            "audit": [restored(tx, AuditEntry.from_row(r)).as_json()
                      for r in tx.all(audit_sql, (customer_id, customer_id))],
        }
        tx.audit("customers", customer_id, "update", None, {"access_request_export": True})
    return data
