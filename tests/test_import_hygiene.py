"""`store` is the data layer: importing any of it pulls in no Textual, no tui, no screens, no demo."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import store

STORE_DIR = Path(store.__file__).parent
REPO = STORE_DIR.parent

CORE = [
    "store", "store.agents", "store.customers", "store.calls", "store.callbacks", "store.status",
    "store.settings", "store.changes", "store.maintenance",
]

PROBE = """
import importlib, json, sys
names = json.loads(sys.argv[1])
for name in names:
    importlib.import_module(name)
loaded = sorted(sys.modules)
print(json.dumps({
    "imported": [n for n in names if n in sys.modules],
    "forbidden": [m for m in loaded if m.split(".")[0] in ("textual", "tui", "screens", "demo")],
}))
"""


def module_name(path: Path) -> str:
    """store/callbacks/queue.py -> store.callbacks.queue; a package's __init__.py is the package."""
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def store_modules() -> list[str]:
    found = sorted(module_name(p) for p in STORE_DIR.rglob("*.py") if p != STORE_DIR / "__init__.py")
    return CORE + [m for m in found if m not in CORE]


def run_probe(modules: list[str]) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AGENTDESK_")}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(modules)],
        capture_output=True, text=True, cwd=str(REPO), env=env, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_every_store_module_is_covered():
    modules = store_modules()
    assert set(CORE) <= set(modules)
    assert len(modules) == len(set(modules)) == len(list(STORE_DIR.rglob("*.py")))


def test_store_imports_no_textual_tui_or_screens():
    modules = store_modules()
    report = run_probe(modules)
    assert report["imported"] == modules
    assert report["forbidden"] == []


def test_each_store_module_imports_on_its_own():
    """No import circle hides behind the order modules happen to load in: each loads first in a fresh process."""
    for name in store_modules():
        assert run_probe([name])["imported"] == [name], name


def test_store_does_not_import_the_demo():
    """demo/ seeds a store through store functions; the data layer never reaches back into it."""
    report = run_probe(store_modules())
    assert [m for m in report["forbidden"] if m.split(".")[0] == "demo"] == []
    assert "demo" in run_probe(["store", "demo"])["forbidden"]  # the probe does see a demo import


def test_probe_detects_a_textual_import():
    """The probe is not vacuous: a tui or textual import does show up."""
    report = run_probe(["store", "tui.i18n"])
    assert "tui" in report["forbidden"] and "tui.i18n" in report["forbidden"]
    report = run_probe(["store", "textual.app"])
    assert "textual" in report["forbidden"]


def test_no_store_source_mentions_textual_or_the_ui():
    offenders = []
    for path in STORE_DIR.rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            stripped = line.strip()
            if stripped.startswith(("import ", "from ")) and any(
                stripped.split()[1].split(".")[0] == top for top in ("textual", "tui", "screens", "demo")
            ):
                offenders.append(f"{path.relative_to(STORE_DIR)}:{number}: {stripped}")
    assert offenders == []
