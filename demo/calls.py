"""One call of the demo: what the agent does when free (an owned callback, one from the pool, or
whatever rings), the call's timers, notes and outcome, and what it leaves behind once saved."""

from __future__ import annotations

import heapq
import math
from datetime import datetime, timedelta

from demo.callbacks import closed, new_callback, next_try
from demo.customers import pick_customer
from demo.mix import OUTBOUND_OTHER, OUTBOUND_SHARE, TALK_SCALE
from demo.past import Past, iso
from demo.people import Agent
from demo.places import WAYBILL_PREFIXES


def make_call(past: Past, a: Agent, s: int):
    """(call row without id, effect): nothing is changed until commit_call."""
    rng = past.rng
    # owned callbacks come first, then the pool, then whatever rings
    while a.pending and not _current(past, a.pending[0], a):
        heapq.heappop(a.pending)
    if a.pending and a.pending[0][0] <= s and rng.random() < 0.85:
        cb = past.by_id[a.pending[0][1]]
        return _follow_up(past, a, s, cb), ("owned", cb)
    while past.pool and not _current(past, past.pool[0], None):
        heapq.heappop(past.pool)
    if a.role == "agent" and past.pool and past.pool[0][0] <= s and rng.random() < 0.12:
        cb = past.by_id[past.pool[0][1]]
        return _follow_up(past, a, s, cb), ("pool", cb)
    return _regular_call(past, a, s), None


def _current(past: Past, entry: tuple, owner) -> bool:
    """Is this queue entry still the callback's state (open, same owner, same due)?"""
    cb = past.by_id[entry[1]]
    return cb.status == "open" and cb.owner is owner and cb.due == entry[0]


def _follow_up(past: Past, a: Agent, s: int, cb) -> dict:
    rng = past.rng
    cust = cb.customer
    category = cb.category
    r = rng.random()
    if r < 0.25:
        outcome = "no-answer"
    elif r < 0.27 and cust is None:
        outcome = "wrong-number"
    else:
        keys, cum = past.outcome_w[category]
        outcome = past.pick(keys, cum)
        if outcome == "callback-needed":
            outcome = "resolved"
    lang = cust.lang if cust else "zh"
    return _build_call(past, a, s, cust, cb.phone, "out", "phone", category, outcome, lang, cb.id)


def _regular_call(past: Past, a: Agent, s: int) -> dict:
    rng = past.rng
    category = past.pick(past.reg_keys, past.reg_cum)
    direction = "out" if rng.random() < OUTBOUND_SHARE.get(category, OUTBOUND_OTHER) else "in"
    phone = None
    if direction == "out":
        channel = "phone"
        cust = pick_customer(past, s, outbound=True)
        if category == "return-visit" and cust is not None and cust.status != "contracted":
            cust = pick_customer(past, s, outbound=True) or cust
        if cust is None:
            direction, cust = "in", None
        else:
            phone = cust.phones[0][0]
    if direction == "in":
        channel = past.pick(past.chan_keys, past.chan_cum)
        if category == "return-visit":
            category = "consultation"
        known = rng.random() < (0.88 if channel == "phone" else 0.95)
        cust = pick_customer(past, s) if known else None
        if channel == "phone":
            if cust is not None:
                phone = cust.phones[0][0] if len(cust.phones) == 1 or rng.random() < 0.8 else cust.phones[1][0]
            else:
                phone = rng.choice(past.strangers)[0]
    if direction == "out" and rng.random() < 0.15:
        outcome = "no-answer"
    elif cust is None and channel == "phone" and rng.random() < 0.05:
        outcome = "wrong-number"
    else:
        keys, cum = past.outcome_w[category]
        outcome = past.pick(keys, cum)
        if outcome == "callback-needed" and cust is None and phone is None:
            outcome = "resolved"  # nobody to call back
    lang = cust.lang if cust else "zh"
    return _build_call(past, a, s, cust, phone, direction, channel, category, outcome, lang, None)


