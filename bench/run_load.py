"""bench/run.py's load, scripted use and KPI figures.

- load(): background processes saving calls while a figure is measured (bench/bench_call.py's writer:
  each its own process and store connection, saving a call through store.calls.log_call every
  `every` seconds from a random phase), as other desks of a busy centre do. (bench/soak.py soaks a new
  store of its own; this load runs on the store being measured.)
- scripted_use(): the desk used for N minutes (save a call, a search, a card, the callback queue, in a
  loop) beside the bare app typed into for the same minutes; resident memory of both before and after.
- kpi_rows(): one agent's KPIs for a month, the team scorecard and the weekly summaries, timed at the
  store API as bench/bench_kpi.py does (no bare-app counterpart: these are reads, not keys).
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing as mp
import threading
import time

import run_figures as rf
import run_store
from tmux_probe import NotShown, Pane, rss_mb


@contextlib.contextmanager
def load(db, login: str, numbers: list[tuple[str, str]], writers: int, every: float):
    """`writers` processes saving calls as other agents; yields a function: how many they saved so far."""
    if writers <= 0:
        yield lambda: 0
        return
    from bench_call import writer

    store = run_store.open_bench(db)
    with store.read(None) as tx:
        others = [r[0] for r in tx.all("SELECT login FROM agents WHERE role = 'agent' AND active = 1 AND login != ?"
                                       " ORDER BY id LIMIT ?", (login, writers))]
    store.close()
    ctx = mp.get_context("spawn")
    saved, ready, stop = ctx.Value("i", 0), ctx.Queue(), ctx.Event()
    dialled = ["+86" + d for d, _ in numbers]
    procs = [ctx.Process(target=writer, args=(str(db), others[i % len(others)], dialled, every, i, saved, ready, stop))
             for i in range(writers)]
    for p in procs:
        p.start()
    try:
        for _ in procs:
            ready.get(timeout=180)
        time.sleep(every)
        yield lambda: saved.value
    finally:
        stop.set()
        for p in procs:
            p.join(timeout=60)


def _bare_typing(ctx: rf.Ctx, pane: Pane, until: float, counts: dict) -> None:
    words = itertools.cycle(["hello", "张伟", "13800138000", "order 42"])
    while time.monotonic() < until:
        pane.send("C-u")
        word = next(words)
        pane.type(word)
        try:
            pane.until(rf.echoed(word), 10)
        except NotShown:
            pass
        counts["bare"] += 1
        time.sleep(0.05)


def _one_round(desk: Pane, number: str, query: str, seen: set[str]) -> None:
    rf.save_calls(desk, [number], seen)
    desk.keys("F3")
    desk.until("Status: all")
    desk.send("C-u")
    desk.type(query)
    time.sleep(0.5)
    desk.keys("Escape")
    desk.until(rf.desk_home)
    desk.keys("F4")
    desk.until("Pool (")
    desk.keys("Escape")
    desk.until(rf.desk_home)


def _back_home(desk: Pane) -> None:
    for _ in range(5):
        desk.keys("Escape")
        time.sleep(0.3)
        try:
            desk.until(rf.desk_home, 5)
            return
        except NotShown:
            continue


def scripted_use(ctx: rf.Ctx, minutes: float) -> None:
    v = ctx.values
    desk, bare = Pane("use-desk"), Pane("use-bare")
    counts = {"desk": 0, "bare": 0}
    seen: set[str] = set()
    try:
        desk.start(ctx.desk_command())
        desk.until(rf.desk_home, 60)
        bare.start(ctx.bare_command())
        bare.until(rf.bare_home, 60)
        time.sleep(2)
        desk_pid, bare_pid = desk.program_pid(), bare.program_pid()
        before = rss_mb(desk_pid), rss_mb(bare_pid)
        until = time.monotonic() + minutes * 60
        typist = threading.Thread(target=_bare_typing, args=(ctx, bare, until, counts))
        typist.start()
        queries = itertools.cycle([q for qs in v.queries.values() for q in qs if len(q) >= 2] or ["zh"])
        numbers = itertools.cycle(v.numbers)
        trace, next_sample = [], time.monotonic() + 60  # the desk's RSS each minute: growth, or a level
        try:
            while time.monotonic() < until:
                if time.monotonic() >= next_sample:
                    trace.append(rss_mb(desk_pid))
                    next_sample += 60
                    rf.note(f"scripted use: minute {len(trace)}, {counts['desk']} rounds, desk RSS {trace[-1]:.1f} MB")
                try:
                    _one_round(desk, next(numbers), next(queries), seen)
                    counts["desk"] += 1
                except NotShown as exc:  # a stall, counted: back home and on, so the minutes still run
                    counts["stalls"] = counts.get("stalls", 0) + 1
                    rf.note(f"scripted use: a round stalled ({rf.one_line(exc)[:120]}); back to the home screen")
                    _back_home(desk)
        finally:
            typist.join()
        time.sleep(2)
        after = rss_mb(desk_pid), rss_mb(bare_pid)
        ctx.rows.append(rf.Row("RSS of one idle desk on its home screen (start of the scripted use)",
                               [before[0]], [before[1]], "MB"))
        ctx.rows.append(rf.Row(f"RSS after {minutes:g} min of scripted use", [after[0]], [after[1]], "MB",
                               "no growth (a leak shows here)",
                               f"{counts['desk']} rounds of save/search/queue ({counts.get('stalls', 0)} stalled); "
                               f"bare: {counts['bare']} words typed; "
                               f"desk by minute: {' '.join(f'{mb:.0f}' for mb in trace)} MB"))
    except Exception as exc:  # noqa: BLE001
        ctx.rows.append(rf.Row(f"RSS after {minutes:g} min of scripted use", [], None, "MB",
                               failed=rf.one_line(exc)))
    finally:
        rf.quit_pane(desk)
        rf.quit_pane(bare)


def _timed(fn, runs: int) -> list[float]:
    fn()  # warm the page cache once, as a desk that has been open a while
    took = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        took.append(time.perf_counter() - start)
    return took


def kpi_rows(ctx: rf.Ctx, runs: int) -> None:
    from store import kpi, reports

    v = ctx.values
    store = run_store.open_bench(ctx.db)
    try:
        for label, target, fn, n in (
            (f"one agent's KPIs for a month ({v.login}, 2026-11)", "p99 < 20 ms",
             lambda: kpi.agent_kpis(store, v.login, None, "2026-11"), runs),
            (f"team scorecard, a month ({v.lead}, 2026-10)", "p99 < 50 ms",
             lambda: kpi.team_kpis(store, v.lead, "2026-10"), runs),
            ("weekly summary, a team (2026-W47)", "", lambda: reports.weekly_summary(store, v.lead, "2026-W47"), runs),
            ("weekly summary, whole centre (2026-W47)", "p99 < 100 ms",
             lambda: reports.weekly_summary(store, v.admin, "2026-W47"), max(3, runs // 3)),
        ):
            rf.note(f"measuring: {label}")
            try:
                ctx.rows.append(rf.Row(label, _timed(fn, n), None, "ms", target, "store API, in process"))
            except Exception as exc:  # noqa: BLE001
                ctx.rows.append(rf.Row(label, [], None, "ms", target, failed=rf.one_line(exc)))
    finally:
        store.close()
