"""Callbacks owed to customers: promised, return visits (回访) and missed calls.

A callback is owned by one agent or sits in the shared pool (owner_id NULL).
Every change writes the audit row (tx.update) and a `callback_events` row, the
history a desk shows. Claiming is one conditional UPDATE decided by its row count.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from store import settings as settings_lib
from store.access import ANY_ROLE, LEADS, Agent, agent_scope_sql, can_see_agent, find_agent, get_agent
from store.clock import iso, parse_iso
from store.duetime import due_at_from_text
from store.errors import Conflict, NotFound, PermissionDenied, ValidationError
from store.validate import clean_text, int_range, one_of
from store.vocab import ATTEMPT_RESULTS, CALLBACK_KINDS, CALLBACK_STATUSES, CUSTOMER_STATUSES

CALLBACK_COLUMNS = (
    "id", "kind", "customer_id", "phone_e164", "reason", "first_due_at", "due_at",
    "priority", "owner_id", "status", "source_call_id", "cancel_reason",
    "created_at", "created_by", "updated_at", "updated_by", "closed_at",
)
JSON_KEYS = ("id", "kind", "customer_id", "reason", "due_at", "first_due_at", "owner", "status", "priority")
SOON_MIN = 15  # due within this many minutes: highlighted on the desk
LIST_LIMIT = 200
TEAM_LIMIT = 500
DUE_RANGES = ("any", "overdue", "today", "tomorrow", "week")
RETURN_VISIT_CHUNK = 25_000  # customer ids per transaction of the generator
RETURN_VISIT_PAUSE_S = 0.1  # after each write: longer than SQLite's longest busy-wait sleep, so waiting desks get in


# -- one callback inside a transaction ------------------------------------------------
def event_in_tx(tx, callback_id: int, event: str, *, from_owner: int | None = None, to_owner: int | None = None,
                due_at: str | None = None, note: str = "") -> None:
    tx.execute(
        "INSERT INTO callback_events (callback_id, at, actor, event, from_owner_id, to_owner_id, due_at, note)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (callback_id, tx.now, tx.login, event, from_owner, to_owner, due_at, note),
    )


def _owner_id(tx, owner: str | None) -> int | None:
    if owner is None:
        return None
    agent = find_agent(tx.conn, owner)
    if agent is None or not agent.active:
        raise ValidationError("owner", f"owner: '{owner}' is not an active agent; give a login or 'pool'.")
    return agent.id


def insert_callback(tx, *, due_at: str, kind: str = "callback", customer_id: int | None = None,
                    phone_e164: str | None = None, reason: str = "", priority: int = 2,
                    owner: str | None = None, source_call_id: int | None = None) -> int:
    """Create one open callback inside a write transaction. owner=None puts it in the pool."""
    kind = one_of(kind, "kind", CALLBACK_KINDS)
    if customer_id is None and not phone_e164:
        raise ValidationError("customer", "customer: give a customer or a phone number to call back.")
    if customer_id is not None and not tx.scalar("SELECT 1 FROM customers WHERE id = ?", (customer_id,)):
        raise NotFound(f"customer: there is no customer #{customer_id}.")
    owner_id = _owner_id(tx, owner)
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
    event_in_tx(tx, callback_id, "created", to_owner=owner_id, due_at=due_at)
    tx.changed("callbacks", callback_id)
    return callback_id


def _load(tx, callback_id) -> dict:
    try:
        callback_id = int(callback_id)
    except (TypeError, ValueError):
        raise ValidationError("id", f"id: '{callback_id}' is not a callback number.") from None
    row = tx.one(
        f"SELECT {', '.join('b.' + c for c in CALLBACK_COLUMNS)}, a.login, a.team FROM callbacks b"
        " LEFT JOIN agents a ON a.id = b.owner_id WHERE b.id = ?",
        (callback_id,),
    )
    if row is None:
        raise NotFound(f"there is no callback #{callback_id}.")
    cb = dict(zip(CALLBACK_COLUMNS, row[: len(CALLBACK_COLUMNS)]))
    cb["owner"], cb["owner_team"] = row[-2], row[-1]
    return cb


def _require_open(cb: dict) -> None:
    if cb["status"] != "open":
        raise Conflict(f"callback #{cb['id']} is already {cb['status']}.")


def _may_act(actor: Agent, cb: dict) -> bool:
    """The owner, anyone for the pool, the owner's lead, an admin."""
    if cb["owner_id"] is None or cb["owner_id"] == actor.id or actor.role == "admin":
        return True
    return actor.role == "lead" and cb["owner_team"] is not None and cb["owner_team"] == actor.team


