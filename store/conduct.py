"""Conduct events (point deductions) and their appeals; lead ratings. All audited.

An event stores the points in force when it was entered (negative, e.g. -2.0 for hygiene),
so changing the `deduction_points` setting later never rewrites history.
"""

from __future__ import annotations

from datetime import date

from store import settings as settings_lib
from store.access import ANY_ROLE, LEADS, agent_scope_sql, get_agent, require_sees_agent
from store.conduct_records import EVENT_KEYS, RATING_KEYS, ConductEvent, Rating
from store.db import Store, Tx
from store.errors import Conflict, NotFound, PermissionDenied, ValidationError
from store.messages import N_
from store.periods import Period, resolve_period
from store.validate import clean_text, int_range, one_of
from store.vocab import CONDUCT_KINDS


def _checked_date(text: object) -> str:
    try:
        return date.fromisoformat(str(text).strip()).isoformat()
    except ValueError:
        raise ValidationError("date", N_("date: '{text}' is not a date; use YYYY-MM-DD."), text=text) from None


def add_event(store: Store, actor: str, login: str, kind: str, occurred_on: str | date, note: str = "") -> int:
    """A lead records a conduct event for an agent of their team (admins: anyone)."""
    kind = one_of(kind, "kind", CONDUCT_KINDS)
    day = _checked_date(occurred_on)
    note = clean_text(note, "note", 500, multiline=True)
    with store.write(actor, *LEADS) as tx:
        target = get_agent(tx.conn, login)
        require_sees_agent(tx.actor, target)
        points = -float(settings_lib.read(tx, "deduction_points")[kind])
        event_id = tx.insert("conduct_events", {
            "agent_id": target.id, "kind": kind, "occurred_on": day, "points": points, "note": note,
            "entered_by": tx.login, "entered_at": tx.now,
        })
        tx.changed("agents", target.id)
        return event_id


def _load_event(tx: Tx, event_id: int) -> ConductEvent:
    row = tx.one(f"SELECT {', '.join(EVENT_KEYS)} FROM conduct_events WHERE id = ?", (int(event_id),))
    if row is None:
        raise NotFound(N_("there is no conduct event #{event_id}."), event_id=event_id)
    return ConductEvent.from_row(row, agent=tx.scalar("SELECT login FROM agents WHERE id = ?", (row[1],)))


def _scoped_select(tx: Tx, table: str, alias: str, keys: tuple[str, ...],
                   login: str | None) -> tuple[str, list[object]]:
    """SELECT `keys` and the agent's login from `table` (as `alias`), limited to the agents the
    actor may see, and to `login` when given (refused if the actor may not see them)."""
    scope, scope_params = agent_scope_sql(tx.actor, f"{alias}.agent_id")
    sql = (f"SELECT {', '.join(f'{alias}.{k}' for k in keys)}, a.login FROM {table} {alias}"
           f" JOIN agents a ON a.id = {alias}.agent_id WHERE {scope}")
    params = list(scope_params)
    if login:
        target = get_agent(tx.conn, login)
        require_sees_agent(tx.actor, target)
        sql += f" AND {alias}.agent_id = ?"
        params.append(target.id)
    return sql, params


def list_events(store: Store, actor: str, login: str | None = None, since: str | None = None,
                until: str | None = None, limit: int = 500) -> list[ConductEvent]:
    """Events the actor may see (agents: their own), newest first; since/until are local dates, inclusive."""
    with store.read(actor, *ANY_ROLE) as tx:
        sql, params = _scoped_select(tx, "conduct_events", "e", EVENT_KEYS, login)
        if since:
            sql += " AND e.occurred_on >= ?"
            params.append(_checked_date(since))
        if until:
            sql += " AND e.occurred_on <= ?"
            params.append(_checked_date(until))
        sql += " ORDER BY e.occurred_on DESC, e.id DESC LIMIT ?"
        params.append(int(limit))
        return [ConductEvent.from_row(row[:-1], agent=row[-1]) for row in tx.all(sql, params)]


