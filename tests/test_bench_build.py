"""bench/build_store.py at a tiny scale: exact counts, consistent tokens and indexes, reproducible."""

from __future__ import annotations

import hashlib
import random
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from store import open_store
from store.name_order import sort_key
from store.phones import normalize, reversed_digits
from store.pinyin import search_keys
from store.tokens import document_tokens

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "bench" / "build_store.py"
TINY = ["--customers", "2000", "--phones", "2400", "--calls", "10000", "--days", "10", "--agents", "20",
        "--teams", "4", "--callbacks", "500", "--cases", "1000"]


def build(path: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), "--path", str(path), *extra],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    path = tmp_path_factory.mktemp("bench") / "tiny.db"
    done = build(path, *TINY)
    assert done.returncode == 0, done.stderr
    conn = sqlite3.connect(path)
    yield conn, done.stdout
    conn.close()


def one(conn, sql, params=()):
    return conn.execute(sql, params).fetchone()[0]


def test_prints_stage_times_total_and_size(tiny):
    _, out = tiny
    for stage in ("customers, phones, tokens", "calls", "callbacks, attempts", "indexes", "analyze, checkpoint"):
        assert re.search(rf"{re.escape(stage)}\s+\d+\.\d s", out), out
    assert re.search(r"total \d+\.\d s .* is [\d,]+ bytes", out)


def test_counts_are_exactly_as_asked(tiny):
    conn, _ = tiny
    assert one(conn, "SELECT count(*) FROM customers") == 2000
    assert one(conn, "SELECT count(*) FROM customer_phones") == 2400
    assert one(conn, "SELECT count(*) FROM calls") == 10000
    assert one(conn, "SELECT count(*) FROM callbacks") == 500
    assert one(conn, "SELECT count(*) FROM agents WHERE role != 'admin'") == 20
    assert one(conn, "SELECT count(DISTINCT team) FROM agents WHERE team IS NOT NULL") == 4
    assert one(conn, "SELECT count(*) FROM agents WHERE role = 'lead'") == 4
    assert one(conn, "SELECT count(*) FROM agents WHERE role = 'admin'") == 1
    assert one(conn, "SELECT count(*) FROM agent_status_log") > 0
    assert one(conn, "SELECT count(*) FROM callback_attempts") > 0
    assert one(conn, "SELECT count(*) FROM cases") == 1000
    assert one(conn, "SELECT count(*) FROM case_events WHERE case_id = 1000") == 50  # one in a thousand: 50 entries
    assert one(conn, "SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_events e"
                     " WHERE e.case_id = c.id AND e.kind = 'opened')") == 0
    assert one(conn, "SELECT count(*) FROM cases WHERE status IN ('resolved', 'closed') AND resolved_at IS NULL") == 0
    chinese = one(conn, "SELECT count(*) FROM customers WHERE unicode(name) BETWEEN 19968 AND 40959")
    assert 800 < chinese < 1200


def test_search_tokens_match_every_customer(tiny):
    conn, _ = tiny
    assert one(conn, "SELECT count(*) FROM customer_fts") == 2000
    assert one(conn, "SELECT count(*) FROM customers c WHERE NOT EXISTS"
                     " (SELECT 1 FROM customer_fts f WHERE f.rowid = c.id)") == 0
    rows = conn.execute("SELECT c.id, c.name, c.company, c.email, c.wechat_id, c.city, c.tags, c.notes, f.tokens"
                        " FROM customers c JOIN customer_fts f ON f.rowid = c.id").fetchall()
    for row in random.Random(0).sample(rows, 300):
        assert row[8] == document_tokens(*row[1:8]), row[0]
    # and the index answers: a Chinese name by one of its characters
    name = one(conn, "SELECT name FROM customers WHERE unicode(name) BETWEEN 19968 AND 40959 LIMIT 1")
    hits = {r[0] for r in conn.execute("SELECT rowid FROM customer_fts WHERE customer_fts MATCH ?", (f'"{name[1]}"',))}
    assert one(conn, "SELECT id FROM customers WHERE name = ? LIMIT 1", (name,)) in hits