def _require_may_act(tx, cb: dict) -> None:
    if not _may_act(tx.actor, cb):
        raise PermissionDenied(f"callback #{cb['id']} is {cb['owner']}'s; only they or their lead may change it.")


def _set(tx, cb: dict, values: dict) -> None:
    values = {**values, "updated_at": tx.now, "updated_by": tx.login}
    tx.update("callbacks", cb["id"], values)
    tx.changed("callbacks", cb["id"])


def _close(tx, cb: dict, status: str, cancel_reason: str | None = None) -> None:
    values = {"status": status, "closed_at": tx.now}
    if cancel_reason is not None:
        values["cancel_reason"] = cancel_reason
    _set(tx, cb, values)


def record_attempt_in_tx(tx, callback_id: int, result: str, call_id: int | None = None, note: str = "") -> int:
    """One try at a callback by the acting agent; `reached` completes it. Returns the attempt id.

    Called by store.calls.insert_call for a call logged from a callback: the call is
    saved whatever became of the callback meanwhile, so a closed one only gains the attempt.
    """
    result = one_of(result, "result", ATTEMPT_RESULTS)
    note = clean_text(note, "note", 500)
    cb = _load(tx, callback_id)
    attempt_id = tx.insert("callback_attempts", {
        "callback_id": cb["id"], "at": tx.now, "agent_id": tx.actor.id, "result": result, "call_id": call_id,
        "note": note,
    })
    event_in_tx(tx, cb["id"], "attempt", note=result + (f": {note}" if note else ""))
    if cb["status"] == "open":
        if result == "reached":
            _close(tx, cb, "done")
            event_in_tx(tx, cb["id"], "completed")
            if cb["customer_id"] is not None:  # a reached customer was contacted: the return-visit clock restarts
                tx.execute(
                    "UPDATE customers SET last_contact_at = max(coalesce(last_contact_at, ''), ?) WHERE id = ?",
                    (tx.now, cb["customer_id"]),
                )
        else:
            tx.changed("callbacks", cb["id"])
    return attempt_id


def attempt_result_for_outcome(outcome: str) -> str:
    """A call logged from a callback: `reached` unless nobody (or the wrong person) answered."""
    return outcome if outcome in ("no-answer", "wrong-number") else "reached"


# -- acting on callbacks ------------------------------------------------------------------
def _due_at(tx, due: str | None, due_at: str | None) -> str:
    if due_at:
        if parse_iso(due_at) <= parse_iso(tx.now):
            raise ValidationError("due", f"due: {due_at} is in the past; give a later time.")
        return iso(parse_iso(due_at))
    return due_at_from_text(tx, due)


