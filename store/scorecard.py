"""The team scorecard: closing a period freezes it; reopening is audited; exports as csv, json, md."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, fields
from typing import Any

from store import kpi
from store.access import LEADS
from store.csv_safe import SafeWriter
from store.db import Store, Tx
from store.errors import Conflict, NotFound, PermissionDenied, ValidationError
from store.messages import N_
from store.periods import Period
from store.validate import clean_text

EXPORT_KEYS = ("agent", "display_name", *kpi.KPI_KEYS[3:-1], "closed", "review_note")


def _team_in_charge(tx: Tx, team: str | None) -> str:
    if tx.actor.role == "lead":
        if team and team != tx.actor.team:
            raise PermissionDenied(
                N_("'{team}' is not your team ({your_team}); a lead closes only their own team's periods."),
                team=team, your_team=tx.actor.team,
            )
        assert tx.actor.team is not None  # a lead always has a team (store.agents)
        return tx.actor.team
    if not team:
        raise ValidationError("team", N_("team: an admin names the team whose period to close (--team TEAM)."))
    if not tx.scalar("SELECT 1 FROM agents WHERE team = ?", (team,)):
        raise NotFound(N_("there is no team '{team}'."), team=team)
    return team


def close_period(store: Store, actor: str, period: str | Period | None, team: str | None = None, notes: dict[str, str] | None = None) -> int:
    """Freeze the team's scorecard for the period as it stands now, with a review note per agent (login -> note)."""
    notes = {login: clean_text(note, "review_note", 2000, multiline=True) for login, note in (notes or {}).items()}
    with store.write(actor, *LEADS) as tx:
        team = _team_in_charge(tx, team)
        p = kpi.resolve_period(tx, period)
        if kpi.frozen_rows(tx, team, p) is not None:
            raise Conflict(
                N_("{label} is already closed for team {team}; reopen it first."),
                label=p.label, team=team,
            )
        live = kpi.live_team(tx, team, p)
        unknown = sorted(set(notes) - {a.login for a, _ in live.values()})
        if unknown:
            raise ValidationError(
                "review_note",
                N_("review_note: '{entry}' is not a ranked agent of team {team}."),
                entry=unknown[0], team=team,
            )
        close_id = tx.insert("period_closes", {
            "team": team, "period_label": p.label, "period_start": p.start, "period_end": p.end,
            "closed_at": tx.now, "closed_by": tx.login,
        })
        for aid, (agent, f) in live.items():
            frozen = {k: f[k] for k in kpi.FIGURE_KEYS}
            tx.execute(
                "INSERT INTO scorecard_rows (close_id, agent_id, figures, score, grade, rank, bonus_coefficient,"
                " review_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (close_id, aid, json.dumps(frozen), f["score"], f["grade"], f["rank"], f["bonus_coefficient"],
                 notes.get(agent.login, "")),
            )
        tx.changed("agents")
        return close_id


def _open_close_id(tx: Tx, team: str, p: Period) -> int:
    close_id = tx.scalar(
        "SELECT id FROM period_closes WHERE team = ? AND period_start = ? AND period_end = ? AND reopened_at IS NULL",
        (team, p.start, p.end))
    if close_id is None:
        raise NotFound(N_("{label} is not closed for team {team}."), label=p.label, team=team)
    return int(close_id)


def reopen_period(store: Store, actor: str, period: str | Period | None, team: str | None = None, reason: str = "") -> int:
    """Reopen a closed period (the frozen rows stay, marked reopened); audited with the reason."""
    reason = clean_text(reason, "reason", 500, required=True)
    with store.write(actor, *LEADS) as tx:
        team = _team_in_charge(tx, team)
        close_id = _open_close_id(tx, team, kpi.resolve_period(tx, period))
        tx.update("period_closes", close_id, {"reopened_at": tx.now, "reopened_by": tx.login, "reopen_reason": reason})
        tx.changed("agents")
        return close_id


@dataclass(frozen=True)
class PeriodClose:
    """A period closed for a team (its scorecard frozen), and its reopening if any."""

    id: int
    team: str | None
    period_label: str
    period_start: str
    period_end: str
    closed_at: str
    closed_by: str
    reopened_at: str | None
    reopened_by: str | None
    reopen_reason: str | None


def list_closes(store: Store, actor: str, team: str | None = None) -> list[PeriodClose]:
    keys = [f.name for f in fields(PeriodClose)]
    with store.read(actor, *LEADS) as tx:
        if tx.actor.role == "lead":
            team = tx.actor.team
        sql = f"SELECT {', '.join(keys)} FROM period_closes"
        params: tuple[Any, ...] = ()
        if team:
            sql += " WHERE team = ?"
            params = (team,)
        return [PeriodClose(*r) for r in tx.all(sql + " ORDER BY period_start DESC, id DESC", params)]


# -- export ------------------------------------------------------------------------------------
def sort_rows(rows: list[dict[str, Any]], column: str, descending: bool = False) -> list[dict[str, Any]]:
    """Sort by any column; None always last, whatever the direction."""
    present = [r for r in rows if r.get(column) is not None]
    missing = [r for r in rows if r.get(column) is None]
    return sorted(present, key=lambda r: r[column], reverse=descending) + missing


def export(rows: list[dict[str, Any]], fmt: str) -> str:
    """The scorecard as csv, json or md text (None: empty cell in csv, "—" in md, null in json)."""
    if fmt == "json":
        return json.dumps([{k: r.get(k) for k in EXPORT_KEYS} for r in rows], ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = SafeWriter(buf, lineterminator="\n")  # agents' names are user text
        writer.writerow(EXPORT_KEYS)
        for r in rows:
            writer.writerow(["" if r.get(k) is None else r.get(k) for k in EXPORT_KEYS])
        return buf.getvalue()
    if fmt == "md":
        def cell(value: object) -> str:
            return "—" if value is None else str(value).replace("|", "\\|").replace("\n", " ")

        lines = ["| " + " | ".join(EXPORT_KEYS) + " |", "|" + "---|" * len(EXPORT_KEYS)]
        lines += ["| " + " | ".join(cell(r.get(k)) for k in EXPORT_KEYS) + " |" for r in rows]
        return "\n".join(lines) + "\n"
    raise ValidationError("format", N_("format: '{fmt}' is not csv, json or md."), fmt=fmt)
