"""The CLI prints store text through the display sanitiser (tui/safe_text.py): whatever a row holds
(written by an older version or another program, straight into the file), the bytes it writes to the
terminal carry no control character and no bidirectional override; JSON keeps the text, escaped."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest
from click.testing import CliRunner

from store.call_records import CallEntry
from store.calls import log_call
from store.customers import create_customer
from tui.cli import cli

NAME = "Zorro\x1b[2J\x1b]0;PWNED\x07\u202eright"
COMPANY = "Acme\x9b31m\x00co"
NOTES = "line one\x1b]2;title\x07\nline two\x7f"
# any C0 control but the newline and tab a table may hold, DEL, C1, the bidirectional controls
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def hostile(team):
    cid = create_customer(team, "li", phones=["13800138000"], name="Zorro")
    log_call(team, "li", CallEntry(customer_id=cid, category="order", outcome="resolved",
                                   started_at="2026-11-26T09:00:00Z", notes="x"))
    con = sqlite3.connect(team.path)
    with con:
        con.execute("UPDATE customers SET name = ?, company = ?, notes = ? WHERE id = ?", (NAME, COMPANY, NOTES, cid))
        con.execute("UPDATE calls SET notes = ? WHERE customer_id = ?", (NOTES, cid))
    con.close()
    team.cid = cid
    return team


def invoke(store, *args, agent="lin"):
    env = {"AGENTDESK_DB": None, "AGENTDESK_AGENT": None, "AGENTDESK_LANG": "en", "COLUMNS": "200"}
    result = CliRunner().invoke(cli, ["--db", str(store.path), "--agent", agent, *map(str, args)], env=env,
                                prog_name="agentdesk")
    assert result.exit_code == 0, result.output
    return result


def raw_in(result) -> list[str]:
    """The control characters in what the command wrote, its error stream too."""
    return RAW.findall(result.stdout_bytes.decode("utf-8") + result.stderr_bytes.decode("utf-8"))


@pytest.mark.parametrize("args", [
    ("customers", "show", "{cid}"),
    ("customers", "find", "Zorro"),
    ("customers", "list"),
    ("customers", "show", "{cid}", "--format", "json"),
    ("customers", "find", "Zorro", "--format", "json"),
    ("customers", "list", "--format", "json"),
])
def test_cli_output_bytes_carry_no_control_character(hostile, args):
    result = invoke(hostile, *(a.format(cid=hostile.cid) for a in args))
    assert "Zorro" in result.output
    assert raw_in(result) == []


def test_cli_tables_show_controls_as_pictures_and_json_keeps_the_text(hostile):
    shown = invoke(hostile, "customers", "show", hostile.cid).output
    assert "Zorro␛[2J␛]0;PWNED␇right" in shown  # the override dropped, so nothing after it turns round
    assert "Acme␛[31m␀co" in shown
    assert "line one␛]2;title␇" in shown and "line two␡" in shown  # a note keeps its lines
    card = json.loads(invoke(hostile, "customers", "show", hostile.cid, "--format", "json").output)
    assert (card["name"], card["company"], card["notes"]) == (NAME, COMPANY, NOTES)


def test_the_weekly_report_and_a_customers_data_reach_the_terminal_safely(hostile):
    log_call(hostile, "li", CallEntry(customer_id=hostile.cid, category="complaint", outcome="escalated-manager",
                                      escalation_reason="refund", started_at="2026-11-17T02:00:00Z", notes="x"))
    con = sqlite3.connect(hostile.path)
    with con:
        con.execute("UPDATE calls SET notes = ? WHERE category = 'complaint'", (NOTES,))
    con.close()
    md = invoke(hostile, "report", "weekly", "--week", "2026-W47")
    assert "line one␛]2;title␇" in md.output and raw_in(md) == []
    weekly = invoke(hostile, "report", "weekly", "--week", "2026-W47", "--format", "json")
    assert raw_in(weekly) == [] and NOTES in strings(json.loads(weekly.output))  # escaped, whole
    exported = invoke(hostile, "customers", "export-data", hostile.cid, agent="root")
    assert raw_in(exported) == [] and NAME in strings(json.loads(exported.output))


def strings(value) -> list[str]:
    """Every string in a JSON value."""
    if isinstance(value, str):
        return [value]
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return [s for item in items for s in strings(item)]
