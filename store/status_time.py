"""How long agents stay in a status: today's log for the F7 screen, and who is past a limit.

`status_overruns` is what a lead's wallboard marks: an agent whose open
wrap-up or break has lasted longer than the `wrap_limit_s` / `break_limit_s`
settings. The desk nudges the agent from the same numbers (`limits`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from store import settings as settings_lib
from store.access import ANY_ROLE, agent_scope_sql
from store.clock import iso, parse_iso
from store.db import Store
from store.periods import day_bounds

LIMIT_KEYS = {"wrap-up": "wrap_limit_s", "break": "break_limit_s"}


def limits(store: Store, actor: str) -> dict[str, Any]:
    """{'wrap-up': seconds, 'break': seconds, 'heartbeat_s': seconds} from the settings."""
    with store.read(actor, *ANY_ROLE) as tx:
        out = {status: settings_lib.read(tx, key) for status, key in LIMIT_KEYS.items()}
        out["heartbeat_s"] = settings_lib.read(tx, "heartbeat_s")
        return out


def status_day(store: Store, actor: str, now: datetime | None = None) -> list[dict[str, Any]]:
    """The acting agent's status changes of the local day, oldest first, with seconds spent (open: until now)."""
    now = now or store.clock()
    with store.read(actor, *ANY_ROLE) as tx:
        start, end = day_bounds(now, settings_lib.zone(tx))
        rows = tx.all(
            "SELECT status, reason, started_at, ended_at FROM agent_status_log"
            " WHERE agent_id = ? AND started_at < ? AND coalesce(ended_at, ?) >= ? ORDER BY started_at, id",
            (tx.actor.id, end, iso(now), start),
        )
    out = []
    for status, reason, started, ended in rows:
        until = parse_iso(ended) if ended else now
        out.append({"status": status, "reason": reason, "started_at": started, "ended_at": ended,
                    "seconds": max(0, int((until - parse_iso(started)).total_seconds()))})
    return out


def status_overruns(store: Store, actor: str, now: datetime | None = None) -> list[dict[str, Any]]:
    """Agents the actor may see whose open wrap-up or break is past its limit, longest first.

    Each: login, display_name, status, reason, since, seconds, limit_s.
    """
    now = now or store.clock()
    with store.read(actor, *ANY_ROLE) as tx:
        limit = {status: settings_lib.read(tx, key) for status, key in LIMIT_KEYS.items()}
        scope, params = agent_scope_sql(tx.actor, "l.agent_id")
        rows = tx.all(
            "SELECT a.login, a.display_name, l.status, l.reason, l.started_at FROM agent_status_log l"
            " JOIN agents a ON a.id = l.agent_id"
            f" WHERE l.ended_at IS NULL AND l.status IN ('wrap-up', 'break') AND {scope}",
            params,
        )
    out = []
    for login, name, status, reason, since in rows:
        seconds = int((now - parse_iso(since)).total_seconds())
        if seconds > limit[status]:
            out.append({"login": login, "display_name": name, "status": status, "reason": reason,
                        "since": since, "seconds": seconds, "limit_s": limit[status]})
    return sorted(out, key=lambda r: -r["seconds"])
