"""bench/run.py's cases part (issue 18): the store calls behind the case screens, the wallboard and the case
KPIs, timed in process on the bench store (bench/build_cases.py adds 200,000 cases with timelines)."""

from __future__ import annotations

import run_figures as rf
import run_store
from run_load import _timed


def case_rows(ctx: rf.Ctx, runs: int) -> None:
    from store import cases, kpi, wallboard

    v = ctx.values
    store = run_store.open_bench(ctx.db)
    try:
        with store.read(None) as tx:
            n = tx.scalar("SELECT count(*) FROM cases")
            long_case = tx.scalar("SELECT case_id FROM case_events GROUP BY case_id HAVING count(*) >= 50"
                                  " ORDER BY case_id LIMIT 1")
        note = f"store API, in process; {n:,} cases"
        for label, target, fn in (
            (f"my case list ({v.login}, first page)", "< 50 ms", lambda: cases.list_cases(store, v.login, scope="mine")),
            (f"the lead's overdue list ({v.lead}, first page)", "< 50 ms",
             lambda: cases.list_cases(store, v.lead, scope="overdue")),
            ("the overdue list, whole centre (admin, first page)", "",
             lambda: cases.list_cases(store, v.admin, scope="overdue")),
            (f"open a case with 50 timeline entries (#{long_case})", "< 50 ms",
             lambda: cases.get_case(store, v.admin, long_case)),
            ("status line's case counts (an agent)", "", lambda: cases.case_counts(store, v.login)),
            (f"wallboard with its cases ({v.lead})", "", lambda: wallboard.wallboard(store, v.lead)),
            (f"case KPIs' drill-down, cases resolved in a month ({v.login}, 2026-11)", "",
             lambda: kpi.kpi_records(store, v.login, None, "cases_in_sla_rate", "2026-11")),
        ):
            rf.note(f"measuring: {label}")
            try:
                if long_case is None and "50 timeline" in label:
                    raise LookupError("no case with 50 timeline entries (bench/build_cases.py makes them)")
                ctx.rows.append(rf.Row(label, _timed(fn, runs), None, "ms", target, note))
            except Exception as exc:  # noqa: BLE001 — the table says what failed and the run goes on
                ctx.rows.append(rf.Row(label, [], None, "ms", target, failed=rf.one_line(exc)))
    finally:
        store.close()
