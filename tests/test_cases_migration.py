"""Migration 19 (cases) on a store made by version 18 with data in it: every change-log row kept with its
seq, the topic `cases` accepted, and the calls saved afterwards open cases."""

from __future__ import annotations

import sqlite3

from test_migrations import build_old_store

from store import cases, open_store
from store.call_records import CallEntry
from store.calls import log_call
from store.migrations import LATEST, MIGRATIONS
from store.migrations_cases import M_CASES


def test_an_old_store_keeps_its_data_and_gains_cases(tmp_path, clock):
    assert MIGRATIONS.index(M_CASES) + 1 == 19 <= LATEST
    path = tmp_path / "old.db"
    build_old_store(path, 18)
    raw = sqlite3.connect(path)
    before = raw.execute("SELECT seq, topic, row_id, at, actor FROM change_log ORDER BY seq").fetchall()
    raw.close()
    s = open_store(path, clock)
    try:
        assert s.conn.execute("SELECT seq, topic, row_id, at, actor FROM change_log ORDER BY seq").fetchall() == before
        call_id = log_call(s, "li", CallEntry(category="complaint", outcome="callback-needed", customer_id=1))
        (case,) = cases.list_cases(s, "li").rows
        assert (case.origin_call_id, case.customer_name, case.owner) == (call_id, "张伟欣", "li")
        assert s.conn.execute("SELECT topic FROM change_log ORDER BY seq DESC LIMIT 1").fetchone() == ("calls",)
        assert "cases" in {t for (t,) in s.conn.execute("SELECT topic FROM change_log")}
        assert s.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        s.close()
