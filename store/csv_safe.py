"""Cells a spreadsheet would run as a formula, written so it shows them as text (CSV injection).

A text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a single quote in
front (the OWASP advice): Excel, WPS and LibreOffice then neither run it nor read `+8613800138000`
as the number 8.6E+12. Numbers stay numbers (-5 is not text). The importer takes the quote off again
(`unquote`), so an export imports back as it was. JSON is never touched.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """`value` as a CSV cell no spreadsheet runs: text starting like a formula gets a leading `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in values]


def unquote(text: str) -> str:
    """A cell as it was before `safe_cell`: `'=1+1` reads `=1+1`; any other text unchanged."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


class SafeWriter:
    """csv.writer whose every row goes through `safe_row`."""

    def __init__(self, out: IO[str], **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, values: Iterable[Any]) -> None:
        self._writer.writerow(safe_row(values))