def test_pinyin_keys_match_every_customer(tiny):
    conn, _ = tiny
    stored: dict[int, list[tuple[str, str]]] = {}
    for cid, part, key in conn.execute("SELECT customer_id, part, key FROM customer_pinyin"):
        stored.setdefault(cid, []).append((part, key))
    rows = conn.execute("SELECT id, name, company FROM customers").fetchall()
    for cid, name, company in rows:
        assert sorted(stored.pop(cid, [])) == sorted(search_keys(name, company)), cid
    assert stored == {}
    chinese = sum(1 for _cid, name, _company in rows if search_keys(name))
    assert 800 < chinese < 1200  # every Chinese name has keys, no latin one
    for table, column in (("customers", "name"), ("agents", "display_name")):  # and every name its sort key
        assert all(key == sort_key(n) for n, key in conn.execute(f"SELECT {column}, name_sort FROM {table}")), table


def test_phones_are_unique_valid_and_indexed_by_reversed_digits(tiny):
    conn, _ = tiny
    assert one(conn, "SELECT count(DISTINCT e164) FROM customer_phones") == 2400
    for e164, raw, digits_rev in conn.execute("SELECT e164, raw, digits_rev FROM customer_phones"):
        assert normalize(raw, "CN").e164 == e164
        assert digits_rev == reversed_digits(e164)
    assert one(conn, "SELECT count(*) FROM customer_phones WHERE is_main = 1") == 2000
    assert one(conn, "SELECT count(*) FROM (SELECT customer_id FROM customer_phones GROUP BY 1 HAVING sum(is_main) != 1)") == 0
    numbers = [e for (e,) in conn.execute("SELECT e164 FROM customer_phones")]
    mobiles = sum(1 for e in numbers if re.match(r"^\+861\d{10}$", e))
    landlines = sum(1 for e in numbers if re.match(r"^\+86[2-9]", e))
    us = sum(1 for e in numbers if e.startswith("+1"))
    assert mobiles > 0.8 * len(numbers) and landlines > 0 and us > 0


def test_calls_reference_real_agents_customers_and_numbers(tiny):
    conn, _ = tiny
    assert one(conn, "SELECT count(*) FROM calls k LEFT JOIN agents a ON a.id = k.agent_id WHERE a.id IS NULL") == 0
    assert one(conn, "SELECT count(*) FROM calls k LEFT JOIN customers c ON c.id = k.customer_id"
                     " WHERE k.customer_id IS NOT NULL AND c.id IS NULL") == 0
    # a known customer's call comes from one of their numbers
    assert one(conn, "SELECT count(*) FROM calls k WHERE customer_id IS NOT NULL AND phone_e164 IS NOT NULL"
                     " AND NOT EXISTS (SELECT 1 FROM customer_phones p WHERE p.customer_id = k.customer_id"
                     " AND p.e164 = k.phone_e164)") == 0
    assert one(conn, "SELECT count(*) FROM customers c WHERE last_contact_at IS NOT"
                     " (SELECT max(started_at) FROM calls WHERE customer_id = c.id)") == 0
    assert one(conn, "SELECT count(*) FROM calls a JOIN calls b ON a.agent_id = b.agent_id AND a.id != b.id"
                     " AND b.started_at >= a.started_at AND b.started_at < a.created_at") == 0
    assert one(conn, "SELECT max(created_at) FROM calls") <= "2026-11-26T06:00:00Z"
    assert one(conn, "SELECT count(*) FROM calls WHERE outcome LIKE 'escalated-%' AND escalation_reason IS NULL") == 0


