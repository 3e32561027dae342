"""The phone system and cron are accounts too: an OS account mapped to a service login that may run
only a fixed list of verbs (commands). Admins keep the map; a bound run (tui/bound.py) reads it to
learn who an OS account acts as and what it may do.

The verbs are command names, not store roles: the store's role checks still apply to the login.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.access import ADMINS, get_agent
from store.db import Store
from store.errors import NotFound, ValidationError
from store.messages import N_

# what the phone system and cron run (tui/bound.py checks a bound run's command against these)
VERBS = ("ring", "missed", "survey", "import surveys", "backup", "callbacks grace", "return-visits generate")
# what only a service account may run in a bound run: the phone system's own events (a person who could
# ring, miss or answer surveys as the PBX could raise their own satisfaction or empty a colleague's desk)
SERVICE_ONLY = ("ring", "missed", "survey", "import surveys")
_OS_USER = re.compile(r"^[a-z_][a-z0-9_.-]{0,31}\$?$")


@dataclass(frozen=True)
class ServiceAccount:
    os_user: str
    login: str
    verbs: tuple[str, ...]

    def as_json(self) -> dict[str, object]:
        return {"os_user": self.os_user, "login": self.login, "verbs": list(self.verbs)}


def checked_verbs(value: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """'ring, missed' -> ('missed', 'ring'): each one of VERBS, at least one."""
    items = value.split(",") if isinstance(value, str) else list(value)
    verbs = sorted({" ".join(v.split()) for v in items if v.strip()})
    unknown = [v for v in verbs if v not in VERBS]
    if unknown or not verbs:
        raise ValidationError("verbs", N_("verbs: '{value}' is not a list of {verbs}; separate them with commas."),
                              value=", ".join(unknown) if unknown else "", verbs=", ".join(VERBS))
    return tuple(verbs)


def _checked_os_user(value: str) -> str:
    name = (value or "").strip()
    if not _OS_USER.match(name):
        raise ValidationError("os_user", N_("os_user: '{value}' is not an OS account name, e.g. asterisk."), value=value)
    return name


def map_service(store: Store, actor: str, os_user: str, login: str, verbs: str | list[str]) -> ServiceAccount:
    """Map (or remap) an OS account to a service login and its verbs. Admins only."""
    os_user, wanted = _checked_os_user(os_user), checked_verbs(verbs)
    with store.write(actor, *ADMINS) as tx:
        get_agent(tx.conn, login)  # a clear NotFound for an unknown login
        before = tx.one("SELECT login, verbs FROM service_accounts WHERE os_user = ?", (os_user,))
        tx.execute(
            "INSERT INTO service_accounts (os_user, login, verbs, created_at, created_by) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (os_user) DO UPDATE SET login = excluded.login, verbs = excluded.verbs",
            (os_user, login, ",".join(wanted), tx.now, tx.login),
        )
        row_id = int(tx.scalar("SELECT rowid FROM service_accounts WHERE os_user = ?", (os_user,)))
        tx.audit("service_accounts", row_id, "update" if before else "insert",
                 dict(before) if before else None, {"os_user": os_user, "login": login, "verbs": ",".join(wanted)})
        tx.changed("agents", row_id)
    return ServiceAccount(os_user, login, wanted)


def unmap_service(store: Store, actor: str, os_user: str) -> None:
    with store.write(actor, *ADMINS) as tx:
        row = tx.one("SELECT rowid, login, verbs FROM service_accounts WHERE os_user = ?", (os_user,))
        if row is None:
            raise NotFound(N_("no service account is mapped for the OS account '{os_user}'."), os_user=os_user)
        tx.execute("DELETE FROM service_accounts WHERE os_user = ?", (os_user,))
        tx.audit("service_accounts", int(row[0]), "delete", {"os_user": os_user, "login": row[1], "verbs": row[2]}, None)
        tx.changed("agents", int(row[0]))


def list_services(store: Store, actor: str) -> list[ServiceAccount]:
    with store.read(actor, *ADMINS) as tx:
        rows = tx.all("SELECT os_user, login, verbs FROM service_accounts ORDER BY os_user")
    return [ServiceAccount(r[0], r[1], tuple(r[2].split(","))) for r in rows]


def service_for(store: Store, os_user: str) -> ServiceAccount | None:
    """The service account an OS account is mapped to, if any (read before anyone acts: a bound run asks
    this to learn who the OS account acts as)."""
    with store.read(None) as tx:
        row = tx.one("SELECT os_user, login, verbs FROM service_accounts WHERE os_user = ?", (os_user,))
    return ServiceAccount(row[0], row[1], tuple(row[2].split(","))) if row else None
