"""The KPI settings' rules: targets, weights, directions, grade thresholds, bonus coefficients, deduction points.

Their defaults and checks; imports only errors and vocab, so store/settings.py builds on it.
"""

from __future__ import annotations

from typing import Any

from store.errors import ValidationError
from store.messages import N_
from store.vocab import CONDUCT_KINDS

# The KPIs that earn points, in the order screens show them.
SCORED = ("fcr_rate", "csat_avg", "aht_s", "callback_on_time_rate", "occupancy",
          "escalation_rate", "transfer_rate", "rating_avg", "cases_in_sla_rate", "case_chases")
LOWER_IS_BETTER = ("aht_s", "escalation_rate", "transfer_rate", "case_chases")
# joined later (issue 18) at weight 0: a stored object setting made before them lacks them (settings.read_all)
LATER_SCORED = ("cases_in_sla_rate", "case_chases")
GRADES = ("A", "B", "C", "D")

DEFAULTS: dict[str, dict[str, Any]] = {
    "kpi_targets": {"fcr_rate": 0.75, "csat_avg": 4.5, "aht_s": 300, "callback_on_time_rate": 0.9,
                    "occupancy": 0.8, "escalation_rate": 0.1, "transfer_rate": 0.05, "rating_avg": 4.0,
                    "cases_in_sla_rate": 0.9, "case_chases": 0.5},
    "kpi_weights": {"fcr_rate": 20, "csat_avg": 20, "aht_s": 15, "callback_on_time_rate": 15,
                    "occupancy": 10, "escalation_rate": 5, "transfer_rate": 5, "rating_avg": 10,
                    "cases_in_sla_rate": 0, "case_chases": 0},
    "kpi_directions": {k: ("lower" if k in LOWER_IS_BETTER else "higher") for k in SCORED},
    "grade_thresholds": {"A": 90, "B": 80, "C": 70},
    "bonus_coefficients": {"A": 1.2, "B": 1.0, "C": 0.8, "D": 0.5},
    # points per event; late and early-leave: per full 3 of them together (the policy's 累计3次扣1分)
    "deduction_points": {"missed-meeting": 1, "late": 1, "early-leave": 1, "absence": 1,
                         "dress-code": 1, "hygiene": 2},
}


def _checked_number(key: str, name: str, value: Any, low: float = 0.0, positive: bool = False) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValidationError(
            key,
            N_("{key}.{name}: '{value}' is not a number."),
            key=key, name=name, value=value,
        ) from None
    if number != number or number < low or (positive and number <= 0):
        if positive:
            raise ValidationError(key, N_("{key}.{name}: must be more than {low:g}."), key=key, name=name, low=low)
        raise ValidationError(key, N_("{key}.{name}: must be at least {low:g}."), key=key, name=name, low=low)
    return int(number) if number == int(number) else number


def _checked_mapping(key: str, value: Any, names: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValidationError(
            key,
            N_("{key}: give a JSON object such as {{\"{first}\": ...}}."),
            key=key, first=names[0],
        )
    unknown = sorted(set(value) - set(names))
    if unknown:
        raise ValidationError(
            key,
            N_("{field}: '{value}' is not one of {allowed}."),
            field=key, value=unknown[0], allowed=', '.join(names),
        )
    return value


def check(key: str, value: Any) -> dict[str, Any]:
    """The value to store for a KPI setting (a JSON value as given), or ValidationError naming the fix."""
    if key == "kpi_targets":
        value = _checked_mapping(key, value, SCORED)
        return {k: _checked_number(key, k, value.get(k, DEFAULTS[key][k]), positive=True) for k in SCORED}
    if key == "kpi_weights":
        value = _checked_mapping(key, value, SCORED)
        weights = {k: _checked_number(key, k, value.get(k, 0)) for k in SCORED}
        total = sum(weights.values())
        if abs(total - 100) > 1e-9:
            raise ValidationError(
                key,
                N_("kpi_weights: the weights add up to {total:g}; they must add up to 100."),
                total=total,
            )
        return weights
    if key == "kpi_directions":
        value = _checked_mapping(key, value, SCORED)
        directions: dict[str, str] = {}
        for k in SCORED:
            direction = str(value.get(k, DEFAULTS[key][k])).lower()
            if direction not in ("higher", "lower"):
                raise ValidationError(
                    key,
                    N_("kpi_directions.{name}: '{direction}' is not higher or lower."),
                    name=k, direction=direction,
                )
            directions[k] = direction
        return directions
    if key == "grade_thresholds":
        value = _checked_mapping(key, value, GRADES[:3])
        thresholds = {g: _checked_number(key, g, value.get(g, DEFAULTS[key][g])) for g in GRADES[:3]}
        if not thresholds["A"] >= thresholds["B"] >= thresholds["C"]:
            raise ValidationError(key, N_("grade_thresholds: A must be at least B, and B at least C."))
        return thresholds
    if key == "bonus_coefficients":
        value = _checked_mapping(key, value, GRADES)
        return {g: _checked_number(key, g, value.get(g, DEFAULTS[key][g])) for g in GRADES}
    if key == "deduction_points":
        value = _checked_mapping(key, value, CONDUCT_KINDS)
        return {k: _checked_number(key, k, value.get(k, DEFAULTS[key][k])) for k in CONDUCT_KINDS}
    raise ValidationError(key, N_("'{key}' is not a KPI setting."), key=key)
