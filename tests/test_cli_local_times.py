"""The CLI's tables show times as the centre reads them, the zone named in the heading; JSON keeps UTC."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from store.call_records import CallEntry
from store.callbacks import insert_callback
from store.calls import log_call
from store.customers import create_customer


@pytest.fixture
def desk(team, store_path, monkeypatch):
    monkeypatch.setenv("AGENTDESK_DB", str(store_path))
    monkeypatch.setenv("COLUMNS", "200")
    customer = create_customer(team, "li", phones=["138 0013 8000"], name="张伟欣")
    log_call(team, "li", CallEntry(customer_id=customer, category="order", outcome="resolved", started_at="2026-11-26T01:30:00Z"))
    with team.write("li", "agent") as tx:
        insert_callback(tx, due_at="2026-11-26T06:00:00Z", customer_id=customer, owner="li", reason="invoice")
    return customer


def run(*args: str):
    from tui.cli import cli

    result = CliRunner().invoke(cli, ["--agent", "li", "--lang", "en", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_callback_list_in_local_time_and_json_in_utc(desk):
    table = run("callbacks", "list", "--mine")
    assert "Due (Asia/Shanghai)" in table and "2026-11-26 14:00" in table and "06:00:00Z" not in table
    rows = json.loads(run("callbacks", "list", "--mine", "--format", "json"))
    assert rows[0]["due_at"] == "2026-11-26T06:00:00Z"


def test_calls_and_the_card_in_local_time(desk):
    calls = run("calls", "list")
    assert "Started (Asia/Shanghai)" in calls and "2026-11-26 09:30" in calls
    card = run("customers", "show", str(desk), "--lookup", "张伟欣")
    assert "2026-11-26 09:30" in card and "2026-11-26 14:00" in card and "T01:30:00Z" not in card
    assert json.loads(run("customers", "show", str(desk), "--lookup", "张伟欣", "--format", "json"))["calls"]["calls"][0]["started_at"] == \
        "2026-11-26T01:30:00Z"


def test_a_callbacks_history_names_the_zone(desk):
    shown = run("callbacks", "show", "1")
    assert "due 2026-11-26 14:00 (Asia/Shanghai)" in shown and "When (Asia/Shanghai)" in shown
