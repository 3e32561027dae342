"""Agents: who works the desk. Only admins manage them, except the very first."""

from __future__ import annotations

import re
from typing import Any

from store.access import ADMINS, AGENT_COLUMNS, ANY_ROLE, Agent, agent_from_row, find_agent, get_agent, load_actor
from store.db import Store
from store.errors import Conflict, PermissionDenied, ValidationError
from store.messages import N_
from store.name_order import sort_key, team_key
from store.validate import clean_text, one_of
from store.vocab import ROLES

_LOGIN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,31}$")


def _checked_login(value: str) -> str:
    login = (value or "").strip().lower()
    if not _LOGIN.match(login):
        raise ValidationError(
            "login",
            N_("login: '{value}' is not a valid login; use 1-32 lower-case letters, digits, '.', '_' or '-'."),
            value=value,
        )
    return login


def _checked_extension(value: object) -> str | None:
    if value is None or str(value).strip() == "":
        return None
    ext = str(value).strip()
    if not ext.isdigit() or len(ext) > 10:
        raise ValidationError(
            "extension",
            N_("extension: '{value}' is not a phone extension; use digits only, e.g. 8001."),
            value=value,
        )
    return ext


def add_agent(store: Store, actor: str | None, login: str, name: str, role: str, team: str | None,
              extension: str | int | None = None) -> Agent:
    """Add an agent. On an empty store anyone may add the first agent, who must be an admin."""
    login = _checked_login(login)
    name = clean_text(name, "name", 80, required=True)
    role = one_of(role, "role", ROLES)
    team = clean_text(team, "team", 40) or None
    extension = _checked_extension(extension)
    if role in ("agent", "lead") and not team:
        raise ValidationError("team", N_("team: a {role} needs a team; pass --team TEAM."), role=role)
    with store.write(None) as tx:
        if tx.scalar("SELECT count(*) FROM agents") == 0:
            if role != "admin":
                raise PermissionDenied(
                    N_("this store has no agents yet: the first one must be an admin (--role admin).")
                )
            bound = store.bound_to
            if bound is not None and login != bound:
                raise PermissionDenied(N_("the first admin of this store must be you, '{bound}', whom the system "
                                          "proved."), bound=bound)
            tx.audit_as = login  # the bootstrap admin is recorded as acting for themself
        else:
            tx.actor = load_actor(tx.conn, actor, ADMINS)
        if find_agent(tx.conn, login):
            raise Conflict(
                N_("an agent with login '{login}' already exists; use 'agentdesk agents set {login}'."),
                login=login,
            )
        if extension and tx.scalar("SELECT login FROM agents WHERE extension = ?", (extension,)):
            other = tx.scalar("SELECT login FROM agents WHERE extension = ?", (extension,))
            raise Conflict(
                N_("extension {extension} already belongs to '{other}'."),
                extension=extension, other=other,
            )
        row_id = tx.insert(
            "agents",
            {
                "login": login,
                "display_name": name,
                "role": role,
                "team": team,
                "extension": extension,
                "active": 1,
                "name_sort": sort_key(name),
                "created_at": tx.now,
                "updated_at": tx.now,
            },
        )
        tx.changed("agents", row_id)
        return get_agent(tx.conn, login)


_UNSET = object()


def set_agent(store: Store, actor: str, login: str, *, name: str | None = None, role: str | None = None,
              team: str | None | object = _UNSET, extension: str | int | None | object = _UNSET,
              active: bool | None = None) -> Agent:
    """Change an agent's details (admins only); audited."""
    with store.write(actor, *ADMINS) as tx:
        target = get_agent(tx.conn, _checked_login(login))
        values: dict[str, Any] = {}
        if name is not None:
            values["display_name"] = clean_text(name, "name", 80, required=True)
        if role is not None:
            values["role"] = one_of(role, "role", ROLES)
        if team is not _UNSET:
            values["team"] = clean_text(team, "team", 40) or None
        if extension is not _UNSET:
            ext = _checked_extension(extension)
            other = tx.scalar("SELECT login FROM agents WHERE extension = ? AND id != ?", (ext, target.id)) if ext else None
            if other:
                raise Conflict(N_("extension {extension} already belongs to '{other}'."), extension=ext, other=other)
            values["extension"] = ext
        if active is not None:
            values["active"] = 1 if active else 0
        if target.id == tx.actor.id and (values.get("active") == 0 or values.get("role", "admin") != "admin"):
            admins = tx.scalar("SELECT count(*) FROM agents WHERE role = 'admin' AND active = 1")
            if admins <= 1:
                raise PermissionDenied(N_("you are the last active admin: add another admin before you step down."))
        new_role = values.get("role", target.role)
        new_team = values.get("team", target.team)
        if new_role in ("agent", "lead") and not new_team:
            raise ValidationError("team", N_("team: a {role} needs a team; pass --team TEAM."), role=new_role)
        if values:
            values["updated_at"] = tx.now
            changed = tx.update("agents", target.id, values)
            if "display_name" in changed:  # not audited: it follows the name, which is
                tx.execute("UPDATE agents SET name_sort = ? WHERE id = ?", (sort_key(values["display_name"]), target.id))
            if set(changed) - {"updated_at"}:
                tx.changed("agents", target.id)
        return get_agent(tx.conn, target.login)


def list_agents(store: Store, actor: str, team: str | None = None, include_inactive: bool = True) -> list[Agent]:
    """Every agent (any active agent may see the roster: names, roles, teams), team by team in name order."""
    with store.read(actor, *ANY_ROLE) as tx:
        sql = f"SELECT {AGENT_COLUMNS} FROM agents WHERE 1"
        params: list[Any] = []
        if team:
            sql += " AND team = ?"
            params.append(team)
        if not include_inactive:
            sql += " AND active = 1"
        sql += " ORDER BY role DESC, name_sort, login"  # leads first, then by name (pinyin for Chinese)
        return sorted((agent_from_row(r) for r in tx.all(sql, params)), key=lambda a: team_key(a.team))


def has_agents(store: Store) -> bool:
    """Whether anyone has been added yet (the first agent added must be an admin)."""
    with store.read(None) as tx:
        return bool(tx.scalar("SELECT EXISTS (SELECT 1 FROM agents)"))


def whoami(store: Store, actor: str) -> Agent:
    with store.read(actor, *ANY_ROLE) as tx:
        return tx.actor
