"""bench/run.py's --only (measure some parts, e.g. the cold starts before and after a change) and its
compile step (the desk starts from bytecode, as an installed copy does, even where the environment
says PYTHONDONTWRITEBYTECODE). No terminal needed: the run measured here is the store-only part."""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TINY = ["--customers", "200", "--phones", "250", "--calls", "600", "--days", "3", "--agents", "4", "--teams", "2",
        "--callbacks", "40", "--cases", "1000"]


def bench_run():
    spec = importlib.util.spec_from_file_location("bench_run_script", ROOT / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_only_takes_known_parts_and_refuses_others():
    run = bench_run()
    assert run.parts("cold, kpi") == {"cold", "kpi"}
    assert run.parts("keys") == {"keys"}
    for bad in ("cold,nope", "", ","):
        with pytest.raises(argparse.ArgumentTypeError, match="choose from cold, keys, bound, use, kpi"):
            run.parts(bad)


def test_compile_project_writes_bytecode_even_when_python_would_not(tmp_path, monkeypatch):
    run = bench_run()
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    sources = [package / "__init__.py", package / "mod.py", package / "sub" / "deep.py"]
    for source in sources:
        source.write_text("X = 1\n")
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # what PYTHONDONTWRITEBYTECODE=1 sets
    assert run.compile_project(tmp_path, ("pkg",)) == 3
    cached = [Path(importlib.util.cache_from_source(str(s))) for s in sources]
    assert all(c.exists() for c in cached)
    before = [c.stat().st_mtime_ns for c in cached]
    assert run.compile_project(tmp_path, ("pkg",)) == 3
    assert [c.stat().st_mtime_ns for c in cached] == before  # unchanged sources are not compiled again


@pytest.fixture(scope="module")
def tiny_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("bench") / "tiny.db"
    built = subprocess.run([sys.executable, str(ROOT / "bench" / "build_store.py"), "--path", str(path), *TINY],
                           capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert built.returncode == 0, built.stderr
    return path


def test_only_cases_measures_the_case_rows(tiny_store):
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--db", str(tiny_store), "--quick",
                           "--only", "cases"], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    rows = [line.split("|") for line in done.stdout.splitlines() if line.startswith("| ") and not line.startswith("| figure")]
    figures = [r[1].strip() for r in rows]
    assert [f.split(" (")[0] for f in figures[:4]] == [
        "my case list", "the lead's overdue list", "the overdue list, whole centre", "open a case with 50 timeline entries"]
    assert all(r[3].strip() != "0" for r in rows), done.stdout  # every row measured, none failed
    assert "1,000 cases" in figures[0]


def test_only_kpi_measures_the_kpi_rows_and_nothing_else(tiny_store):
    path = tiny_store
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--db", str(path), "--quick", "--only", "kpi"],
                          capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    figures = [line.split("|")[1].strip() for line in done.stdout.splitlines()
               if line.startswith("| ") and not line.startswith("| figure")]
    assert figures and all(f.startswith(("one agent's KPIs", "team scorecard", "weekly summary")) for f in figures), figures
    assert "parts: kpi;" in done.stdout and "compiled to bytecode" in done.stdout
    assert "measuring: cold starts" not in done.stderr and "compiled the project's modules" in done.stderr