def test_integrity_foreign_keys_and_the_schema_of_a_real_store(tiny, tmp_path):
    conn, _ = tiny
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    fresh = open_store(tmp_path / "fresh.db")
    try:
        expected = fresh.conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"
                                      " WHERE name NOT LIKE 'sqlite_%' ORDER BY name").fetchall()
        version = fresh.conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        fresh.close()
    built = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"
                         " WHERE name NOT LIKE 'sqlite_%' ORDER BY name").fetchall()
    assert built == expected  # every index is back, exactly as the migrations define it
    assert conn.execute("PRAGMA user_version").fetchone()[0] == version
    assert one(conn, "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'calls'") > 0  # ANALYZE ran
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_kpi_rollups_hold_every_call_loaded(tiny):
    conn, out = tiny
    assert "KPI rollups" in out
    assert one(conn, "SELECT sum(calls_handled) FROM kpi_day_rollups") == 10000
    assert one(conn, "SELECT sum(talk_s) FROM kpi_day_rollups") == one(conn, "SELECT sum(talk_s) FROM calls")
    assert one(conn, "SELECT timezone FROM kpi_rollup_state") == "Asia/Shanghai"
    day = conn.execute("SELECT agent_id, day, calls_handled, fcr_eligible, fcr_resolved FROM kpi_day_rollups"
                       " WHERE calls_handled > 0 ORDER BY day DESC, agent_id LIMIT 1").fetchone()
    bounds = conn.execute("SELECT start, end FROM kpi_local_days WHERE day = ?", (day[1],)).fetchone()
    direct = conn.execute(
        "SELECT count(*), sum(k.direction = 'in' AND k.customer_id IS NOT NULL"
        " AND k.category NOT IN ('feedback', 'return-visit')) FROM calls k"
        " WHERE k.agent_id = ? AND k.started_at >= ? AND k.started_at < ?", (day[0], *bounds)).fetchone()
    assert day[2:4] == direct
    by_category = conn.execute("SELECT category, sum(calls), sum(resolved) FROM kpi_day_category_rollups"
                               " GROUP BY category ORDER BY category").fetchall()
    assert by_category == conn.execute("SELECT category, count(*), sum(outcome = 'resolved') FROM calls"
                                       " GROUP BY category ORDER BY category").fetchall()
    assert re.search(r"[\d,]+ agent-day-category rows", out)


def test_callbacks_are_open_and_closed_consistently(tiny):
    conn, _ = tiny
    now = "2026-11-26T06:00:00Z"
    assert one(conn, "SELECT count(*) FROM callbacks WHERE (status = 'open') != (closed_at IS NULL)") == 0
    assert one(conn, "SELECT count(*) FROM callbacks WHERE status = 'open' AND due_at < ?", (now,)) > 0
    assert one(conn, "SELECT count(*) FROM callbacks WHERE status = 'open' AND due_at >= ?", (now,)) > 0
    assert one(conn, "SELECT count(*) FROM callbacks WHERE status = 'open' AND owner_id IS NULL") > 0
    assert one(conn, "SELECT count(*) FROM callbacks b WHERE status = 'done' AND NOT EXISTS"
                     " (SELECT 1 FROM callback_attempts t WHERE t.callback_id = b.id AND t.result = 'reached')") == 0
    assert {k for (k,) in conn.execute("SELECT DISTINCT kind FROM callbacks")} == {"callback", "return-visit", "missed-call"}
    assert one(conn, "SELECT count(*) FROM (SELECT agent_id FROM agent_status_log WHERE ended_at IS NULL"
                     " GROUP BY 1 HAVING count(*) > 1)") == 0


def test_same_seed_same_store_and_an_existing_file_is_kept(tmp_path):
    small = ["--customers", "300", "--phones", "330", "--calls", "1500", "--days", "5", "--agents", "6",
             "--teams", "2", "--callbacks", "60"]
    digests = []
    for name in ("a.db", "b.db"):
        done = build(tmp_path / name, *small)
        assert done.returncode == 0, done.stderr
        conn = sqlite3.connect(tmp_path / name)
        h = hashlib.sha256()
        for table in ("agents", "customers", "customer_phones", "calls", "callbacks", "callback_attempts",
                      "agent_status_log", "conduct_events"):
            for row in conn.execute(f"SELECT * FROM {table} ORDER BY rowid"):
                h.update(repr(row).encode())
        for row in conn.execute("SELECT rowid, tokens FROM customer_fts ORDER BY rowid"):
            h.update(repr(row).encode())
        for row in conn.execute("SELECT * FROM customer_pinyin ORDER BY customer_id, part, key"):
            h.update(repr(row).encode())
        conn.close()
        digests.append(h.hexdigest())
    assert digests[0] == digests[1]
    again = build(tmp_path / "a.db", *small)
    assert again.returncode == 1 and "--force" in again.stderr
    assert build(tmp_path / "a.db", *small, "--force").returncode == 0
