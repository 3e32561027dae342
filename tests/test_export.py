"""`agentdesk export customers|calls|callbacks`: keys, role scoping, day edges in Asia/Shanghai, streaming."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from store import open_store
from store.access import ANY_ROLE
from store.agents import add_agent
from store.call_records import CallEntry
from store.callbacks import insert_callback
from store.calls import insert_call, log_call
from store.customers import create_customer, find_by_phone
from store.errors import PermissionDenied, ValidationError
from store.exporter import export_to, open_export
from store.importer import import_customers
from store.introspect import schema
from store.settings import set_setting
from tui.cli import cli

ROOT = Path(__file__).resolve().parents[1]

# Local (Asia/Shanghai, UTC+8) day 2026-11-26 runs from 2026-11-25T16:00:00Z to 2026-11-26T16:00:00Z.
BEFORE_DAY = "2026-11-25T15:59:59Z"
DAY_START = "2026-11-25T16:00:00Z"
DAY_LAST = "2026-11-26T15:59:59Z"
NEXT_DAY = "2026-11-26T16:00:00Z"


@pytest.fixture
def work(team):
    """Calls by li, wang, lin (north) and chen (south) at the edges of the local day; callbacks of both teams and the pool."""
    zhang = create_customer(team, "li", phones=["0755-8888 1234", "13800138000"], name="张伟欣", company="华强",
                            tags="vip,重点", do_not_call=True)
    create_customer(team, "li", phones=["+1 (415) 555-0132"], name="Ann Lee")
    calls = {}
    for who, started in (("li", BEFORE_DAY), ("li", DAY_START), ("wang", DAY_LAST), ("lin", NEXT_DAY), ("chen", DAY_START)):
        calls[(who, started)] = log_call(team, who, CallEntry(number="13800138000", category="order", outcome="resolved", started_at=started, talk_s=60, notes=f"{who} at {started}"))
    with team.write("root", *ANY_ROLE) as tx:
        cb = {
            "li": insert_callback(tx, due_at=DAY_START, customer_id=zhang, owner="li", reason="回访"),
            "pool": insert_callback(tx, due_at=DAY_LAST, phone_e164="+8613900139000"),
            "chen": insert_callback(tx, due_at=NEXT_DAY, customer_id=zhang, owner="chen", kind="return-visit"),
        }
    return {"store": team, "customer": zhang, "calls": calls, "callbacks": cb}


def export(store, actor, kind, fmt="json", **kw):
    out = io.StringIO()
    count = export_to(store, actor, kind, out, fmt, **kw)
    text = out.getvalue()
    rows = json.loads(text) if fmt == "json" else list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == count
    return rows


def run_cli(store_path, agent, *args):
    return CliRunner().invoke(cli, ["--db", str(store_path), "--agent", agent, "--lang", "en", "export", *args])


# -- keys and values ------------------------------------------------------------------
def test_json_keys_are_the_table_columns_plus_logins(work):
    store = work["store"]
    tables = schema(store)
    calls = export(store, "root", "calls")
    assert list(calls[0]) == ["id", "agent_id", "agent", *tables["calls"][2:]]
    assert set(calls[0]) == set(tables["calls"]) | {"agent"}
    callbacks = export(store, "root", "callbacks")
    assert set(callbacks[0]) == set(tables["callbacks"]) | {"owner"}
    customers = export(store, "root", "customers")
    assert set(customers[0]) == set(tables["customers"]) - {"name_sort"} | {"phones"}  # a sort key is not data


def test_calls_carry_the_agent_login_and_customer_id(work):
    calls = export(work["store"], "root", "calls")
    assert [(c["agent"], c["started_at"]) for c in calls] == [
        ("li", BEFORE_DAY), ("li", DAY_START), ("chen", DAY_START), ("wang", DAY_LAST), ("lin", NEXT_DAY)
    ]  # in time order
    assert {c["customer_id"] for c in calls} == {work["customer"]}
    first = calls[0]
    assert first["id"] == work["calls"][("li", BEFORE_DAY)] and first["phone_e164"] == "+8613800138000"
    assert first["talk_s"] == 60 and first["notes"] == f"li at {BEFORE_DAY}"


def test_customers_carry_phones_in_e164(work):
    customers = export(work["store"], "lin", "customers")
    zhang, ann = customers
    assert zhang["name"] == "张伟欣" and zhang["phones"] == ["+8675588881234", "+8613800138000"]  # main first
    assert zhang["tags"] == ["vip", "重点"] and zhang["do_not_call"] is True
    assert ann["phones"] == ["+14155550132"] and ann["tags"] == [] and ann["do_not_call"] is False
    rows = export(work["store"], "lin", "customers", fmt="csv")
    assert rows[0]["phones"] == "'+8675588881234;+8613800138000"  # the ' keeps a spreadsheet from running or rounding it
    assert rows[0]["tags"] == "vip,重点" and rows[0]["do_not_call"] == "1" and rows[0]["last_contact_at"] == NEXT_DAY


def test_callbacks_carry_the_owner_login_or_null_for_the_pool(work):
    rows = {r["id"]: r for r in export(work["store"], "root", "callbacks")}
    assert rows[work["callbacks"]["li"]]["owner"] == "li"
    assert rows[work["callbacks"]["pool"]]["owner"] is None and rows[work["callbacks"]["pool"]]["owner_id"] is None
    assert rows[work["callbacks"]["chen"]]["kind"] == "return-visit"


# -- who sees what -------------------------------------------------------------------------
def test_role_scoping(work):
    store = work["store"]
    agents_of = lambda actor, kind="calls": sorted({r["agent"] for r in export(store, actor, kind)})  # noqa: E731
    assert agents_of("li") == ["li"]
    assert len(export(store, "li", "calls")) == 2
    assert agents_of("wang") == ["wang"]
    assert agents_of("lin") == ["li", "lin", "wang"]  # team north
    assert agents_of("zhao") == ["chen"]  # team south
    assert agents_of("root") == ["chen", "li", "lin", "wang"]
    owners = lambda actor: sorted(str(r["owner"]) for r in export(store, actor, "callbacks"))  # noqa: E731
    assert owners("lin") == ["None", "li"]  # their team and the pool
    assert owners("zhao") == ["None", "chen"]
    assert owners("root") == ["None", "chen", "li"]
    for kind in ("customers", "callbacks"):
        with pytest.raises(PermissionDenied, match="agent"):
            export(store, "li", kind)


def test_inactive_or_unknown_agent_is_refused(work):
    with pytest.raises(PermissionDenied, match="not an agent"):
        export(work["store"], "ghost", "calls")


def test_cli_refusal_is_one_sentence_and_writes_no_file(work, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    res = run_cli(work["store"].path, "li", "customers", "-o", str(folder / "customers.csv"))
    assert res.exit_code == 1
    assert res.stderr.startswith("Error: an agent may not export customers") and res.stderr.count("\n") == 1
    assert res.stdout == "" and list(folder.iterdir()) == []


# -- --since / --until --------------------------------------------------------------------------
def test_local_day_edges_in_shanghai(work):
    store = work["store"]
    day = [c["started_at"] for c in export(store, "root", "calls", since="2026-11-26", until="2026-11-26")]
    assert day == [DAY_START, DAY_START, DAY_LAST]  # 00:00:00 and 23:59:59 local are in; 23:59:59 the day before and 00:00 after are out
    assert [c["started_at"] for c in export(store, "root", "calls", until="2026-11-25")] == [BEFORE_DAY]
    assert [c["started_at"] for c in export(store, "root", "calls", since="2026-11-27")] == [NEXT_DAY]
    # ISO times: since inclusive, until inclusive of that second; no offset means the centre's local time.
    assert [c["started_at"] for c in export(store, "root", "calls", since=DAY_LAST, until=NEXT_DAY)] == [DAY_LAST, NEXT_DAY]
    assert [c["started_at"] for c in export(store, "root", "calls", since="2026-11-27T00:00:00")] == [NEXT_DAY]
    assert [c["started_at"] for c in export(store, "root", "calls", until="2026-11-25T23:59:59+08:00")] == [BEFORE_DAY]
    # callbacks filter on due_at
    due = [c["due_at"] for c in export(store, "root", "callbacks", since="2026-11-26", until="2026-11-26")]
    assert due == [DAY_START, DAY_LAST]


def test_day_cut_follows_the_timezone_setting(work):
    store = work["store"]
    set_setting(store, "root", "timezone", "UTC")
    day = [c["started_at"] for c in export(store, "root", "calls", since="2026-11-26", until="2026-11-26")]
    assert day == [DAY_LAST, NEXT_DAY]


def test_customers_filter_on_updated_at(team, clock):
    create_customer(team, "root", phones=["13800138000"], name="Old")
    clock.advance(days=2)
    create_customer(team, "root", phones=["13900139000"], name="New")
    assert [c["name"] for c in export(team, "root", "customers", since="2026-11-27")] == ["New"]
    assert [c["name"] for c in export(team, "root", "customers", until="2026-11-26")] == ["Old"]


def test_bad_since_is_a_clear_error(work):
    store = work["store"]
    with pytest.raises(ValidationError, match="--since: 'yesterday' is not a date"):
        export(store, "root", "calls", since="yesterday")
    with pytest.raises(ValidationError, match="--until: '2026-02-30'"):
        export(store, "root", "calls", until="2026-02-30")
    with pytest.raises(ValidationError, match="after --until"):
        export(store, "root", "calls", since="2026-11-27", until="2026-11-26")
    res = run_cli(store.path, "root", "calls", "--since", "yesterday")
    assert res.exit_code == 1 and res.stdout == ""
    assert res.stderr.startswith("Error: --since: 'yesterday'") and res.stderr.count("\n") == 1


# -- output -----------------------------------------------------------------------------------------
def test_csv_parses_back_and_reimports(work, tmp_path):
    rows = export(work["store"], "root", "calls", fmt="csv")
    assert [r["agent"] for r in rows] == ["li", "li", "chen", "wang", "lin"]
    assert rows[0]["customer_id"] == str(work["customer"]) and rows[0]["callback_id"] == ""
    # A customers export imports into a fresh store as the same customers.
    res = run_cli(work["store"].path, "root", "customers", "-o", str(tmp_path / "customers.csv"))
    assert res.exit_code == 0 and res.stdout == ""
    assert not (tmp_path / "customers.csv.part").exists()
    fresh = open_store(tmp_path / "fresh.db")
    try:
        add_agent(fresh, None, "boss", "Boss", "admin", None)
        result = import_customers(fresh, "boss", tmp_path / "customers.csv")
        assert (result.imported, result.rejected) == (2, 0)
        again = find_by_phone(fresh, "boss", "0755-8888 1234")
        assert again.name == "张伟欣" and again.tags == ("vip", "重点") and again.do_not_call is True
        assert [p.e164 for p in again.phones] == ["+8675588881234", "+8613800138000"]
    finally:
        fresh.close()


def test_cli_json_to_stdout_is_utf8_and_untranslated(work):
    res = run_cli(work["store"].path, "lin", "customers", "--format", "json")
    assert res.exit_code == 0, res.output
    assert "张伟欣" in res.stdout_bytes.decode("utf-8")  # not \\u escapes
    data = json.loads(res.stdout)
    assert data[0]["name"] == "张伟欣" and "phones" in data[0]
    res = CliRunner().invoke(cli, ["--db", str(work["store"].path), "--agent", "zhao", "--lang", "zh_CN",
                                   "export", "calls", "--format", "json"])
    assert json.loads(res.stdout)[0]["agent"] == "chen"


def test_empty_exports(team):
    assert export(team, "root", "calls") == []
    out = io.StringIO()
    export_to(team, "root", "calls", out, "json")
    assert out.getvalue() == "[]\n"
    out = io.StringIO()
    export_to(team, "root", "callbacks", out, "csv")
    assert out.getvalue().splitlines()[0].startswith("id,kind,customer_id")


def test_real_subprocess_export(work, tmp_path):
    target = tmp_path / "calls.json"
    base = [sys.executable, "-c", "from tui.cli import main; main()", "--db", str(work["store"].path), "--lang", "en"]
    proc = subprocess.run([*base, "--agent", "lin", "export", "calls", "--format", "json", "--since", "2026-11-26",
                           "-o", str(target)], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "" and "exported 3 rows" in proc.stderr
    assert [r["agent"] for r in json.loads(target.read_text(encoding="utf-8"))] == ["li", "wang", "lin"]
    proc = subprocess.run([*base, "--agent", "li", "export", "calls"], capture_output=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0
    rows = list(csv.DictReader(io.StringIO(proc.stdout.decode("utf-8"), newline="")))
    assert {r["agent"] for r in rows} == {"li"} and len(rows) == 2
    proc = subprocess.run([*base, "--agent", "root", "export", "calls", "--until", "11/26"], capture_output=True,
                          text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and "--until" in proc.stderr


class _CountingSink:
    """A text sink that keeps nothing: measures what the exporter itself holds."""

    def __init__(self):
        self.chars = 0

    def write(self, text):
        self.chars += len(text)
        return len(text)


def test_export_streams_rows_in_bounded_memory(team):
    with team.write("li", *ANY_ROLE) as tx:
        for i in range(6000):
            insert_call(tx, CallEntry(number="13800138000", category="order", outcome="resolved",
                                      started_at=f"2026-11-{1 + i % 25:02d}T{i % 24:02d}:00:00Z", notes="x" * 200))
    for fmt in ("json", "csv"):
        sink = _CountingSink()
        tracemalloc.start()
        try:
            assert export_to(team, "lin", "calls", sink, fmt) == 6000
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert sink.chars > 6000 * 200
        # 6,000 rows held at once would be several MB; streaming keeps a few rows.
        assert peak < 1_000_000, f"{fmt}: peak {peak} bytes"


def test_open_export_refuses_before_any_output(work):
    with pytest.raises(ValidationError, match="cannot be exported"):
        with open_export(work["store"], "root", "agents"):
            pass
    with open_export(work["store"], "zhao", "callbacks") as ex:
        assert ex.columns[ex.columns.index("owner_id") + 1] == "owner"
        assert [(r["id"], r["owner"]) for r in ex.rows] == [(work["callbacks"]["pool"], None), (work["callbacks"]["chen"], "chen")]


def test_a_csv_file_is_utf8_with_bom_for_excel_or_gb18030_and_never_gbk(work, tmp_path):
    target = tmp_path / "customers.csv"
    res = run_cli(work["store"].path, "root", "customers", "-o", str(target))
    assert res.exit_code == 0, res.output
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "张伟欣" in raw.decode("utf-8-sig")  # Excel reads the BOM as UTF-8
    res = run_cli(work["store"].path, "root", "customers", "-o", str(target), "--encoding", "gb18030")
    assert res.exit_code == 0, res.output
    assert "张伟欣" in target.read_bytes().decode("gb18030") and not target.read_bytes().startswith(b"\xef\xbb\xbf")
    res = run_cli(work["store"].path, "root", "customers", "-o", str(tmp_path / "gbk.csv"), "--encoding", "GBK")
    assert res.exit_code == 2 and "GBK lacks some names" in res.output and "gb18030" in res.output
    assert not (tmp_path / "gbk.csv").exists()
    res = run_cli(work["store"].path, "root", "customers", "--format", "json")  # stdout and JSON: plain UTF-8
    assert res.exit_code == 0 and not res.stdout.startswith("\ufeff")