def add_callback(store, actor: str, *, due: str | None = None, due_at: str | None = None, number: str | None = None,
                 customer_id: int | None = None, owner: str = "me", reason: str = "", priority: int = 2,
                 kind: str = "callback") -> int:
    """A new callback. owner: 'me', 'pool' or a login (another agent's: leads and admins only)."""
    from store import phones as phone_lib
    from store.customers import phone_owner

    with store.write(actor, *ANY_ROLE) as tx:
        when = _due_at(tx, due, due_at)
        phone_e164 = None
        if number and number.strip():
            phone = phone_lib.normalize(number, settings_lib.read(tx, "phone_region"), field="number")
            phone_e164 = phone.e164
            if customer_id is None:
                found = phone_owner(tx, phone.e164)
                customer_id = found[0] if found else None
        elif customer_id is None:
            raise ValidationError("customer", "customer: give --number or --customer.")
        owner = (owner or "me").strip()
        login = None if owner == "pool" else tx.actor.login if owner == "me" else owner
        if login is not None and login != tx.actor.login:
            target = find_agent(tx.conn, login)
            if target is None:
                raise ValidationError("owner", f"owner: '{login}' is not an agent; give me, pool or a login.")
            if tx.actor.role == "agent":
                raise PermissionDenied("an agent may give a callback to themselves or the pool; a lead assigns it to others.")
            if not can_see_agent(tx.actor, target):
                raise PermissionDenied(f"'{login}' is not in your team ({tx.actor.team}).")
        return insert_callback(tx, due_at=when, kind=kind, customer_id=customer_id, phone_e164=phone_e164,
                               reason=reason, priority=priority, owner=login)


def claim_callback(store, actor: str, callback_id: int) -> dict:
    """Take a pool callback. Exactly one of several agents claiming at once wins; the others get
    Conflict naming the holder. Claiming one already yours is a no-op. Returns the callback."""
    with store.write(actor, *ANY_ROLE) as tx:
        cur = tx.execute(
            "UPDATE callbacks SET owner_id = ?, updated_at = ?, updated_by = ?"
            " WHERE id = ? AND status = 'open' AND owner_id IS NULL",
            (tx.actor.id, tx.now, tx.login, int(callback_id)),
        )
        won = cur.rowcount == 1
        if won:
            tx._audit("callbacks", int(callback_id), "update", {"owner_id": None}, {"owner_id": tx.actor.id})
            event_in_tx(tx, int(callback_id), "claimed", to_owner=tx.actor.id)
            tx.changed("callbacks", int(callback_id))
        cb = _load(tx, callback_id)
        if won or (cb["status"] == "open" and cb["owner_id"] == tx.actor.id):
            return cb
        _require_open(cb)
        raise Conflict(f"callback #{cb['id']} is already claimed by {cb['owner']}.", holder=cb["owner"])


def release_callback(store, actor: str, callback_id: int) -> None:
    """Back to the pool (the owner, their lead or an admin)."""
    with store.write(actor, *ANY_ROLE) as tx:
        cb = _load(tx, callback_id)
        _require_open(cb)
        if cb["owner_id"] is None:
            raise ValidationError("owner", f"callback #{cb['id']} is already in the pool.")
        _require_may_act(tx, cb)
        _set(tx, cb, {"owner_id": None})
        event_in_tx(tx, cb["id"], "released", from_owner=cb["owner_id"])


def reassign_callbacks(store, actor: str, callback_ids, to: str | None) -> int:
    """Give open callbacks to agent `to` (a login) or the pool (None), all in one transaction.

    Leads: callbacks of their team or the pool, to an agent of their team; admins: any.
    An agent may only hand their own callbacks to the pool (a release). Returns how many moved.
    """
    ids = sorted({int(i) for i in callback_ids})
    if not ids:
        raise ValidationError("id", "id: choose at least one callback.")
    with store.write(actor, *ANY_ROLE) as tx:
        target = None
        if to is not None:
            target = get_agent(tx.conn, to)
            if not target.active:
                raise ValidationError("to", f"to: '{to}' is inactive; give an active agent or pool.")
            if tx.actor.role == "agent" and target.id != tx.actor.id:
                raise PermissionDenied("an agent may only claim or release callbacks; a lead reassigns them.")
            if not can_see_agent(tx.actor, target):
                raise PermissionDenied(f"'{to}' is not in your team ({tx.actor.team}).")
        moved = 0
        for callback_id in ids:
            cb = _load(tx, callback_id)
            _require_open(cb)
            if tx.actor.role == "agent" and target is not None and cb["owner_id"] is not None and cb["owner_id"] != tx.actor.id:
                raise Conflict(f"callback #{cb['id']} is already claimed by {cb['owner']}.", holder=cb["owner"])
            _require_may_act(tx, cb)
            new_owner = None if target is None else target.id
            if cb["owner_id"] == new_owner:
                continue
            _set(tx, cb, {"owner_id": new_owner})
            event_in_tx(tx, cb["id"], "reassigned", from_owner=cb["owner_id"], to_owner=new_owner)
            moved += 1
        return moved


