"""`agentdesk customers find | show | merge` give what the screens show, through the same store functions."""

from __future__ import annotations

import json

from click.testing import CliRunner

from store.call_records import CallEntry
from store.calls import log_call
from store.customers import create_customer, customer_card, lookup_customers
from tui.cli import cli
from tui.cli_masks import masked
from tui.format import LocalTime


def invoke(store, *args, agent="li"):
    env = {"AGENTDESK_DB": None, "AGENTDESK_AGENT": None, "AGENTDESK_LANG": "en", "COLUMNS": "200"}
    return CliRunner().invoke(cli, ["--db", str(store.path), "--agent", agent, *map(str, args)], env=env, prog_name="agentdesk")


def test_find_json_is_the_lookup(team):
    a = create_customer(team, "li", phones=["13800138000"], name="张伟欣", company="华为")
    b = create_customer(team, "li", name="张伟")
    r = invoke(team, "customers", "find", "张伟", "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert [row["id"] for row in data["rows"]] == [b, a]
    assert [row["match"] for row in data["rows"]] == ["name", "prefix"]
    assert data == json.loads(json.dumps(masked(lookup_customers(team, "li", "张伟"), LocalTime.named("UTC", "2026-11-26"))))
    assert data["rows"][1]["main_phone"] == "138****8000"  # masked: a list needs no whole number
    r = invoke(team, "customers", "find", "NEAR(", '"', "*")
    assert r.exit_code == 0 and "张伟" not in r.output


def test_find_table_shows_markup_literally(team):
    create_customer(team, "li", name="[red]x[/red]")
    r = invoke(team, "customers", "find", "[red]x[/red]")
    assert r.exit_code == 0 and "[red]x[/red]" in r.output


def test_show_json_and_paging_cursor(team):
    cid = create_customer(team, "li", phones=["13800138000"], name="Anna")
    for i in range(55):
        log_call(team, "li", CallEntry(customer_id=cid, category="order", outcome="resolved", started_at=f"2026-11-{10 + i // 10:02d}T0{i % 10}:00:00Z"))
    r = invoke(team, "customers", "show", cid, "--lookup", "Anna", "--format", "json")
    assert r.exit_code == 0, r.output
    card = json.loads(r.output)
    assert card == json.loads(json.dumps(masked(customer_card(team, "lin", cid).as_json(), LocalTime.named("UTC", "2026-11-26"))))
    assert card["phones"] == [{"e164": "138****8000", "main": True, "raw": "138****8000"}]
    assert len(card["calls"]["calls"]) == 50 and card["calls"]["next"]
    r = invoke(team, "customers", "show", cid, "--lookup", "Anna", "--before", ",".join(map(str, card["calls"]["next"])),
               "--format", "json")
    assert len(json.loads(r.output)["calls"]["calls"]) == 5
    r = invoke(team, "customers", "show", cid, "--lookup", "13800138000")
    assert r.exit_code == 0 and "older calls: --before" in r.output and "138****8000" in r.output
    assert "+8613800138000" not in r.output


def test_merge_then_show_the_merged_away_record(team):
    keep = create_customer(team, "li", phones=["13800138000"], name="Anna")
    other = create_customer(team, "li", phones=["13900139000"], name="Anna S.")
    r = invoke(team, "customers", "merge", keep, other, "--yes", agent="lin")
    assert r.exit_code == 0, r.output
    assert f"merged #{other} into #{keep}: 1 phones, 0 calls, 0 callbacks moved" in r.output
    r = invoke(team, "customers", "show", other)
    assert r.exit_code == 1 and f"merged into #{keep}" in r.output
    r = invoke(team, "customers", "merge", keep, keep, agent="lin")
    assert r.exit_code == 1 and "cannot be merged with itself" in r.output
