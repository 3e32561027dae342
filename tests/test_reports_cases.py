"""The weekly summary and cases (issue 18): "still open" counts open cases from the week the first case was
opened in (the ship week), earlier weeks keep the calls' rule and say so; the major cases are listed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_reports_weekly import week  # noqa: F401  (the fixture: 2026-W47 of team north)

from store import cases, reports
from tui.cli import cli


def test_weeks_before_the_first_case_keep_the_calls_rule_and_say_so(week):  # noqa: F811
    s = reports.weekly_summary(week, "lin", "2026-W47")  # the fixture's calls opened their cases on 26 Nov (W48)
    assert s["still_open_rule"] == {"still_open": "calls", "cases_from": "2026-W48"}
    assert (s["complaints"]["received"], s["complaints"]["still_open"]) == (3, 1)
    assert "before 2026-W48, when cases began" in reports.render(s, "md")


def test_from_the_ship_week_still_open_counts_the_open_cases(week, clock):  # noqa: F811
    s = reports.weekly_summary(week, "lin", "2026-W48")
    assert s["still_open_rule"] == {"still_open": "cases", "cases_from": "2026-W48"}
    # no complaint call in W48, but the two cases opened then (li's complaint and after-sales) are still open
    assert (s["complaints"]["received"], s["complaints"]["still_open"]) == (0, 2)
    assert s["complaints"]["by_category"]["complaint"]["still_open"] == 1
    assert s["complaints"]["by_agent"]["li"] == {"received": 0, "resolved": 0, "still_open": 2}
    assert "cases are counted from 2026-W48 on" in reports.render(s, "md")
    first = min(c.id for c in cases.list_cases(week, "li").rows)
    cases.change_status(week, "li", first, "resolved", resolution="refund sent")
    assert reports.weekly_summary(week, "lin", "2026-W48")["complaints"]["still_open"] == 1
    assert reports.weekly_summary(week, "zhao", "2026-W48")["complaints"]["still_open"] == 0  # south: none


def test_the_major_cases_are_listed(week, clock):  # noqa: F811
    customer = cases.get_case(week, "li", min(c.id for c in cases.list_cases(week, "li").rows)).customer_id
    major = cases.open_case(week, "wang", customer_id=customer, case_type="complaint", severity="major",
                            summary="burnt out")
    s = reports.weekly_summary(week, "lin", "2026-W48")
    assert [(m["case_id"], m["owner"], m["open_at_end"]) for m in s["major_cases"]] == [(major, "lin", True)]
    assert reports.weekly_summary(week, "lin", "2026-W47")["major_cases"] == []  # opened after that week
    assert "major case" in reports.render(s, "csv") and "burnt out" in reports.render(s, "csv")
    assert f"| {major} |" in reports.render(s, "md")


def test_a_store_without_cases_keeps_the_calls_rule(team):
    assert reports.weekly_summary(team, "lin", "2026-W47")["still_open_rule"] == {"still_open": "calls",
                                                                                   "cases_from": None}


GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_ship_weeks_report_reads_as_the_golden_file(week, store_path, lang):  # noqa: F811
    """2026-W48, the week the fixture's first cases were opened in: still open by the cases, a major case listed."""
    customer = cases.get_case(week, "li", min(c.id for c in cases.list_cases(week, "li").rows)).customer_id
    cases.open_case(week, "wang", customer_id=customer, case_type="complaint", severity="major", summary="burnt out")
    week.close()
    out = CliRunner().invoke(cli, ["--db", str(store_path), "--agent", "lin", "--lang", lang, "report", "weekly",
                                   "--week", "2026-W48", "--format", "md"])
    assert out.exit_code == 0, out.output
    golden = GOLDEN / f"weekly-2026-W48.{lang}.md"
    if os.environ.get("AGENTDESK_GOLDEN_UPDATE"):  # rewrite, then read its diff before committing
        golden.write_text(out.output, encoding="utf-8")
    assert out.output == golden.read_text(encoding="utf-8")