def reschedule_callback(store, actor: str, callback_id: int, due: str | None = None, due_at: str | None = None) -> str:
    """A new due time (text as typed in the call form, or UTC ISO); returns it. first_due_at stays."""
    with store.write(actor, *ANY_ROLE) as tx:
        cb = _load(tx, callback_id)
        _require_open(cb)
        _require_may_act(tx, cb)
        when = _due_at(tx, due, due_at)
        _set(tx, cb, {"due_at": when})
        event_in_tx(tx, cb["id"], "rescheduled", due_at=when)
        return when


def record_attempt(store, actor: str, callback_id: int, result: str, note: str = "", due: str | None = None) -> dict:
    """An attempt without a call form; `due` (optional) reschedules an unreached callback. Returns the callback."""
    with store.write(actor, *ANY_ROLE) as tx:
        cb = _load(tx, callback_id)
        _require_open(cb)
        _require_may_act(tx, cb)
        result = one_of(result, "result", ATTEMPT_RESULTS)
        when = _due_at(tx, due, None) if due and due.strip() and result != "reached" else None
        record_attempt_in_tx(tx, cb["id"], result, note=note)
        if when:
            cb = _load(tx, cb["id"])
            _set(tx, cb, {"due_at": when})
            event_in_tx(tx, cb["id"], "rescheduled", due_at=when)
        return _load(tx, cb["id"])


def complete_callback(store, actor: str, callback_id: int, note: str = "") -> None:
    with store.write(actor, *ANY_ROLE) as tx:
        cb = _load(tx, callback_id)
        _require_open(cb)
        _require_may_act(tx, cb)
        _close(tx, cb, "done")
        event_in_tx(tx, cb["id"], "completed", note=clean_text(note, "note", 500))


def cancel_callback(store, actor: str, callback_id: int, reason: str) -> None:
    with store.write(actor, *ANY_ROLE) as tx:
        cb = _load(tx, callback_id)
        _require_open(cb)
        _require_may_act(tx, cb)
        reason = clean_text(reason, "reason", 500, required=True)
        _close(tx, cb, "cancelled", cancel_reason=reason)
        event_in_tx(tx, cb["id"], "cancelled", note=reason)


def get_callback(store, actor: str, callback_id: int) -> dict:
    """One callback with its owner's login, customer name and history (oldest first)."""
    with store.read(actor, *ANY_ROLE) as tx:
        cb = _load(tx, callback_id)
        if cb["owner_id"] is not None and cb["owner_id"] != tx.actor.id:
            owner = get_agent(tx.conn, cb["owner"])
            if not can_see_agent(tx.actor, owner):
                raise PermissionDenied(f"callback #{cb['id']} is {cb['owner']}'s; you may see your own, your team's and the pool.")
        cb["customer_name"] = tx.scalar("SELECT name FROM customers WHERE id = ?", (cb["customer_id"],))
        rows = tx.all(
            "SELECT e.at, e.actor, e.event, f.login, t.login, e.due_at, e.note FROM callback_events e"
            " LEFT JOIN agents f ON f.id = e.from_owner_id LEFT JOIN agents t ON t.id = e.to_owner_id"
            " WHERE e.callback_id = ? ORDER BY e.id",
            (cb["id"],),
        )
        cb["history"] = [dict(zip(("at", "actor", "event", "from_owner", "to_owner", "due_at", "note"), r)) for r in rows]
        return cb


