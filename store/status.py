"""Agent status (ready, on call, wrap-up, break, offline), logged with times."""

from __future__ import annotations

from typing import Any

from store.access import ANY_ROLE
from store.db import Store, Tx
from store.validate import clean_text, one_of
from store.vocab import AGENT_STATUSES, BREAK_REASONS


def set_status(store: Store, actor: str, status: str, reason: str | None = None) -> None:
    status = one_of(status, "status", AGENT_STATUSES)
    if status == "break":
        reason = one_of(reason or "other", "reason", BREAK_REASONS)
    else:
        reason = clean_text(reason, "reason", 80) or None
    with store.write(actor, *ANY_ROLE) as tx:
        current = tx.one(
            "SELECT id, status, reason FROM agent_status_log WHERE agent_id = ? AND ended_at IS NULL",
            (tx.actor.id,),
        )
        if current and current[1] == status and current[2] == reason:
            return
        if current:
            tx.execute("UPDATE agent_status_log SET ended_at = ? WHERE id = ?", (tx.now, current[0]))
        tx.insert(
            "agent_status_log",
            {"agent_id": tx.actor.id, "status": status, "reason": reason, "started_at": tx.now},
            audit=False,
        )
        tx.changed("status", tx.actor.id)


def current_status(store: Store, actor: str) -> dict[str, Any]:
    """{'status', 'reason', 'since'}; offline when nothing is open."""
    with store.read(actor, *ANY_ROLE) as tx:
        return status_of(tx, tx.actor.id)


def status_of(tx: Tx, agent_id: int) -> dict[str, Any]:
    """current_status inside an open transaction."""
    row = tx.one(
        "SELECT status, reason, started_at FROM agent_status_log"
        " WHERE agent_id = ? AND ended_at IS NULL ORDER BY id DESC LIMIT 1",
        (agent_id,),
    )
    if row is None:
        return {"status": "offline", "reason": None, "since": None}
    return {"status": row[0], "reason": row[1], "since": row[2]}
