"""The demo's callbacks: promised on calls, return visits (回访) after solved complaints and repairs,
missed calls waiting in the pool; the stale ones cancelled, and the demo agent's queue made sure to
show something overdue, due later today and due later on."""

from __future__ import annotations

import heapq
from datetime import timedelta

from demo.customers import pick_customer
from demo.past import ADMIN_LOGIN, DEMO_AGENT, Past, local_epoch, parse


class Callback:
    __slots__ = ("id", "kind", "customer", "phone", "reason", "first_due", "due", "priority", "owner", "status",
                 "source_call", "cancel_reason", "created", "created_by", "updated", "updated_by", "closed",
                 "category", "tries", "neglect", "was_owner")


def new_callback(past: Past, kind, cust, phone, reason, due, priority, owner, source_call, category, created,
                 by) -> Callback:
    """An open callback, queued with its owner or in the pool unless it is one nobody will work."""
    cb = Callback()
    cb.id = len(past.callbacks) + 1
    cb.kind, cb.customer, cb.phone, cb.reason = kind, cust, phone, reason
    cb.first_due = cb.due = due
    cb.priority, cb.owner, cb.status, cb.source_call = priority, owner, "open", source_call
    cb.cancel_reason = cb.closed = None
    cb.created = cb.updated = created
    cb.created_by = cb.updated_by = by
    cb.category, cb.tries = category, 0
    cb.was_owner = owner
    cb.neglect = past.rng.random() < 0.1  # some are never worked: open overdue, later cancelled
    past.callbacks.append(cb)
    past.by_id[cb.id] = cb
    if kind == "return-visit":
        past.open_rv.add(cust.id)
    if kind == "missed-call":
        past.open_missed.add(phone)
    if not cb.neglect:
        if owner is not None:
            heapq.heappush(owner.pending, (due, cb.id))
        else:
            heapq.heappush(past.pool, (due, cb.id))
    return cb


def closed(past: Past, cb: Callback) -> None:
    """A closed callback no longer holds its customer's return visit or its number's missed call."""
    if cb.kind == "return-visit" and cb.customer:
        past.open_rv.discard(cb.customer.id)
    if cb.kind == "missed-call":
        past.open_missed.discard(cb.phone)


def next_try(past: Past, at: int) -> int:
    """When an unanswered callback is tried again: two hours on, in working hours."""
    return past.in_hours(at + 7200)


def new_missed_call(past: Past, t0: int) -> None:
    """A call that rang into the queue at `t0` and nobody took: a missed-call callback in the pool."""
    rng = past.rng
    cust = pick_customer(past, t0) if rng.random() < 0.7 else None
    phone = cust.phones[0][0] if cust else rng.choice(past.strangers)[0]
    if phone in past.open_missed:
        return  # the phone system keeps one open missed call per number
    category = past.pick(past.cat_keys, past.cat_cum)
    if category == "return-visit":
        category = "consultation"
    new_callback(past, "missed-call", cust, phone, past.writing.missed_call(), t0 + 600, 1, None, None,
                 category, t0, ADMIN_LOGIN)


def finish_callbacks(past: Past) -> None:
    """Cancel the stale ones; give the demo agent callbacks overdue, due later today and due later on."""
    rng, now = past.rng, past.now
    for cb in past.callbacks:  # stale ones are cancelled by the team lead after a week
        if cb.status == "open" and cb.due < now - 7 * 86400:
            lead = (cb.owner or past.front[0]).lead
            cb.status, cb.closed = "cancelled", cb.due + 7 * 86400
            cb.cancel_reason = past.writing.stale_cancel(rng)
            cb.updated, cb.updated_by = cb.closed, lead.login
            closed(past, cb)
    me = next(a for a in past.agents if a.login == DEMO_AGENT)
    day_end = local_epoch(past.today + timedelta(days=1), 0, 0, past.zone)
    buckets = {"overdue": (0, now), "today": (now + 1, day_end), "future": (day_end, day_end + 10 * 86400)}
    mine = [cb for cb in past.callbacks if cb.status == "open" and cb.owner is me]
    sources = [c for c in past.calls if c["agent_id"] == me.id and c["customer_id"] is not None
               and c["outcome"] == "resolved" and c["callback_id"] is None
               and parse(c["created_at"]) < now - 2 * 3600][-40:]
    for name, (low, high) in buckets.items():
        have = sum(1 for cb in mine if low <= cb.due < high)
        for _ in range(max(0, 2 - have)):
            if not sources:
                break
            call = sources.pop(rng.randrange(len(sources)))
            call["outcome"] = "callback-needed"  # the call that promised it
            cust = past.customers[call["customer_id"] - 1]
            created = parse(call["created_at"])
            if name == "overdue":
                due = created + 1800 + rng.randrange(0, max(1, now - 300 - created - 1800))
            elif name == "today":  # before the shift ends when there is still time, else this evening
                until = local_epoch(past.today, 18, 0, past.zone)
                until = until if until - now > 1200 else day_end
                due = now + max(1, int((until - now) * rng.uniform(0.2, 0.8)))
            else:
                due = past.next_working(day_end, rng.randint(0, 4), rng.randint(10, 16))
            reason = past.writing.callback_reason(rng, call["category"], cust.lang)
            cb = new_callback(past, "callback", cust, call["phone_e164"] or cust.phones[0][0], reason, due,
                              2, me, call["id"], call["category"], created, me.login)
            cb.neglect = False