# -- owner grace: owned and long overdue -> the pool ------------------------------------------
def grace_cutoff(tx) -> str | None:
    minutes = int(settings_lib.read(tx, "owner_grace_min"))
    return None if minutes <= 0 else iso(parse_iso(tx.now) - timedelta(minutes=minutes))


def next_grace_move_at(tx) -> str | None:
    """When the next owned callback will have been overdue longer than the grace (None: never)."""
    minutes = int(settings_lib.read(tx, "owner_grace_min"))
    if minutes <= 0:
        return None
    due = tx.scalar("SELECT min(due_at) FROM callbacks WHERE status = 'open' AND owner_id IS NOT NULL")
    return None if due is None else iso(parse_iso(due) + timedelta(minutes=minutes, seconds=1))


def apply_owner_grace(store, actor: str) -> int:
    """Move owned callbacks overdue by more than `owner_grace_min` to the pool; returns how many."""
    with store.write(actor, *ANY_ROLE) as tx:
        cutoff = grace_cutoff(tx)
        if cutoff is None:
            return 0
        rows = tx.all(
            "SELECT id, owner_id FROM callbacks WHERE status = 'open' AND due_at < ? AND owner_id IS NOT NULL",
            (cutoff,),
        )
        minutes = settings_lib.read(tx, "owner_grace_min")
        for callback_id, owner_id in rows:
            tx.update("callbacks", callback_id, {"owner_id": None, "updated_at": tx.now, "updated_by": tx.login})
            event_in_tx(tx, callback_id, "grace-moved", from_owner=owner_id,
                        note=f"overdue more than {minutes} min")
            tx.changed("callbacks", callback_id)
        return len(rows)


# -- return visits -------------------------------------------------------------------------------
def return_visit_intervals(tx) -> dict[str, int]:
    """Days after the last contact a return visit falls due, by customer status (0 = never)."""
    out = {}
    for status in CUSTOMER_STATUSES:
        days = int(settings_lib.read(tx, f"return_visit_days_{status}"))
        if days > 0:
            out[status] = days
    return out


def generate_return_visits(store, actor: str, chunk: int = RETURN_VISIT_CHUNK, pause_s: float = RETURN_VISIT_PAUSE_S) -> dict:
    """Create the next return visit of every customer whose last contact (or creation, never contacted)
    is older than the interval of their status, in the pool, due at last contact + interval.

    Skips do-not-call customers and those with an open return visit or one closed within the interval.
    Works in customer-id ranges of `chunk`: a range is first probed in a read transaction (no lock), and
    only a range with work takes a short write transaction, followed by a pause that lets waiting desks
    save (SQLite's lock is not fair). The partial UNIQUE index (one open return visit per customer) makes
    desks running this at once create each visit once. Returns {created, chunks, written, seconds, longest_tx_s}.
    """
    started = time.monotonic()
    with store.read(actor, *LEADS) as tx:
        top = tx.scalar("SELECT coalesce(max(id), 0) FROM customers")
    created = chunks = written = 0
    longest = 0.0
    for low in range(0, top, chunk):
        chunks += 1
        with store.read(actor, *LEADS) as tx:
            intervals = return_visit_intervals(tx)
            if not intervals:
                break
            where, params = _return_visit_where(tx, intervals, low, low + chunk)
            if not tx.scalar(f"SELECT EXISTS (SELECT 1 FROM customers c WHERE {where})", params):
                continue
        began = time.monotonic()
        with store.write(actor, *LEADS) as tx:
            intervals = return_visit_intervals(tx)
            created += _return_visits_in_range(tx, intervals, low, low + chunk)
        longest = max(longest, time.monotonic() - began)
        written += 1
        time.sleep(pause_s)
    return {"created": created, "chunks": chunks, "written": written, "seconds": round(time.monotonic() - started, 3),
            "longest_tx_s": round(longest, 3)}


