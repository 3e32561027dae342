"""Callbacks due in a period, counted for the agent who owned each one at its first due time."""

from __future__ import annotations

import json
from datetime import timedelta

from store.clock import parse_iso
from store.db import Tx
from store.kpi.records import DUE_KEYS, DueCallback
from store.kpi.sql import placeholders
from store.periods import Period


def on_time(cb: DueCallback, ontime: timedelta) -> bool:
    return (cb.status == "done" and cb.closed_at is not None
            and parse_iso(cb.closed_at) <= parse_iso(cb.first_due_at) + ontime)


OwnerChange = tuple[str, int | None, int | None]  # (at, owner before, owner after) of an audited change


def due_callbacks(tx: Tx, agent_ids: list[int], period: Period) -> list[DueCallback]:
    """Callbacks first due in the period whose owner at that moment was one of `agent_ids`.

    The owner at the first due time comes from the audited owner_id changes: the last change at or
    before that moment, else the value before the first later change, else the current owner. Any
    callback whose owner then differs from its owner now has a change after the due time, so the
    candidates are those owned by the agents now plus those with an owner change since the start.
    """
    ids = list(agent_ids)
    cols = ", ".join(f"b.{key}" for key in DUE_KEYS)
    rows = tx.all(
        f"SELECT {cols} FROM callbacks b WHERE b.owner_id IN ({placeholders(ids)})"
        " AND b.first_due_at >= ? AND b.first_due_at < ?"
        f" UNION SELECT {cols} FROM callbacks b WHERE b.id IN (SELECT row_id FROM audit_log"
        " WHERE table_name = 'callbacks' AND action = 'update' AND at >= ? AND after LIKE '%\"owner_id\"%')"
        " AND b.first_due_at >= ? AND b.first_due_at < ?",
        (*ids, period.start, period.end, period.start, period.start, period.end),
    )
    found = [DueCallback(*r) for r in rows]
    changes = _owner_changes(tx, [c.id for c in found])
    wanted = set(ids)
    out = []
    for cb in found:
        owner = _owner_at(cb, changes.get(cb.id, []))
        if owner in wanted:
            out.append(cb.with_(owner_at_due=owner))
    return sorted(out, key=lambda c: (c.first_due_at, c.id))


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


def _owner_at(cb: DueCallback, changes: list[OwnerChange]) -> int | None:
    due = cb.first_due_at
    owner = cb.owner_id
    before_due = [c for c in changes if c[0] <= due]
    if before_due:
        return before_due[-1][2]
    if changes:  # every change came later: the owner then is what the first one replaced
        return changes[0][1]
    return owner
