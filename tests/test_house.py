"""The shape of the house, checked with the suite: lint, the import contracts, no circle, no long file.

mypy on store/ is tests/test_typing.py. Each check names the command to run by hand to see more.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("tui", "screens", "store", "demo")
BIN = Path(sys.executable).parent


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_finds_nothing():
    done = _run(str(BIN / "ruff"), "check", ".")
    assert done.returncode == 0, f"ruff check .:\n{done.stdout}{done.stderr}"


def test_import_contracts_hold():
    done = _run(str(BIN / "lint-imports"))
    assert done.returncode == 0, f"lint-imports (contracts in pyproject.toml):\n{done.stdout}{done.stderr}"


def test_no_import_circle_among_our_modules():
    import grimp

    graph = grimp.build_graph(*PACKAGES)
    modules = sorted(graph.modules)
    edges = {m: {n for n in graph.find_modules_directly_imported_by(m) if n.split(".")[0] in PACKAGES} for m in modules}
    # Tarjan's strongly connected components: a component of more than one module is a circle
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in edges[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == module:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for module in modules:
        if module not in index:
            visit(module)
    assert circles == [], circles


def test_no_source_file_over_400_lines():
    long = [f"{p.relative_to(ROOT)} {n}" for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400]
    assert long == [], long


def test_every_table_of_the_desk_is_a_desk_table():
    """Home/End/PgUp/PgDn move the cursor in every table: screens make screens.widgets.desk_table.DeskTable,
    never Textual's DataTable itself (nor a subclass of it other than DeskTable's)."""
    import re

    bare = []
    for path in sorted((ROOT / "screens").rglob("*.py")):
        if path.name == "desk_table.py":
            continue
        text = path.read_text(encoding="utf-8")
        bare += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in re.finditer(r"\bDataTable\(|class \w+\(DataTable\)", text)]
    assert bare == []
