"""Printing lists: a readable table for people, JSON (never translated) for programs."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from tui import safe_text
from tui.format import LocalTime

_RAW_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escaped(match: re.Match) -> str:
    return f"\\u{ord(match.group()):04x}"


def terminal_json(text: str) -> str:
    """JSON text safe to print on a terminal, its data unchanged: json escapes the C0 controls itself; the C1
    controls, DEL and the bidirectional controls are escaped here too (\\u009b)."""
    return _RAW_IN_JSON.sub(_escaped, text)


def emit_json(rows) -> None:
    """JSON keeps the stored text whole, for programs (terminal_json)."""
    sys.stdout.write(terminal_json(json.dumps(rows, ensure_ascii=False, indent=2)) + "\n")


def is_time(key: str) -> bool:
    """A column holding a stored UTC time (`started_at`, `due_at`, `at`, ...)."""
    return key == "at" or key.endswith("_at")


def emit_table(rows: Iterable[dict], columns: Sequence[tuple[str, str]], title: str | None = None,
               when: LocalTime | None = None, words: Mapping[str, Callable[[Any], str]] | None = None) -> None:
    """columns: (key, translated heading). Cells are shown literally, never as markup.

    With `when`, a time column shows the centre's local time and its heading names the zone;
    `words` gives a column's values in words (a slug as screens.labels reads it: 'resolved' -> 已解决).
    JSON output (emit_json) keeps UTC and the slugs.
    """
    words = words or {}
    table = Table(title=title, show_lines=False, header_style="bold")
    for key, heading in columns:
        timed = when is not None and is_time(key)
        table.add_column(f"{heading} ({when.zone_name})" if timed and when else heading, overflow="fold")
    for row in rows:
        cells = []
        for key, _heading in columns:
            value = row.get(key)
            if value is None:
                cells.append(Text(""))
            elif when is not None and is_time(key):
                cells.append(Text(when.full(str(value))))
            elif key in words:
                cells.append(Text(safe_text.shown(words[key](value), multiline=True)))
            else:
                cells.append(Text(safe_text.shown(value, multiline=True)))
        table.add_row(*cells)
    Console(soft_wrap=False).print(table)
