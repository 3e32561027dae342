"""The assessment of figures: points against targets, score, grade, rank and bonus coefficient."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from store.kpi_rules import SCORED

K = TypeVar("K")
CLOSE_SHARE = 0.9  # a value reaching 90 % of its target is "close"


def target_share(key: str, value: float | None, cfg: dict[str, Any]) -> float | None:
    """The share of its target a KPI value reaches, at most 1.0 (met); None for a null value."""
    if value is None:
        return None
    target: float = cfg["kpi_targets"][key]
    if cfg["kpi_directions"][key] == "higher":
        return min(1.0, value / target)
    return 1.0 if value == 0 else min(1.0, target / value)


def target_marks(f: dict[str, Any], cfg: dict[str, Any]) -> dict[str, str | None]:
    """Each scored KPI against its target: "met", "close" (within 10 %) or "missed"; None for a null value."""
    out: dict[str, str | None] = {}
    for k in SCORED:
        share = target_share(k, f.get(k), cfg)
        out[k] = None if share is None else "met" if share >= 1 else "close" if share >= CLOSE_SHARE else "missed"
    return out


def kpi_points(f: dict[str, Any], cfg: dict[str, Any]) -> dict[str, float | None]:
    """Points each scored KPI earns before scaling (None: its value is null, its weight drops out)."""
    out: dict[str, float | None] = {}
    for k in SCORED:
        weight: float = cfg["kpi_weights"][k]
        if not weight:
            continue
        share = target_share(k, f.get(k), cfg)
        out[k] = None if share is None else weight * share
    return out


def score_of(f: dict[str, Any], cfg: dict[str, Any]) -> float | None:
    points = kpi_points(f, cfg)
    weights: float = sum(cfg["kpi_weights"][k] for k, p in points.items() if p is not None)
    if not weights:
        return None
    scaled = sum(p for p in points.values() if p is not None) * 100 / weights
    deducted: float = f.get("deductions") or 0
    return round(max(0.0, scaled - deducted), 2)


def grade_of(score: float | None, cfg: dict[str, Any]) -> str | None:
    if score is None:
        return None
    for grade in ("A", "B", "C"):
        if score >= cfg["grade_thresholds"][grade]:
            return grade
    return "D"


def rank_of(scores: Mapping[K, float | None]) -> dict[K, int | None]:
    """Competition ranking: ties share a rank and the next rank skips (1, 2, 2, 4); None is unranked."""
    ordered = sorted((s for s in scores.values() if s is not None), reverse=True)
    first: dict[float, int] = {}
    for i, s in enumerate(ordered, start=1):
        first.setdefault(s, i)
    return {k: (None if s is None else first[s]) for k, s in scores.items()}


def assess(rows: dict[int, dict[str, Any]], ranked_ids: Iterable[int], cfg: dict[str, Any]) -> None:
    """Add score, grade, rank and bonus_coefficient to each figures dict (rank among `ranked_ids`)."""
    for f in rows.values():
        f["score"] = score_of(f, cfg)
        f["grade"] = grade_of(f["score"], cfg)
        f["bonus_coefficient"] = None if f["grade"] is None else cfg["bonus_coefficients"][f["grade"]]
    ranks = rank_of({aid: rows[aid]["score"] for aid in ranked_ids if aid in rows})
    for aid, f in rows.items():
        f["rank"] = ranks.get(aid)
