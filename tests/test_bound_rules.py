"""The rules of a bound run, without OS accounts (tests/e2e/test_shared_host*.py try them for real):
what a command line runs, what names who acts, how file arguments travel, and the store refusing to act
as anyone but the login the system proved."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.agents import add_agent, set_agent
from store.call_records import CallEntry
from store.calls import log_call
from store.errors import PermissionDenied, ValidationError
from store.service_accounts import checked_verbs, map_service, service_for
from tui.bound import Refused, command_words, refuse_identity_options, take_agent_option, verb_of
from tui.rebind import plan


@pytest.mark.parametrize("args, verb", [
    ([], ""),
    (["--lang", "zh_CN"], ""),
    (["ring", "138", "--ext", "8001"], "ring"),
    (["--lang", "zh_CN", "import", "surveys", "a.csv"], "import surveys"),
    (["import", "customers", "a.csv"], "import"),
    (["callbacks", "grace"], "callbacks grace"),
    (["--agent", "boss", "agents", "add", "x"], "agents"),
])
def test_the_verb_of_a_command_line(args, verb):
    assert verb_of(args) == verb


@pytest.mark.parametrize("args, env", [
    (["--agent", "admin"], {}), (["--agent=admin", "whoami"], {}), (["--db", "x.db", "whoami"], {}),
    (["whoami"], {"AGENTDESK_AGENT": "admin"}), (["whoami"], {"AGENTDESK_DB": "x"}), ([], {"AGENTDESK_NOW": "x"}),
])
def test_what_names_who_acts_is_refused(args, env):
    with pytest.raises(Refused):
        refuse_identity_options(args, env)


def test_what_only_names_whom_a_command_is_about_is_not_refused():
    refuse_identity_options(["calls", "list", "--agent", "li"], {})  # below the command: about someone
    refuse_identity_options(["--lang", "zh_CN", "kpi"], {"LANG": "zh_CN.UTF-8"})


def test_root_names_whom_it_acts_as_and_the_option_is_taken_out():
    assert take_agent_option(["--agent", "boss", "agents", "list"]) == ("boss", ["agents", "list"])
    assert take_agent_option(["--lang", "en", "--agent=boss", "whoami"]) == ("boss", ["--lang", "en", "whoami"])
    assert command_words(["--agent", "boss", "whoami"]) == ["whoami"]


def test_file_arguments_travel_through_the_agents_own_process():
    relay = plan(["backup", "~/b.db"])
    home_b = str(Path("~/b.db").expanduser())
    assert relay.args == ["backup", "-", "--destination", home_b]  # named for the bound run's audit row
    assert relay.stdout == Path("~/b.db").expanduser() and relay.stdin is None
    relay = plan(["--lang", "zh_CN", "export", "customers", "-o", "out.csv"])
    assert relay.args == ["--lang", "zh_CN", "export", "customers", "--encoding", "utf-8-sig",
                          "--destination", str(Path("out.csv").absolute())]
    assert relay.stdout == Path("out.csv")
    relay = plan(["export", "calls", "--format", "json", "--output=c.json"])
    assert relay.args == ["export", "calls", "--format", "json", "--destination", str(Path("c.json").absolute())]
    assert relay.stdout == Path("c.json")
    relay = plan(["import", "customers", "in/c.csv", "--dry-run"])
    assert relay.args == ["import", "customers", "-", "--dry-run"] and relay.stdin == Path("in/c.csv")
    assert relay.stdout == Path("in/c.rejects.csv") and relay.stdout_only_if_any
    relay = plan(["import", "surveys", "s.csv"])
    assert relay.args == ["import", "surveys", "-"] and relay.stdin == Path("s.csv") and relay.stdout is None
    assert plan(["export", "customers"]).args == ["export", "customers"]  # to stdout already
    assert plan([]).stdin is None and plan([]).stdout is None  # the desk: nothing to carry


def test_a_bound_store_acts_only_as_its_proven_login(team):
    team.bound_to = "li"
    try:
        with pytest.raises(PermissionDenied, match="cannot act as 'lin'"):
            set_agent(team, "lin", "li", name="changed by someone else")
        with pytest.raises(PermissionDenied, match="cannot act as 'wang'"):
            log_call(team, "wang", CallEntry(number="13800138000", category="consultation", outcome="resolved"))
        log_call(team, "li", CallEntry(number="13800138000", category="consultation", outcome="resolved"))
    finally:
        team.bound_to = None


def test_the_first_admin_of_a_bound_store_is_the_proven_login(store):
    store.bound_to = "li"
    with pytest.raises(PermissionDenied, match="must be you, 'li'"):
        add_agent(store, None, "boss", "王经理", "admin", None)
    add_agent(store, None, "li", "李娜", "admin", None)


def test_service_accounts_are_admins_to_map_and_their_verbs_are_checked(team):
    with pytest.raises(ValidationError, match="verbs"):
        checked_verbs("ring, export")
    with pytest.raises(PermissionDenied):
        map_service(team, "li", "asterisk", "li", "ring")
    account = map_service(team, "root", "asterisk", "li", "missed, ring")
    assert account.verbs == ("missed", "ring") and service_for(team, "asterisk") == account
    assert service_for(team, "li") is None
