"""Whole KPI rows of agents and teams: live, or frozen by a closed period."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from store import settings as settings_lib
from store.access import AGENT_COLUMNS, Agent, agent_from_row
from store.db import Tx
from store.kpi.assessment import assess
from store.kpi.figures import KPI_KEYS, figures
from store.kpi.sql import placeholders
from store.periods import Period


def team_members(tx: Tx, team: str | None) -> list[Agent]:
    """The team's active agents (role agent): the ones ranked; in name order (store/name_order.py)."""
    if not team:
        return []
    return [agent_from_row(r) for r in tx.all(
        f"SELECT {AGENT_COLUMNS} FROM agents WHERE team = ? AND active = 1 AND role = 'agent' ORDER BY name_sort, login", (team,))]


def kpi_row(agent: Agent, period: Period, f: dict[str, Any], closed: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"agent": agent.login, "period_start": period.start, "period_end": period.end}
    out.update({k: f.get(k) for k in KPI_KEYS[3:-1]})
    out["closed"] = closed
    return out


def frozen_rows(tx: Tx, team: str | None, period: Period) -> dict[int, dict[str, Any]] | None:
    """The frozen scorecard of a closed period of `team`, or None when it is not closed."""
    if not team:
        return None
    close_id = tx.scalar(
        "SELECT id FROM period_closes WHERE team = ? AND period_start = ? AND period_end = ? AND reopened_at IS NULL",
        (team, period.start, period.end),
    )
    if close_id is None:
        return None
    out: dict[int, dict[str, Any]] = {}
    for aid, figures_json, score, grade, rank, coefficient, note in tx.all(
        "SELECT agent_id, figures, score, grade, rank, bonus_coefficient, review_note FROM scorecard_rows"
        " WHERE close_id = ?", (close_id,)
    ):
        f = json.loads(figures_json)
        f.update(score=score, grade=grade, rank=rank, bonus_coefficient=coefficient, review_note=note)
        out[aid] = f
    return out


def live_team(tx: Tx, team: str | None, period: Period,
              extra: Sequence[Agent] = ()) -> dict[int, tuple[Agent, dict[str, Any]]]:
    """The team's ranked agents (and `extra` ones, unranked) with their live, assessed figures."""
    members = team_members(tx, team)
    agents = {a.id: a for a in [*members, *extra]}
    cfg = settings_lib.read_all(tx, team)  # the team's own targets and weights over the centre's
    rows = figures(tx, list(agents), period)
    assess(rows, [a.id for a in members], cfg)
    return {aid: (agents[aid], rows[aid]) for aid in agents}


def agent_row(tx: Tx, agent: Agent, period: Period) -> dict[str, Any]:
    frozen = frozen_rows(tx, agent.team, period)
    if frozen is not None and agent.id in frozen:
        return kpi_row(agent, period, frozen[agent.id], True)
    live = live_team(tx, agent.team, period, extra=[agent])
    return kpi_row(agent, period, live[agent.id][1], False)


def team_rows(tx: Tx, team: str, period: Period) -> list[dict[str, Any]]:
    """Every ranked agent of `team` (frozen if the period is closed), with display_name and review_note; by rank,
    agents sharing a rank in name order (store/name_order.py), the unranked last."""
    frozen = frozen_rows(tx, team, period)
    if frozen is not None:
        agents = {r[0]: agent_from_row(r) for r in tx.all(
            f"SELECT {AGENT_COLUMNS} FROM agents WHERE id IN ({placeholders(frozen)})", list(frozen))} if frozen else {}
        pairs = [(agents[aid], f) for aid, f in frozen.items()]
        closed = True
    else:
        pairs = list(live_team(tx, team, period).values())
        closed = False
    out = []
    for agent, f in sorted(pairs, key=lambda p: (p[0].name_sort, p[0].login)):  # ties in rank: by name
        row = kpi_row(agent, period, f, closed)
        row["display_name"], row["team"], row["review_note"] = agent.display_name, team, f.get("review_note", "")
        out.append(row)
    return sorted(out, key=lambda r: (r["rank"] is None, r["rank"] or 0))
