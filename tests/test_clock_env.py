"""AGENTDESK_NOW: one "now" for every command and desk, so nothing depends on the day it runs."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

from store import open_store
from store.clock import FixedClock, clock_from_environment, system_clock
from store.errors import ValidationError


def test_without_the_variable_the_system_clock():
    assert clock_from_environment({}) is system_clock


def test_a_time_with_its_zone_stops_the_clock_there():
    clock = clock_from_environment({"AGENTDESK_NOW": "2026-12-02T09:00:00+08:00"})
    assert isinstance(clock, FixedClock) and clock() == datetime(2026, 12, 2, 1, 0, tzinfo=timezone.utc)
    assert clock() == clock()  # it does not move


@pytest.mark.parametrize("value", ["2026-12-02T09:00:00", "tomorrow", "2026-13-01T00:00:00Z"])
def test_a_time_without_a_zone_or_no_time_is_refused(value):
    with pytest.raises(ValidationError) as err:
        clock_from_environment({"AGENTDESK_NOW": value})
    assert err.value.field == "AGENTDESK_NOW" and value in str(err.value)


def test_a_store_opened_without_a_clock_reads_it(tmp_path, monkeypatch):
    monkeypatch.setenv("AGENTDESK_NOW", "2027-03-01T12:00:00Z")
    store = open_store(tmp_path / "desk.db")
    try:
        assert store.now() == "2027-03-01T12:00:00Z"
    finally:
        store.close()


def test_the_cli_records_that_now_and_refuses_a_bad_one_in_a_sentence(team, store_path, monkeypatch):
    from tui.cli import cli

    monkeypatch.setenv("AGENTDESK_DB", str(store_path))
    monkeypatch.setenv("AGENTDESK_NOW", "2027-03-01T12:00:00Z")
    done = CliRunner().invoke(cli, ["--agent", "li", "calls", "add", "--number", "138 0013 8000", "--category", "order",
                                    "--outcome", "resolved", "--talk", "60"])
    assert done.exit_code == 0, done.output
    assert team.conn.execute("SELECT ended_at FROM calls").fetchone()[0] == "2027-03-01T12:00:00Z"
    monkeypatch.setenv("AGENTDESK_NOW", "soon")
    refused = CliRunner().invoke(cli, ["--agent", "li", "info"])
    assert refused.exit_code == 1 and "AGENTDESK_NOW: 'soon' is not a time with its zone" in refused.output
    assert "Traceback" not in refused.output
