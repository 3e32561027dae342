"""Erlang C staffing for one interval, without overflow for large agent counts.

Erlang B is computed by its recurrence B(n) = A·B(n-1) / (n + A·B(n-1)),
which stays in [0, 1]; Erlang C follows from it. No factorials, no powers.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from store.errors import ValidationError


@dataclass(frozen=True)
class Staffing:
    agents_on_phones: int
    agents_scheduled: int
    service_level: float
    p_wait: float
    asa_s: float
    occupancy: float

    def as_json(self) -> dict:
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


def _positive(value, field):
    if value is None or value <= 0:
        raise ValidationError(field, f"{field}: must be more than 0.")
    return value


def staff(calls: float, interval_min: float, aht_s: float, target_sl: float = 0.8, target_s: float = 20,
          max_occupancy: float = 0.85, shrinkage: float = 0.3) -> Staffing:
    """The fewest agents on phones meeting the service level and the occupancy cap."""
    _positive(interval_min, "interval_min")
    _positive(aht_s, "aht_s")
    if calls < 0:
        raise ValidationError("calls", "calls: cannot be negative.")
    if not 0 < target_sl < 1:
        raise ValidationError("target_sl", "target_sl: give a share between 0 and 1, e.g. 0.8.")
    if target_s < 0:
        raise ValidationError("target_s", "target_s: cannot be negative.")
    if not 0 < max_occupancy <= 1:
        raise ValidationError("max_occupancy", "max_occupancy: give a share between 0 and 1, e.g. 0.85.")
    if not 0 <= shrinkage < 1:
        raise ValidationError("shrinkage", "shrinkage: give a share from 0 up to (not including) 1, e.g. 0.3.")
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
