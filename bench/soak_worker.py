"""The processes of bench/soak.py: a desk, the importer and the backup.

Each runs in its own OS process (multiprocessing, spawn), opens the store itself as a desk does, waits
for the common start, acts through the store functions the desk calls, and leaves two files in the run's
folder: `<name>.jsonl`, the journal (one line per write once it has committed: what the checker looks
for in the store afterwards), and `<name>.json`, its summary (timings per action, counts, errors).
"""

from __future__ import annotations

import json
import random
import sqlite3
import sys
import time
import traceback
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from store import open_store  # noqa: E402
from store.call_records import CallEntry  # noqa: E402
from store.callbacks import claim_callback, complete_callback, list_callbacks, record_attempt  # noqa: E402
from store.calls import log_call  # noqa: E402
from store.customers import search_customers  # noqa: E402
from store.errors import Conflict  # noqa: E402
from store.importer import import_customers  # noqa: E402
from store.maintenance import backup  # noqa: E402

SAVE_EVERY_S = 5.0
CLAIM_EVERY_S = 10.0
SEARCH_EVERY_S = 2.0
JITTER = 0.2  # each interval is drawn from ±20% of its period, and each first action from a random phase
CLAIM_TRIES = 3  # a claim lost to another desk moves to the next pool callback, as an agent would
CATEGORIES = ("consultation", "order", "complaint")


class Journal:
    """Append-only, flushed per line: what this process committed, in order."""

    def __init__(self, path: Path):
        self.fh = open(path, "a", encoding="utf-8")

    def add(self, **entry: Any) -> None:
        self.fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.fh.flush()

    def close(self) -> None:
        self.fh.close()


class Run:
    """Timings, counts and errors of one process; written as `<name>.json` at the end."""

    def __init__(self, name: str, kind: str, folder: Path):
        self.name, self.kind, self.folder = name, kind, folder
        self.times: dict[str, list[float]] = {}
        self.starts: dict[str, list[float]] = {}  # time.monotonic() at each start: one clock for every process
        self.counts: dict[str, int] = {}
        self.errors: list[str] = []
        self.journal = Journal(folder / f"{name}.jsonl")

    def timed(self, action: str, fn: Callable[[], Any]) -> Any:
        self.starts.setdefault(action, []).append(time.monotonic())
        start = time.perf_counter()
        try:
            return fn()
        finally:
            self.times.setdefault(action, []).append(time.perf_counter() - start)

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    def error(self, action: str, exc: BaseException) -> None:
        self.errors.append(f"{self.name} {action}: {type(exc).__name__}: {exc}")

    def finish(self) -> None:
        self.journal.close()
        summary = {"name": self.name, "kind": self.kind, "times": self.times, "starts": self.starts, "counts": self.counts,
                   "errors": self.errors}
        (self.folder / f"{self.name}.json").write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")


def _save(store: Any, run: Run, login: str, rng: random.Random, plan: dict[str, Any], seq: int) -> None:
    token = f"{login}:{seq}:{uuid.uuid4().hex[:10]}"
    entry = CallEntry(category=rng.choice(CATEGORIES), outcome="resolved", number=rng.choice(plan["phones"]),
                      notes=f"soak {token}", talk_s=rng.randint(30, 600), wrap_s=rng.randint(0, 60))
    call_id = run.timed("save", lambda: log_call(store, login, entry, clear_draft=True))
    run.journal.add(save=call_id, token=token)
    run.count("saves")


def _claim(store: Any, run: Run, login: str, rng: random.Random) -> None:
    pool = run.timed("pool list", lambda: list_callbacks(store, login, scope="pool", limit=CLAIM_TRIES * 2))
    if not pool:
        run.count("pool empty")
        return
    # the first few pool callbacks, as every desk's queue shows them: desks do race for the same ones
    candidates = rng.sample(pool[:CLAIM_TRIES], min(CLAIM_TRIES, len(pool)))
    for cb in candidates:
        try:
            run.timed("claim", lambda cb_id=cb.id: claim_callback(store, login, cb_id))
        except Conflict:
            run.count("claims lost to another desk")
            continue
        run.journal.add(claim=cb.id)
        run.count("claims")
        run.timed("attempt", lambda cb_id=cb.id: record_attempt(store, login, cb_id, "no-answer", note="soak"))
        run.timed("complete", lambda cb_id=cb.id: complete_callback(store, login, cb_id, note=f"soak {login}"))
        run.journal.add(done=cb.id)
        run.count("completed")
        return
    run.count("claim gave up")