def _return_visit_where(tx, intervals: dict[str, int], low: int, high: int) -> tuple[str, list]:
    """Customers low < id <= high owed a return visit now."""
    now = parse_iso(tx.now)
    statuses = list(intervals)
    cutoff_case = "CASE c.status " + " ".join("WHEN ? THEN ?" for _ in statuses) + " END"
    cutoff_params = [v for s in statuses for v in (s, iso(now - timedelta(days=intervals[s])))]
    where = (
        f"c.id > ? AND c.id <= ? AND c.do_not_call = 0 AND c.status IN ({', '.join('?' for _ in statuses)})"
        f" AND coalesce(c.last_contact_at, c.created_at) < {cutoff_case}"
        " AND NOT EXISTS (SELECT 1 FROM callbacks b WHERE b.customer_id = c.id AND b.kind = 'return-visit'"
        f" AND (b.status = 'open' OR b.closed_at >= {cutoff_case}))"
    )
    return where, [low, high, *statuses, *cutoff_params, *cutoff_params]


def _return_visits_in_range(tx, intervals: dict[str, int], low: int, high: int) -> int:
    statuses = list(intervals)
    shift_case = "CASE c.status " + " ".join("WHEN ? THEN ?" for _ in statuses) + " END"
    shift_params = [v for s in statuses for v in (s, f"+{intervals[s]} days")]
    where, where_params = _return_visit_where(tx, intervals, low, high)
    before = tx.scalar("SELECT coalesce(max(id), 0) FROM callbacks")
    due = f"strftime('%Y-%m-%dT%H:%M:%SZ', coalesce(c.last_contact_at, c.created_at), {shift_case})"
    cur = tx.execute(
        "INSERT INTO callbacks (kind, customer_id, phone_e164, reason, first_due_at, due_at, priority, owner_id,"
        " status, created_at, created_by, updated_at, updated_by)"
        " SELECT 'return-visit', c.id, (SELECT p.e164 FROM customer_phones p WHERE p.customer_id = c.id AND p.is_main = 1),"
        f" 'return visit', {due}, {due}, 2, NULL, 'open', ?, ?, ?, ?"
        f" FROM customers c WHERE {where}"
        " ON CONFLICT (customer_id) WHERE kind = 'return-visit' AND status = 'open' DO NOTHING",
        (*shift_params, *shift_params, tx.now, tx.login, tx.now, tx.login, *where_params),
    )
    created = cur.rowcount
    if created > 0:
        # the audit rows and history of what this statement inserted: the new ids are all above `before`
        tx.execute(
            "INSERT INTO audit_log (at, actor, table_name, row_id, action) SELECT ?, ?, 'callbacks', id, 'insert'"
            " FROM callbacks WHERE id > ?",
            (tx.now, tx.login, before),
        )
        tx.execute(
            "INSERT INTO callback_events (callback_id, at, actor, event, due_at) SELECT id, ?, ?, 'created', due_at"
            " FROM callbacks WHERE id > ?",
            (tx.now, tx.login, before),
        )
        tx.changed("callbacks")
    return created


# -- reading queues ------------------------------------------------------------------------------
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


_ROW_SQL = (
    f"SELECT {', '.join('b.' + c for c in CALLBACK_COLUMNS)}, a.login, cu.name,"
    " coalesce(b.phone_e164, (SELECT p.e164 FROM customer_phones p WHERE p.customer_id = b.customer_id AND p.is_main = 1)),"
    " (SELECT count(*) FROM callback_attempts t WHERE t.callback_id = b.id),"
    " (SELECT t.result FROM callback_attempts t WHERE t.callback_id = b.id ORDER BY t.id DESC LIMIT 1)"
    " FROM callbacks b LEFT JOIN agents a ON a.id = b.owner_id LEFT JOIN customers cu ON cu.id = b.customer_id"
)


def _rows(tx, where: str, params, order: str = "b.due_at, b.id", limit: int = LIST_LIMIT) -> list[dict]:
    out = []
    for row in tx.all(f"{_ROW_SQL} WHERE {where} ORDER BY {order} LIMIT ?", (*params, int(limit))):
        d = dict(zip(CALLBACK_COLUMNS, row[: len(CALLBACK_COLUMNS)]))
        d["owner"], d["customer_name"], d["phone"], d["attempts"], d["last_result"] = row[len(CALLBACK_COLUMNS):]
        out.append(d)
    return out


