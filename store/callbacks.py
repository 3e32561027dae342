"""Callbacks owed to customers: promised, return visits (回访) and missed calls."""

from __future__ import annotations

from store.access import ANY_ROLE, agent_scope_sql, find_agent
from store.errors import NotFound, ValidationError
from store.validate import clean_text, int_range, one_of
from store.vocab import CALLBACK_KINDS

CALLBACK_COLUMNS = (
    "id", "kind", "customer_id", "phone_e164", "reason", "first_due_at", "due_at",
    "priority", "owner_id", "status", "source_call_id", "cancel_reason",
    "created_at", "created_by", "updated_at", "updated_by", "closed_at",
)


def insert_callback(tx, *, due_at: str, kind: str = "callback", customer_id: int | None = None,
                    phone_e164: str | None = None, reason: str = "", priority: int = 2,
                    owner: str | None = None, source_call_id: int | None = None) -> int:
    """Create one open callback inside a write transaction. owner=None puts it in the pool."""
    kind = one_of(kind, "kind", CALLBACK_KINDS)
    if customer_id is None and not phone_e164:
        raise ValidationError("customer", "customer: give a customer or a phone number to call back.")
    if customer_id is not None and not tx.scalar("SELECT 1 FROM customers WHERE id = ?", (customer_id,)):
        raise NotFound(f"customer: there is no customer #{customer_id}.")
    owner_id = None
    if owner is not None:
        agent = find_agent(tx.conn, owner)
        if agent is None or not agent.active:
            raise ValidationError("owner", f"owner: '{owner}' is not an active agent; give a login or 'pool'.")
        owner_id = agent.id
    callback_id = tx.insert(
        "callbacks",
        {
            "kind": kind,
            "customer_id": customer_id,
            "phone_e164": phone_e164,
            "reason": clean_text(reason, "reason", 500, multiline=True),
            "first_due_at": due_at,
            "due_at": due_at,
            "priority": int_range(priority, "priority", 1, 3),
            "owner_id": owner_id,
            "status": "open",
            "source_call_id": source_call_id,
            "created_at": tx.now,
            "created_by": tx.login,
            "updated_at": tx.now,
            "updated_by": tx.login,
        },
    )
    tx.changed("callbacks", callback_id)
    return callback_id


def callback_counts(tx, agent_id: int, now: str, day_end: str) -> dict:
    """Open callbacks owned by `agent_id`: overdue at `now`, and due from `now` to `day_end`."""
    overdue, due = tx.one(
        "SELECT sum(due_at < ?), sum(due_at >= ? AND due_at < ?) FROM callbacks"
        " WHERE status = 'open' AND owner_id = ?",
        (now, now, day_end, agent_id),
    )
    return {"overdue": overdue or 0, "due_today": due or 0}


def my_callback_counts(store, actor: str, day_end: str) -> dict:
    """Open callbacks owned by `actor`: overdue now, and due from now to `day_end`."""
    with store.read(actor, *ANY_ROLE) as tx:
        return callback_counts(tx, tx.actor.id, tx.now, day_end)


def list_callbacks(store, actor: str, *, scope: str = "mine", status: str = "open", limit: int = 200) -> list[dict]:
    """Callbacks by due time. scope: mine | pool | all (all = what the actor may see)."""
    scope = one_of(scope, "scope", ("mine", "pool", "all"))
    with store.read(actor, *ANY_ROLE) as tx:
        sql = (
            f"SELECT {', '.join('b.' + c for c in CALLBACK_COLUMNS)}, a.login, cu.name FROM callbacks b"
            " LEFT JOIN agents a ON a.id = b.owner_id LEFT JOIN customers cu ON cu.id = b.customer_id"
            " WHERE b.status = ?"
        )
        params: list = [status]
        if scope == "mine":
            sql += " AND b.owner_id = ?"
            params.append(tx.actor.id)
        elif scope == "pool":
            sql += " AND b.owner_id IS NULL"
        else:
            where, extra = agent_scope_sql(tx.actor, "b.owner_id")
            sql += f" AND (b.owner_id IS NULL OR {where})"
            params.extend(extra)
        sql += " ORDER BY b.due_at, b.id LIMIT ?"
        params.append(int(limit))
        out = []
        for row in tx.all(sql, params):
            d = dict(zip(CALLBACK_COLUMNS, row[: len(CALLBACK_COLUMNS)]))
            d["owner"], d["customer_name"] = row[-2], row[-1]
            out.append(d)
        return out


def record_missed_call(store, actor: str, number: str, uniqueid: str | None = None,
                       queue: str | None = None) -> tuple[int, bool]:
    """A pool callback "missed call" for this number, once per number while one is open.

    Returns (callback id, created). A second missed call from the same number
    while the first is open creates nothing.
    """
    from store import phones as phone_lib
    from store import settings as settings_lib
    from store.customers import phone_owner

    with store.write(actor, *ANY_ROLE) as tx:
        phone = phone_lib.normalize(number, settings_lib.read(tx, "phone_region"), field="number")
        owner = phone_owner(tx, phone.e164)
        reason = "missed call" + (f" ({clean_text(queue, 'queue', 64)})" if queue else "")
        if uniqueid:
            reason += f" [{clean_text(uniqueid, 'uniqueid', 128)}]"
        cur = tx.execute(
            "INSERT INTO callbacks (kind, customer_id, phone_e164, reason, first_due_at, due_at, priority,"
            " owner_id, status, created_at, created_by, updated_at, updated_by)"
            " VALUES ('missed-call', ?, ?, ?, ?, ?, 1, NULL, 'open', ?, ?, ?, ?)"
            " ON CONFLICT (phone_e164) WHERE kind = 'missed-call' AND status = 'open' DO NOTHING",
            (owner[0] if owner else None, phone.e164, reason, tx.now, tx.now, tx.now, tx.login, tx.now, tx.login),
        )
        if cur.rowcount:
            callback_id = cur.lastrowid
            tx._audit("callbacks", callback_id, "insert", None, None)
            tx.changed("callbacks", callback_id)
            return callback_id, True
        existing = tx.scalar(
            "SELECT id FROM callbacks WHERE kind = 'missed-call' AND status = 'open' AND phone_e164 = ?",
            (phone.e164,),
        )
        return existing, False