def appeal(store: Store, actor: str, event_id: int, reason: str) -> ConductEvent:
    """The agent the deduction is for appeals it, once, with a reason."""
    reason = clean_text(reason, "reason", 500, required=True, multiline=True)
    with store.write(actor, *ANY_ROLE) as tx:
        event = _load_event(tx, event_id)
        if event.agent_id != tx.actor.id:
            raise PermissionDenied(
                N_("conduct event #{event_id} is {agent}'s; only they may appeal it."),
                event_id=event_id, agent=event.agent,
            )
        if event.appeal_status is not None:
            raise Conflict(
                N_("conduct event #{event_id} was already appealed ({appeal_status})."),
                event_id=event_id, appeal_status=event.appeal_status,
            )
        tx.update("conduct_events", event.id, {"appeal_status": "pending", "appeal_reason": reason})
        tx.changed("agents", event.agent_id)
        return _load_event(tx, event_id)


def decide(store: Store, actor: str, event_id: int, decision: str) -> ConductEvent:
    """A lead accepts (the deduction is withdrawn) or rejects a pending appeal."""
    decision = one_of(decision, "decision", ("accept", "reject"))
    with store.write(actor, *LEADS) as tx:
        event = _load_event(tx, event_id)
        require_sees_agent(tx.actor, get_agent(tx.conn, event.agent))
        if event.appeal_status != "pending":
            raise Conflict(N_("conduct event #{event_id} has no pending appeal."), event_id=event_id)
        tx.update("conduct_events", event.id, {
            "appeal_status": "accepted" if decision == "accept" else "rejected",
            "decided_by": tx.login, "decided_at": tx.now,
        })
        tx.changed("agents", event.agent_id)
        return _load_event(tx, event_id)


# -- ratings ---------------------------------------------------------------------------------


def rate(store: Store, actor: str, login: str, period: str | Period | None, *, initiative: int | str,
         teamwork: int | str, innovation: int | str, learning: int | str, communication: int | str,
         note: str = "") -> int:
    """A lead rates an agent 1-5 on the five dimensions for one period; a second rating replaces the first (audited)."""
    scores = {name: int_range(value, name, 1, 5) for name, value in (
        ("initiative", initiative), ("teamwork", teamwork), ("innovation", innovation),
        ("learning", learning), ("communication", communication))}
    note = clean_text(note, "note", 1000, multiline=True)
    with store.write(actor, *LEADS) as tx:
        target = get_agent(tx.conn, login)
        require_sees_agent(tx.actor, target)
        p = resolve_period(tx, period)
        values = {**scores, "note": note, "rated_by": tx.login, "rated_at": tx.now}
        existing = tx.scalar("SELECT id FROM ratings WHERE agent_id = ? AND period_start = ? AND period_end = ?",
                             (target.id, p.start, p.end))
        if existing:
            tx.update("ratings", existing, values)
            rating_id = int(existing)
        else:
            rating_id = tx.insert("ratings", {"agent_id": target.id, "period_label": p.label,
                                              "period_start": p.start, "period_end": p.end, **values})
        tx.changed("agents", target.id)
        return rating_id


def list_ratings(store: Store, actor: str, login: str | None = None,
                 period: str | Period | None = None) -> list[Rating]:
    """Ratings the actor may see (agents: their own), within the period when given, newest period first."""
    with store.read(actor, *ANY_ROLE) as tx:
        return ratings_in_tx(tx, login, period)


def ratings_in_tx(tx: Tx, login: str | None = None, period: str | Period | None = None) -> list[Rating]:
    """list_ratings inside an open transaction."""
    sql, params = _scoped_select(tx, "ratings", "r", RATING_KEYS, login)
    if period is not None:
        p = resolve_period(tx, period)
        sql += " AND r.period_start >= ? AND r.period_end <= ?"
        params += [p.start, p.end]
    sql += " ORDER BY r.period_start DESC, a.login"
    return [Rating.from_row(row[:-1], agent=row[-1]) for row in tx.all(sql, params)]
