"""The demo's past, day by day in time order across all agents: shifts, breaks, calls and missed calls.

So the rows agree with each other: calls never overlap for an agent, status rows follow the calls,
callbacks are worked by later outbound calls, missed calls wait in the pool until someone claims them.
Today everyone is in, up to "now"; when the demo starts before 09:30 local time, the demo agent's
team is on an early rota that began a few hours ago, so the desk always opens on a day in progress.
"""

from __future__ import annotations

import heapq
from datetime import date, timedelta

from demo.callbacks import finish_callbacks, new_missed_call
from demo.calls import commit_call, make_call
from demo.conduct import make_conduct
from demo.past import Past, local_epoch
from demo.people import Agent


def simulate(past: Past) -> None:
    """Every day from `past.first_day` to today, then the callbacks' last touches."""
    days = [past.first_day + timedelta(days=i) for i in range((past.today - past.first_day).days + 1)]
    marks = make_conduct(past, days)
    for d in days:
        _simulate_day(past, d, marks)
    finish_callbacks(past)


def _simulate_day(past: Past, d: date, marks: dict) -> None:
    rng, zone = past.rng, past.zone
    is_today = d == past.today
    weekend = d.weekday() >= 5
    heap, expected = [], 0
    early_rota = is_today and past.now < local_epoch(d, 9, 30, zone)
    for a in past.agents:
        kinds = marks.get((a.id, d), [])
        if "absence" in kinds:
            continue
        if weekend and not is_today and (a.role != "agent" or rng.random() >= 0.3):
            continue  # a weekend rota; everyone is in today so the demo shows a working day
        start = local_epoch(d, 9, 0, zone) + (rng.randrange(600, 2700) if "late" in kinds else rng.randrange(-600, 180))
        end = local_epoch(d, 18, 0, zone) + (-rng.randrange(1800, 5400) if "early-leave" in kinds else rng.randrange(0, 900))
        lunch = local_epoch(d, 12, 0, zone) + rng.choice((-1800, 0, 0, 1800))
        rest = local_epoch(d, 15, 30, zone) + rng.randrange(-1800, 1800)
        a.breaks = [(lunch, 3600, "lunch"), (rest, 900, "rest")]
        if is_today and early_rota and a.team == past.teams[0]:
            # started before the day shift: the demo agent's team is mid-shift whenever the demo runs
            start = max(local_epoch(d, 0, 5, zone), past.now - rng.randrange(3 * 3600, 4 * 3600))
            end = start + 9 * 3600
            a.breaks = [(start + 2 * 3600 + rng.randrange(-900, 900), 900, "rest"), (start + 4 * 3600, 3600, "lunch")]
        if a.role == "agent":
            a.left = rng.randint(10, 22) if weekend else rng.randint(25, 45)
        elif a.role == "lead":
            a.left = rng.randint(3, 8)
        else:
            a.left = 0
        a.end = end
        expected += a.left if a.role == "agent" else 0
        if start > past.now:
            continue  # not in yet: still offline since their last shift
        a.set_status("ready", None, start)
        heapq.heappush(heap, (start, a.id))
    # missed calls ringing into the queue this day (before, during and after shifts)
    missed = []
    for _ in range(max(1, int(expected * 0.03))):
        t0 = local_epoch(d, 8, 30, zone) + rng.randrange(0, 10 * 3600)
        if t0 <= past.now:
            missed.append(t0)
    missed.sort()
    mi = 0
    while heap:
        t, agent_id = heapq.heappop(heap)
        a = past.agents[agent_id - 1]
        while mi < len(missed) and missed[mi] <= t:
            new_missed_call(past, missed[mi])
            mi += 1
        nxt = _step(past, a, t)
        if nxt is not None:
            heapq.heappush(heap, (nxt, agent_id))
    while mi < len(missed):
        new_missed_call(past, missed[mi])
        mi += 1


def _step(past: Past, a: Agent, t: int) -> int | None:
    """The agent is free at `t`: do the next thing; return when free again, None when done for the day."""
    rng, now = past.rng, past.now
    if a.breaks and t >= a.breaks[0][0] - 120:
        b0, length, reason = a.breaks.pop(0)
        b0 = max(t, b0)
        if b0 > now:
            return None
        a.set_status("break", reason, b0)
        if b0 + length > now:
            return None
        a.set_status("ready", None, b0 + length)
        return b0 + length
    remaining = a.end - t - sum(b[1] for b in a.breaks)
    s = t
    if a.left > 0 and remaining >= 120:
        mean_gap = max(15.0, (remaining - a.left * 270) / a.left)
        s = t + int(rng.expovariate(1 / mean_gap))
        if a.breaks and s >= a.breaks[0][0]:
            return a.breaks[0][0]
    if a.left <= 0 or remaining < 120 or s > a.end - 120:
        off = max(t, a.end)
        if off <= now:
            a.set_status("offline", None, off)
        return None
    if s > now:
        return None
    call, effect = make_call(past, a, s)
    talk, hold, wrap = call["talk_s"], call["hold_s"], call["wrap_s"]
    ended, saved = s + talk + hold, s + talk + hold + wrap
    a.set_status("on-call", None, s)
    if saved > now:  # the call in progress right now: not logged yet
        if ended <= now:
            a.set_status("wrap-up", None, ended)
        return None
    a.set_status("wrap-up", None, ended)
    a.set_status("ready", None, saved)
    a.left -= 1
    commit_call(past, a, call, effect, s, saved)
    return saved
