"""The benchmark suite measured as a person feels it: one table, every interactive figure from the key sent
in a real terminal (tmux, 120x40) to the screen showing its result, each beside the same measurement of a
bare Textual app (bench/bare_app.py) in the same run, and the ratio.

    python bench/run.py [--db /tmp/benchrun.db] [--runs 10] [--keys 6] [--use-minutes 30]
                        [--bound-user LOGIN] [--no-bound] [--writers 4] [--quick] [--only cold,kpi]

--db: the store the desk opens (a copy of the bench store: opening migrates it; bench/build_store.py
makes one). The desk's "now" is the bench's (AGENTDESK_NOW), its config none, its language English.
Bound rows (the desk through the host's sudo rule) need root: bench/run_bound.py makes a throwaway
shared install in a temporary root as tests/e2e/shared_host.py does; without root, or with
--bound-user naming an OS account it cannot use, the bound rows are skipped with the reason printed.
--use-minutes: how long the scripted use runs before the second memory figure (the issue asks 30).
--quick: few samples of everything and a quarter minute of use at most (tests/test_bench_run.py).
--only: the parts to measure, comma-separated (default all): cold (cold starts and the idle desk's
memory), keys (F2, F3, the big card, save, claim), bound, use (the scripted use and its memory), kpi,
cases (the case list, the lead's overdue list, a case with 50 timeline entries, the wallboard, bench/run_cases.py).
Before the first start the project's modules are compiled to bytecode (compile_project), as pip
compiles an installed copy: a desk run with PYTHONDONTWRITEBYTECODE set, or by an account that
cannot write the checkout, would otherwise compile every module from source at each start.
The table goes to stdout (Markdown), progress to stderr.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import traceback
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import run_figures as rf  # noqa: E402
import run_store  # noqa: E402
from run_load import kpi_rows, load, scripted_use  # noqa: E402
from tmux_probe import POLL  # noqa: E402

PARTS = ("cold", "keys", "bound", "use", "kpi", "cases")
PACKAGES = ("tui", "screens", "store", "demo")


def parts(text: str) -> frozenset[str]:
    """--only's value: known part names, comma-separated."""
    chosen = frozenset(p.strip() for p in text.split(",") if p.strip())
    unknown = sorted(chosen - set(PARTS))
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"{', '.join(unknown) or 'nothing'}: choose from {', '.join(PARTS)}")
    return chosen


def compile_project(root: Path = HERE.parent, packages: tuple[str, ...] = PACKAGES) -> int:
    """The project's modules compiled to __pycache__ (only those changed since), as pip install does;
    returns how many files were looked at."""
    import compileall
    import py_compile

    files = [f for package in packages for f in sorted((root / package).rglob("*.py"))]
    for file in files:
        compileall.compile_file(str(file), quiet=2, invalidation_mode=py_compile.PycInvalidationMode.TIMESTAMP)
    return len(files)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "?")
    return f"{os.cpu_count()} CPUs ({model}), Linux {platform.release()}, Python {platform.python_version()}"


def commit() -> str:
    done = subprocess.run(["git", "-C", str(HERE.parent), "describe", "--always", "--dirty"], capture_output=True,
                          text=True)
    return done.stdout.strip() or "?"


def _fmt(values: list[float] | None, unit: str) -> list[str]:
    if not values:
        return ["—"] * 3
    scale = 1000 if unit == "ms" else 1
    digits = 1 if unit in ("ms", "MB") else 2
    return [f"{v * scale:.{digits}f}" for v in (statistics.median(values), pct(values, 99), max(values))]


def table(rows: list[rf.Row]) -> str:
    head = ("| figure | unit | n | desk median | desk p99 | desk max | bare median | bare p99 | bare max "
            "| ratio (median) | p99 − bare p99 | target |")
    out = [head, "|" + "---|" * 12]
    for row in rows:
        if row.failed:
            text = row.failed if row.failed.startswith("skipped") else f"failed: {row.failed}"
            out.append(f"| {row.figure} | {row.unit} | 0 | {text} |  |  |  |  |  |  |  | {row.target} |")
            continue
        desk, bare = _fmt(row.desk, row.unit), _fmt(row.bare, row.unit)
        ratio = diff = "—"
        if row.bare and row.desk:
            ratio = f"{statistics.median(row.desk) / statistics.median(row.bare):.2f}×"
            gap = pct(row.desk, 99) - pct(row.bare, 99)
            diff = f"{gap * 1000:+.1f} ms" if row.unit == "ms" else f"{gap:+.2f} {row.unit}"
        figure = row.figure + (f" ({row.note})" if row.note else "")
        out.append(f"| {figure} | {row.unit} | {len(row.desk)} | {' | '.join(desk)} | {' | '.join(bare)} "
                   f"| {ratio} | {diff} | {row.target} |")
    return "\n".join(out)


def attempt(ctx: rf.Ctx, label: str, unit: str, target: str, fn) -> None:
    """Run one figure; a figure that cannot be measured is a row saying why, not a lost run."""
    rf.note(f"measuring: {label}")
    try:
        desk, bare, note = fn()
        ctx.rows.append(rf.Row(label, desk, bare, unit, target, note))
    except Exception as exc:  # noqa: BLE001 — the table says what failed and the run goes on
        rf.note(f"FAILED: {label}: {type(exc).__name__}: {exc}")
        if os.environ.get("BENCH_TRACEBACKS"):
            traceback.print_exc()
        ctx.rows.append(rf.Row(label, [], None, unit, target, failed=rf.one_line(exc)))


def desk_session(ctx: rf.Ctx, fn):
    pane = rf.start_desk(ctx)
    try:
        return fn(pane)
    finally:
        rf.quit_pane(pane)


