"""Reading callbacks: the agent's F4 queue, the lead's team queue, lists, counts and one callback's history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from store import settings as settings_lib
from store.access import ANY_ROLE, LEADS, agent_scope_sql, can_see_agent, get_agent
from store.callback_counts import callback_counts
from store.callback_records import AgentQueue, Callback, CallbackEvent, QueueGroup, TeamQueue
from store.callbacks.grace import next_grace_move_at
from store.callbacks.records import CALLBACK_SQL, load_callback
from store.clock import iso, parse_iso
from store.db import Store, Tx
from store.errors import PermissionDenied
from store.messages import N_
from store.periods import day_bounds
from store.validate import one_of
from store.vocab import CALLBACK_KINDS, CALLBACK_STATUSES

SOON_MIN = 15  # due within this many minutes: highlighted on the desk
LIST_LIMIT = 200
TEAM_LIMIT = 500
DUE_RANGES = ("any", "overdue", "today", "tomorrow", "week")


def my_callback_counts(store: Store, actor: str, day_end: str) -> dict[str, Any]:
    """Open callbacks owned by `actor`: overdue now, and due from now to `day_end`."""
    with store.read(actor, *ANY_ROLE) as tx:
        return callback_counts(tx, tx.actor.id, tx.now, day_end)


def queue_rows(tx: Tx, where: str, params: Sequence[object], order: str = "b.due_at, b.id", limit: int = LIST_LIMIT) -> list[Callback]:
    rows = tx.all(f"{CALLBACK_SQL} WHERE {where} ORDER BY {order} LIMIT ?", (*params, int(limit)))
    return [Callback.from_row(row) for row in rows]


def list_callbacks(store: Store, actor: str, *, scope: str = "mine", status: str = "open", limit: int = LIST_LIMIT) -> list[Callback]:
    """Callbacks by due time. scope: mine | pool | all (all = what the actor may see: theirs or their team's, and the pool)."""
    scope = one_of(scope, "scope", ("mine", "pool", "all"))
    status = one_of(status, "status", CALLBACK_STATUSES)
    with store.read(actor, *ANY_ROLE) as tx:
        if scope == "mine":
            return queue_rows(tx, "b.status = ? AND b.owner_id = ?", (status, tx.actor.id), limit=limit)
        if scope == "pool":
            return queue_rows(tx, "b.status = ? AND b.owner_id IS NULL", (status,), limit=limit)
        where, extra = agent_scope_sql(tx.actor, "b.owner_id")
        return queue_rows(tx, f"b.status = ? AND (b.owner_id IS NULL OR {where})", (status, *extra), limit=limit)


def next_change_at(rows: Sequence[Callback], now: str) -> str | None:
    """The next moment one of `rows` turns 'due soon' or overdue without any write."""
    moments = []
    for cb in rows:
        due = parse_iso(cb.due_at)
        for moment in (due - timedelta(minutes=SOON_MIN), due + timedelta(seconds=1)):
            if iso(moment) > now:
                moments.append(iso(moment))
    return min(moments) if moments else None


def agent_queue(store: Store, actor: str, now: datetime | None = None, limit: int = LIST_LIMIT) -> AgentQueue:
    """The F4 queue in one read."""
    with store.read(actor, *ANY_ROLE) as tx:
        now_iso = iso(now) if now else tx.now
        mine = queue_rows(tx, "b.status = 'open' AND b.owner_id = ?", (tx.actor.id,), limit=limit)
        pool = queue_rows(tx, "b.status = 'open' AND b.owner_id IS NULL", (), limit=limit)
        mine_total = tx.scalar("SELECT count(*) FROM callbacks WHERE status = 'open' AND owner_id = ?", (tx.actor.id,))
        pool_total = tx.scalar("SELECT count(*) FROM callbacks WHERE status = 'open' AND owner_id IS NULL")
        grace_at = next_grace_move_at(tx)
        zone = settings_lib.zone(tx)
        undo_min = int(settings_lib.read(tx, "callback_undo_min"))
    moments = [m for m in (next_change_at(mine + pool, now_iso), grace_at) if m]
    return AgentQueue(mine=tuple(mine), pool=tuple(pool), mine_total=mine_total, pool_total=pool_total, now=now_iso,
                      refresh_at=min(moments) if moments else None, grace_at=grace_at,
                      zone=zone.key, today=parse_iso(now_iso).astimezone(zone).date().isoformat(), undo_min=undo_min)


def _due_range(tx: Tx, due: str, now: datetime) -> tuple[str, tuple[str, ...]]:
    due = one_of(due, "due", DUE_RANGES)
    zone = settings_lib.zone(tx)
    if due == "any":
        return "1", ()
    if due == "overdue":
        return "b.due_at < ?", (iso(now),)
    start, end = day_bounds(now, zone)
    if due == "today":
        return "b.due_at >= ? AND b.due_at < ?", (start, end)
    if due == "tomorrow":
        _s, end2 = day_bounds(now + timedelta(days=1), zone)
        return "b.due_at >= ? AND b.due_at < ?", (end, end2)
    _s, week_end = day_bounds(now + timedelta(days=6), zone)
    return "b.due_at < ?", (week_end,)  # this week: everything due before the end of the 7th day, overdue too


def team_queue(store: Store, actor: str, *, agent: str | None = None, kind: str | None = None, status: str = "open",
               due: str = "any", now: datetime | None = None, limit: int = TEAM_LIMIT) -> TeamQueue:
    """The lead's view: the team's callbacks and the pool, grouped by owner.

    Group counts are of open callbacks and ignore the filters; rows follow them (agent: a login or 'pool').
    Leads see their team, admins everyone.
    """
    with store.read(actor, *LEADS) as tx:
        moment = now or parse_iso(tx.now)
        now_iso = iso(moment)
        _start, day_end = day_bounds(moment, settings_lib.zone(tx))
        if tx.actor.role == "admin":
            people = tx.all("SELECT id, login, display_name FROM agents WHERE active = 1 ORDER BY name_sort, login")
        else:
            people = tx.all("SELECT id, login, display_name FROM agents WHERE active = 1 AND team = ?"
                            " ORDER BY name_sort, login", (tx.actor.team,))
        ids = [p[0] for p in people]
        groups = []
        for owner_id, login, name in [*people, (None, None, None)]:
            row = tx.aggregate(
                "SELECT count(*), sum(due_at >= ? AND due_at < ?), sum(due_at < ?), min(due_at) FROM callbacks"
                " WHERE status = 'open' AND owner_id IS ?",
                (now_iso, day_end, now_iso, owner_id),
            )
            oldest = row[3] if row[3] is not None and row[3] < now_iso else None
            groups.append(QueueGroup(login=login, name=name, open=row[0], due_today=row[1] or 0,
                                     overdue=row[2] or 0, oldest_overdue_at=oldest))
        status = one_of(status, "status", CALLBACK_STATUSES)
        due_sql, due_params = _due_range(tx, due, moment)
        extra, extra_params = due_sql, list(due_params)
        if kind:
            extra += " AND b.kind = ?"
            extra_params.append(one_of(kind, "kind", CALLBACK_KINDS))
        rows: list[Callback] = []
        if agent in (None, "", "pool"):
            owners = [] if agent == "pool" else ids
        else:
            target = get_agent(tx.conn, agent)
            if target.id not in ids:
                raise PermissionDenied(
                    N_("'{login}' is not in your team ({team}); a lead sees only their own team."),
                    login=agent, team=tx.actor.team,
                )
            owners = [target.id]
        if owners:
            marks = ", ".join("?" for _ in owners)
            rows += queue_rows(tx, f"b.status = ? AND b.owner_id IN ({marks}) AND {extra}", (status, *owners, *extra_params),
                          order="a.name_sort, a.login, b.due_at, b.id", limit=limit)
        if agent in (None, "", "pool") and len(rows) < limit:
            rows += queue_rows(tx, f"b.status = ? AND b.owner_id IS NULL AND {extra}", (status, *extra_params),
                          limit=limit - len(rows))
        zone = settings_lib.zone(tx)
        return TeamQueue(groups=tuple(groups), rows=tuple(rows), agents=tuple(p[1] for p in people), now=now_iso,
                         zone=zone.key, today=moment.astimezone(zone).date().isoformat(),
                         refresh_at=next_change_at(rows, now_iso) if status == "open" else None)


def get_callback(store: Store, actor: str, callback_id: int) -> Callback:
    """One callback with its history (oldest first)."""
    with store.read(actor, *ANY_ROLE) as tx:
        cb = load_callback(tx, callback_id)
        if cb.owner is not None and cb.owner_id != tx.actor.id:
            owner = get_agent(tx.conn, cb.owner)
            if not can_see_agent(tx.actor, owner):
                raise PermissionDenied(
                    N_("callback #{id} is {owner}'s; you may see your own, your team's and the pool."),
                    id=cb.id, owner=cb.owner,
                )
        rows = tx.all(
            "SELECT e.at, e.actor, e.event, f.login, t.login, e.due_at, e.note FROM callback_events e"
            " LEFT JOIN agents f ON f.id = e.from_owner_id LEFT JOIN agents t ON t.id = e.to_owner_id"
            " WHERE e.callback_id = ? ORDER BY e.id",
            (cb.id,),
        )
        return replace(cb, history=tuple(CallbackEvent.from_row(r) for r in rows))
