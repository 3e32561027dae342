"""What the CLI and the screens call: one agent's KPIs, the team scorecard, daily series, the F5 panel."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from store import settings as settings_lib
from store.access import ANY_ROLE, LEADS, Agent, get_agent, require_sees_agent
from store.clock import parse_iso
from store.conduct import ratings_in_tx
from store.db import Store, Tx
from store.errors import PermissionDenied
from store.kpi.assessment import target_marks
from store.kpi.cases import resolve_medians
from store.kpi.deductions import deduction_records
from store.kpi.figures import figures
from store.kpi.rows import agent_row, team_rows
from store.kpi_rules import SCORED
from store.messages import N_
from store.name_order import team_key
from store.periods import Period, range_bounds, resolve_period


def agent_kpis(store: Store, actor: str, login: str | None = None, period: str | Period | None = "month") -> dict[str, Any]:
    """One agent's KPIs (JSON keys KPI_KEYS). An agent may ask only for themself; a lead for their team."""
    with store.read(actor, *ANY_ROLE) as tx:
        target = tx.actor if not login else get_agent(tx.conn, login)
        require_sees_agent(tx.actor, target)
        return agent_row(tx, target, resolve_period(tx, period))


def team_kpis(store: Store, actor: str, period: str | Period | None = "month", team: str | None = None) -> list[dict[str, Any]]:
    """The team scorecard: a lead's own team; an admin names a team or gets every team."""
    with store.read(actor, *LEADS) as tx:
        p = resolve_period(tx, period)
        if tx.actor.role == "lead":
            if team and team != tx.actor.team:
                raise PermissionDenied(
                    N_("'{team}' is not your team ({your_team}); a lead sees only their own team."),
                    team=team, your_team=tx.actor.team,
                )
            assert tx.actor.team is not None  # a lead always has a team (store.agents)
            teams = [tx.actor.team]
        elif team:
            teams = [team]
        else:
            teams = sorted((t for (t,) in tx.all("SELECT DISTINCT team FROM agents WHERE team IS NOT NULL AND active = 1"
                                                 " AND role = 'agent'")), key=team_key)
        out = []
        for t in teams:
            out.extend(team_rows(tx, t, p))
        return out


def daily_series(store: Store, actor: str, login: str | None, names: tuple[str, ...], days: int = 30,
                 now: datetime | None = None) -> dict[str, list[Any]]:
    """The last `days` local days of each named figure (oldest first), for sparklines; same `figures` code."""
    with store.read(actor, *ANY_ROLE) as tx:
        target = tx.actor if not login else get_agent(tx.conn, login)
        require_sees_agent(tx.actor, target)
        return series_in_tx(tx, target, names, days, now)


def series_in_tx(tx: Tx, target: Agent, names: tuple[str, ...], days: int = 30,
                 now: datetime | None = None) -> dict[str, list[Any]]:
    """daily_series inside an open transaction, for an agent already checked."""
    zone = settings_lib.zone(tx)
    today = (now or parse_iso(tx.now)).astimezone(zone).date()
    out: dict[str, list[Any]] = {n: [] for n in names}
    for i in range(days - 1, -1, -1):
        day = today - timedelta(days=i)
        start, end = range_bounds(day, day, zone)
        f = figures(tx, [target.id], Period(day.isoformat(), day, day, start, end))[target.id]
        for n in names:
            out[n].append(f[n])
    return out


def kpi_panel(store: Store, actor: str, login: str | None = None, period: str | Period | None = "month",
              series: tuple[str, ...] = (), days: int = 30, now: datetime | None = None) -> dict[str, Any]:
    """Everything the F5 panel shows, in one read transaction.

    {period: the Period read, row: the agent's KPIs (as agent_kpis), targets: {scored KPI: target}, marks: {scored KPI: met | close |
    missed | None} (target_marks), series: {name: the last `days` days} (as daily_series), deductions: the
    conduct events with the points counted (as kpi_records "deductions"), ratings: the lead's ratings in
    the period (as conduct.list_ratings), case_medians: {case type: median seconds to resolve} (not scored)}.
    """
    with store.read(actor, *ANY_ROLE) as tx:
        target = tx.actor if not login else get_agent(tx.conn, login)
        require_sees_agent(tx.actor, target)
        p = resolve_period(tx, period)
        cfg = settings_lib.read_all(tx, target.team)
        row = agent_row(tx, target, p)
        return {
            "period": p,
            "row": row,
            "targets": {k: cfg["kpi_targets"][k] for k in SCORED},
            "marks": target_marks(row, cfg),
            "series": series_in_tx(tx, target, series, days, now),
            "deductions": deduction_records(tx, target.id, p),
            "ratings": ratings_in_tx(tx, target.login, p),
            "case_medians": resolve_medians(tx, target.id, p),
        }


def case_resolve_medians(store: Store, actor: str, login: str | None = None,
                         period: str | Period | None = "month") -> dict[str, int | None]:
    """{case type: median seconds to resolve} of the agent's cases resolved in the period (the F5 panel's
    "case_medians"; `agentdesk kpi` shows them beside the case KPIs, not scored)."""
    with store.read(actor, *ANY_ROLE) as tx:
        target = tx.actor if not login else get_agent(tx.conn, login)
        require_sees_agent(tx.actor, target)
        return resolve_medians(tx, target.id, resolve_period(tx, period))


def settings_for_kpis(store: Store, actor: str, team: str | None = None) -> dict[str, Any]:
    """The settings the KPI maths read for `team`'s agents (its own targets and weights over the centre's)."""
    return settings_lib.get_settings(store, actor, team)