def interactive(ctx: rf.Ctx, args, expected) -> None:
    v = ctx.values
    numbers = v.numbers[: args.keys * 3]
    target = "p99 ≤ bare p99 + 10 ms"
    attempt(ctx, "F2: last digit typed -> caller's card", "ms", target, lambda: (
        desk_session(ctx, lambda p: rf.f2_card(p, numbers)), rf.bare_keys(ctx, [d for d, _ in numbers], True), ""))
    for kind, queries in v.queries.items():
        if not queries:
            continue
        attempt(ctx, f"F3 {kind}: each key -> results", "ms", target, lambda q=queries: (
            desk_session(ctx, lambda p: (p.keys("F3"), p.until("Status: all"), rf.f3_keys(p, q, expected))[2]),
            rf.bare_keys(ctx, q), "e.g. " + ", ".join(q[:2])))
    runs = max(3, args.keys)
    attempt(ctx, f"card of a customer with {v.big_calls:,} calls: Enter -> card", "ms", "", lambda: (
        desk_session(ctx, lambda p: (p.keys("F3"), p.until("Status: all"),
                                     rf.open_big_card(p, v.big_number, v.big_name, runs))[2]),
        rf.bare_keys(ctx, ["x"] * runs), ""))
    seen_calls: set[str] = set()
    seen_claims: set[str] = set()
    for label, writers in (("alone", 0), (f"under load: {args.writers} processes saving a call every "
                                          f"{args.every:g} s each", args.writers)):
        if writers == 0 or args.writers:
            with load(ctx.db, v.login, numbers, writers, args.every) as saved:
                attempt(ctx, f"save a call (Ctrl+S -> 'saved'), {label}", "ms", "", lambda: (
                    desk_session(ctx, lambda p: rf.save_calls(p, v.numbers[:runs], seen_calls)),
                    rf.bare_keys(ctx, ["x"] * runs), ""))
                attempt(ctx, f"claim a pool callback (C -> 'is yours'), {label}", "ms", "", lambda: (
                    desk_session(ctx, lambda p: rf.claim_callbacks(p, runs, seen_claims)),
                    rf.bare_keys(ctx, ["x"] * runs), f"{saved()} background saves" if saved() else ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/benchrun.db"))
    parser.add_argument("--runs", type=int, default=10, help="cold starts of each program")
    parser.add_argument("--keys", type=int, default=6, help="queries of each kind (F3), numbers ÷ 3 (F2)")
    parser.add_argument("--use-minutes", type=float, default=30.0)
    parser.add_argument("--writers", type=int, default=4, help="background processes saving calls (0: no load)")
    parser.add_argument("--every", type=float, default=1.0, help="seconds between one writer's saves")
    parser.add_argument("--bound-user", help="an OS account already set up for the host's sudo rule")
    parser.add_argument("--no-bound", action="store_true", help="skip the bound rows")
    parser.add_argument("--kpi-runs", type=int, default=15)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", type=parts, default=frozenset(PARTS), metavar="PARTS",
                        help=f"comma-separated, of: {', '.join(PARTS)} (default all)")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.keys, args.kpi_runs = 2, 1, 3
        args.use_minutes = min(args.use_minutes, 0.25)
        args.writers = min(args.writers, 2)
    if not args.db.exists():
        parser.error(f"no store at {args.db}: copy the bench store there (bench/build_store.py makes one)")
    rf.note(f"compiled the project's modules to bytecode ({compile_project()} files looked at)")
    tmp = Path(tempfile.mkdtemp(prefix="bench-run-"))
    bin_dir = Path(sys.executable).parent
    started = datetime.now(timezone.utc)
    rf.note(f"reading the store {args.db} (opening migrates it) ...")
    values = run_store.pick(args.db, args.keys, args.keys * 3 + max(3, args.keys) * 2)
    if "keys" in args.only:
        run_store.big_customer(args.db, values)
    ctx = rf.Ctx(args.db, bin_dir / "agentdesk", Path(sys.executable), tmp, values, run_store.NOW_TEXT,
                lambda: run_store.reset(args.db, values.login))
    bare_cold = None
    if "cold" in args.only:
        rf.note("measuring: cold starts and idle memory")
        bare_cold = rf.cold_rows(ctx, args.runs)
    if "keys" in args.only:
        expected, lookup_store = run_store.expected_results(args.db, values.login)
        try:
            interactive(ctx, args, expected)
        finally:
            lookup_store.close()
    if "bound" in args.only:
        from run_bound import bound_rows

        bound_rows(ctx, args, bare_cold)
    if "use" in args.only:
        rf.note(f"measuring: memory after {args.use_minutes:g} minutes of scripted use")
        scripted_use(ctx, args.use_minutes)
    if "kpi" in args.only:
        kpi_rows(ctx, args.kpi_runs)
    if "cases" in args.only:
        from run_cases import case_rows

        case_rows(ctx, args.kpi_runs)
    print(f"bench/run.py on {args.db} ({args.db.stat().st_size / 2**30:.2f} GiB), agent {values.login}")
    print(f"date {started:%Y-%m-%d %H:%M} UTC; machine: {machine()}; commit {commit()}")
    print(f"terminal tmux {COLS_ROWS}; keys sent with tmux send-keys, screens read with capture-pane every "
          f"{POLL * 1000:g} ms; cold starts: {args.runs} each; scripted use: {args.use_minutes:g} min; "
          f"parts: {','.join(p for p in PARTS if p in args.only)}; the project's modules compiled to bytecode first\n")
    print(table(ctx.rows))
    return 0


COLS_ROWS = "120x40"

if __name__ == "__main__":
    sys.exit(main())
