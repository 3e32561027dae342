"""Cases (工单) for the bench store: 200,000 by default over the last 180 days, with their timelines (most 3-6
entries, one in a thousand 50), so the case list, the lead's overdue list, a long case, the case KPIs, the
wallboard and the weekly summary are measured at scale (bench/run_cases.py).

    python bench/build_cases.py --path STORE [--cases 200000] [--seed 19]   (adds them to a built store)

bench/build_store.py calls `add_cases` as one of its stages (`--cases`). The mix: types complaint 45 %,
after-sales 35 %, request 20 %; 3 % major (a major complaint is its team lead's); SLA hours as the default
`case_sla_hours`, calendar hours; cases older than 14 days mostly closed, recent ones open, waiting or
resolved; ~75 % resolved within their SLA; chases 0-3.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from store.case_settings import DEFAULTS as CASE_DEFAULTS  # noqa: E402

BENCH_NOW = "2026-11-26T06:00:00Z"
DAYS = 180
LONG_EVERY = 1000  # one case in this many has a timeline of LONG_ENTRIES
LONG_ENTRIES = 50
DEPARTMENTS = ("customer-service", "tech", "sales", "manager")
CASE_COLUMNS = ("id", "customer_id", "type", "severity", "department", "owner_id", "team", "status", "summary",
                "resolution", "opened_at", "opened_by", "updated_at", "updated_by", "due_at", "resolved_at",
                "closed_at", "closed_by", "last_told_at", "chases")
EVENT_COLUMNS = ("case_id", "at", "actor", "kind", "text", "before", "after")


def iso(epoch: float) -> str:
    return datetime.fromtimestamp(int(epoch), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def add_cases(conn: sqlite3.Connection, rng: random.Random, now: int, n: int, days: int = DAYS) -> tuple[int, int]:
    """Insert `n` cases opened over the last `days` days, with their timelines, in the caller's transaction;
    returns (cases, timeline entries)."""
    agents = conn.execute("SELECT id, login, team FROM agents WHERE role = 'agent' AND active = 1 ORDER BY id").fetchall()
    leads = dict(conn.execute("SELECT team, id FROM agents WHERE role = 'lead' AND active = 1").fetchall())
    logins = dict(conn.execute("SELECT id, login FROM agents").fetchall())
    customers = conn.execute("SELECT max(id) FROM customers").fetchone()[0] or 0
    first = (conn.execute("SELECT max(id) FROM cases").fetchone()[0] or 0) + 1
    sla = CASE_DEFAULTS["case_sla_hours"]
    cases, events = [], []
    for case_id in range(first, first + n):
        owner, login, team = rng.choice(agents)
        opened = now - int(days * 86400 * rng.random() ** 1.3) - 60
        case_type = rng.choices(("complaint", "after-sales", "request"), (45, 35, 20))[0]
        severity = "major" if rng.random() < 0.03 else "normal"
        if severity == "major" and case_type == "complaint" and team in leads:
            owner = leads[team]
        due = opened + sla[f"{case_type}-{severity}"] * 3600
        age_days = (now - opened) / 86400
        if age_days > 14:
            status = rng.choices(("closed", "resolved", "waiting-department", "open"), (92, 3, 3, 2))[0]
        else:
            status = rng.choices(("open", "waiting-department", "waiting-customer", "resolved", "closed"),
                                 (30, 20, 10, 15, 25))[0]
        resolved = closed = None
        if status in ("resolved", "closed"):
            resolved = min(now - 30, opened + int(sla[f"{case_type}-{severity}"] * 3600 * rng.uniform(0.05, 1.35)))
            if status == "closed":
                closed = min(now - 10, resolved + rng.randrange(600, 2 * 86400))
        chases = rng.choices((0, 1, 2, 3), (70, 18, 8, 4))[0]
        entries = LONG_ENTRIES if case_id % LONG_EVERY == 0 else 0
        last = closed or resolved or opened
        timeline = [(opened, login, "opened", "", None, "open")]
        for k in range(chases):
            timeline.append((opened + (k + 1) * rng.randrange(3600, 86400), login, "chase", "", None, None))
        goal = entries - (resolved is not None) - (closed is not None) if entries else len(timeline) + rng.randint(1, 3)
        while len(timeline) < goal:
            timeline.append((opened + rng.randrange(60, max(120, last - opened + 60)), login,
                             rng.choice(("note", "reply", "told")), "客户来电询问进度，已告知处理中", None, None))
        if resolved:
            timeline.append((resolved, login, "status", "已更换配件", "open", "resolved"))
        if closed:
            timeline.append((closed, login, "closed", "", "resolved", "closed"))
        timeline.sort(key=lambda e: e[0])
        updated = max(e[0] for e in timeline)
        cases.append((case_id, rng.randrange(customers) + 1 if customers else None, case_type, severity,
                      rng.choice(DEPARTMENTS), owner, team, status, "产品问题", "已更换配件" if resolved else "",
                      iso(opened), login, iso(updated), logins[owner], iso(due), iso(resolved) if resolved else None,
                      iso(closed) if closed else None, login if closed else None,
                      iso(closed) if closed else None, chases))
        events.extend((case_id, iso(at), actor, kind, text, before, after) for at, actor, kind, text, before, after in timeline)
    conn.executemany(f"INSERT INTO cases ({', '.join(CASE_COLUMNS)}) VALUES ({', '.join('?' for _ in CASE_COLUMNS)})",
                     cases)
    conn.executemany(f"INSERT INTO case_events ({', '.join(EVENT_COLUMNS)}) VALUES"
                     f" ({', '.join('?' for _ in EVENT_COLUMNS)})", events)
    return len(cases), len(events)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--path", required=True, help="a built store (at migration 19 or later: opening migrates it)")
    p.add_argument("--cases", type=int, default=200_000)
    p.add_argument("--seed", type=int, default=19)
    p.add_argument("--now", default=BENCH_NOW)
    args = p.parse_args(argv)
    from store import open_store

    open_store(args.path).close()  # migrate it first
    now = int(datetime.fromisoformat(args.now.replace("Z", "+00:00")).timestamp())
    conn = sqlite3.connect(args.path, isolation_level=None)
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    made, entries = add_cases(conn, random.Random(args.seed), now, args.cases)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    print(f"{made:,} cases, {entries:,} timeline entries added to {args.path} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
