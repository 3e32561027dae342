"""Callbacks due in a period, counted for the agent who owned each one at its first due time."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from store.clock import parse_iso
from store.db import Tx
from store.kpi.records import DUE_KEYS, DueCallback
from store.kpi.sql import by_agent, placeholders
from store.periods import Period


def on_time(cb: DueCallback, ontime: timedelta) -> bool:
    return closed_on_time(cb.status, cb.closed_at, cb.first_due_at, ontime)


def closed_on_time(status: str, closed_at: str | None, first_due_at: str, ontime: timedelta) -> bool:
    """Done, and closed at most `ontime` after the first due time."""
    return status == "done" and closed_at is not None and parse_iso(closed_at) <= parse_iso(first_due_at) + ontime


OwnerChange = tuple[str, int | None, int | None]  # (at, owner before, owner after) of an audited change


def due_callbacks(tx: Tx, agent_ids: list[int], period: Period) -> list[DueCallback]:
    """Callbacks first due in the period whose owner at that moment was one of `agent_ids`.

    The owner at the first due time comes from the audited owner_id changes: the last change at or
    before that moment, else the value before the first later change, else the current owner. Any
    callback whose owner then differs from its owner now has a change after the due time, so the
    candidates are those owned by the agents now plus those with an owner change since the start.
    """
    found = [DueCallback(*r) for r in _first_due(tx, agent_ids, period, tuple(f"b.{key}" for key in DUE_KEYS))]
    changes = _owner_changes(tx, [c.id for c in found])
    wanted = set(agent_ids)
    out = []
    for cb in found:
        owner = _owner_at(cb.first_due_at, cb.owner_id, changes.get(cb.id, []))
        if owner in wanted:
            out.append(cb.with_(owner_at_due=owner))
    return sorted(out, key=lambda c: (c.first_due_at, c.id))


# closed_on_time in SQL, for the counts (a parse_iso pair per done callback was most of their time): the
# times are whole seconds (store.clock.iso), and julianday keeps milliseconds, so the rounded difference is exact
ON_TIME_SQL = ("(b.status = 'done' AND b.closed_at IS NOT NULL"
               " AND round((julianday(b.closed_at) - julianday(b.first_due_at)) * 86400000) <= ?)")


def due_counts(tx: Tx, agent_ids: list[int], period: Period, ontime: timedelta) -> dict[int, tuple[int, int]]:
    """{agent id: (callbacks due, of them on time)}: due_callbacks' rule, counted in SQL (the KPI figures)."""
    counted = _counted(tx, agent_ids, period, None, (ON_TIME_SQL,), (_ms(ontime),))
    return {owner: (due, in_time) for owner, (due, in_time) in counted.items()}


def due_by_kind(tx: Tx, agent_ids: list[int], period: Period, ontime: timedelta) -> dict[str, tuple[int, int, int]]:
    """{kind: (due, done before the period's end, on time)} of the callbacks due_callbacks finds (the weekly
    summary), counted as due_counts counts them."""
    done_by_end = "(b.status = 'done' AND b.closed_at IS NOT NULL AND b.closed_at < ?)"
    counted = _counted(tx, agent_ids, period, "b.kind", (done_by_end, ON_TIME_SQL), (period.end, _ms(ontime)))
    return {kind: (due, done, in_time) for kind, (due, done, in_time) in counted.items()}


def _ms(span: timedelta) -> int:
    return round(span.total_seconds() * 1000)


# an audited owner change of callback b: only those callbacks need their owner at the due time worked out
_OWNER_CHANGED = ("EXISTS (SELECT 1 FROM audit_log a WHERE a.table_name = 'callbacks' AND a.row_id = b.id"
                  " AND a.action = 'update' AND a.after LIKE '%\"owner_id\"%')")


