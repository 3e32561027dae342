"""The call-derived sums of a set of agents over a span: whole local days from the daily rollups
(store/kpi_rollups.py), the rest (a span's partial first and last days, or everything when the rollups
were built for another time zone or FCR window) from the calls, with the same SQL (store/kpi_call_sql.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from store import settings as settings_lib
from store.db import Tx
from store.kpi.sql import fcr_window, placeholders
from store.kpi_call_sql import CATEGORY_SUMS, SUM_COLUMNS, call_sums
from store.kpi_rollups import built_for
from store.kpi_week_rollups import split_weeks

Sums = dict[int, dict[str, int]]
CategoryCounts = dict[tuple[str, int], list[int]]  # {(category, agent id): [calls, resolved on the call]}


def rollups_current(tx: Tx) -> bool:
    """The rollups were built for the centre's time zone and FCR window as they are now, and no call changed
    since without them (a writer that does not call store.kpi_rollups.refresh: the next one that does will)."""
    return (built_for(tx.conn) == (str(settings_lib.read(tx, "timezone")), int(settings_lib.read(tx, "fcr_window_days")))
            and tx.scalar("SELECT 1 FROM kpi_rollup_dirty LIMIT 1") is None)


def sums_by_agent(tx: Tx, agent_ids: Sequence[int], start: str, end: str, use_rollups: bool = True) -> Sums:
    """{agent id: {rollup column: sum}} over the calls started in [start, end) (UTC ISO)."""
    ids = list(agent_ids)
    out: Sums = {aid: dict.fromkeys(SUM_COLUMNS, 0) for aid in ids}
    if not ids:
        return out
    pieces = [(start, end)]
    days = whole_days(tx, start, end) if use_rollups else None
    if days is not None:
        first, last, pieces = days
        cols = ", ".join(f"sum({c})" for c in SUM_COLUMNS)
        _add(out, tx.all(f"SELECT agent_id, {cols} FROM kpi_day_rollups WHERE agent_id IN ({placeholders(ids)})"
                         " AND day >= ? AND day <= ? GROUP BY agent_id", (*ids, first, last)))
    for a, b in pieces:
        if a < b:
            _add(out, direct_sums(tx, ids, a, b))
    return out


def whole_days(tx: Tx, start: str, end: str) -> tuple[str, str, list[tuple[str, str]]] | None:
    """(first and last whole local day within [start, end), the spans before and after them) when the
    rollups are current and the span holds a whole local day; None: read it all from the calls."""
    if not rollups_current(tx):
        return None
    first, last, first_start, last_end = tx.aggregate(
        "SELECT min(day), max(day), min(start), max(end) FROM kpi_local_days"
        " WHERE start >= ? AND start < ? AND end <= ?", (start, end, end))
    if first is None:
        return None
    return first, last, [(start, first_start), (last_end, end)]


def category_counts(tx: Tx, agent_ids: Sequence[int], start: str, end: str, use_rollups: bool = True) -> CategoryCounts:
    """{(category, agent id): [calls, resolved on the call]} over the calls started in [start, end): whole
    local ISO weeks from kpi_week_category_rollups, other whole local days from kpi_day_category_rollups, the
    rest from the calls, with the same sums (CATEGORY_SUMS)."""
    ids = list(agent_ids)
    out: CategoryCounts = {}
    if not ids:
        return out
    pieces = [(start, end)]
    days = whole_days(tx, start, end) if use_rollups else None
    if days is not None:
        first, last, pieces = days
        cols = ", ".join(f"sum({name})" for name, _ in CATEGORY_SUMS)
        weeks, day_spans = split_weeks(first, last)  # whole weeks from their own rows (store/kpi_week_rollups.py)
        reads = [("kpi_week_category_rollups", "week", weeks)] if weeks else []
        for table, key, (a, b) in [*reads, *(("kpi_day_category_rollups", "day", span) for span in day_spans)]:
            _add_counts(out, tx.all(
                f"SELECT category, agent_id, {cols} FROM {table} WHERE agent_id IN ({placeholders(ids)})"
                f" AND {key} >= ? AND {key} <= ? GROUP BY agent_id, category", (*ids, a, b)))  # the key's order; sorted below
    sums = ", ".join(expr for _, expr in CATEGORY_SUMS)
    for a, b in pieces:
        if a < b:
            _add_counts(out, tx.all(
                f"SELECT k.category, k.agent_id, {sums} FROM calls k WHERE k.agent_id IN ({placeholders(ids)})"
                " AND k.started_at >= ? AND k.started_at < ? GROUP BY k.category, k.agent_id", (*ids, a, b)))
    return {key: out[key] for key in sorted(out) if out[key][0]}  # in (category, agent id) order, as a GROUP BY


def direct_sums(tx: Tx, ids: list[int], start: str, end: str) -> list[tuple[int, ...]]:
    """The sums read from the calls themselves: the reference the rollups are tested against."""
    sums = ", ".join(expr for _, expr in call_sums("?"))
    return tx.all(f"SELECT k.agent_id, {sums} FROM calls k WHERE k.agent_id IN ({placeholders(ids)})"
                  " AND k.started_at >= ? AND k.started_at < ? GROUP BY k.agent_id",
                  (fcr_window(tx), *ids, start, end))


def _add(out: Sums, rows: list[tuple[int, ...]]) -> None:
    for aid, *values in rows:
        sums = out[aid]
        for column, value in zip(SUM_COLUMNS, values):
            sums[column] += value or 0


def _add_counts(out: CategoryCounts, rows: list[tuple[Any, ...]]) -> None:
    for category, aid, *values in rows:
        counts = out.get((category, aid))
        if counts is None:  # the usual case: one read (a whole week) gives each key once
            out[(category, aid)] = [value or 0 for value in values]
            continue
        for i, value in enumerate(values):
            counts[i] += value or 0
