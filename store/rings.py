"""Rings from the phone system, queued for the agent's desk (no network server).

`agentdesk ring` writes a row and a change-log entry; the agent's running
desk sees the change on its next poll and pops the oldest fresh ring. A ring
older than `ring_max_age_s` never pops: it is marked missed instead, and so
is a ring for an agent who has no desk open (it simply waits and ages out).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from store import phones as phone_lib
from store import settings as settings_lib
from store.access import ANY_ROLE, find_agent, get_agent, load_actor
from store.clock import iso, parse_iso
from store.db import Row, Store
from store.errors import NotFound, ValidationError
from store.messages import N_
from store.validate import clean_text

RING_COLUMNS = ("id", "agent_id", "number_raw", "e164", "uniqueid", "line", "created_at", "status", "handled_at")


@dataclass(frozen=True)
class Ring:
    """One ring as the phone system reported it: the number as it came (and as E.164 when it parses),
    the phone system's id of the call, the line it came in on; status queued, popped or missed."""

    id: int
    agent_id: int
    number_raw: str
    e164: str | None
    uniqueid: str | None
    line: str | None
    created_at: str
    status: str
    handled_at: str | None

    @classmethod
    def from_row(cls, row: Row) -> Ring:
        return cls(**dict(zip(RING_COLUMNS, row)))


def record_ring(store: Store, actor: str | None = None, *, number: str, agent: str | None = None,
                extension: str | None = None, uniqueid: str | None = None, line: str | None = None) -> int:
    """Queue a ring for the agent named by login or extension, as `actor` (the phone system's login);
    without one (a single-user desk, a test) the ring acts as the agent rung. A bound store (shared
    install) has an actor always, and refuses acting as the agent rung."""
    if not agent and not extension:
        raise ValidationError("agent", N_("agent: give --for LOGIN or --ext EXTENSION."))
    with store.write(None) as tx:
        if agent:
            target = find_agent(tx.conn, agent)
            if target is None:
                raise NotFound(N_("there is no agent with login '{login}'."), login=agent)
        else:
            row = tx.one("SELECT login FROM agents WHERE extension = ?", (str(extension).strip(),))
            if row is None:
                raise NotFound(
                    N_("no agent has extension {extension}; set one with 'agentdesk agents set LOGIN --ext "
                       "{extension}'."),
                    extension=extension,
                )
            target = get_agent(tx.conn, row[0])
        if not target.active:
            raise ValidationError(
                "agent",
                N_("agent: '{login}' is inactive; ring an active agent."),
                login=target.login,
            )
        tx.actor = load_actor(tx.conn, actor, ANY_ROLE) if actor else target
        raw = clean_text(number, "number", 64)
        phone = phone_lib.try_normalize(raw, settings_lib.read(tx, "phone_region")) if raw else None
        ring_id = tx.insert(
            "rings",
            {
                "agent_id": target.id,
                "number_raw": raw,
                "e164": phone.e164 if phone else None,
                "uniqueid": clean_text(uniqueid, "uniqueid", 128) or None,
                "line": clean_text(line, "line", 64) or None,
                "created_at": tx.now,
                "status": "queued",
            },
            audit=False,
        )
        tx.changed("rings", ring_id)
        return ring_id


def next_ring(store: Store, actor: str) -> Ring | None:
    """Take the oldest fresh ring for `actor` (marking it popped); age out stale ones as missed."""
    with store.write(actor, *ANY_ROLE) as tx:
        max_age = settings_lib.read(tx, "ring_max_age_s")
        cutoff = iso(parse_iso(tx.now) - timedelta(seconds=max_age))
        stale = tx.execute(
            "UPDATE rings SET status = 'missed', handled_at = ? WHERE agent_id = ? AND status = 'queued'"
            " AND created_at < ?",
            (tx.now, tx.actor.id, cutoff),
        ).rowcount
        row = tx.one(
            f"SELECT {', '.join(RING_COLUMNS)} FROM rings WHERE agent_id = ? AND status = 'queued'"
            " ORDER BY created_at, id LIMIT 1",
            (tx.actor.id,),
        )
        if row is not None:
            # Conditional: if another desk of the same agent took it first, nothing pops here.
            taken = tx.execute(
                "UPDATE rings SET status = 'popped', handled_at = ? WHERE id = ? AND status = 'queued'",
                (tx.now, row[0]),
            ).rowcount
            if not taken:
                row = None
        if stale or row is not None:
            tx.changed("rings", row[0] if row else None)
        return Ring.from_row(row) if row else None


def missed_rings(store: Store, actor: str, since: str) -> list[Ring]:
    """The agent's rings that were missed (too old to pop) since `since`, newest first."""
    with store.read(actor, *ANY_ROLE) as tx:
        rows = tx.all(
            f"SELECT {', '.join(RING_COLUMNS)} FROM rings WHERE agent_id = ? AND status = 'missed'"
            " AND created_at >= ? ORDER BY created_at DESC",
            (tx.actor.id, since),
        )
        return [Ring.from_row(r) for r in rows]