def list_callbacks(store, actor: str, *, scope: str = "mine", status: str = "open", limit: int = LIST_LIMIT) -> list[dict]:
    """Callbacks by due time. scope: mine | pool | all (all = what the actor may see: theirs or their team's, and the pool)."""
    scope = one_of(scope, "scope", ("mine", "pool", "all"))
    status = one_of(status, "status", CALLBACK_STATUSES)
    with store.read(actor, *ANY_ROLE) as tx:
        if scope == "mine":
            return _rows(tx, "b.status = ? AND b.owner_id = ?", (status, tx.actor.id), limit=limit)
        if scope == "pool":
            return _rows(tx, "b.status = ? AND b.owner_id IS NULL", (status,), limit=limit)
        where, extra = agent_scope_sql(tx.actor, "b.owner_id")
        return _rows(tx, f"b.status = ? AND (b.owner_id IS NULL OR {where})", (status, *extra), limit=limit)


def as_json(cb: dict) -> dict:
    """What `callbacks list --format json` prints for one callback."""
    return {k: cb[k] for k in JSON_KEYS}


def next_change_at(rows: list[dict], now: str) -> str | None:
    """The next moment one of `rows` turns 'due soon' or overdue without any write."""
    moments = []
    for cb in rows:
        due = parse_iso(cb["due_at"])
        for moment in (due - timedelta(minutes=SOON_MIN), due + timedelta(seconds=1)):
            if iso(moment) > now:
                moments.append(iso(moment))
    return min(moments) if moments else None


def agent_queue(store, actor: str, now: datetime | None = None, limit: int = LIST_LIMIT) -> dict:
    """The F4 queue in one read: {mine, pool, mine_total, pool_total, now, refresh_at, grace_at}.

    refresh_at: the next moment a shown row turns due-soon or overdue (or a grace move falls due).
    """
    with store.read(actor, *ANY_ROLE) as tx:
        now_iso = iso(now) if now else tx.now
        mine = _rows(tx, "b.status = 'open' AND b.owner_id = ?", (tx.actor.id,), limit=limit)
        pool = _rows(tx, "b.status = 'open' AND b.owner_id IS NULL", (), limit=limit)
        mine_total = tx.scalar("SELECT count(*) FROM callbacks WHERE status = 'open' AND owner_id = ?", (tx.actor.id,))
        pool_total = tx.scalar("SELECT count(*) FROM callbacks WHERE status = 'open' AND owner_id IS NULL")
        grace_at = next_grace_move_at(tx)
        zone = settings_lib.zone(tx)
    moments = [m for m in (next_change_at(mine + pool, now_iso), grace_at) if m]
    return {"mine": mine, "pool": pool, "mine_total": mine_total, "pool_total": pool_total, "now": now_iso,
            "refresh_at": min(moments) if moments else None, "grace_at": grace_at,
            "zone": zone.key, "today": parse_iso(now_iso).astimezone(zone).date().isoformat()}


def _due_range(tx, due: str, now: datetime) -> tuple[str, tuple]:
    from store.periods import day_bounds

    due = one_of(due, "due", DUE_RANGES)
    zone = settings_lib.zone(tx)
    if due == "any":
        return "1", ()
    if due == "overdue":
        return "b.due_at < ?", (iso(now),)
    start, end = day_bounds(now, zone)
    if due == "today":
        return "b.due_at >= ? AND b.due_at < ?", (start, end)
    if due == "tomorrow":
        _s, end2 = day_bounds(now + timedelta(days=1), zone)
        return "b.due_at >= ? AND b.due_at < ?", (end, end2)
    _s, week_end = day_bounds(now + timedelta(days=6), zone)
    return "b.due_at < ?", (week_end,)  # this week: everything due before the end of the 7th day, overdue too


