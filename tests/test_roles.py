"""Roles in the store: every function that takes an actor checks them inside its own transaction."""

from __future__ import annotations

from datetime import timedelta

import pytest

from store import agents, callbacks, calls, customers, maintenance, settings, status
from store.access import can_see_agent
from store.call_records import CallEntry
from store.clock import iso
from store.errors import NotFound, PermissionDenied, ValidationError

TABLES = (
    "agents", "customers", "customer_phones", "customer_fts", "settings", "change_log", "audit_log",
    "calls", "callbacks", "agent_status_log",
)


def snapshot(s) -> dict:
    with s.read(None) as tx:
        return {t: tx.all(f"SELECT * FROM {t} ORDER BY rowid") for t in TABLES}


@pytest.fixture
def desk(team, tmp_path):
    """The team plus one customer (#1, phone 13800138000) and `old`, an inactive agent of team north."""
    agents.add_agent(team, "root", "old", "老员工", "agent", "north", "8009")
    agents.set_agent(team, "root", "old", active=False)
    customers.create_customer(team, "root", phones=["13800138000"], name="张伟欣")
    team.backup_dir = tmp_path  # where backup() may write
    return team


def _backup_target(s):
    path = s.backup_dir / "copy.db"
    if path.exists():
        path.unlink()
    return path


# (name, roles allowed, call) — every store function that takes an actor.
FUNCTIONS = [
    ("agents.add_agent", "admin", lambda s, a: agents.add_agent(s, a, "newbie", "New", "agent", "north")),
    ("agents.set_agent", "admin", lambda s, a: agents.set_agent(s, a, "wang", name="王伟伟")),
    ("agents.list_agents", "any", lambda s, a: agents.list_agents(s, a)),
    ("agents.whoami", "any", lambda s, a: agents.whoami(s, a)),
    ("customers.create_customer", "any", lambda s, a: customers.create_customer(s, a, phones=["13900139000"], name="李雷")),
    ("customers.update_customer", "any", lambda s, a: customers.update_customer(s, a, 1, city="深圳")),
    ("customers.get_customer", "any", lambda s, a: customers.get_customer(s, a, 1)),
    ("customers.find_by_phone", "any", lambda s, a: customers.find_by_phone(s, a, "138 0013 8000")),
    ("customers.search_customers", "any", lambda s, a: customers.search_customers(s, a, "伟")),
    ("customers.add_phone", "any", lambda s, a: customers.add_phone(s, a, 1, "13700137000")),
    ("calls.log_call", "any", lambda s, a: calls.log_call(s, a, CallEntry(category="order", outcome="resolved", customer_id=1))),
    ("calls.list_calls", "any", lambda s, a: calls.list_calls(s, a)),
    ("callbacks.my_callback_counts", "any", lambda s, a: callbacks.my_callback_counts(s, a, "2026-11-26T16:00:00Z")),
    ("callbacks.list_callbacks", "any", lambda s, a: callbacks.list_callbacks(s, a, scope="all")),
    ("status.set_status", "any", lambda s, a: status.set_status(s, a, "ready")),
    ("status.current_status", "any", lambda s, a: status.current_status(s, a)),
    ("settings.get_settings", "any", lambda s, a: settings.get_settings(s, a)),
    # centre-wide settings are admins' (a lead is told so in words of its own: tests/test_settings_scope.py)
    ("settings.set_setting", "lead", lambda s, a: settings.set_setting(s, a, "kpi_targets", {**settings.DEFAULTS["kpi_targets"], "aht_s": 280})),
    ("maintenance.backup", "admin", lambda s, a: maintenance.backup(s, a, _backup_target(s))),
]
IDS = [f[0] for f in FUNCTIONS]
ALLOWED = {"any": ("agent", "lead", "admin"), "lead": ("lead", "admin"), "admin": ("admin",)}
ACTOR_OF_ROLE = {"agent": "li", "lead": "lin", "admin": "root"}


@pytest.mark.parametrize("name,roles,call", FUNCTIONS, ids=IDS)
def test_unknown_login_refused(desk, name, roles, call):
    before = snapshot(desk)
    with pytest.raises(PermissionDenied) as err:
        call(desk, "ghost")
    assert "'ghost' is not an agent" in str(err.value)
    assert snapshot(desk) == before
    assert not (desk.backup_dir / "copy.db").exists()


