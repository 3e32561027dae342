"""Printing lists: a readable table for people, JSON (never translated) for programs."""

from __future__ import annotations

import json
import sys
from typing import Iterable, Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text


def emit_json(rows) -> None:
    sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")


def emit_table(rows: Iterable[dict], columns: Sequence[tuple[str, str]], title: str | None = None) -> None:
    """columns: (key, translated heading). Cells are shown literally, never as markup."""
    table = Table(title=title, show_lines=False, header_style="bold")
    for _, heading in columns:
        table.add_column(heading, overflow="fold")
    for row in rows:
        table.add_row(*(Text("" if row.get(k) is None else str(row.get(k))) for k, _ in columns))
    Console(soft_wrap=False).print(table)
