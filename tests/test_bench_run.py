"""bench/run.py in its quick mode on a tiny bench store, so the script cannot rot: every figure has its
row with samples, every interactive row its bare-app figures and a ratio. No latency is asserted."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TINY = ["--customers", "600", "--phones", "700", "--calls", "3000", "--days", "5", "--agents", "8",
        "--teams", "2", "--callbacks", "200", "--cases", "200"]
INTERACTIVE = ["cold start to home screen, unbound", "cold start to first key handled, unbound",
               "RSS of one idle desk, unbound", "F2: last digit typed -> caller's card",
               "F3 Latin name: each key -> results", "F3 1 Chinese char: each key -> results",
               "F3 2 Chinese chars: each key -> results", "F3 pinyin initials: each key -> results",
               "F3 phone suffix: each key -> results", "F3 order number: each key -> results",
               "card of a customer with 2,000 calls: Enter -> card", "save a call (Ctrl+S -> 'saved'), alone",
               "claim a pool callback (C -> 'is yours'), alone", "save a call (Ctrl+S -> 'saved'), under load",
               "claim a pool callback (C -> 'is yours'), under load", "RSS after 0.1 min of scripted use"]
STORE_ONLY = ["one agent's KPIs for a month", "team scorecard, a month", "weekly summary, a team",
              "weekly summary, whole centre"]
PROGRESS: list[str] = []
BOUND = ["cold start to home screen, bound", "cold start to first key handled, bound", "RSS of one idle desk, bound"]


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    if shutil.which("tmux") is None:
        pytest.fail("bench/run.py drives a real terminal: it needs tmux on PATH (apt-get install tmux)")
    path = tmp_path_factory.mktemp("bench-run") / "tiny.db"
    built = subprocess.run([sys.executable, str(ROOT / "bench" / "build_store.py"), "--path", str(path), *TINY],
                           capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert built.returncode == 0, built.stderr
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--db", str(path), "--quick",
                           "--no-bound", "--use-minutes", "0.1"], capture_output=True, text=True, timeout=1200, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    PROGRESS.append(done.stderr)  # what a failed row's assertion shows: the screen the probe waited on
    return done.stdout


def rows(out: str) -> dict[str, list[str]]:
    found = {}
    for line in out.splitlines():
        if line.startswith("| ") and not line.startswith("| figure"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            found[cells[0]] = cells
    return found


def row(found: dict[str, list[str]], label: str) -> list[str]:
    matches = [cells for name, cells in found.items() if name.startswith(label)]
    assert len(matches) == 1, (label, list(found))
    return matches[0]


def test_the_header_names_machine_date_and_commit(table):
    assert re.search(r"^date \d{4}-\d\d-\d\d \d\d:\d\d UTC; machine: \d+ CPUs \(.+\), .*; commit \w+", table, re.M)
    assert "| figure | unit | n | desk median | desk p99 | desk max | bare median | bare p99 | bare max |" in table


def test_every_interactive_figure_has_desk_and_bare_samples_and_a_ratio(table):
    found = rows(table)
    for label in INTERACTIVE:
        cells = row(found, label)
        assert int(cells[2]) > 0, (cells, PROGRESS[-1][-3000:])  # samples taken, none failed
        assert all(re.fullmatch(r"\d+\.\d+", c) for c in cells[3:9]), cells  # median, p99, max of both
        assert re.fullmatch(r"\d+\.\d\d×", cells[9]), cells  # the ratio to the bare app
        assert re.fullmatch(r"[+-]\d+\.\d+ (ms|s|MB)", cells[10]), cells


def test_store_figures_have_samples_and_the_issues_targets(table):
    found = rows(table)
    for label in STORE_ONLY:
        cells = row(found, label)
        assert int(cells[2]) > 0 and re.fullmatch(r"\d+\.\d", cells[3]), cells
    assert row(found, "one agent's KPIs")[11] == "p99 < 20 ms"
    assert row(found, "weekly summary, whole centre")[11] == "p99 < 100 ms"
    assert row(found, "cold start to home screen, unbound")[11] == "≤ 1.3× bare"


def test_bound_rows_say_why_they_were_skipped(table):
    found = rows(table)
    for label in BOUND:
        assert row(found, label)[3] == "skipped: --no-bound"
