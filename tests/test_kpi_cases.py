"""The cases' KPIs (issue 18) on hand-built stores: resolved within SLA / late / not resolved, chases per case,
the median time to resolve per type, the drill-down, and weight 0 leaving scores and frozen scorecards alone."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from desk_support import SIZE, desk_app, wait_until
from test_team_screens import cells, open_panel
from textual.widgets import DataTable

from store import cases, kpi, scorecard
from store.call_records import CallEntry
from store.calls import log_call
from store.customers import create_customer
from store.kpi_settings import set_from_text
from tui.cli import cli

NUMBER = "139 0013 8001"
HOUR = 3600


@pytest.fixture
def desk(team, clock):
    """li: case `fast` resolved after 1 h (in its 48 h SLA), `late` resolved after 50 h, `open` not resolved, and
    two chases of `open`; wang: a request resolved after 3 h. All in November 2026 (the month of FIXED_NOW)."""
    customer = create_customer(team, "li", phones=[NUMBER], name="吴敏")
    team.fast = cases.open_case(team, "li", customer_id=customer, case_type="complaint")
    team.late = cases.open_case(team, "li", customer_id=customer, case_type="complaint")
    team.open = cases.open_case(team, "li", customer_id=customer, case_type="after-sales")
    team.request = cases.open_case(team, "wang", customer_id=customer, case_type="request")
    for _ in range(2):  # the customer calls in about it: a chase (催办) each
        log_call(team, "li", CallEntry(category="after-sales", outcome="callback-needed", number=NUMBER,
                                       direction="in", case_id=team.open))
    clock.advance(hours=1)
    cases.change_status(team, "li", team.fast, "resolved", resolution="refund sent")
    clock.advance(hours=2)
    cases.change_status(team, "wang", team.request, "resolved", resolution="address changed")
    clock.advance(hours=47)  # 50 h after opening: past the 48 h of a normal complaint
    cases.change_status(team, "li", team.late, "resolved", resolution="replaced")
    return team


def test_in_sla_rate_counts_resolved_cases_by_their_due_time_and_chases_per_opened_case(desk):
    row = kpi.agent_kpis(desk, "li", None, "month")
    assert (row["cases_resolved"], row["cases_in_sla"], row["cases_in_sla_rate"]) == (2, 1, 0.5)
    assert (row["cases_opened"], row["case_chases"]) == (3, round(2 / 3, 2))
    wang = kpi.agent_kpis(desk, "wang", None, "month")
    assert (wang["cases_resolved"], wang["cases_in_sla_rate"], wang["cases_opened"], wang["case_chases"]) == (1, 1.0, 1, 0.0)
    nobody = kpi.agent_kpis(desk, "chen", None, "month")  # no cases: the rates are null, never 0
    assert (nobody["cases_resolved"], nobody["cases_in_sla_rate"], nobody["case_chases"]) == (0, None, None)
    october = kpi.agent_kpis(desk, "li", None, "2026-10")
    assert (october["cases_resolved"], october["cases_opened"], october["cases_in_sla_rate"]) == (0, 0, None)


def test_a_reopened_case_leaves_the_resolved_count_until_it_is_resolved_again(desk):
    cases.change_status(desk, "li", desk.late, "open")
    row = kpi.agent_kpis(desk, "li", None, "month")
    assert (row["cases_resolved"], row["cases_in_sla"]) == (1, 1)


def test_the_median_time_to_resolve_per_type_is_shown_not_scored(desk):
    assert kpi.case_resolve_medians(desk, "li", None, "month") == {
        "complaint": (1 * HOUR + 50 * HOUR) // 2, "after-sales": None, "request": None}
    panel = kpi.kpi_panel(desk, "li")
    assert panel["case_medians"]["complaint"] == 51 * HOUR // 2
    assert kpi.case_resolve_medians(desk, "lin", "wang", "month")["request"] == 3 * HOUR
    assert {"cases_in_sla_rate", "case_chases"} <= set(panel["targets"])


def test_the_drill_down_lists_the_cases_behind_each_figure(desk):
    resolved = kpi.kpi_records(desk, "li", None, "cases_in_sla_rate")
    assert [(c.id, c.in_sla) for c in resolved] == [(desk.fast, True), (desk.late, False)]
    assert [c.id for c in kpi.kpi_records(desk, "li", None, "cases_in_sla")] == [desk.fast, desk.late]
    opened = kpi.kpi_records(desk, "li", None, "case_chases")
    assert [(c.id, c.chases) for c in opened] == [(desk.fast, 0), (desk.late, 0), (desk.open, 2)]
    assert "in_sla" not in opened[0].as_json() and resolved[1].as_json()["in_sla"] is False
    assert [c.id for c in kpi.kpi_records(desk, "lin", "wang", "cases_resolved")] == [desk.request]


async def test_enter_on_the_in_sla_row_of_f5_lists_its_cases(desk):
    """As the agent reads it: F5, the row "Cases within SLA", Enter: the two cases behind it, oldest first."""
    app = desk_app(desk, "li")
    async with app.run_test(size=SIZE) as pilot:
        await open_panel(pilot)
        table = app.screen.query_one("#kpi-table", DataTable)
        labels = [row[0] for row in cells(app, "#kpi-table")]
        table.focus()
        table.move_cursor(row=labels.index("Cases within SLA"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "RecordsScreen")
        records = cells(app, "#records")
        assert [r[0] for r in records] == [f"#{desk.fast}", f"#{desk.late}"], records
        assert records[0][1] == "吴敏"


def _scores(rows):
    return {r["agent"]: (r["score"], r["grade"], r["rank"], r["bonus_coefficient"]) for r in rows}


def _calls(store):
    for who, outcome in (("li", "resolved"), ("li", "transferred"), ("wang", "resolved")):
        log_call(store, who, CallEntry(category="order", outcome=outcome, number="138 0000 0000", direction="in",
                                       talk_s=200, hold_s=10, wrap_s=30))


def test_weight_zero_leaves_the_scores_as_they_were_without_the_case_kpis(desk):
    _calls(desk)
    rows = kpi.team_kpis(desk, "lin", "month")
    cfg = kpi.settings_for_kpis(desk, "lin", "north")
    for r in rows:  # the same figures without the case KPIs score the same
        without = {k: v for k, v in r.items() if not k.startswith("case")}
        assert kpi.score_of(without, cfg) == r["score"] is not None
    # a weight on them moves the score: they are wired in, only weighed at 0
    weights = {**cfg["kpi_weights"], "rating_avg": 0, "cases_in_sla_rate": 10}
    set_from_text(desk, "root", "kpi_weights", json.dumps(weights))
    li = {r["agent"]: r for r in kpi.team_kpis(desk, "lin", "month")}["li"]
    assert li["score"] != {r["agent"]: r for r in rows}["li"]["score"]


def test_weights_stored_before_the_case_kpis_joined_read_with_weight_zero(desk):
    _calls(desk)
    before = _scores(kpi.team_kpis(desk, "lin", "month"))
    old = {"fcr_rate": 20, "csat_avg": 20, "aht_s": 15, "callback_on_time_rate": 15, "occupancy": 10,
           "escalation_rate": 5, "transfer_rate": 5, "rating_avg": 10}  # as a store of migration 19 holds them
    desk.conn.execute("INSERT OR REPLACE INTO settings (key, value, updated_at, updated_by) VALUES"
                      " ('kpi_weights', ?, '2026-11-01T00:00:00Z', 'root')", (json.dumps(old),))
    desk.conn.execute("INSERT OR REPLACE INTO team_settings (team, key, value, updated_at, updated_by) VALUES"
                      " ('north', 'kpi_targets', ?, '2026-11-01T00:00:00Z', 'lin')",
                      (json.dumps({k: v for k, v in kpi.settings_for_kpis(desk, "lin")["kpi_targets"].items()
                                   if not k.startswith("case")}),))
    assert _scores(kpi.team_kpis(desk, "lin", "month")) == before
    assert kpi.kpi_panel(desk, "li")["marks"]["cases_in_sla_rate"] == "missed"  # 0.5 of 0.9: its default target


def test_a_scorecard_frozen_before_and_after_is_identical(desk, clock):
    _calls(desk)
    live = kpi.team_kpis(desk, "lin", "month")
    scorecard.close_period(desk, "lin", "month")
    frozen = kpi.team_kpis(desk, "lin", "month")
    assert _scores(frozen) == _scores(live) and all(r["closed"] for r in frozen)
    # later case work changes nothing frozen
    cases.change_status(desk, "li", desk.open, "resolved", resolution="part sent")
    assert kpi.team_kpis(desk, "lin", "month") == frozen
    # a scorecard frozen before the case KPIs joined (its figures without them) reads as it was, the new ones null
    desk.conn.execute("UPDATE scorecard_rows SET figures = json_remove(figures, '$.cases_resolved', '$.cases_in_sla',"
                      " '$.cases_in_sla_rate', '$.cases_opened', '$.case_chases')")
    old = kpi.team_kpis(desk, "lin", "month")
    assert _scores(old) == _scores(live)
    assert all(r["cases_in_sla_rate"] is None and r["calls_handled"] == f["calls_handled"] for r, f in zip(old, frozen))
    assert ",," in scorecard.export(old, "csv")  # the export reads the old rows too: empty cells


def test_agentdesk_kpi_shows_the_case_kpis_and_the_medians_beside_them(desk, store_path):
    desk.close()
    out = CliRunner().invoke(cli, ["--db", str(store_path), "--agent", "li", "kpi", "--period", "2026-11"])
    assert out.exit_code == 0, out.output
    lines = {" ".join(line.replace("│", " ").split()) for line in out.output.splitlines()}
    assert "Cases within SLA 0.5" in lines and "Chases per case 0.67" in lines
    assert "Median time to resolve (complaint) 25:30:00" in lines
    assert lines & {"Median time to resolve (request) -", "Median time to resolve (request) —"}