def team_queue(store, actor: str, *, agent: str | None = None, kind: str | None = None, status: str = "open",
               due: str = "any", now: datetime | None = None, limit: int = TEAM_LIMIT) -> dict:
    """The lead's view: the team's callbacks and the pool, grouped by owner.

    {groups: [{login, name, open, due_today, overdue, oldest_overdue_at}], rows: [...], agents: [...], now}.
    Group counts are of open callbacks and ignore the filters; rows follow them (agent: a login or 'pool').
    Leads see their team, admins everyone.
    """
    from store.periods import day_bounds

    with store.read(actor, *LEADS) as tx:
        moment = now or parse_iso(tx.now)
        now_iso = iso(moment)
        _start, day_end = day_bounds(moment, settings_lib.zone(tx))
        if tx.actor.role == "admin":
            people = tx.all("SELECT id, login, display_name FROM agents WHERE active = 1 ORDER BY login")
        else:
            people = tx.all("SELECT id, login, display_name FROM agents WHERE active = 1 AND team = ? ORDER BY login",
                            (tx.actor.team,))
        ids = [p[0] for p in people]
        groups = []
        for owner_id, login, name in [*people, (None, None, None)]:
            row = tx.one(
                "SELECT count(*), sum(due_at >= ? AND due_at < ?), sum(due_at < ?), min(due_at) FROM callbacks"
                " WHERE status = 'open' AND owner_id IS ?",
                (now_iso, day_end, now_iso, owner_id),
            )
            oldest = row[3] if row[3] is not None and row[3] < now_iso else None
            groups.append({"login": login, "name": name, "open": row[0], "due_today": row[1] or 0,
                           "overdue": row[2] or 0, "oldest_overdue_at": oldest})
        status = one_of(status, "status", CALLBACK_STATUSES)
        due_sql, due_params = _due_range(tx, due, moment)
        extra, extra_params = due_sql, list(due_params)
        if kind:
            extra += " AND b.kind = ?"
            extra_params.append(one_of(kind, "kind", CALLBACK_KINDS))
        rows: list[dict] = []
        if agent in (None, "", "pool"):
            owners = [] if agent == "pool" else ids
        else:
            target = get_agent(tx.conn, agent)
            if target.id not in ids:
                raise PermissionDenied(f"'{agent}' is not in your team ({tx.actor.team}); a lead sees only their own team.")
            owners = [target.id]
        if owners:
            marks = ", ".join("?" for _ in owners)
            rows += _rows(tx, f"b.status = ? AND b.owner_id IN ({marks}) AND {extra}", (status, *owners, *extra_params),
                          order="a.login, b.due_at, b.id", limit=limit)
        if agent in (None, "", "pool") and len(rows) < limit:
            rows += _rows(tx, f"b.status = ? AND b.owner_id IS NULL AND {extra}", (status, *extra_params),
                          limit=limit - len(rows))
        zone = settings_lib.zone(tx)
        return {"groups": groups, "rows": rows, "agents": [p[1] for p in people], "now": now_iso,
                "zone": zone.key, "today": moment.astimezone(zone).date().isoformat(),
                "refresh_at": next_change_at(rows, now_iso) if status == "open" else None}


def record_missed_call(store, actor: str, number: str, uniqueid: str | None = None,
                       queue: str | None = None) -> tuple[int, bool]:
    """A pool callback "missed call" for this number, once per number while one is open.

    Returns (callback id, created). A second missed call from the same number
    while the first is open creates nothing.
    """
    from store import phones as phone_lib
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
            event_in_tx(tx, callback_id, "created", due_at=tx.now, note="missed call")
            tx.changed("callbacks", callback_id)
            return callback_id, True
        existing = tx.scalar(
            "SELECT id FROM callbacks WHERE kind = 'missed-call' AND status = 'open' AND phone_e164 = ?",
            (phone.e164,),
        )
        return existing, False
