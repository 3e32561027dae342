"""An agentdesk install every OS account can run, for the tests that use real OS users: a venv made
from the system's Python in a folder of the test's own, with this venv's packages and this checkout's
code copied in (the suite's own venv may sit where other accounts cannot read, e.g. under /root)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("tui", "screens", "store", "demo")
SYSTEM_PYTHON = Path("/usr/bin/python3")


def readable_by_all(path: Path) -> None:
    for folder, _dirs, files in os.walk(path):
        os.chmod(folder, 0o755)
        for name in files:
            full = os.path.join(folder, name)
            if not os.path.islink(full):
                os.chmod(full, os.stat(full).st_mode | 0o444 | (0o111 if os.access(full, os.X_OK) else 0))


def shared_install(prefix: Path) -> Path:
    """The venv's python under `prefix`, which any account can run `-I -m tui.cli` / `tui.bound` with."""
    subprocess.run([str(SYSTEM_PYTHON), "-m", "venv", "--without-pip", str(prefix)], check=True)
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    target = prefix / "lib" / version / "site-packages"
    source = Path(sysconfig.get_paths()["purelib"])
    skip = shutil.ignore_patterns("__editable__*", "pip", "pip-*", "_pytest", "pytest*", "hypothesis*", "mypy*",
                                  "ruff*", "*.pyc", "__pycache__")
    shutil.copytree(source, target, ignore=skip, dirs_exist_ok=True)
    for package in PACKAGES:
        shutil.copytree(ROOT / package, target / package, ignore=shutil.ignore_patterns("__pycache__"),
                        dirs_exist_ok=True)
    launcher = prefix / "bin" / "agentdesk"
    launcher.write_text(f"#!/bin/sh\nexec '{prefix}/bin/python' -I -c 'from tui.cli import main; main()' \"$@\"\n")
    readable_by_all(prefix)
    os.chmod(launcher, 0o755)
    return prefix / "bin" / "python"
