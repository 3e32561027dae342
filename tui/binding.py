"""Who acts in a bound run (a shared install: tui/bound.py), and how the system proved it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Binding:
    """Who acts in this bound run, and how the system proved it."""

    login: str  # the agent or service login acted as
    os_user: str  # the OS account that proved it
    proof: str  # how: "sudo uid=1001 (li)", "ssh key li"
    store: Path  # from the system configuration
    verbs: tuple[str, ...] | None = None  # a service account's verbs; None for a person
    any_login: bool = False  # root, who can become anyone anyway, may act as any agent (--agent); audited as root