def _counted(tx: Tx, agent_ids: list[int], period: Period, key: str | None, sums: tuple[str, ...],
             params: tuple[Any, ...]) -> dict[Any, tuple[int, ...]]:
    """{key: (callbacks, *sums)} of the callbacks due_callbacks finds, grouped by the SQL expression `key` over
    the callbacks `b` (None: the owner at the first due time); `sums` are 0/1 SQL expressions with `params`.
    Callbacks never reassigned are counted in SQL (their owner now is their owner then); the few others
    one by one with the audited changes, as due_callbacks does."""
    ids = list(agent_ids)
    group = key or "b.owner_id"
    mine = f"{by_agent('b.owner_id', ids)} AND b.first_due_at >= ? AND b.first_due_at < ?"  # many: callbacks_due_kind
    totals: dict[Any, list[int]] = {}
    for k, n, *values in tx.all(
            f"SELECT {group}, count(*), {', '.join(f'sum({e})' for e in sums)} FROM callbacks b"
            f" WHERE {mine} AND NOT {_OWNER_CHANGED} GROUP BY {group}", (*params, *ids, period.start, period.end)):
        totals[k] = [n, *values]
    cols = ", ".join(("b.id", "b.owner_id", "b.first_due_at", group, *sums))
    rows = tx.all(
        f"SELECT {cols} FROM callbacks b WHERE {mine} AND {_OWNER_CHANGED}"
        f" UNION ALL SELECT {cols} FROM callbacks b WHERE b.id IN (SELECT row_id FROM audit_log"
        " WHERE table_name = 'callbacks' AND action = 'update' AND at >= ? AND after LIKE '%\"owner_id\"%')"
        f" AND b.first_due_at >= ? AND b.first_due_at < ? AND (b.owner_id IS NULL OR b.owner_id NOT IN ({placeholders(ids)}))",
        (*params, *ids, period.start, period.end, *params, period.start, period.start, period.end, *ids))
    changes = _owner_changes(tx, [r[0] for r in rows])
    wanted = set(ids)
    for cid, owner_id, first_due_at, k, *values in rows:
        owner = _owner_at(first_due_at, owner_id, changes.get(cid, []))
        if owner in wanted:
            into = totals.setdefault(owner if key is None else k, [0] * (1 + len(values)))
            for i, value in enumerate((1, *values)):
                into[i] += value
    return {k: tuple(v) for k, v in totals.items()}


def _first_due(tx: Tx, agent_ids: list[int], period: Period, columns: tuple[str, ...],
               params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    ids = list(agent_ids)
    cols = ", ".join(columns)
    # the second half only those the first has not (UNION ALL: no temporary b-tree of every row to drop twins)
    return tx.all(
        f"SELECT {cols} FROM callbacks b WHERE {by_agent('b.owner_id', ids)}"  # many: callbacks_due_kind
        " AND b.first_due_at >= ? AND b.first_due_at < ?"
        f" UNION ALL SELECT {cols} FROM callbacks b WHERE b.id IN (SELECT row_id FROM audit_log"
        " WHERE table_name = 'callbacks' AND action = 'update' AND at >= ? AND after LIKE '%\"owner_id\"%')"
        f" AND b.first_due_at >= ? AND b.first_due_at < ? AND (b.owner_id IS NULL OR b.owner_id NOT IN ({placeholders(ids)}))",
        (*params, *ids, period.start, period.end, *params, period.start, period.start, period.end, *ids),
    )


def _owner_changes(tx: Tx, callback_ids: list[int]) -> dict[int, list[OwnerChange]]:
    out: dict[int, list[OwnerChange]] = {}
    for chunk in range(0, len(callback_ids), 500):
        part = callback_ids[chunk:chunk + 500]
        for row_id, at, before, after in tx.all(
            "SELECT row_id, at, before, after FROM audit_log WHERE table_name = 'callbacks' AND action = 'update'"
            f" AND row_id IN ({placeholders(part)}) AND after LIKE '%\"owner_id\"%' ORDER BY id",
            part,
        ):
            b, a = json.loads(before or "{}"), json.loads(after or "{}")
            if "owner_id" in a:
                out.setdefault(row_id, []).append((at, b.get("owner_id"), a["owner_id"]))
    return out


def _owner_at(due: str, owner: int | None, changes: list[OwnerChange]) -> int | None:
    before_due = [c for c in changes if c[0] <= due]
    if before_due:
        return before_due[-1][2]
    if changes:  # every change came later: the owner then is what the first one replaced
        return changes[0][1]
    return owner
