"""What the desk shows an agent about their own day: one read transaction per refresh.

The day is cut in the centre's time zone (settings `timezone`). Everything here
is the acting agent's own work, whatever their role.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from store import settings as settings_lib
from store.access import ANY_ROLE, Agent
from store.callback_counts import callback_counts
from store.clock import iso, parse_iso
from store.db import Store, Tx
from store.periods import day_bounds
from store.status import status_of

LAST_CALLS = 10


@dataclass(frozen=True)
class DeskStatus:
    """The status line: who, their status, their callbacks due today and overdue."""

    agent: Agent
    status: dict[str, Any]  # {'status', 'reason', 'since'}
    callbacks: dict[str, Any]  # {'overdue', 'due_today'}
    zone: str  # the centre's time zone name
    today: str  # the local date, e.g. 2026-11-26
    refresh_at: str  # UTC ISO: from then on these figures are stale even if nothing is written
    region: str = "CN"  # setting phone_region: its numbers are shown the way people there write them


@dataclass(frozen=True)
class AgentDay:
    """The home screen: the agent's day so far and their latest calls."""

    desk: DeskStatus
    day_start: str  # UTC ISO bounds of the local day [start, end)
    day_end: str
    calls_today: int
    last_calls: list[dict[str, Any]]  # newest first: id, started_at, customer_name, phone, category, outcome, handle_s


def _desk_status(tx: Tx, now: datetime) -> tuple[DeskStatus, str, str]:
    zone = settings_lib.zone(tx)
    day_start, day_end = day_bounds(now, zone)
    now_iso = iso(now)
    agent_id = tx.actor.id
    next_due = tx.scalar(
        "SELECT min(due_at) FROM callbacks WHERE status = 'open' AND owner_id = ? AND due_at >= ? AND due_at < ?",
        (agent_id, now_iso, day_end),
    )
    # a callback counts as overdue once its due time has passed (due_at < now)
    refresh_at = day_end if next_due is None else min(day_end, iso(parse_iso(next_due) + timedelta(seconds=1)))
    desk = DeskStatus(
        agent=tx.actor,
        status=status_of(tx, agent_id),
        callbacks=callback_counts(tx, agent_id, now_iso, day_end),
        zone=zone.key,
        today=now.astimezone(zone).date().isoformat(),
        refresh_at=refresh_at,
        region=str(settings_lib.read(tx, "phone_region")),
    )
    return desk, day_start, day_end


def desk_status(store: Store, actor: str, now: datetime | None = None) -> DeskStatus:
    with store.read(actor, *ANY_ROLE) as tx:
        return _desk_status(tx, now or store.clock())[0]


def agent_day(store: Store, actor: str, now: datetime | None = None, last: int = LAST_CALLS) -> AgentDay:
    """Calls logged today, callbacks due and overdue, the last `last` calls, the status."""
    with store.read(actor, *ANY_ROLE) as tx:
        desk, day_start, day_end = _desk_status(tx, now or store.clock())
        calls_today = tx.scalar(
            "SELECT count(*) FROM calls WHERE agent_id = ? AND started_at >= ? AND started_at < ?",
            (tx.actor.id, day_start, day_end),
        )
        rows = tx.all(
            "SELECT k.id, k.started_at, cu.name, k.phone_raw, k.phone_e164, k.direction, k.category,"
            " k.outcome, k.talk_s, k.hold_s, k.wrap_s FROM calls k"
            " LEFT JOIN customers cu ON cu.id = k.customer_id"
            " WHERE k.agent_id = ? ORDER BY k.started_at DESC, k.id DESC LIMIT ?",
            (tx.actor.id, int(last)),
        )
    last_calls = [
        {
            "id": r[0],
            "started_at": r[1],
            "customer_name": r[2],
            "phone": r[3] or r[4],
            "direction": r[5],
            "category": r[6],
            "outcome": r[7],
            "handle_s": r[8] + r[9] + r[10],  # talk + hold + wrap
        }
        for r in rows
    ]
    return AgentDay(desk, day_start, day_end, calls_today, last_calls)
