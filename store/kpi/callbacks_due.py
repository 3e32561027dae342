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
    """{agent id: (callbacks due, of them on time)}: due_callbacks' rule on the few columns it needs (the
    KPI figures; read from the covering index callbacks_kpi_due, no dataclass per callback)."""
    out: dict[int, tuple[int, int]] = {}
    for owner, (in_time,) in _due_rows(tx, agent_ids, period, (ON_TIME_SQL,), (_ms(ontime),)):
        due, on = out.get(owner, (0, 0))
        out[owner] = (due + 1, on + in_time)
    return out


def due_by_kind(tx: Tx, agent_ids: list[int], period: Period, ontime: timedelta) -> dict[str, tuple[int, int, int]]:
    """{kind: (due, done before the period's end, on time)} of the callbacks due_callbacks finds (the weekly
    summary), counted as due_counts counts them: a few columns, no dataclass per callback."""
    done_by_end = "(b.status = 'done' AND b.closed_at IS NOT NULL AND b.closed_at < ?)"
    out: dict[str, tuple[int, int, int]] = {}
    for _, (kind, done, in_time) in _due_rows(tx, agent_ids, period, ("b.kind", done_by_end, ON_TIME_SQL),
                                              (period.end, _ms(ontime))):
        due, done_n, on = out.get(kind, (0, 0, 0))
        out[kind] = (due + 1, done_n + done, on + in_time)
    return out


def _ms(span: timedelta) -> int:
    return round(span.total_seconds() * 1000)


def _due_rows(tx: Tx, agent_ids: list[int], period: Period, extra: tuple[str, ...],
              params: tuple[Any, ...]) -> list[tuple[int, tuple[Any, ...]]]:
    """(owner at the first due time, (*extra)) of each callback first due in the period whose owner then was
    one of `agent_ids` (due_callbacks' rule); `extra` are SQL expressions over the callbacks `b`, with
    `params` for their parameters."""
    found = _first_due(tx, agent_ids, period, ("b.id", "b.owner_id", "b.first_due_at", *extra), params)
    changes = _owner_changes(tx, [r[0] for r in found])
    wanted = set(agent_ids)
    out = []
    for cid, owner_id, first_due_at, *rest in found:
        changed = changes.get(cid)
        owner = _owner_at(first_due_at, owner_id, changed) if changed else owner_id
        if owner in wanted:
            out.append((owner, tuple(rest)))
    return out


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
