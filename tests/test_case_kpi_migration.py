"""Migration 21 (the case KPIs' indexes) on a store made by version 20 with a case in it: the case is kept and
counted, and the case figures read from the new indexes alone."""

from __future__ import annotations

import sqlite3

from test_migrations import build_old_store

from store import kpi, open_store
from store.kpi.cases import case_sums
from store.migrations import MIGRATIONS
from store.migrations_case_kpi import M_CASE_KPI
from store.periods import resolve_period

T = "2026-11-20T02:00:00Z"


def test_a_store_of_version_20_gains_the_case_kpi_indexes_and_keeps_its_cases(tmp_path, clock):
    assert MIGRATIONS.index(M_CASE_KPI) + 1 == 21
    path = tmp_path / "old.db"
    build_old_store(path, MIGRATIONS.index(M_CASE_KPI))
    raw = sqlite3.connect(path)
    raw.execute("INSERT INTO cases (customer_id, type, owner_id, team, status, opened_at, opened_by, updated_at,"
                " updated_by, due_at, resolved_at, chases) VALUES (1, 'complaint', 2, 'north', 'resolved', ?, 'li', ?,"
                " 'li', '2026-11-22T02:00:00Z', '2026-11-21T02:00:00Z', 2)", (T, T))
    raw.commit()
    raw.close()
    s = open_store(path, clock)
    try:
        row = kpi.agent_kpis(s, "li", None, "2026-11")
        assert (row["cases_resolved"], row["cases_in_sla_rate"], row["case_chases"]) == (1, 1.0, 2.0)
        with s.read(None) as tx:
            p = resolve_period(tx, "2026-11")
            plans = []
            real = tx.all

            def explained(sql, params=()):
                plans.extend(r[3] for r in real("EXPLAIN QUERY PLAN " + sql, params))
                return real(sql, params)

            tx.all = explained  # type: ignore[method-assign]
            case_sums(tx, [2], p)
        assert any("COVERING INDEX cases_owner_resolved" in line for line in plans), plans
        assert any("COVERING INDEX cases_owner_opened" in line for line in plans), plans
    finally:
        s.close()