def _build_call(past: Past, a, s, cust, phone, direction, channel, category, outcome, lang, callback_id) -> dict:
    rng = past.rng
    hold = 0
    if outcome == "no-answer":
        talk, wrap = 0, rng.randint(5, 20)
    elif outcome == "wrong-number":
        talk, wrap = rng.randint(8, 30), rng.randint(5, 15)
    else:
        median = 180 * TALK_SCALE[category] * (1.8 if channel == "walk-in" else 1.3 if channel == "email" else 1.0)
        talk = int(min(2400, max(20, rng.lognormvariate(math.log(median), 0.55))))
        if channel in ("phone", "wechat") and rng.random() < 0.2:
            hold = int(min(900, max(5, rng.lognormvariate(math.log(45), 0.7))))
        wrap = rng.randint(20, 90) + (rng.randint(15, 60) if outcome != "resolved" else 0)
    writing = past.writing
    order_no = waybill_no = amount = None
    if outcome in ("no-answer", "wrong-number"):
        notes = writing.unreached_note(rng, outcome, lang)
    else:
        notes = writing.call_note(rng, category, outcome, lang, cust.id if cust else None)
        if "{order}" in notes or (category in ("order", "after-sales", "billing") and rng.random() < 0.4):
            placed = _local_day(past, s, -rng.randrange(0, 20))
            order_no = f"SO{placed}{rng.randrange(100000):05d}"
        if "{waybill}" in notes or (category == "shipping" and rng.random() < 0.6):
            prefix, n = rng.choice(WAYBILL_PREFIXES)
            waybill_no = prefix + past.digits(n)
        if "{amount}" in notes or (category == "billing" and rng.random() < 0.5):
            amount = rng.randrange(20000, 8_000_000)
        notes = notes.format(order=order_no or "", waybill=waybill_no or "",
                             amount=f"{amount / 100:.2f}" if amount else "")
    target = reason = None
    if outcome.startswith("escalated-"):
        target = outcome.split("-", 1)[1]
        reason = writing.escalation(rng, target, lang)
    uniqueid = recording = None
    if channel == "phone":
        past.uniq += 1
        uniqueid = f"{s}.{past.uniq}"
        if talk > 0 and rng.random() < 0.7:
            recording = f"https://pbx.example.com/recordings/{uniqueid}.wav"
    saved = s + talk + hold + wrap
    survey = survey_at = None
    if talk >= 20 and outcome != "wrong-number" and rng.random() < 0.33:
        at = saved + rng.randrange(30, 900)
        if at <= past.now:
            happy = outcome == "resolved" and category != "complaint"
            weights = (3, 4, 8, 25, 60) if happy else (10, 12, 20, 28, 30)
            survey, survey_at = rng.choices((1, 2, 3, 4, 5), weights)[0], iso(at)
    return {
        "id": None, "agent_id": a.id, "customer_id": cust.id if cust else None, "direction": direction,
        "channel": channel, "category": category, "outcome": outcome, "phone_e164": phone,
        "phone_raw": _as_sent(phone) if phone else None, "started_at": iso(s), "ended_at": iso(s + talk + hold),
        "talk_s": talk, "hold_s": hold, "wrap_s": wrap, "notes": notes, "order_no": order_no,
        "waybill_no": waybill_no, "amount_due_cents": amount, "escalation_target": target,
        "escalation_reason": reason, "callback_id": callback_id, "uniqueid": uniqueid, "recording_url": recording,
        "survey_score": survey, "survey_at": survey_at, "created_at": iso(saved), "updated_at": iso(saved),
        "updated_by": a.login,
    }


def _as_sent(e164: str) -> str:
    """What the phone system sends: national digits for CN numbers, E.164 for others."""
    if e164.startswith("+86"):
        national = e164[3:]
        return national if national.startswith("1") else "0" + national
    return e164


def _local_day(past: Past, s: int, days: int) -> str:
    """The local date `days` days from `s`, as an order number writes it (20261126)."""
    day = datetime.fromtimestamp(s, past.zone).date() + timedelta(days=days)
    return day.strftime("%Y%m%d")


def commit_call(past: Past, a: Agent, call: dict, effect, s: int, saved: int) -> None:
    """The call is saved: it gets its id; the callback it worked, or one it promised, follows."""
    rng = past.rng
    call_id = len(past.calls) + 1
    call["id"] = call_id
    past.calls.append(call)
    cust = past.customers[call["customer_id"] - 1] if call["customer_id"] else None
    outcome, category = call["outcome"], call["category"]
    if effect is not None:
        kind, cb = effect
        if kind == "pool":
            cb.owner = a
            heapq.heappush(a.pending, (cb.due, cb.id))
        result = {"no-answer": "no-answer", "wrong-number": "wrong-number"}.get(outcome, "reached")
        past.attempts.append({"id": len(past.attempts) + 1, "callback_id": cb.id, "at": iso(saved), "agent_id": a.id,
                              "result": result, "call_id": call_id,
                              "note": call["notes"] if result != "reached" else ""})
        cb.tries += 1
        cb.updated, cb.updated_by = saved, a.login
        if result == "reached":
            cb.status, cb.closed = "done", saved
            closed(past, cb)
        elif result == "wrong-number" or cb.tries >= 3:
            cb.status, cb.closed = "cancelled", saved
            cb.cancel_reason = past.writing.given_up(result == "wrong-number")
            closed(past, cb)
        else:
            cb.due = next_try(past, saved)
            heapq.heappush(a.pending, (cb.due, cb.id))
        return
    if outcome == "callback-needed":
        lang = cust.lang if cust else "zh"
        reason = past.writing.callback_reason(rng, category, lang)
        due = past.in_hours(rng.choice((saved + 3600, saved + 7200, saved + 4 * 3600,
                                        past.next_working(saved, 1, 10), past.next_working(saved, 2, 14))))
        owner = a if rng.random() < 0.9 else None
        phone = call["phone_e164"] or (cust.phones[0][0] if cust else None)
        new_callback(past, "callback", cust, phone, reason, due, 1 if category == "complaint" else 2,
                     owner, call_id, category, saved, a.login)
    elif (outcome == "resolved" and category in ("complaint", "after-sales") and cust is not None
          and cust.id not in past.open_rv and rng.random() < 0.3):
        due = past.next_working(saved, rng.randint(3, 7), rng.randint(10, 16))
        owner = a if rng.random() < 0.7 else None
        reason = past.writing.return_visit(rng, category, cust.lang)
        new_callback(past, "return-visit", cust, cust.phones[0][0], reason, due, 3, owner, call_id,
                     "return-visit", saved, a.login)
