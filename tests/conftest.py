"""Shared fixtures: a fresh store in tmp_path with a fixed clock and a small team."""

from __future__ import annotations

import pytest
from fixed_time import FIXED_NOW, NOW_TEXT

from store import open_store
from store.agents import add_agent
from store.clock import FixedClock


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(FIXED_NOW)


@pytest.fixture
def store_path(tmp_path):
    return tmp_path / "desk.db"


@pytest.fixture
def store(store_path, clock):
    s = open_store(store_path, clock)
    yield s
    s.close()


@pytest.fixture
def team(store):
    """admin `root`; team north: lead `lin`, agents `li` and `wang`; team south: lead `zhao`, agent `chen`."""
    add_agent(store, None, "root", "Root Admin", "admin", None)
    add_agent(store, "root", "lin", "林芳", "lead", "north", "8000")
    add_agent(store, "root", "li", "李娜", "agent", "north", "8001")
    add_agent(store, "root", "wang", "王伟", "agent", "north", "8002")
    add_agent(store, "root", "zhao", "赵磊", "lead", "south", "8100")
    add_agent(store, "root", "chen", "陈静", "agent", "south", "8101")
    return store


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    """Every command and desk a test starts, in this process or a child, reads the same fixed "now"."""
    monkeypatch.setenv("AGENTDESK_NOW", NOW_TEXT)


@pytest.fixture(autouse=True)
def no_user_config(tmp_path, monkeypatch):
    """No test reads the real user's config.toml, nor the host's system configuration: both variables
    point at files that do not exist (the shared-host tests set their own)."""
    monkeypatch.setenv("AGENTDESK_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.setenv("AGENTDESK_SYSTEM_CONFIG", str(tmp_path / "no-system-config.toml"))


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """Every test, and every command or desk it starts, speaks English unless the test chooses another
    language; the language is English again afterwards (it is process-wide, in tui.i18n)."""
    from tui import i18n

    monkeypatch.setenv("AGENTDESK_LANG", "en")
    i18n.set_language("en")
    yield
    i18n.set_language("en")
