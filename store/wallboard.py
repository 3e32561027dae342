"""The lead's live wallboard: every agent they may see, their status now and their day.

One read transaction. Time in status and the over-limit mark are computed by
the screen from `since` and the limits, so they advance without a query.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from store import settings as settings_lib
from store.access import LEADS, agent_scope_sql
from store.card_views import views_last_hour
from store.clock import iso, parse_iso
from store.db import Store
from store.name_order import team_key
from store.periods import day_bounds
from store.status_time import LIMIT_KEYS
from store.wallboard_cases import board_cases


def wallboard(store: Store, actor: str, now: datetime | None = None) -> dict[str, Any]:
    """{'limits': {status: seconds}, 'agents': [...]} for the active agents in the lead's team (admins: all),
    team by team, each team in name order (store/name_order.py).

    Each agent: login, display_name, team, status, reason, since (UTC ISO or None when no status
    was ever set: offline), calls_today, callbacks_due_today, callbacks_overdue, card_views_last_hour
    (customer cards opened in the hour up to now; past 'card_views_limit', setting card_views_per_hour,
    0: no limit, the board shows it).
    'cases': the team's overdue and major cases, counts and the most urgent (store/wallboard_cases.py).
    """
    now = now or store.clock()
    with store.read(actor, *LEADS) as tx:
        start, end = day_bounds(now, settings_lib.zone(tx))
        now_iso = iso(now)
        limits = {status: settings_lib.read(tx, key) for status, key in LIMIT_KEYS.items()}
        views_limit = int(settings_lib.read(tx, "card_views_per_hour"))
        scope, params = agent_scope_sql(tx.actor, "a.id")
        agents = tx.all(
            "SELECT a.id, a.login, a.display_name, a.team FROM agents a"
            f" WHERE a.active = 1 AND a.role != 'admin' AND {scope} ORDER BY a.name_sort, a.login",
            params,
        )
        agents.sort(key=lambda row: team_key(row[3]))  # team by team, each in name order
        ids = [row[0] for row in agents]
        cases = board_cases(tx, now_iso)
        if not ids:
            return {"limits": limits, "card_views_limit": views_limit, "agents": [], "cases": cases}
        marks = ",".join("?" for _ in ids)
        status = {
            agent_id: (st, reason, since)
            for agent_id, st, reason, since in tx.all(
                "SELECT agent_id, status, reason, started_at FROM agent_status_log"
                f" WHERE ended_at IS NULL AND agent_id IN ({marks}) ORDER BY id",
                ids,
            )
        }
        calls: dict[int, int] = dict(
            tx.all(
                f"SELECT agent_id, count(*) FROM calls WHERE agent_id IN ({marks})"
                " AND started_at >= ? AND started_at < ? GROUP BY agent_id",
                (*ids, start, end),
            )
        )
        callbacks = {
            owner: (overdue or 0, due or 0)
            for owner, overdue, due in tx.all(
                "SELECT owner_id, sum(due_at < ?), sum(due_at >= ? AND due_at < ?) FROM callbacks"
                f" WHERE status = 'open' AND owner_id IN ({marks}) GROUP BY owner_id",
                (now_iso, now_iso, end, *ids),
            )
        }
        views = views_last_hour(tx, ids)
    rows = []
    for agent_id, login, name, team in agents:
        st, reason, since = status.get(agent_id, ("offline", None, None))
        overdue, due = callbacks.get(agent_id, (0, 0))
        rows.append({
            "login": login, "display_name": name, "team": team, "status": st, "reason": reason, "since": since,
            "calls_today": calls.get(agent_id, 0), "callbacks_due_today": due, "callbacks_overdue": overdue,
            "card_views_last_hour": views.get(agent_id, 0),
        })
    return {"limits": limits, "card_views_limit": views_limit, "agents": rows, "cases": cases}


def card_views_over(board: dict[str, Any]) -> list[dict[str, Any]]:
    """The agents of the board who opened more customer cards in the last hour than the limit."""
    limit = board.get("card_views_limit") or 0
    return [row for row in board["agents"] if limit and row["card_views_last_hour"] > limit]


def seconds_in_status(since: str | None, now: datetime) -> int | None:
    if since is None:
        return None
    return max(0, int((now - parse_iso(since)).total_seconds()))


def over_limit(row: dict[str, Any], limits: dict[str, Any], now: datetime) -> bool:
    limit: int | None = limits.get(row["status"])
    seconds = seconds_in_status(row["since"], now)
    if not limit or seconds is None:
        return False
    return seconds > limit
