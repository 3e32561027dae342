"""`-` for a file argument: standard input or output instead of a path.

A shared install's bound run (tui/bound.py) is handed files this way by the agent's own process
(tui/rebind.py), so the service account opens no file an agent names; `agentdesk import customers -`
and `agentdesk backup -` work anywhere else too. What is read from stdin is kept in a private
temporary folder (0700) for as long as the command runs: the importer reads its file twice.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DASH = "-"


def is_dash(path: Path | str) -> bool:
    return str(path) == DASH


@contextmanager
def private_folder() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="agentdesk-"))  # mkdtemp: 0700, this account's only
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def stdin_as_file(name: str) -> Iterator[Path]:
    """Standard input saved as `name` in a private folder."""
    with private_folder() as folder:
        path = folder / name
        with path.open("wb") as out:
            shutil.copyfileobj(sys.stdin.buffer, out)
        yield path


def file_to_stdout(path: Path) -> None:
    with path.open("rb") as source:
        shutil.copyfileobj(source, sys.stdout.buffer)
    sys.stdout.buffer.flush()
