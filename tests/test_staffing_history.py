"""Staffing inputs from history: offered = answered inbound calls + missed-call callbacks of a local weekday
and hour, averaged over the weeks the store's history reaches; AHT of the answered calls; the CLI flag."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

from store.call_records import CallEntry
from store.callbacks import insert_callback
from store.calls import log_call
from store.errors import PermissionDenied, ValidationError
from store.staffing import history_inputs


def call(store, started_at, direction="in", talk_s=100):
    log_call(store, "li", CallEntry(number="13800138000", category="order", outcome="resolved", started_at=started_at, direction=direction, talk_s=talk_s))


@pytest.fixture
def history(team, clock):
    # Thursday 2026-11-26; Mondays 11-23 and 11-16, 10:00-11:00 Shanghai = 02:00-03:00Z
    call(team, "2026-11-16T02:30:00Z", talk_s=130)
    call(team, "2026-11-23T02:10:00Z")
    call(team, "2026-11-23T02:59:59Z")
    call(team, "2026-11-23T02:20:00Z", direction="out")  # not offered
    call(team, "2026-11-23T03:00:00Z")  # the next hour
    call(team, "2026-11-23T01:59:59Z")  # the hour before
    now = clock.now
    clock.now = datetime(2026, 11, 23, 2, 40, tzinfo=timezone.utc)
    with team.write("lin") as tx:
        insert_callback(tx, due_at="2026-11-23T02:40:00Z", kind="missed-call", phone_e164="+8613900139000")
        insert_callback(tx, due_at="2026-11-23T02:40:00Z", kind="callback", phone_e164="+8613900139001")  # not missed
    clock.now = now
    return team


def test_offered_is_answered_plus_missed_averaged_over_weeks(history):
    h = history_inputs(history, "lin", "mon", 10, weeks=8)
    assert h["weeks"] == 2  # 11-09 and earlier lie before the first call: not counted as empty weeks
    assert [w["date"] for w in h["per_week"]] == ["2026-11-23", "2026-11-16"]
    assert [(w["answered"], w["missed"]) for w in h["per_week"]] == [(2, 1), (1, 0)]
    assert (h["answered"], h["missed"], h["calls_offered"]) == (1.5, 0.5, 2.0)
    assert h["aht_s"] == 110.0 and h["interval_min"] == 60


def test_one_week_lookback_and_an_empty_hour(history):
    h = history_inputs(history, "lin", "monday", 10, weeks=1)
    assert (h["weeks"], h["calls_offered"], h["aht_s"]) == (1, 3.0, 100.0)
    empty = history_inputs(history, "lin", "tue", 10, weeks=2)
    assert (empty["calls_offered"], empty["aht_s"]) == (0.0, None)


def test_validation_and_roles(history):
    for args, field in ((("xyz", 10), "weekday"), (("mon", 24), "hour"), (("mon", "ten"), "hour")):
        with pytest.raises(ValidationError) as err:
            history_inputs(history, "lin", *args)
        assert err.value.field == field
    with pytest.raises(PermissionDenied):
        history_inputs(history, "li", "mon", 10)


def test_cli_from_history(history, store_path, monkeypatch):
    from tui.cli import cli

    monkeypatch.setenv("AGENTDESK_DB", str(store_path))
    result = CliRunner().invoke(cli, ["--agent", "lin", "staffing", "--from-history", "--weekday", "mon", "--hour", "10",
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert (out["calls_offered"], out["interval_min"], out["aht_s_in"]) == (2.0, 60, 110.0)
    assert out["agents_on_phones"] == 1
    plain = CliRunner().invoke(cli, ["staffing", "--calls", "100", "--interval-min", "30", "--aht-s", "180",
                                     "--format", "json"])
    assert json.loads(plain.output)["agents_scheduled"] == 20
