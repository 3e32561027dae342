"""The weekly summary before and after a change, in alternating rounds on a shared machine.

    python bench/bench_weekly_rounds.py --before-code /work/main --before-db /tmp/old.db \
        --after-db /tmp/new.db [--after-code .] [--rounds 8] [--runs 20] [--scope centre|team]

Each round runs one fresh process per side (before, after; the order alternates), which builds the summary
of 2026-W47 once to warm the page cache and then `--runs` times, as an admin (the whole centre) or as
team01's lead, timing each in wall time and in the process's CPU time (on a loaded machine the wall time
stretches with the queue for the cores; the CPU time is what the report costs). Prints each round's median,
p99 and max with the load average, then those of all runs. Read-only: it writes nothing to the stores.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WEEK = "2026-W47"

# the child: `code` first on the path, so each side imports its own store package
CHILD = """
import json, sys, time
from datetime import datetime, timezone
code, db, runs, scope, week = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
sys.path.insert(0, code)
from store import open_store, reports
from store.clock import FixedClock
s = open_store(db, FixedClock(datetime(2026, 11, 26, 6, 0, tzinfo=timezone.utc)))
with s.read(None) as tx:
    who = (tx.scalar("SELECT login FROM agents WHERE role = 'admin' LIMIT 1") if scope == "centre"
           else tx.scalar("SELECT login FROM agents WHERE role = 'lead' AND team = 'team01'"))
reports.weekly_summary(s, who, week)
wall, cpu = [], []
for _ in range(runs):
    c, t = time.process_time(), time.perf_counter()
    reports.weekly_summary(s, who, week)
    wall.append((time.perf_counter() - t) * 1000)
    cpu.append((time.process_time() - c) * 1000)
s.close()
print(json.dumps([wall, cpu]))
"""


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]


def line(values: list[float]) -> str:
    return f"{statistics.median(values):7.1f} / {p99(values):7.1f} / {max(values):7.1f} ms"


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before-code", required=True, help="a checkout whose store/ is the old code")
    parser.add_argument("--before-db", required=True, help="a bench store at the old code's schema")
    parser.add_argument("--after-code", default=str(ROOT))
    parser.add_argument("--after-db", required=True, help="a bench store at the new code's schema")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--scope", choices=("centre", "team"), default="centre")
    args = parser.parse_args()
    sides = {"before": (args.before_code, args.before_db), "after": (args.after_code, args.after_db)}
    walls: dict[str, list[float]] = {side: [] for side in sides}
    cpus: dict[str, list[float]] = {side: [] for side in sides}
    for n in range(args.rounds):
        for side in (list(sides) if n % 2 == 0 else list(sides)[::-1]):
            code, db = sides[side]
            at = load()
            done = subprocess.run([sys.executable, "-c", CHILD, code, db, str(args.runs), args.scope, WEEK],
                                  capture_output=True, text=True, check=True)
            wall, cpu = json.loads(done.stdout)
            walls[side] += wall
            cpus[side] += cpu
            print(f"round {n + 1} {side:<6} load {at}   wall {line(wall)}   cpu {line(cpu)}", flush=True)
    print("median / p99 / max of every run:")
    for side in sides:
        print(f"{side:<6} n={len(walls[side])}   wall {line(walls[side])}   cpu {line(cpus[side])}   load now {load()}")


if __name__ == "__main__":
    main()
