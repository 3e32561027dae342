"""Soak: N desk processes on one store file for a while, then every committed write checked.

    python bench/soak.py [--procs 16] [--seconds 60] [--db NEW_FILE] [--flat-out] [--json OUT]
    python bench/soak.py --find-writers [--seconds 20] [--max-procs 64]

Setup (through the store's own functions): a new store, an admin, one agent per desk in team "soak",
300 customers, a pool of callbacks, and a customer CSV of `--import-rows` rows. Then `--procs` OS
processes (multiprocessing, spawn), each a desk acting as its own agent, start together and for
`--seconds` each saves a call every 5 s (`store.calls.log_call`, as the call form does), claims a pool
callback every 10 s, tries it and completes it (`store.callbacks`: desks race for the same few), and
searches every 2 s (`store.customers.search_customers`, the F3 lookup); every interval jittered ±20%,
every first action at a random phase. One importer process imports the CSV at 40% of the run
(`store.importer`), one backup process takes a backup at 50% (`store.maintenance.backup`).

Each writer journals what it committed (the call's id and a unique token in its note, the callbacks it
claimed and completed); afterwards bench/soak_report.py checks every journal line against the store:
lost writes, and duplicate owners (a callback claimed by two agents, by journals, claim events, attempts
and owner). It prints the counts and p50/p99/max of each action, and exits 1 on any error, lost write
or duplicate owner.

--flat-out: no sleep between saves (each desk saves as fast as it can; claims and searches keep their
pace). --find-writers: flat-out runs of 2, 4, 8, ... desks (no importer or backup), each on a new store,
until the p99 save passes --threshold-ms (50 ms); prints the last N under it as "writers per host
before waits begin" (--every-step: on to --max-procs all the same, for the whole curve).
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing as mp
import random
import shutil
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for _path in (ROOT, ROOT / "bench"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import soak_report  # noqa: E402
import soak_worker  # noqa: E402

from store import open_store  # noqa: E402
from store.agents import add_agent  # noqa: E402
from store.callbacks import insert_callback  # noqa: E402
from store.clock import iso, parse_iso  # noqa: E402
from store.customers import insert_customer  # noqa: E402

ADMIN = "soak-admin"
TEAM = "soak"
SEED_CUSTOMERS = 300
SURNAMES = "王李张刘陈杨黄赵吴周"
GIVEN = "伟芳娜敏静丽强磊军洋"
LATIN = ("Li", "Wang", "Smith", "Chen", "Garcia", "Zhang", "Brown", "Liu")
READY_TIMEOUT_S = 180
JOIN_GRACE_S = 120  # a process still running this long after its end is stuck: an error


def _phones(rng: random.Random, prefix: str, n: int, taken: set[str]) -> list[str]:
    out = []
    while len(out) < n:
        phone = f"+86{prefix}{rng.randrange(10**8):08d}"
        if phone not in taken:
            taken.add(phone)
            out.append(phone)
    return out


def setup(db: Path, folder: Path, procs: int, seconds: float, flat_out: bool, import_rows: int, seed: int) -> dict[str, Any]:
    """A new store with the run's agents, customers and pool callbacks, and the import CSV; returns the plan
    every process gets."""
    if db.exists():
        raise SystemExit(f"{db} exists: the soak makes its own store; give a new file name")
    if folder.exists() and any(folder.iterdir()):
        raise SystemExit(f"{folder} holds an earlier run's journals: remove it, or give a new --db")
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    tag = uuid.uuid4().hex[:6]
    store = open_store(db, create_parent=True)
    try:
        add_agent(store, None, ADMIN, "Soak Admin", "admin", None)
        logins = [f"soak-{tag}-{i:02d}" for i in range(procs)]
        for i, login in enumerate(logins):
            add_agent(store, ADMIN, login, f"Soak desk {i}", "agent", TEAM)
        taken: set[str] = set()
        phones = _phones(rng, "139", SEED_CUSTOMERS, taken)
        names = []
        with store.write(ADMIN) as tx:
            for i, phone in enumerate(phones):
                name = (rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN) if i % 2
                        else f"{rng.choice(LATIN)} {rng.choice(LATIN)}son")
                names.append(name)
                insert_customer(tx, {"name": name, "company": f"Soak Trading {i % 20}"}, [phone])
        callbacks = procs * (math.ceil(seconds / soak_worker.CLAIM_EVERY_S) + 2)
        due_at = iso(parse_iso(store.now()) + timedelta(days=1))
        with store.write(ADMIN) as tx:
            callback_ids = [insert_callback(tx, due_at=due_at, phone_e164=rng.choice(phones), reason=f"soak {tag} {i}")
                            for i in range(callbacks)]
    finally:
        store.close()
    (folder / "run-callbacks.txt").write_text(json.dumps(callback_ids), encoding="utf-8")
    company = f"Soak Import {tag}"
    csv = folder / "import.csv"
    with open(csv, "w", encoding="utf-8", newline="") as fh:
        fh.write("name,phone,company,city\n")
        for i, phone in enumerate(_phones(rng, "137", import_rows, taken)):
            fh.write(f"Imported {i},{phone},{company},Shenzhen\n")
    queries = [n[:2] for n in names] + [p[-4:] for p in phones[:50]] + [n.split()[0] for n in names if " " in n]
    return {"db": str(db), "folder": str(folder), "seconds": seconds, "flat_out": flat_out, "admin": ADMIN,
            "logins": logins, "phones": phones, "queries": queries, "csv": str(csv), "import_company": company,
            "seed": seed, "callbacks": len(callback_ids)}


def run(plan: dict[str, Any], maintenance: bool = True) -> dict[str, Any]:
    """Start every process, let them run, check the journals; returns the summary."""
    folder = Path(plan["folder"])
    ctx = mp.get_context("spawn")
    go = ctx.Event()
    procs = [ctx.Process(target=soak_worker.desk_process, args=(plan, login, plan["seed"] * 1000 + i, go), name=login)
             for i, login in enumerate(plan["logins"])]
    if maintenance:
        procs.append(ctx.Process(target=soak_worker.importer_process, args=(plan, go), name="importer"))
        procs.append(ctx.Process(target=soak_worker.backup_process, args=(plan, go), name="backup"))
    errors: list[str] = []
    for p in procs:
        p.start()
    deadline = time.monotonic() + READY_TIMEOUT_S
    while not all((folder / f"{p.name}.ready").exists() or not p.is_alive() for p in procs):
        if time.monotonic() > deadline:
            errors.append("processes not ready in time")
            break
        time.sleep(0.05)
    start = time.monotonic()
    go.set()
    for p in procs:
        p.join(max(1.0, start + plan["seconds"] + JOIN_GRACE_S - time.monotonic()))
        if p.is_alive():
            p.terminate()
            p.join(10)
            errors.append(f"{p.name}: still running {JOIN_GRACE_S} s after the end; stopped")
        elif p.exitcode != 0:
            errors.append(f"{p.name}: exit code {p.exitcode}")
        if not (folder / f"{p.name}.json").exists():
            errors.append(f"{p.name}: left no summary")
    wall = time.monotonic() - start
    times, counts, worker_errors = soak_report.merge(soak_report.read_summaries(folder))
    findings = soak_report.check(plan["db"], folder)
    return {"procs": len(plan["logins"]), "seconds": plan["seconds"], "flat_out": plan["flat_out"], "db": plan["db"],
            "wall_s": wall, "counts": counts, "times": times, "errors": errors + worker_errors, "lost": findings.lost,
            "duplicates": findings.duplicates, "checked": findings.checked,
            "latency": {a: soak_report.latency(v) for a, v in times.items()}}


def failed(summary: dict[str, Any]) -> bool:
    return bool(summary["errors"] or summary["lost"] or summary["duplicates"])


def _place(args: argparse.Namespace, name: str) -> tuple[Path, Path, Path | None]:
    """(store, journal folder, temporary folder to remove afterwards or None)."""
    if args.db:
        db = Path(args.db).expanduser().resolve()
        return db, db.with_name(db.name + ".soak") / name, None
    tmp = Path(tempfile.mkdtemp(prefix="soak-"))
    return tmp / "soak.db", tmp / "journal" / name, tmp


def soak(args: argparse.Namespace) -> int:
    db, folder, tmp = _place(args, "run")
    plan = setup(db, folder, args.procs, args.seconds, args.flat_out, args.import_rows, args.seed)
    summary = run(plan)
    print(soak_report.report(summary), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps({k: v for k, v in summary.items() if k != "times"}, indent=1), encoding="utf-8")
    if tmp and not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    elif tmp:
        print(f"kept {tmp}")
    return 1 if failed(summary) else 0


def find_writers(args: argparse.Namespace) -> int:
    """Flat-out runs with 2, 4, 8, ... desks until the p99 save passes the threshold."""
    print(f"flat-out saves, {args.seconds:g} s a step, until p99 save > {args.threshold_ms:g} ms")
    print(f"{'desks':>5} {'saves':>7} {'saves/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}  errors/lost/dup")
    below, status, steps, under = 0, 0, [], True
    n = 2
    while n <= args.max_procs:
        db, folder, tmp = _place(args, f"n{n}")
        if args.db:
            db = db.with_name(f"{db.stem}-n{n}{db.suffix}")
        plan = setup(db, folder, n, args.seconds, True, args.import_rows, args.seed)
        summary = run(plan, maintenance=False)
        save = summary["latency"].get("save", {"n": 0})
        bad = (len(summary["errors"]), len(summary["lost"]), len(summary["duplicates"]))
        print(f"{n:>5} {save['n']:>7} {save['n'] / summary['seconds']:>8.0f} {save.get('p50_ms', 0):>8.1f}"
              f" {save.get('p99_ms', 0):>8.1f} {save.get('max_ms', 0):>8.1f}  {bad[0]}/{bad[1]}/{bad[2]}", flush=True)
        for item in (summary["errors"] + summary["lost"] + summary["duplicates"])[:5]:
            print(f"      {item}")
        steps.append({"desks": n, "save": save, "errors": bad[0], "lost": bad[1], "duplicates": bad[2]})
        status = 1 if failed(summary) else status
        if tmp and not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        over = not save["n"] or save["p99_ms"] > args.threshold_ms
        if over and not args.every_step:
            break
        under = under and not over
        below = n if under else below
        n *= 2
    shown = str(below) if below else "fewer than 2"
    print(f"writers per host before waits begin: {shown} (the last N whose p99 save stayed within {args.threshold_ms:g} ms)")
    if args.json:
        Path(args.json).write_text(json.dumps({"writers": below, "steps": steps}, indent=1), encoding="utf-8")
    return status


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--procs", type=int, default=16, help="desk processes (default 16)")
    ap.add_argument("--seconds", type=float, default=None, help="length of the run (default 60; 20 a step with --find-writers)")
    ap.add_argument("--db", help="a new store file to make (default: one in a temporary folder, removed afterwards)")
    ap.add_argument("--flat-out", action="store_true", help="no sleep between saves")
    ap.add_argument("--find-writers", action="store_true", help="raise N in flat-out runs until p99 save passes --threshold-ms")
    ap.add_argument("--threshold-ms", type=float, default=50.0)
    ap.add_argument("--max-procs", type=int, default=64)
    ap.add_argument("--every-step", action="store_true", help="with --find-writers: go on to --max-procs past the threshold")
    ap.add_argument("--import-rows", type=int, default=3000, help="rows of the customer CSV the importer loads")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", help="also write the summary as JSON to this file")
    ap.add_argument("--keep", action="store_true", help="keep the temporary store and journals")
    args = ap.parse_args(argv)
    if args.procs < 1:
        ap.error("--procs: give at least 1")
    if args.seconds is None:
        args.seconds = 20.0 if args.find_writers else 60.0
    return find_writers(args) if args.find_writers else soak(args)


if __name__ == "__main__":
    sys.exit(main())
