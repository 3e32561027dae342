"""KPI speed on the bench store: one agent's month, a team's scorecard for a month, the weekly summary.

    python bench/bench_kpi.py [--db /work/bench.db] [--runs 15]

Prints the median and p99 of each (milliseconds). Read-only: it writes nothing to the store.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from store import open_store  # noqa: E402
from store.clock import FixedClock  # noqa: E402

NOW = datetime(2026, 11, 26, 6, 0, tzinfo=timezone.utc)  # the bench builder's "now"


def measure(label: str, fn, runs: int) -> None:
    fn()  # warm the page cache once, as a desk that has been open a while
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p99 = times[min(len(times) - 1, int(round(0.99 * (len(times) - 1))))]
    print(f"{label:<38} median {statistics.median(times):8.1f} ms   p99 {p99:8.1f} ms   ({runs} runs)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="/work/bench.db")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    store = open_store(args.db, FixedClock(NOW))
    from store import kpi, reports

    agent, lead = "agent001", "lead01"
    with store.read(None) as tx:
        agent = tx.scalar("SELECT login FROM agents WHERE role = 'agent' AND team = 'team01' ORDER BY login LIMIT 1")
        lead = tx.scalar("SELECT login FROM agents WHERE role = 'lead' AND team = 'team01'")
        admin = tx.scalar("SELECT login FROM agents WHERE role = 'admin' LIMIT 1")
    measure(f"one agent's month ({agent}, 2026-11)", lambda: kpi.agent_kpis(store, agent, None, "2026-11"), args.runs)
    measure(f"one agent's last month ({agent}, 2026-10)", lambda: kpi.agent_kpis(store, agent, None, "2026-10"), args.runs)
    measure(f"team scorecard, month ({lead}, 2026-10)", lambda: kpi.team_kpis(store, lead, "2026-10"), args.runs)
    measure("weekly summary, team (2026-W47)", lambda: reports.weekly_summary(store, lead, "2026-W47"), args.runs)
    measure("weekly summary, whole centre (2026-W47)", lambda: reports.weekly_summary(store, admin, "2026-W47"),
            max(3, args.runs // 3))
    store.close()


if __name__ == "__main__":
    main()
