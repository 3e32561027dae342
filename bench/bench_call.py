"""The call form on the call-centre-scale store: number typed to card painted, and saving a call under load.

    python bench/bench_call.py [--db /work/bench.db] [--copy /tmp/bench_call.db] [--numbers 200]
                               [--saves 300] [--writers 16] [--every 5]

Runs on a copy of the bench store (made once with SQLite's backup API, reused
while it is newer than the source), so the 1M-customer store others measure
is not changed.

1. Card latency, inside the app: the desk runs headless (App.run_test) as an
   agent; for each of `--numbers` known customers' numbers, F2's number field
   gets every digit but the last, the app settles, then the clock starts and
   the last digit is pressed. The card widget's `render_lines` (what the
   compositor calls to paint it) notes the time of the first paint that shows
   that customer. Latency = last key pressed -> card painted: the key event, the
   lookup worker (phone -> owner -> card, one read transaction), the message
   back and the repaint.
2. Save latency: `--writers` other processes each save a call every `--every`
   seconds (random phase); meanwhile this process saves `--saves` calls through
   the same store call the form makes (`log_call(..., clear_draft=True)`,
   BEGIN IMMEDIATE with synchronous=FULL), timing each call.
Prints median and p99 for both.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from store import open_store  # noqa: E402
from store.call_records import CallEntry  # noqa: E402


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def report(name: str, values_s: list[float]) -> None:
    ms = [v * 1000 for v in values_s]
    print(f"{name}: n={len(ms)} median {statistics.median(ms):.1f} ms, p99 {pct(ms, 99):.1f} ms, max {max(ms):.1f} ms")


def make_copy(source: Path, copy: Path) -> Path:
    if copy.exists() and copy.stat().st_mtime > source.stat().st_mtime:
        return copy
    print(f"copying {source} to {copy} (once) ...", flush=True)
    start = time.monotonic()
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(str(copy))
    src.backup(dst, pages=65536)
    dst.close()
    src.close()
    print(f"  done in {time.monotonic() - start:.0f} s", flush=True)
    return copy


def sample(store, n: int, seed: int) -> tuple[list[tuple[str, int]], list[str]]:
    """(known numbers with their customer id, agent logins)."""
    rng = random.Random(seed)
    with store.read(None) as tx:
        top = tx.scalar("SELECT max(id) FROM customer_phones")
        out = []
        while len(out) < n:
            row = tx.one("SELECT e164, customer_id FROM customer_phones WHERE id >= ? LIMIT 1", (rng.randint(1, top),))
            if row and row[1] not in {c for _n, c in out}:
                out.append(row)
        agents = [r[0] for r in tx.all("SELECT login FROM agents WHERE role = 'agent' AND active = 1 ORDER BY id")]
    return out, agents


# -- 1. number typed -> card painted -------------------------------------------------
async def card_latency(store, login: str, numbers: list[tuple[str, int]]) -> list[float]:
    from screens.call import CallScreen
    from screens.call_widgets import CustomerCard
    from tui.app import make_app

    painted: dict[int, float] = {}
    original = CustomerCard.render_lines

    def render_lines(self, crop):
        card = getattr(self, "card", None)
        if card is not None and card.id not in painted:
            painted[card.id] = time.perf_counter()
        return original(self, crop)

    CustomerCard.render_lines = render_lines
    app = make_app(store, login, cursor_blink=False, freeze_gc=True, config_path=Path("/nonexistent/agentdesk.toml"))
    took: list[float] = []
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.press("f2")
            while not isinstance(app.screen, CallScreen):
                await pilot.pause(0.01)
            await app.workers.wait_for_complete()
            await pilot.pause()
            number_box = app.screen.query_one("#number")
            for e164, customer_id in numbers:
                number_box.value = e164[:-1]
                number_box.cursor_position = len(number_box.value)
                await app.workers.wait_for_complete()
                await pilot.pause()
                painted.pop(customer_id, None)
                start = time.perf_counter()
                await pilot.press(e164[-1])
                deadline = start + 5
                while customer_id not in painted and time.perf_counter() < deadline:
                    await pilot.pause(0.0005)
                if customer_id not in painted:
                    raise SystemExit(f"the card of customer #{customer_id} was not painted for {e164} "
                                     f"(the box holds {number_box.value!r})")
                took.append(painted[customer_id] - start)
            app.screen.finished = True  # leave no draft or status behind on the copy
    finally:
        CustomerCard.render_lines = original
    return took


# -- 2. saving a call while 16 other desks save theirs ----------------------------------
def writer(path: str, login: str, numbers: list[str], every: float, seed: int, saved, ready, stop) -> None:
    from store.calls import log_call

    rng = random.Random(seed)
    store = open_store(path)
    ready.put(seed)
    if stop.wait(rng.uniform(0, every)):  # a random phase
        return
    while not stop.is_set():
        log_call(store, login, CallEntry(number=rng.choice(numbers), category="order", outcome="resolved", talk_s=rng.randint(30, 600), notes="bench background save"))
        with saved.get_lock():
            saved.value += 1
        stop.wait(every)
    store.close()


def save_latency(path: Path, login: str, others: list[str], numbers: list[str], saves: int, writers: int,
                 every: float) -> tuple[list[float], int]:
    from store.calls import log_call

    ctx = mp.get_context("spawn")
    saved, ready, stop = ctx.Value("i", 0), ctx.Queue(), ctx.Event()
    procs = [ctx.Process(target=writer, args=(str(path), others[i % len(others)], numbers, every, i, saved, ready, stop))
             for i in range(writers)]
    for p in procs:
        p.start()
    for _ in procs:  # every writer has imported and opened the store before we measure
        ready.get(timeout=120)
    store = open_store(path)
    time.sleep(every)  # and each has begun its rhythm
    took = []
    rng = random.Random(99)
    try:
        for _ in range(saves):
            start = time.perf_counter()
            log_call(store, login, CallEntry(number=rng.choice(numbers), category="consultation", outcome="resolved", talk_s=95, notes="bench save"), clear_draft=True)
            took.append(time.perf_counter() - start)
            time.sleep(0.1)
    finally:
        stop.set()
        for p in procs:
            p.join(timeout=30)
        store.close()
    return took, saved.value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="/work/bench.db")
    parser.add_argument("--copy", default="/tmp/bench_call.db")
    parser.add_argument("--numbers", type=int, default=200)
    parser.add_argument("--saves", type=int, default=300)
    parser.add_argument("--writers", type=int, default=16)
    parser.add_argument("--every", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("AGENTDESK_CONFIG", "/nonexistent/agentdesk.toml")
    path = make_copy(Path(args.db), Path(args.copy))
    store = open_store(path)
    with store.read(None) as tx:
        print(f"store: {tx.scalar('SELECT count(*) FROM customers'):,} customers, "
              f"{tx.scalar('SELECT max(id) FROM calls'):,} calls", flush=True)
    numbers, agents = sample(store, args.numbers, args.seed)
    login = agents[0]
    took = asyncio.run(card_latency(store, login, numbers))
    report("number typed -> card painted (in the app)", took)
    store.close()
    saves, background = save_latency(path, login, agents[1:], [n for n, _ in numbers], args.saves, args.writers, args.every)
    report(f"save call with {args.writers} other processes saving every {args.every:g} s ({background} background saves meanwhile)", saves)


if __name__ == "__main__":
    main()