@pytest.mark.parametrize("name,roles,call", FUNCTIONS, ids=IDS)
def test_missing_login_refused(desk, name, roles, call):
    with pytest.raises(PermissionDenied, match="no acting agent"):
        call(desk, None)


@pytest.mark.parametrize("name,roles,call", FUNCTIONS, ids=IDS)
def test_inactive_agent_refused(desk, name, roles, call):
    if roles != "any":  # make `old` hold a role that would otherwise pass
        agents.set_agent(desk, "root", "old", role="admin")
    before = snapshot(desk)
    with pytest.raises(PermissionDenied) as err:
        call(desk, "old")
    assert str(err.value).startswith("agent 'old' is inactive")
    assert snapshot(desk) == before


@pytest.mark.parametrize("name,roles,call", [f for f in FUNCTIONS if f[1] != "any"], ids=[f[0] for f in FUNCTIONS if f[1] != "any"])
def test_wrong_role_refused(desk, name, roles, call):
    for role, login in ACTOR_OF_ROLE.items():
        if role in ALLOWED[roles]:
            continue
        before = snapshot(desk)
        with pytest.raises(PermissionDenied) as err:
            call(desk, login)
        assert str(err.value) == (
            f"agent '{login}' has the role {role}; this needs the role {' or '.join(ALLOWED[roles])}."
        )
        assert snapshot(desk) == before
        assert not (desk.backup_dir / "copy.db").exists()


@pytest.mark.parametrize("name,roles,call", FUNCTIONS, ids=IDS)
def test_allowed_roles_succeed(desk, name, roles, call):
    for role in ALLOWED[roles]:
        if name == "customers.create_customer" or name == "customers.add_phone":
            _free_phones(desk)
        call(desk, ACTOR_OF_ROLE[role])


def _free_phones(s):
    with s.write(None) as tx:
        for (pid,) in tx.all("SELECT id FROM customer_phones WHERE e164 IN ('+8613900139000', '+8613700137000')"):
            tx.delete("customer_phones", pid)


# -- bootstrap and admin rules ------------------------------------------------------
def test_first_agent_must_be_admin(store):
    for role, team in (("agent", "north"), ("lead", "north")):
        with pytest.raises(PermissionDenied, match="first one must be an admin"):
            agents.add_agent(store, None, "first", "First", role, team)
    assert snapshot(store)["agents"] == []
    boss = agents.add_agent(store, "whoever", "boss", "Boss", "admin", None)  # actor ignored on an empty store
    assert (boss.login, boss.role, boss.active) == ("boss", "admin", True)


def test_after_bootstrap_only_admins_add_agents(store):
    agents.add_agent(store, None, "boss", "Boss", "admin", None)
    with pytest.raises(PermissionDenied, match="no acting agent"):
        agents.add_agent(store, None, "second", "Second", "admin", None)
    agents.add_agent(store, "boss", "lead1", "Lead", "lead", "north")
    for actor in ("lead1", "ghost"):
        with pytest.raises(PermissionDenied):
            agents.add_agent(store, actor, "x1", "X", "agent", "north")
    assert [a.login for a in agents.list_agents(store, "boss")] == ["boss", "lead1"]


def test_last_active_admin_cannot_step_down(team):
    before = snapshot(team)
    with pytest.raises(PermissionDenied, match="last active admin"):
        agents.set_agent(team, "root", "root", active=False)
    with pytest.raises(PermissionDenied, match="last active admin"):
        agents.set_agent(team, "root", "root", role="lead", team="north")
    assert snapshot(team) == before
    # an inactive second admin does not count
    agents.add_agent(team, "root", "boss", "Boss", "admin", None)
    agents.set_agent(team, "root", "boss", active=False)
    with pytest.raises(PermissionDenied, match="last active admin"):
        agents.set_agent(team, "root", "root", active=False)
    # with another active admin, stepping down is fine
    agents.set_agent(team, "root", "boss", active=True)
    demoted = agents.set_agent(team, "root", "root", role="lead", team="north")
    assert demoted.role == "lead"
    with pytest.raises(PermissionDenied, match="needs the role admin"):
        agents.set_agent(team, "root", "li", name="x")


