"""Erlang C staffing for one interval, without overflow for large agent counts.

Erlang B is computed by its recurrence B(n) = A·B(n-1) / (n + A·B(n-1)),
which stays in [0, 1]; Erlang C follows from it. No factorials, no powers.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from datetime import datetime, time, timedelta
from typing import Any

from store import settings as settings_lib
from store.access import LEADS
from store.clock import iso
from store.db import Store
from store.errors import ValidationError
from store.messages import N_


@dataclass(frozen=True)
class Staffing:
    agents_on_phones: int
    agents_scheduled: int
    service_level: float
    p_wait: float
    asa_s: float
    occupancy: float

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def erlang_c(agents: int, traffic: float) -> float:
    """P(wait) for `agents` servers offered `traffic` Erlangs (1.0 when agents <= traffic)."""
    if agents <= traffic:
        return 1.0
    b = 1.0
    for n in range(1, agents + 1):
        b = traffic * b / (n + traffic * b)
    return agents * b / (agents - traffic * (1 - b))


def service_level(agents: int, traffic: float, aht_s: float, target_s: float) -> float:
    if agents <= traffic:
        return 0.0
    return 1 - erlang_c(agents, traffic) * math.exp(-(agents - traffic) * target_s / aht_s)


def _positive(value: float | None, field: str) -> float:
    if value is None or value <= 0:
        raise ValidationError(field, N_("{field}: must be more than 0."), field=field)
    return value


def staff(calls: float, interval_min: float, aht_s: float, target_sl: float = 0.8, target_s: float = 20,
          max_occupancy: float = 0.85, shrinkage: float = 0.3) -> Staffing:
    """The fewest agents on phones meeting the service level and the occupancy cap."""
    _positive(interval_min, "interval_min")
    _positive(aht_s, "aht_s")
    if calls < 0:
        raise ValidationError("calls", N_("calls: cannot be negative."))
    if not 0 < target_sl < 1:
        raise ValidationError("target_sl", N_("target_sl: give a share between 0 and 1, e.g. 0.8."))
    if target_s < 0:
        raise ValidationError("target_s", N_("target_s: cannot be negative."))
    if not 0 < max_occupancy <= 1:
        raise ValidationError("max_occupancy", N_("max_occupancy: give a share between 0 and 1, e.g. 0.85."))
    if not 0 <= shrinkage < 1:
        raise ValidationError("shrinkage", N_("shrinkage: give a share from 0 up to (not including) 1, e.g. 0.3."))
    traffic = calls * aht_s / (interval_min * 60)
    if traffic == 0:
        return Staffing(0, 0, 1.0, 0.0, 0.0, 0.0)
    agents = max(1, math.floor(traffic) + 1)
    while service_level(agents, traffic, aht_s, target_s) < target_sl or traffic / agents > max_occupancy:
        agents += 1
    p_wait = erlang_c(agents, traffic)
    return Staffing(
        agents_on_phones=agents,
        agents_scheduled=math.ceil(agents / (1 - shrinkage) - 1e-9),
        service_level=service_level(agents, traffic, aht_s, target_s),
        p_wait=p_wait,
        asa_s=p_wait * aht_s / (agents - traffic),
        occupancy=traffic / agents,
    )


# -- inputs from history -------------------------------------------------------------------------
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def history_inputs(store: Store, actor: str, weekday: str, hour: int, weeks: int = 8,
                   now: datetime | None = None) -> dict[str, Any]:
    """Calls offered and AHT for one local weekday and hour, from the last `weeks` such hours before today.

    offered = answered (inbound calls started in that hour) + missed (missed-call callbacks created in it),
    each averaged over the weeks of the lookback that the store's history reaches (at least one).
    Centre-wide (the queue serves the centre); leads and admins. AHT = mean talk + hold + wrap of the
    answered calls, None when there were none.
    """
    day = str(weekday).strip().lower()[:3]
    if day not in WEEKDAYS:
        raise ValidationError(
            "weekday",
            N_("weekday: '{weekday}' is not one of {weekdays}."),
            weekday=weekday, weekdays=', '.join(WEEKDAYS),
        )
    try:
        hour = int(hour)
    except (TypeError, ValueError):
        raise ValidationError("hour", N_("hour: '{hour}' is not a whole number from 0 to 23."), hour=hour) from None
    if not 0 <= hour <= 23:
        raise ValidationError("hour", N_("hour: {hour} is out of range; give a number from 0 to 23."), hour=hour)
    if not 1 <= int(weeks) <= 52:
        raise ValidationError("weeks", N_("weeks: give a number from 1 to 52."))
    with store.read(actor, *LEADS) as tx:
        zone = settings_lib.zone(tx)
        today = (now or store.clock()).astimezone(zone).date()
        last = today - timedelta(days=(today.weekday() - WEEKDAYS.index(day)) % 7 or 7)
        first_call = tx.scalar("SELECT min(started_at) FROM calls")
        per_week: list[dict[str, Any]] = []
        talk = answered_total = 0
        for i in range(int(weeks)):
            date = last - timedelta(days=7 * i)
            start = datetime.combine(date, time(hour), tzinfo=zone)
            a, b = iso(start), iso(start + timedelta(hours=1))
            if first_call is None or b <= first_call:
                continue  # before the store's history: not a week with no calls
            answered, handle = tx.aggregate(
                "SELECT count(*), sum(talk_s + hold_s + wrap_s) FROM calls"
                " WHERE started_at >= ? AND started_at < ? AND direction = 'in'", (a, b))
            missed = tx.scalar(
                "SELECT count(*) FROM callbacks WHERE kind = 'missed-call' AND created_at >= ? AND created_at < ?",
                (a, b))
            per_week.append({"date": date.isoformat(), "answered": answered, "missed": missed})
            answered_total += answered
            talk += handle or 0
    n = max(1, len(per_week))
    answered = sum(w["answered"] for w in per_week) / n
    missed = sum(w["missed"] for w in per_week) / n
    return {
        "weekday": day, "hour": hour, "weeks": len(per_week), "interval_min": 60,
        "answered": round(answered, 2), "missed": round(missed, 2), "calls_offered": round(answered + missed, 2),
        "aht_s": round(talk / answered_total, 1) if answered_total else None, "per_week": per_week,
    }
