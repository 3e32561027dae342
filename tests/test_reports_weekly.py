"""The weekly summary: complaints, feedback, callbacks and return visits, calls; md, json and csv."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from store import reports
from store.call_records import CallEntry
from store.callbacks import insert_callback
from store.calls import log_call
from store.customers import create_customer
from store.errors import PermissionDenied


@pytest.fixture
def week(team, clock):
    """ISO week 2026-W47 (Mon 16 – Sun 22 Nov, Shanghai) of team north."""
    a = create_customer(team, "li", phones=["138 0013 8000"], name="Alpha")
    b = create_customer(team, "li", phones=["138 0013 8001"], name="Beta")
    log_call(team, "li", CallEntry(customer_id=a, category="complaint", outcome="escalated-manager", escalation_reason="refund", started_at="2026-11-16T02:00:00Z", notes="broken on arrival"))          # resolved later in the week
    log_call(team, "wang", CallEntry(customer_id=a, category="complaint", outcome="resolved", started_at="2026-11-18T02:00:00Z"))
    log_call(team, "li", CallEntry(customer_id=b, category="after-sales", outcome="callback-needed", started_at="2026-11-22T15:00:00Z", notes="wants a technician"))          # Sun 23:00 local: still open
    log_call(team, "li", CallEntry(customer_id=b, category="feedback", outcome="resolved", started_at="2026-11-17T02:00:00Z", notes="asks for a blue model"))
    log_call(team, "li", CallEntry(customer_id=b, category="order", outcome="resolved", started_at="2026-11-22T16:00:00Z"))  # next week
    log_call(team, "chen", CallEntry(customer_id=b, category="complaint", outcome="resolved", started_at="2026-11-17T02:00:00Z"))  # south
    from datetime import datetime, timezone

    clock.now = datetime(2026, 11, 15, 2, tzinfo=timezone.utc)  # the callbacks exist before the week
    with team.write("lin", "lead") as tx:
        done = insert_callback(tx, due_at="2026-11-17T02:00:00Z", customer_id=a, owner="li")
        insert_callback(tx, due_at="2026-11-18T02:00:00Z", customer_id=b, owner="wang", kind="return-visit")
        tx.update("callbacks", done, {"status": "done", "closed_at": "2026-11-17T02:10:00Z"})
    clock.now = datetime(2026, 11, 26, 2, tzinfo=timezone.utc)
    return team


def test_weekly_summary_counts(week):
    s = reports.weekly_summary(week, "lin", "2026-W47")
    c = s["complaints"]
    assert (c["received"], c["resolved"], c["still_open"]) == (3, 2, 1)
    assert c["by_category"] == {"complaint": {"received": 2, "resolved": 2, "still_open": 0},
                                "after-sales": {"received": 1, "resolved": 0, "still_open": 1}}
    assert [i["state"] for i in c["items"]] == ["resolved-later", "resolved", "open"]
    assert [(f["customer"], f["agent"], f["notes"]) for f in s["feedback"]] == [("Beta", "li", "asks for a blue model")]
    assert s["callbacks"] == {"due": 1, "done": 1, "on_time": 1, "missed": 0, "overdue_at_week_end": 0}
    assert s["return_visits"] == {"due": 1, "done": 0, "on_time": 0, "missed": 1, "overdue_at_week_end": 1}
    assert s["calls"]["total"] == 4
    assert s["calls"]["by_agent"] == {"li": {"complaint": 1, "after-sales": 1, "feedback": 1}, "wang": {"complaint": 1}}


def test_weekly_summary_scope_and_refusal(week):
    assert reports.weekly_summary(week, "root", "2026-W47")["complaints"]["received"] == 4  # chen's too
    with pytest.raises(PermissionDenied):
        reports.weekly_summary(week, "li", "2026-W47")


def test_report_weekly_cli_formats(week, store_path):
    from tui.cli import cli

    week.close()
    runner = CliRunner()
    base = ["--db", str(store_path), "--agent", "lin", "report", "weekly", "--week", "2026-W47"]
    out = runner.invoke(cli, [*base, "--format", "json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["complaints"]["still_open"] == 1
    md = runner.invoke(cli, [*base, "--format", "md"]).output
    assert "received 3, resolved 2, still open 1" in md and "asks for a blue model" in md
    csv_text = runner.invoke(cli, [*base, "--format", "csv"]).output
    assert "complaints,all,still open,1" in csv_text.splitlines()


def test_the_overdue_count_reads_closed_callbacks_by_close_time(week):
    """Callbacks closed since the week's end are found through their own index, not by reading every
    closed callback of every agent in scope (no ANALYZE: the plan the schema alone gives)."""
    from datetime import datetime, timezone

    week.clock.now = datetime(2026, 11, 15, 2, tzinfo=timezone.utc)
    with week.write("lin", "lead") as tx:  # due in the week, done only after it: overdue at its end
        late = insert_callback(tx, due_at="2026-11-19T02:00:00Z", customer_id=1, owner="li")
        tx.update("callbacks", late, {"status": "done", "closed_at": "2026-11-24T02:00:00Z"})
    sent: list[str] = []
    week.trace(sent.append)  # every connection: the summary reads on a read connection, not week.conn
    try:
        s = reports.weekly_summary(week, "root", "2026-W47")
    finally:
        week.trace(None)
    assert s["callbacks"]["overdue_at_week_end"] == 1 and s["return_visits"]["overdue_at_week_end"] == 1
    overdue = next(sql for sql in sent if "is_visit" in sql)
    plan = [row[3] for row in week.conn.execute("EXPLAIN QUERY PLAN " + overdue)]
    assert any("USING INDEX callbacks_closed_at (closed_at>?)" in line for line in plan), plan
    assert any("USING INDEX callbacks_open_owner_due (status=? AND owner_id=?" in line for line in plan), plan


GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.parametrize("fmt", ["md", "csv"])
def test_the_weekly_report_reads_as_the_golden_file(week, store_path, lang, fmt):
    """The report a lead sends on, in English and in Chinese (受理投诉与售后情况, 市场反馈, 回访情况),
    every figure labelled; tests/golden/ holds what was read and accepted."""
    from tui.cli import cli

    week.close()
    out = CliRunner().invoke(cli, ["--db", str(store_path), "--agent", "lin", "--lang", lang, "report", "weekly",
                                   "--week", "2026-W47", "--format", fmt])
    assert out.exit_code == 0, out.output
    if os.environ.get("AGENTDESK_GOLDEN_UPDATE"):  # rewrite the golden file, then read its diff before committing
        (GOLDEN / f"weekly-2026-W47.{lang}.{fmt}").write_text(out.output, encoding="utf-8")
    assert out.output == (GOLDEN / f"weekly-2026-W47.{lang}.{fmt}").read_text(encoding="utf-8")
