"""The return-visit (回访) generator: a batch job that gives every customer due one a pool callback."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from store import settings as settings_lib
from store.access import LEADS
from store.clock import iso, parse_iso
from store.connection import pause_after_hold
from store.db import Store, Tx
from store.vocab import CUSTOMER_STATUSES

RETURN_VISIT_CHUNK = 2_000  # customer ids in the first range; the next ones are sized to take about RETURN_VISIT_TX_S
RETURN_VISIT_TX_S = 0.05  # the write transaction a range may take (a desk saving meanwhile waits at most that)
RETURN_VISIT_PAUSE_S = 0.03  # after each write: longer than the busy-wait sleep of a desk waiting one range, so it gets in
GROWTH = 2.0  # a range is at most this many times the last one (its transaction about as much longer)


def return_visit_intervals(tx: Tx) -> dict[str, int]:
    """Days after the last contact a return visit falls due, by customer status (0 = never)."""
    out = {}
    for status in CUSTOMER_STATUSES:
        days = int(settings_lib.read(tx, f"return_visit_days_{status}"))
        if days > 0:
            out[status] = days
    return out


def generate_return_visits(store: Store, actor: str, chunk: int = RETURN_VISIT_CHUNK, pause_s: float = RETURN_VISIT_PAUSE_S,
                           tx_s: float = RETURN_VISIT_TX_S, timer: Callable[[], float] = time.monotonic) -> dict[str, Any]:
    """Create the next return visit of every customer whose last contact (or creation, never contacted)
    is older than the interval of their status, in the pool, due at last contact + interval.

    Skips do-not-call customers and those with an open return visit or one closed within the interval.
    Works in customer-id ranges, the first of `chunk` ids, each next one sized from how long the last
    write took (by `timer`) to take about `tx_s` (at most GROWTH times the last): a range is first probed
    in a read transaction (no lock), and only a range with work takes a short write transaction, followed
    by a pause that lets waiting desks save (SQLite's lock is not fair). The partial UNIQUE index (one open return visit per customer) makes
    desks running this at once create each visit once. Returns {created, chunks, written, seconds, longest_tx_s}.
    """
    started = time.monotonic()
    with store.read(actor, *LEADS) as tx:
        top = tx.scalar("SELECT coalesce(max(id), 0) FROM customers")
    created = chunks = written = 0
    longest = 0.0
    low = 0
    while low < top:
        high = low + chunk
        chunks += 1
        with store.read(actor, *LEADS) as tx:
            intervals = return_visit_intervals(tx)
            if not intervals:
                break
            where, params = _return_visit_where(tx, intervals, low, high)
            if not tx.scalar(f"SELECT EXISTS (SELECT 1 FROM customers c WHERE {where})", params):
                low = high
                continue
        with store.write(actor, *LEADS) as tx:
            began = timer()  # the lock is held from here
            intervals = return_visit_intervals(tx)
            created += _return_visits_in_range(tx, intervals, low, high)
        took = timer() - began  # with the COMMIT
        longest = max(longest, took)
        written += 1
        low = high
        chunk = max(1, int(chunk * min(GROWTH, 0.8 * tx_s / took) if took > 0 else chunk * GROWTH))
        time.sleep(pause_after_hold(took, pause_s))
    return {"created": created, "chunks": chunks, "written": written, "seconds": round(time.monotonic() - started, 3),
            "longest_tx_s": round(longest, 3)}


def _return_visit_where(tx: Tx, intervals: dict[str, int], low: int, high: int) -> tuple[str, list[object]]:
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


def _return_visits_in_range(tx: Tx, intervals: dict[str, int], low: int, high: int) -> int:
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
        f" '', {due}, {due}, 2, NULL, 'open', ?, ?, ?, ?"
        f" FROM customers c WHERE {where}"
        " ON CONFLICT (customer_id) WHERE kind = 'return-visit' AND status = 'open' DO NOTHING",
        (*shift_params, *shift_params, tx.now, tx.login, tx.now, tx.login, *where_params),
    )
    created = cur.rowcount
    if created > 0:
        # the audit rows and history of what this statement inserted: the new ids are all above `before`
        tx.execute(
            "INSERT INTO audit_log (at, actor, proof, table_name, row_id, action)"
            " SELECT ?, ?, ?, 'callbacks', id, 'insert' FROM callbacks WHERE id > ?",
            (tx.now, tx.login, tx.proof, before),
        )
        tx.execute(
            "INSERT INTO callback_events (callback_id, at, actor, event, due_at) SELECT id, ?, ?, 'created', due_at"
            " FROM callbacks WHERE id > ?",
            (tx.now, tx.login, before),
        )
        tx.changed("callbacks")
    return created
