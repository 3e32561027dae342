"""The audit log read back: who changed what (and who opened which customer card), and how their login was proven (leads: their team; admins: all).

A lead sees the rows their team's people wrote (the lead included) and the changes to their team's agent
records, whoever made them; an admin sees every row; an agent none. A listing is a page, newest first
(time, then id), cut by table, actor and a start time, for the whole log, one agent (what they did and
what was done to their record) or one customer (their record, phones, calls and callbacks). Each part of
a listing is an index range read newest first that stops at the page's size: for a lead one range per
person of the team, so a quiet team costs no more than a busy centre.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from store import audit_values
from store import settings as settings_lib
from store.access import ANY_ROLE, Agent, find_agent, get_agent, require_sees_agent
from store.audit_records import AUDIT_COLUMNS, AuditEntry, AuditPage
from store.db import Store, Tx
from store.errors import NotFound, PermissionDenied, ValidationError
from store.exporter import parse_since
from store.messages import N_

AUDIT_PAGE = 200
AUDIT_MAX_PAGE = 10_000

Part = tuple[str, list[Any]]  # a WHERE fragment on audit_log l and its parameters
ROWS = "audit_log_row"  # (table_name, row_id): the index of a part that names rows; without it SQLite would
# rather walk every row of the table newest first (audit_log_table_at) than sort a customer's few rows


def require_audit_reader(actor: Agent) -> None:
    if actor.role == "agent":
        raise PermissionDenied(N_("only leads and admins see the audit log; '{login}' is an agent."), login=actor.login)


def _customer_parts(tx: Tx, customer_id: int) -> list[Part]:
    """What is the customer's: their record, the phones they have, their calls and callbacks."""
    if tx.scalar("SELECT id FROM customers WHERE id = ?", (customer_id,)) is None:
        raise NotFound(N_("there is no customer #{customer_id}."), customer_id=customer_id)
    return [("l.table_name = 'customers' AND l.row_id = ?", [customer_id])] + [
        (f"l.table_name = '{table}' AND l.row_id IN (SELECT id FROM {table} WHERE customer_id = ?)", [customer_id])
        for table in ("customer_phones", "calls", "callbacks", "card_views")
    ]


def _team(tx: Tx, team: str | None) -> list[tuple[int, str]]:
    return [(r[0], r[1]) for r in tx.all("SELECT id, login FROM agents WHERE team = ? ORDER BY login", (team,))]


def _parts(tx: Tx, customer_id: int | None, agent: str | None) -> tuple[list[Part], Part | None]:
    """The index ranges of the listing, and the lead's scope on them when a range does not keep to it."""
    actor = tx.actor
    if agent is not None:
        target = get_agent(tx.conn, agent)
        require_sees_agent(actor, target)  # a lead: their team's people only
        return [("l.actor = ?", [target.login]), ("l.table_name = 'agents' AND l.row_id = ?", [target.id])], None
    team = _team(tx, actor.team) if actor.role == "lead" else []
    if customer_id is not None:
        parts = _customer_parts(tx, customer_id)
        if actor.role == "lead":
            logins = [login for _id, login in team]
            return parts, (f"l.actor IN ({', '.join('?' for _ in logins)})", logins)
        return parts, None
    if actor.role == "admin":
        return [("1", [])], None
    ids = [agent_id for agent_id, _login in team]
    return [("l.actor = ?", [login]) for _id, login in team] + [
        (f"l.table_name = 'agents' AND l.row_id IN ({', '.join('?' for _ in ids)})", ids)], None


def _filters(tx: Tx, table: str | None, by: str | None, since: str | None,
             before: tuple[str, int] | None) -> Part:
    sql = ""
    params: list[Any] = []
    if table:
        sql += " AND l.table_name = ?"
        params.append(table)
    if by:
        by_agent = find_agent(tx.conn, by)
        if by_agent is not None:
            require_sees_agent(tx.actor, by_agent)  # a lead asking for another team's person is told so
        sql += " AND l.actor = ?"
        params.append(by)
    bound = parse_since(since, settings_lib.zone(tx))
    if bound is not None:
        sql += " AND l.at >= ?"
        params.append(bound.value)
    if before is not None:  # the keyset cursor: older than the last row shown (at, then id)
        sql += " AND l.at <= ? AND (l.at < ? OR l.id < ?)"
        params += [before[0], before[0], before[1]]
    return sql, params


def _index_for(where: str) -> str:
    return f" INDEXED BY {ROWS}" if "l.row_id" in where else ""


def restored(tx: Tx, entry: AuditEntry) -> AuditEntry:
    """The row with its personal values back from `audit_values` (`[erased]` once erased)."""
    return replace(entry, before=audit_values.restore(tx.conn, entry.id, "before", entry.before),
                   after=audit_values.restore(tx.conn, entry.id, "after", entry.after))


def list_audit(store: Store, actor: str, *, table: str | None = None, by: str | None = None,
               since: str | None = None, customer_id: int | None = None, agent: str | None = None,
               limit: int = AUDIT_PAGE, before: tuple[str, int] | None = None) -> AuditPage:
    """A page of the audit log, newest first; `before` is the `next` of the page shown (older rows).

    `since`: a day (local midnight in the centre's zone) or an ISO time; `by`: the acting login;
    `customer_id` / `agent`: one customer's or one agent's rows.
    """
    if not 1 <= limit <= AUDIT_MAX_PAGE:
        raise ValidationError("limit", N_("limit: give 1 to {most} rows."), most=AUDIT_MAX_PAGE)
    with store.read(actor, *ANY_ROLE) as tx:
        require_audit_reader(tx.actor)
        parts, scope = _parts(tx, customer_id, agent)
        extra, extra_params = _filters(tx, table, by, since, before)
        if scope is not None:
            extra, extra_params = f" AND {scope[0]}{extra}", [*scope[1], *extra_params]
        order = " ORDER BY l.at DESC, l.id DESC LIMIT ?"
        branches = [(f"SELECT {AUDIT_COLUMNS} FROM audit_log l{_index_for(where)} WHERE {where}{extra}{order}",
                     [*params, *extra_params, limit + 1]) for where, params in parts]
        if len(branches) == 1:
            sql, params = branches[0]
        else:  # each branch newest first and cut at the page, then merged (UNION: a row in two branches once)
            sql = (" UNION ".join(f"SELECT * FROM ({branch})" for branch, _p in branches)
                   + " ORDER BY 2 DESC, 1 DESC LIMIT ?")
            params = [p for _b, branch_params in branches for p in branch_params] + [limit + 1]
        rows = [restored(tx, AuditEntry.from_row(r)) for r in tx.all(sql, params)]
    page = tuple(rows[:limit])
    return AuditPage(page, (page[-1].at, page[-1].id) if len(rows) > limit else None)
