"""Who may do what. Checked inside each store function's own transaction.

agent: their own work; lead: their team; admin: everything.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from store.errors import NotFound, PermissionDenied
from store.messages import N_

ROLES = ("agent", "lead", "admin")
ANY_ROLE = ROLES
LEADS = ("lead", "admin")
ADMINS = ("admin",)
# a refusal names the roles in its own words, so that a translation can say them (a slug passed in cannot)
# the usual refusals, each its own message id with its roles in words (the catalog translates the roles)
AGENT_NOT_LEAD = N_("agent '{login}' has the role agent; this needs the role lead or admin.")
AGENT_NOT_ADMIN = N_("agent '{login}' has the role agent; this needs the role admin.")
LEAD_NOT_ADMIN = N_("agent '{login}' has the role lead; this needs the role admin.")


@dataclass(frozen=True)
class Agent:
    id: int
    login: str
    display_name: str
    role: str
    team: str | None
    extension: str | None
    active: bool
    name_sort: str = ""  # where the agent's name goes in a list (store/name_order.py); not shown

    def as_json(self) -> dict[str, Any]:
        return {
            "login": self.login,
            "display_name": self.display_name,
            "role": self.role,
            "team": self.team,
            "extension": self.extension,
            "active": self.active,
        }


AGENT_COLUMNS = "id, login, display_name, role, team, extension, active, name_sort"


def agent_from_row(row: tuple[Any, ...]) -> Agent:
    return Agent(row[0], row[1], row[2], row[3], row[4], row[5], bool(row[6]), row[7])


def find_agent(conn: sqlite3.Connection, login: str) -> Agent | None:
    cur = conn.execute(f"SELECT {AGENT_COLUMNS} FROM agents WHERE login = ?", (login,))
    row = cur.fetchone()
    cur.close()
    return agent_from_row(row) if row else None


def get_agent(conn: sqlite3.Connection, login: str) -> Agent:
    agent = find_agent(conn, login)
    if agent is None:
        raise NotFound(N_("there is no agent with login '{login}'."), login=login)
    return agent


def load_actor(conn: sqlite3.Connection, login: str | None, roles: tuple[str, ...]) -> Agent:
    """The acting agent, checked: exists, active, holds one of `roles`."""
    if not login:
        raise PermissionDenied(N_("no acting agent given: pass --agent LOGIN or set AGENTDESK_AGENT."))
    agent = find_agent(conn, login)
    if agent is None:
        cur = conn.execute("SELECT count(*) FROM agents")
        empty = cur.fetchone()[0] == 0
        cur.close()
        if empty:
            raise PermissionDenied(
                N_("this store has no agents yet: add the first admin with 'agentdesk agents add {login} --name "
                   "NAME --role admin', or try 'agentdesk demo'."),
                login=login,
            )
        raise PermissionDenied(
            N_("'{login}' is not an agent in this store: an admin adds one with 'agentdesk agents add {login} "
               "--name NAME --role agent --team TEAM', or try 'agentdesk demo'."),
            login=login,
        )
    if not agent.active:
        raise PermissionDenied(
            N_("agent '{login}' is inactive: an admin can reactivate them with 'agentdesk agents set {login} "
               "--active'."),
            login=login,
        )
    if roles and agent.role not in roles:
        wanted = tuple(roles)
        if agent.role == "agent" and wanted == LEADS:
            raise PermissionDenied(AGENT_NOT_LEAD, login=login)
        if agent.role == "agent" and wanted == ADMINS:
            raise PermissionDenied(AGENT_NOT_ADMIN, login=login)
        if agent.role == "lead" and wanted == ADMINS:
            raise PermissionDenied(LEAD_NOT_ADMIN, login=login)
        raise PermissionDenied(
            N_("agent '{login}' has the role {role}; this needs the role {roles}."),
            login=login, role=agent.role, roles=' or '.join(roles),
        )
    return agent


def can_see_agent(actor: Agent, target: Agent) -> bool:
    if actor.role == "admin":
        return True
    if actor.role == "lead":
        return target.team is not None and target.team == actor.team
    return actor.id == target.id


def require_sees_agent(actor: Agent, target: Agent) -> None:
    if not can_see_agent(actor, target):
        if actor.role == "lead":
            raise PermissionDenied(
                N_("'{login}' is not in your team ({team}); a lead sees only their own team."),
                login=target.login, team=actor.team,
            )
        raise PermissionDenied(N_("an agent may only see their own work."))


def agent_scope_sql(actor: Agent, agent_col: str = "agent_id") -> tuple[str, tuple[object, ...]]:
    """A WHERE fragment limiting rows to what `actor` may see, and its parameters."""
    if actor.role == "admin":
        return "1", ()
    if actor.role == "lead":
        return f"{agent_col} IN (SELECT id FROM agents WHERE team = ?)", (actor.team,)
    return f"{agent_col} = ?", (actor.id,)
