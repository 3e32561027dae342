"""Customer lookup on the bench store: store-level and key press to results painted, inside the app.

    python bench/bench_lookup.py [--db /work/bench.db] [--queries 90] [--seed 7] [--store-repeat 5] [--gap-ms 80]
    python bench/bench_lookup.py --queries 110 --seed 23 --cold-prefixes   # root: drops the OS page cache

A realistic mix, drawn from the store itself: full Chinese and English names, one or two
Chinese characters, a Chinese name's pinyin initials (`zwx`), its full pinyin (`zhangweixin`),
the full pinyin of its given name (`weixin`), phone suffixes (4 and 6 digits), full phones as
people type them, company names, their first characters and the initials of their first four
characters (`szht`), order and waybill numbers. The pinyin comes from pypinyin here, not from the
store, so the same mix runs against a store without pinyin keys (a before-and-after comparison). The store figures
time `lookup_customers` per query; the app figures type every query key by key into the
F3 box (the app on a headless driver that still renders every frame to terminal bytes, the
bench's fixed "now") and read the screen's own key-press-to-painted times
(LookupScreen.latencies), so every prefix typed is measured too: once with each key sent as
soon as the previous results are painted, once at a fast typist's pace (--gap-ms).
It also checks that every SELECT the lookup sent uses an index on this store.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from store import open_store  # noqa: E402
from store.clock import FixedClock  # noqa: E402
from store.customers import lookup_customers  # noqa: E402

BENCH_NOW = datetime(2026, 11, 26, 6, 0, 0, tzinfo=timezone.utc)


def pinyin_of(text: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(text, style=Style.NORMAL)


def pick_queries(store, n: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    with store.read(None) as tx:
        top = tx.scalar("SELECT max(id) FROM customers")
        top_call = tx.scalar("SELECT max(id) FROM calls")

        def customer():
            while True:
                row = tx.one("SELECT id, name, company FROM customers WHERE id >= ? LIMIT 1", (rng.randint(1, top),))
                if row:
                    return row

        def phone():
            cid = customer()[0]
            return tx.scalar("SELECT e164 FROM customer_phones WHERE customer_id = ? LIMIT 1", (cid,))

        def call_number(column):
            return tx.scalar(
                f"SELECT {column} FROM calls WHERE id >= ? AND {column} IS NOT NULL AND customer_id IS NOT NULL LIMIT 1",
                (rng.randint(1, top_call),),
            )

        out: list[tuple[str, str]] = []
        kinds = ["chinese name", "english name", "1 chinese char", "2 chinese chars", "pinyin initials",
                 "full pinyin", "given name pinyin", "phone suffix 4", "phone suffix 6", "full phone", "company",
                 "company start", "company initials", "order no", "waybill no"]
        while len(out) < n:
            kind = kinds[len(out) % len(kinds)]
            if kind in ("pinyin initials", "full pinyin", "given name pinyin"):
                name = customer()[1]
                if name.isascii():
                    continue
                syllables = pinyin_of(name)
                query = {"pinyin initials": "".join(s[0] for s in syllables), "full pinyin": "".join(syllables),
                         "given name pinyin": "".join(syllables[1:])}[kind]
            elif kind == "company initials":
                company = customer()[2]
                if not company or company.isascii():
                    continue
                query = "".join(s[0] for s in pinyin_of(company[:4]))
            elif kind in ("chinese name", "english name", "1 chinese char", "2 chinese chars"):
                name = customer()[1]
                chinese = not name.isascii()
                if (kind == "english name") == chinese:
                    continue
                query = {"1 chinese char": name[-1:], "2 chinese chars": name[:2]}.get(kind, name)
            elif kind.startswith("phone suffix"):
                query = phone()[-int(kind.split()[-1]):]
            elif kind == "full phone":
                digits = phone()[3:]
                query = f"{digits[:3]} {digits[3:7]} {digits[7:]}"
            elif kind.startswith("company"):
                company = customer()[2]
                if not company:
                    continue
                query = company if kind == "company" else company[:2]
            else:
                query = call_number("order_no" if kind == "order no" else "waybill_no")
            out.append((kind, query))
        return out


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def row(label: str, values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return f"| {label:<18} | {len(ms):5d} | {statistics.median(ms):7.2f} | {pct(ms, 99):7.2f} | {max(ms):7.2f} |"


HEAD = "| {:<18} | {:>5} | {:>7} | {:>7} | {:>7} |\n|{}|{}|{}|{}|{}|".format(
    "query kind", "n", "median", "p99", "max", "-" * 20, "-" * 7, "-" * 9, "-" * 9, "-" * 9)


def bench_store(store, login: str, queries, repeat: int) -> None:
    by_kind: dict[str, list[float]] = {}
    for _ in range(repeat):
        for kind, query in queries:
            start = time.perf_counter()
            lookup_customers(store, login, query)
            by_kind.setdefault(kind, []).append(time.perf_counter() - start)
    print("\nstore level: lookup_customers (ms)\n" + HEAD)
    for kind, values in by_kind.items():
        print(row(kind, values))
    print(row("all", [v for vs in by_kind.values() for v in vs]))


def render_frames_like_a_terminal(app) -> None:
    """A headless app skips turning each frame into terminal bytes; do that work here as a real
    terminal run does (only the write to the tty is left out), so it is inside the figure."""
    from textual._compositor import CompositorUpdate

    display = app._display

    def display_rendered(screen, renderable) -> None:
        if isinstance(renderable, CompositorUpdate) and not app._batch_count:
            renderable.render_segments(app.console)
        display(screen, renderable)

    app._display = display_rendered


def bench_prefixes(store, login: str, queries, drop_cache: bool) -> None:
    """Store level, every prefix of every query as it is typed; first dropping the OS page cache
    when asked (root only: `sync; echo 3 > /proc/sys/vm/drop_caches`), as on a freshly started host."""
    note = "every prefix typed"
    if drop_cache:
        os.sync()
        try:
            Path("/proc/sys/vm/drop_caches").write_text("3\n")
            note += ", OS page cache dropped first"
        except OSError as exc:
            note += f", OS page cache NOT dropped ({exc.strerror})"
    by_kind: dict[str, list[float]] = {}
    for kind, query in queries:
        for end in range(1, len(query) + 1):
            start = time.perf_counter()
            lookup_customers(store, login, query[:end])
            by_kind.setdefault(kind, []).append(time.perf_counter() - start)
    print(f"\nstore level: lookup_customers, {note} (ms)\n" + HEAD)
    for kind, values in by_kind.items():
        print(row(kind, values))
    print(row("all", [v for vs in by_kind.values() for v in vs]))


async def bench_app(store, login: str, queries, gap_ms: float) -> None:
    from screens.customers import LookupScreen
    from tui.app import make_app

    app = make_app(store, login, clock=FixedClock(BENCH_NOW), cursor_blink=False, freeze_gc=True)
    by_kind: dict[str, list[float]] = {}
    rows_max = 0
    async with app.run_test(size=(120, 40)) as pilot:
        render_frames_like_a_terminal(app)
        await pilot.pause(0.5)
        await pilot.press("f3")
        while not (isinstance(app.screen, LookupScreen) and app.screen.searches):
            await pilot.pause(0.05)
        screen = app.screen
        for kind, query in queries:
            box = screen.query_one("#lookup-box")
            box.value = ""  # as if the typist cleared the box: in paced runs a key's time apart
            box.key_time = time.monotonic()
            await app.workers.wait_for_complete()
            await pilot.pause(0.02)
            for ch in query:
                before = len(screen.latencies)
                if gap_ms:  # a typist: this key comes gap_ms after the previous one
                    await asyncio.sleep(max(0.0, screen.query_one("#lookup-box").key_time + gap_ms / 1000
                                            - time.monotonic()))
                await pilot.press("space" if ch == " " else ch)
                deadline = time.monotonic() + 5
                while len(screen.latencies) == before or screen.shown_seq != screen._seq:
                    if time.monotonic() > deadline:
                        raise SystemExit(f"no results painted for {query!r}")
                    await pilot.pause(0.001)
                by_kind.setdefault(kind, []).append(screen.latencies[-1])
                rows_max = max(rows_max, screen.query_one("#lookup-results").row_count)
    pace = f"one key every {gap_ms:g} ms" if gap_ms else "each key as soon as the last results are painted"
    print(f"\nin the app ({pace}): key press to results painted, every key of every query (ms)\n" + HEAD)
    for kind, values in by_kind.items():
        print(row(kind, values))
    print(row("all keys", [v for vs in by_kind.values() for v in vs]))
    print(f"most rows the results table held: {rows_max}")


def check_plans(store, login: str, queries) -> None:
    sent: list[str] = []
    store.trace(sent.append)
    try:
        for _kind, query in queries:
            lookup_customers(store, login, query)
            lookup_customers(store, login, query, status="contracted", tag="vip")
    finally:
        store.trace(None)
    bad = set()
    for sql in {s for s in sent if s.lstrip().upper().startswith("SELECT")}:
        for line in (r[3] for r in store.conn.execute("EXPLAIN QUERY PLAN " + sql)):
            if line.startswith("SCAN ") and not (line.startswith("SCAN customer_fts VIRTUAL TABLE INDEX") and ":M" in line):
                bad.add((line, sql[:120]))
    print(f"\nquery plans: {len(set(sent))} statements sent, {len(bad)} full scans")
    for line, sql in sorted(bad):
        print(f"  SCAN: {line}  in  {sql}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="/work/bench.db")
    parser.add_argument("--queries", type=int, default=90)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--store-repeat", type=int, default=5)
    parser.add_argument("--no-app", action="store_true")
    parser.add_argument("--cold-prefixes", action="store_true",
                        help="only time every prefix at store level, after dropping the OS page cache (root)")
    parser.add_argument("--gap-ms", type=float, action="append",
                        help="type one key every GAP ms (repeatable; 0 = as fast as results paint). "
                             "Default: 0 and 80 (150 words a minute)")
    args = parser.parse_args()
    store = open_store(args.db, FixedClock(BENCH_NOW))
    with store.read(None) as tx:
        login = tx.scalar("SELECT login FROM agents WHERE role = 'agent' AND active = 1 ORDER BY id LIMIT 1")
        customers = tx.scalar("SELECT max(id) FROM customers")
    queries = pick_queries(store, args.queries, args.seed)
    print(f"{args.db}: ~{customers:,} customers; agent {login}; {len(queries)} queries, e.g. "
          + ", ".join(repr(q) for _k, q in queries[:11]))
    if args.cold_prefixes:
        bench_prefixes(store, login, queries, drop_cache=True)
        store.close()
        return
    check_plans(store, login, queries)
    bench_store(store, login, queries, args.store_repeat)
    if not args.no_app:
        for gap in args.gap_ms or [0.0, 80.0]:
            asyncio.run(bench_app(store, login, queries, gap))
    store.close()


if __name__ == "__main__":
    main()
