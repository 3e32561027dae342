"""Running desks and their heartbeats.

A desk beats every `heartbeat_s`. A desk silent for three beats is dead
(killed terminal, lost SSH): its agent's open status is closed at the last
beat and the agent is shown offline from then.
"""

from __future__ import annotations

from datetime import timedelta

from store import settings as settings_lib
from store.access import ANY_ROLE
from store.clock import iso, parse_iso
from store.db import Store, Tx

MISSED_BEATS = 3


def start_desk(store: Store, actor: str, host: str, pid: int) -> int:
    with store.write(actor, *ANY_ROLE) as tx:
        return tx.insert(
            "desk_sessions",
            {"agent_id": tx.actor.id, "host": host, "pid": pid, "started_at": tx.now, "last_beat_at": tx.now},
            audit=False,
        )


def beat(store: Store, actor: str, session_id: int) -> None:
    with store.write(actor, *ANY_ROLE) as tx:
        tx.execute(
            "UPDATE desk_sessions SET last_beat_at = ? WHERE id = ? AND agent_id = ? AND ended_at IS NULL",
            (tx.now, session_id, tx.actor.id),
        )


def end_desk(store: Store, actor: str, session_id: int) -> None:
    """A clean exit: the session ends and the agent goes offline now."""
    with store.write(actor, *ANY_ROLE) as tx:
        tx.execute("UPDATE desk_sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL", (tx.now, session_id))
        other = tx.scalar("SELECT 1 FROM desk_sessions WHERE agent_id = ? AND ended_at IS NULL", (tx.actor.id,))
        if not other:  # the agent's last open desk
            _go_offline(tx, tx.actor.id, tx.now)


def _go_offline(tx: Tx, agent_id: int, at: str) -> bool:
    current = tx.one(
        "SELECT id, status FROM agent_status_log WHERE agent_id = ? AND ended_at IS NULL ORDER BY id DESC LIMIT 1",
        (agent_id,),
    )
    if current and current[1] == "offline":
        return False
    if current:
        tx.execute("UPDATE agent_status_log SET ended_at = max(?, started_at) WHERE id = ?", (at, current[0]))
        at = max(at, tx.scalar("SELECT ended_at FROM agent_status_log WHERE id = ?", (current[0],)))
    tx.insert("agent_status_log", {"agent_id": agent_id, "status": "offline", "started_at": at}, audit=False)
    tx.changed("status", agent_id)
    return True


def close_dead_desks(store: Store, actor: str) -> list[int]:
    """Sessions silent for three beats end at their last beat; their agents go offline then.

    Any running desk may run this housekeeping. Returns the agent ids set offline.
    """
    with store.write(actor, *ANY_ROLE) as tx:
        beat_s = settings_lib.read(tx, "heartbeat_s")
        cutoff = iso(parse_iso(tx.now) - timedelta(seconds=beat_s * MISSED_BEATS))
        dead = tx.all(
            "SELECT id, agent_id, last_beat_at FROM desk_sessions WHERE ended_at IS NULL AND last_beat_at < ?",
            (cutoff,),
        )
        offline: list[int] = []
        for session_id, agent_id, last_beat in dead:
            tx.execute("UPDATE desk_sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL", (last_beat, session_id))
            alive = tx.scalar(
                "SELECT 1 FROM desk_sessions WHERE agent_id = ? AND ended_at IS NULL AND last_beat_at >= ?",
                (agent_id, cutoff),
            )
            if not alive and _go_offline(tx, agent_id, last_beat):
                offline.append(agent_id)
        return offline