def test_roles_are_read_inside_the_transaction(team):
    """A demotion takes effect on the very next call: nothing is cached outside the store."""
    settings.set_setting(team, "lin", "kpi_weights", settings.DEFAULTS["kpi_weights"])
    agents.set_agent(team, "root", "lin", role="agent")
    with pytest.raises(PermissionDenied, match="has the role agent"):
        settings.set_setting(team, "lin", "kpi_weights", settings.DEFAULTS["kpi_weights"])
    agents.set_agent(team, "root", "li", active=False)
    with pytest.raises(PermissionDenied, match="inactive"):
        calls.list_calls(team, "li")
    agents.set_agent(team, "root", "li", active=True)
    assert calls.list_calls(team, "li") == []


# -- scoping: agent own work, lead their team, admin everything ----------------------
@pytest.fixture
def work(team, clock):
    """One call and one callback per agent, plus a pool callback."""
    ids = {}
    for login in ("root", "lin", "li", "wang", "zhao", "chen"):
        ids[login] = calls.log_call(team, login, CallEntry(category="order", outcome="resolved", notes=f"by {login}"))
        clock.advance(minutes=1)
    due = iso(clock.now + timedelta(hours=1))
    with team.write("root") as tx:
        for owner in ("li", "wang", "chen", None):
            callbacks.insert_callback(tx, due_at=due, phone_e164="+8613800138000", reason=f"for {owner}", owner=owner)
    return ids


def _call_agents(rows):
    return sorted(r.agent for r in rows)


def test_agent_sees_only_own_calls(work, team):
    assert _call_agents(calls.list_calls(team, "li")) == ["li"]
    assert _call_agents(calls.list_calls(team, "li", agent="li")) == ["li"]


def test_lead_sees_only_their_team(work, team):
    assert _call_agents(calls.list_calls(team, "lin")) == ["li", "lin", "wang"]
    assert _call_agents(calls.list_calls(team, "zhao")) == ["chen", "zhao"]
    assert _call_agents(calls.list_calls(team, "lin", agent="wang")) == ["wang"]


def test_admin_sees_everything(work, team):
    assert _call_agents(calls.list_calls(team, "root")) == ["chen", "li", "lin", "root", "wang", "zhao"]
    assert _call_agents(calls.list_calls(team, "root", agent="chen")) == ["chen"]


def test_asking_for_someone_elses_calls_is_refused(work, team):
    with pytest.raises(PermissionDenied, match="only see their own"):
        calls.list_calls(team, "li", agent="wang")
    with pytest.raises(PermissionDenied, match="not in your team"):
        calls.list_calls(team, "lin", agent="chen")
    with pytest.raises(NotFound, match="nobody"):
        calls.list_calls(team, "root", agent="nobody")


def test_callback_scopes(work, team):
    def owners(actor, scope):
        return sorted(str(r.owner) for r in callbacks.list_callbacks(team, actor, scope=scope))

    assert owners("li", "mine") == ["li"]
    assert owners("li", "pool") == ["None"]
    assert owners("li", "all") == ["None", "li"]
    assert owners("lin", "all") == ["None", "li", "wang"]
    assert owners("zhao", "all") == ["None", "chen"]
    assert owners("root", "all") == ["None", "chen", "li", "wang"]
    with pytest.raises(ValidationError) as err:
        callbacks.list_callbacks(team, "li", scope="everything")
    assert err.value.field == "scope"


def test_callback_counts_are_the_actors_own(work, team):
    day_end = "2026-11-26T16:00:00Z"
    assert callbacks.my_callback_counts(team, "li", day_end) == {"overdue": 0, "due_today": 1}
    assert callbacks.my_callback_counts(team, "lin", day_end) == {"overdue": 0, "due_today": 0}


def test_status_is_the_actors_own(team):
    status.set_status(team, "li", "break", "lunch")
    assert status.current_status(team, "li")["status"] == "break"
    assert status.current_status(team, "wang")["status"] == "offline"


def test_can_see_agent_matrix(team):
    roster = {a.login: a for a in agents.list_agents(team, "root")}
    visible = {
        viewer: sorted(t for t in roster if can_see_agent(roster[viewer], roster[t]))
        for viewer in ("root", "lin", "li", "zhao")
    }
    assert visible == {
        "root": sorted(roster),
        "lin": ["li", "lin", "wang"],
        "li": ["li"],
        "zhao": ["chen", "zhao"],
    }