def _search(store: Any, run: Run, login: str, rng: random.Random, plan: dict[str, Any]) -> None:
    query = rng.choice(plan["queries"])
    run.timed("search", lambda: search_customers(store, login, query))
    run.count("searches")


def desk_process(plan: dict[str, Any], login: str, seed: int, go: Any) -> None:
    """One desk acting as `login`: saves every 5 s (back to back with plan["flat_out"]), claims and
    completes a pool callback every 10 s, searches every 2 s; each interval jittered."""
    folder = Path(plan["folder"])
    run = Run(login, "desk", folder)
    rng = random.Random(seed)
    try:
        store = open_store(plan["db"])
    except Exception as exc:  # noqa: BLE001 - reported, the run fails on it
        run.error("open", exc)
        run.finish()
        return
    every = {"save": SAVE_EVERY_S, "claim": CLAIM_EVERY_S, "search": SEARCH_EVERY_S}
    (folder / f"{login}.ready").touch()
    go.wait()
    start = time.monotonic()
    end = start + plan["seconds"]
    due = {action: start + rng.uniform(0, period) for action, period in every.items()}
    if plan["flat_out"]:
        due["save"] = start
    seq = 0
    while True:
        action = min(due, key=lambda a: due[a])
        if due[action] >= end:
            break
        wait = due[action] - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        try:
            if action == "save":
                seq += 1
                _save(store, run, login, rng, plan, seq)
            elif action == "claim":
                _claim(store, run, login, rng)
            else:
                _search(store, run, login, rng, plan)
        except Exception as exc:  # noqa: BLE001 - every failure is counted; none is expected
            run.error(action, exc)
        now = time.monotonic()
        if action == "save" and plan["flat_out"]:
            due[action] = now
        else:
            due[action] = max(now, due[action] + every[action] * rng.uniform(1 - JITTER, 1 + JITTER))
    store.close()
    run.finish()


def importer_process(plan: dict[str, Any], go: Any) -> None:
    """At 40% of the run, the admin imports the run's customer CSV (a few thousand rows)."""
    folder = Path(plan["folder"])
    run = Run("importer", "importer", folder)
    try:
        store = open_store(plan["db"])
        (folder / "importer.ready").touch()
        go.wait()
        time.sleep(plan["seconds"] * 0.4)
        result = run.timed("import", lambda: import_customers(store, plan["admin"], plan["csv"]))
        run.journal.add(imported=result.imported, updated=result.updated, rejected=result.rejected,
                        company=plan["import_company"])
        run.count("import rows", result.rows)
        if result.rejected:
            run.errors.append(f"importer: {result.rejected} rows rejected")
        store.close()
    except Exception as exc:  # noqa: BLE001
        run.error("import", exc)
        run.errors.append(traceback.format_exc(limit=3))
    run.finish()


def backup_process(plan: dict[str, Any], go: Any) -> None:
    """At 50% of the run, the admin takes an online backup; the copy must pass integrity_check and hold calls."""
    folder = Path(plan["folder"])
    run = Run("backup", "backup", folder)
    dest = folder / "backup.db"
    try:
        store = open_store(plan["db"])
        (folder / "backup.ready").touch()
        go.wait()
        time.sleep(plan["seconds"] * 0.5)
        size = run.timed("backup", lambda: backup(store, plan["admin"], dest))
        store.close()
        copy = sqlite3.connect(f"file:{dest}?mode=ro", uri=True)
        try:
            check = copy.execute("PRAGMA integrity_check").fetchone()[0]
            agents = copy.execute("SELECT count(*) FROM agents").fetchone()[0]
        finally:
            copy.close()
        if check != "ok" or not agents:
            run.errors.append(f"backup: the copy fails its check ({check}, {agents} agents)")
        run.journal.add(backup=str(dest), bytes=size)
        run.count("backups")
    except Exception as exc:  # noqa: BLE001
        run.error("backup", exc)
    run.finish()
