"""`seed_demo`: generate the demo's past, then load it into an empty store in one write transaction; then the
cases of its last days, opened and worked through the store (demo/cases.py)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from demo.cases import seed_cases
from demo.customers import make_customers
from demo.days import simulate
from demo.load import write_past
from demo.past import ADMIN_LOGIN, DEMO_AGENT, Past
from demo.people import make_agents
from demo.writing import language_of_team
from store.agents import has_agents, whoami
from store.errors import PermissionDenied, StoreError, ValidationError
from store.history_load import StoreNotEmpty, load_history
from store.messages import N_


@dataclass(frozen=True)
class DemoSummary:
    agents: int
    customers: int
    phones: int
    calls: int
    callbacks: int
    open_callbacks: int
    attempts: int
    conduct_events: int
    status_rows: int
    demo_agent: str
    language: str
    cases: int
    seconds: float


def demo_agent(store) -> str | None:
    """The login the demo desk starts as, when this store has it (active)."""
    try:
        whoami(store, DEMO_AGENT)
    except PermissionDenied:
        return None
    return DEMO_AGENT


def demo_language(store) -> str | None:
    """The language a demo store was seeded in (as its demo agent's team tells), None if it is none."""
    try:
        return language_of_team(whoami(store, DEMO_AGENT).team)
    except PermissionDenied:
        return None


def generate_past(now: datetime, customers: int, agents: int, days: int, seed: int, language: str = "en") -> Past:
    """The demo's people and their past, generated in Python: nothing is written yet."""
    past = Past(now, customers, agents, days, seed, language)
    make_agents(past)
    make_customers(past)
    simulate(past)
    return past


def seed_demo(store, *, customers: int = 2000, agents: int = 12, days: int = 90, seed: int = 1,
              language: str = "en") -> DemoSummary | None:
    """Fill an empty store with the demo; None (and nothing written) when it already has agents.

    `agents` front-line agents are split across two teams, each with a lead,
    plus the admin `admin`. "Now" is `store.clock()`. `language` is what the centre's people write in
    (demo.writing.DEMO_LANGUAGES): "en" the mixed Chinese and English demo, "zh_CN" all Chinese.
    """
    if agents < 2:
        raise ValidationError("agents", N_("agents: the demo needs at least 2 agents (one per team)."))
    if customers < 1 or days < 1:
        raise ValidationError("customers", N_("customers and days: give at least 1."))
    started = time.perf_counter()
    if has_agents(store):
        return None
    past = generate_past(store.clock(), customers, agents, days, seed, language)
    try:
        with load_history(store, ADMIN_LOGIN) as load:
            write_past(load, past)
    except StoreNotEmpty as exc:
        if exc.has_agents:
            return None  # another process seeded it while we were generating
        raise StoreError(N_("{path} has customers or calls but no agents; the demo needs an empty store."),
                         path=str(store.path)) from None
    opened = seed_cases(store, past.writing.language, seed)
    return DemoSummary(
        agents=len(past.agents), customers=len(past.customers), phones=sum(len(c.phones) for c in past.customers),
        calls=len(past.calls), callbacks=len(past.callbacks),
        open_callbacks=sum(1 for cb in past.callbacks if cb.status == "open"), attempts=len(past.attempts),
        conduct_events=len(past.conduct), status_rows=sum(len(a.status_rows) for a in past.agents),
        demo_agent=DEMO_AGENT, language=past.writing.language, cases=opened,
        seconds=round(time.perf_counter() - started, 2),
    )
