"""A desk during a big customer import: call-save and lookup latency while another process imports.

    python bench/bench_import_load.py [--rows 100000] [--seed-customers 5000] [--save-every 0.2]
                                      [--lookup-every 0.1] [--dir /tmp]

Builds a fresh store in a temporary folder (an admin, a lead, an agent, `--seed-customers` customers),
writes a `--rows`-row customer CSV, and starts `agentdesk`'s importer on it in another process. Meanwhile
this process is one desk: its one Store shared by two threads, as a desk's workers share it, one saving
a call every `--save-every` s (log_call, as the call form saves) and one looking customers up every
`--lookup-every` s (search_customers, as F3 does). Each is timed until the import ends. Prints the
import's time, its transactions (how long each held the write lock, timed inside the importer process),
and median, p99 and max of saves and lookups.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from store import open_store  # noqa: E402
from store.agents import add_agent  # noqa: E402
from store.call_records import CallEntry  # noqa: E402

# The importer process: import_customers, with each write transaction timed from BEGIN IMMEDIATE's
# return (the lock is held) to COMMIT's.
IMPORTER = """
import json, sys, time
from contextlib import contextmanager
sys.path.insert(0, sys.argv[1])
from store import open_store
from store.importer import import_customers
store = open_store(sys.argv[2])
held = []
write = store.write
@contextmanager
def timed(*args, **kwargs):
    with write(*args, **kwargs) as tx:
        began = time.monotonic()
        yield tx
    held.append(time.monotonic() - began)
store.write = timed
started = time.monotonic()
result = import_customers(store, "root", sys.argv[3])
print(json.dumps({"seconds": time.monotonic() - started, "imported": result.imported,
                  "updated": result.updated, "rejected": result.rejected, "held": held}))
store.close()
"""


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def figures(values_s: list[float]) -> dict[str, float]:
    ms = [v * 1000 for v in values_s] or [0.0]
    return {"n": len(values_s), "median_ms": statistics.median(ms), "p99_ms": pct(ms, 99), "max_ms": max(ms)}


def write_csv(path: Path, rows: int, first: int) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write("name,phone,company,city\n")
        for i in range(first, first + rows):
            fh.write(f"客户{i},13{i % 10}{i:08d},公司{i % 97},城市{i % 13}\n")


def build(folder: Path, seed_customers: int) -> Path:
    from store.importer import import_customers

    path = folder / "desk.db"
    store = open_store(path)
    add_agent(store, None, "root", "Root", "admin", None)
    add_agent(store, "root", "lin", "Lin", "lead", "north")
    add_agent(store, "root", "li", "Li", "agent", "north")
    seed = folder / "seed.csv"
    write_csv(seed, seed_customers, 0)
    import_customers(store, "root", seed)
    store.close()
    return path


def run(rows: int = 100_000, seed_customers: int = 5_000, save_every: float = 0.2, lookup_every: float = 0.1,
        folder: Path | None = None) -> dict:
    """The figures of one run (see the module's docstring)."""
    from store.calls import log_call
    from store.customers import search_customers

    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        tmp_path = Path(tmp)
        path = build(tmp_path, seed_customers)
        csv_path = tmp_path / "big.csv"
        write_csv(csv_path, rows, seed_customers)
        desk = open_store(path)
        saves: list[float] = []
        lookups: list[float] = []
        stop = threading.Event()

        def saver() -> None:
            rng = random.Random(1)
            while not stop.wait(save_every * rng.uniform(0.5, 1.5)):
                i = rng.randrange(seed_customers)
                started = time.monotonic()
                log_call(desk, "li", CallEntry(number=f"13{i % 10}{i:08d}", category="order", outcome="resolved",
                                               talk_s=60, notes="bench save"), clear_draft=True)
                saves.append(time.monotonic() - started)

        def looker() -> None:
            rng = random.Random(2)
            while not stop.wait(lookup_every * rng.uniform(0.5, 1.5)):
                started = time.monotonic()
                search_customers(desk, "li", f"客户{rng.randrange(seed_customers + rows)}")
                lookups.append(time.monotonic() - started)

        env = {k: v for k, v in os.environ.items() if not k.startswith("AGENTDESK_")}
        importer = subprocess.Popen([sys.executable, "-c", IMPORTER, str(ROOT), str(path), str(csv_path)],
                                    stdout=subprocess.PIPE, env=env, text=True)
        threads = [threading.Thread(target=saver), threading.Thread(target=looker)]
        for t in threads:
            t.start()
        out, _ = importer.communicate()
        stop.set()
        for t in threads:
            t.join()
        desk.close()
        if importer.returncode != 0:
            raise SystemExit(f"the importer failed ({importer.returncode})")
        result = json.loads(out)
        held = result.pop("held")
        return {"import": result, "transactions": {"n": len(held), **{k: v for k, v in figures(held).items() if k != "n"}},
                "saves": figures(saves), "lookups": figures(lookups)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed-customers", type=int, default=5_000)
    parser.add_argument("--save-every", type=float, default=0.2)
    parser.add_argument("--lookup-every", type=float, default=0.1)
    parser.add_argument("--dir", type=Path, default=None, help="where the temporary store goes")
    args = parser.parse_args()
    out = run(args.rows, args.seed_customers, args.save_every, args.lookup_every, args.dir)
    imp = out["import"]
    print(f"import of {args.rows} rows: {imp['seconds']:.1f} s ({args.rows / imp['seconds']:.0f} rows/s), "
          f"imported {imp['imported']}, updated {imp['updated']}, rejected {imp['rejected']}")
    for name in ("transactions", "saves", "lookups"):
        f = out[name]
        print(f"{name}: n={f['n']} median {f['median_ms']:.1f} ms, p99 {f['p99_ms']:.1f} ms, max {f['max_ms']:.1f} ms")


if __name__ == "__main__":
    main()
