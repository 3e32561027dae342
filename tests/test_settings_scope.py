"""Settings by scope (issue 15): the centre's settings are admins'; a lead sets only their own team's KPI targets
and weights (table team_settings, migration M_TEAM_SETTINGS), which score that team's agents alone; frozen
scorecards keep their figures; refusals change nothing."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from test_migrations import build_old_store

from store import open_store, scorecard
from store import settings as settings_lib
from store.call_records import CallEntry
from store.calls import log_call
from store.errors import PermissionDenied, ValidationError
from store.kpi import kpi_panel, team_kpis
from store.migrations import MIGRATIONS
from store.migrations_team_settings import M_TEAM_SETTINGS
from tui.cli import cli

TARGETS = settings_lib.DEFAULTS["kpi_targets"]


def _state(store):
    with store.read(None) as tx:
        return (tx.all("SELECT * FROM settings ORDER BY key"), tx.all("SELECT * FROM team_settings ORDER BY team, key"),
                tx.scalar("SELECT count(*) FROM audit_log"))


@pytest.mark.parametrize("key,value", [("phone_region", "US"), ("timezone", "America/New_York"),
                                       ("callback_undo_min", 60), ("grade_thresholds", {"A": 80, "B": 70, "C": 60})])
def test_centre_wide_settings_are_admins(team, key, value):
    before = _state(team)
    with pytest.raises(PermissionDenied) as err:
        settings_lib.set_setting(team, "lin", key, value)
    assert str(err.value) == (f"{key} is a centre-wide setting: only an admin changes it; a lead sets their own "
                              "team's kpi_targets and kpi_weights.")
    assert _state(team) == before
    assert settings_lib.set_setting(team, "root", key, value) is not None


def test_a_lead_phone_region_no_longer_breaks_every_call_save(team):
    with pytest.raises(PermissionDenied):
        settings_lib.set_from_text(team, "lin", "phone_region", "US")
    assert log_call(team, "chen", CallEntry(category="order", outcome="resolved", number="138 0013 8000"))


def test_a_leads_targets_are_their_teams_alone(team):
    stored = settings_lib.set_from_text(team, "lin", "kpi_targets.aht_s", "200")
    assert stored == {**TARGETS, "aht_s": 200}
    assert settings_lib.get_settings(team, "root")["kpi_targets"]["aht_s"] == 300  # the centre's stays
    assert settings_lib.get_settings(team, "li", "north")["kpi_targets"]["aht_s"] == 200
    assert kpi_panel(team, "li")["targets"]["aht_s"] == 200  # north's agents are measured against it
    assert kpi_panel(team, "chen")["targets"]["aht_s"] == 300  # south's are not
    with team.read(None) as tx:
        assert tx.all("SELECT team, key FROM team_settings") == [("north", "kpi_targets")]
        before, after = tx.one("SELECT before, after FROM audit_log WHERE table_name = 'settings' ORDER BY id DESC")
    assert json.loads(after) == {"kpi_targets": stored, "team": "north"} and json.loads(before)["team"] == "north"
    state = _state(team)
    with pytest.raises(PermissionDenied, match="not your team"):
        settings_lib.set_setting(team, "lin", "kpi_targets", TARGETS, team="south")
    with pytest.raises(PermissionDenied, match="not your team"):
        settings_lib.get_settings(team, "zhao", "north")
    with pytest.raises(ValidationError, match="add up to 100"):
        settings_lib.set_from_text(team, "lin", "kpi_weights.fcr_rate", "30")
    assert _state(team) == state


def test_team_weights_change_that_teams_scores_only(team):
    log_call(team, "li", CallEntry(category="order", outcome="resolved", number="138 0013 8000", talk_s=600))
    log_call(team, "chen", CallEntry(category="order", outcome="resolved", number="139 0013 9000", talk_s=600))
    south_before = [r["score"] for r in team_kpis(team, "root", team="south")]
    only_aht = {k: (100 if k == "aht_s" else 0) for k in TARGETS}
    settings_lib.set_setting(team, "lin", "kpi_weights", only_aht)
    assert [r["score"] for r in team_kpis(team, "lin") if r["agent"] == "li"] == [50.0]  # 300 / 600 of aht's 100
    assert [r["score"] for r in team_kpis(team, "root", team="south")] == south_before


def test_a_frozen_scorecard_keeps_its_figures(team):
    log_call(team, "li", CallEntry(category="order", outcome="resolved", number="138 0013 8000", talk_s=600))
    scorecard.close_period(team, "lin", "month")
    frozen = team_kpis(team, "lin")
    settings_lib.set_setting(team, "lin", "kpi_weights", {k: (100 if k == "aht_s" else 0) for k in TARGETS})
    assert team_kpis(team, "lin") == frozen


def test_an_admin_sets_and_unsets_a_teams_own_value(team):
    settings_lib.set_setting(team, "root", "kpi_targets", {**TARGETS, "csat_avg": 4.8}, team="south")
    assert kpi_panel(team, "chen")["targets"]["csat_avg"] == 4.8
    with team.read("root", "admin") as tx:
        assert settings_lib.scopes(tx, "south")["kpi_targets"] == "team"
        assert settings_lib.scopes(tx, "north")["kpi_targets"] == "default"
    with pytest.raises(ValidationError, match="leave out --team"):
        settings_lib.set_setting(team, "root", "timezone", "Asia/Shanghai", team="south")
    assert settings_lib.unset_team_setting(team, "zhao", "kpi_targets")["csat_avg"] == 4.5
    with pytest.raises(ValidationError, match="has no value of its own"):
        settings_lib.unset_team_setting(team, "zhao", "kpi_targets")


def test_cli_settings_by_team(team, store_path):
    def run(agent, *args):
        return CliRunner().invoke(cli, ["--db", str(store_path), "--agent", agent, "settings", *args])

    refused = run("lin", "set", "phone_region", "US")
    assert refused.exit_code == 1 and "only an admin changes it" in refused.output
    assert run("lin", "set", "kpi_targets.aht_s", "250").exit_code == 0
    shown = run("lin", "show", "--team", "north")
    assert shown.exit_code == 0 and "team north" in shown.output
    assert json.loads(run("li", "show", "--team", "north", "--format", "json").output)["kpi_targets"]["aht_s"] == 250
    assert json.loads(run("li", "show", "--format", "json").output)["kpi_targets"]["aht_s"] == 300
    assert run("root", "set", "kpi_targets.aht_s", "260", "--team", "south").exit_code == 0
    out = run("lin", "unset", "kpi_targets")
    assert out.exit_code == 0 and "the centre's again" in out.output


def test_the_migration_keeps_the_centres_settings(tmp_path, clock):
    before = MIGRATIONS.index(M_TEAM_SETTINGS)  # the version just before it
    path = tmp_path / "old.db"
    build_old_store(path, before)
    raw = __import__("sqlite3").connect(str(path))
    raw.execute("INSERT INTO settings (key, value, updated_at, updated_by) VALUES ('kpi_targets', ?, ?, 'lin')",
                (json.dumps({**TARGETS, "aht_s": 240}), "2026-01-05T08:00:00Z"))
    raw.commit()
    raw.close()
    s = open_store(path, clock)
    try:
        values = settings_lib.get_settings(s, "li")
        assert values["wrap_limit_s"] == 75 and values["kpi_targets"]["aht_s"] == 240  # kept, still the centre's
        assert s.conn.execute("SELECT count(*) FROM team_settings").fetchone()[0] == 0
    finally:
        s.close()
