"""Reading a CSV file as Excel writes it: finding its encoding, and its records with their line numbers."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from store.errors import ValidationError
from store.messages import N_

AUTO_ENCODINGS = ("utf-8-sig", "gb18030")  # what Excel writes; gb18030 is a superset of GBK
_CHUNK = 1 << 20


def _check_codec(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise ValidationError(
            "encoding",
            N_("--encoding: '{encoding}' is not a text encoding Python knows; use utf-8, utf-8-sig or gb18030."),
            encoding=encoding,
        ) from None


def _decodes(path: Path, encoding: str) -> UnicodeDecodeError | None:
    """None if the whole file decodes strictly as `encoding` (read in chunks, bounded memory)."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    offset = 0
    with open(path, "rb") as fh:
        while True:
            chunk = fh.read(_CHUNK)
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                exc.start += offset
                exc.end += offset
                return exc
            if not chunk:
                return None
            offset += len(chunk)


def _line_of(path: Path, byte_offset: int) -> int:
    count = 1
    with open(path, "rb") as fh:
        remaining = byte_offset
        while remaining > 0:
            chunk = fh.read(min(_CHUNK, remaining))
            if not chunk:
                break
            count += chunk.count(b"\n")
            remaining -= len(chunk)
    return count


def detect_encoding(path: Path, encoding: str | None = None) -> str:
    """The encoding to read `path` with: `encoding` if it decodes, else utf-8-sig, else gb18030."""
    candidates = (_check_codec(encoding),) if encoding else AUTO_ENCODINGS
    failure = None
    for name in candidates:
        failure = _decodes(path, name)
        if failure is None:
            return name
    assert failure is not None  # every candidate failed to decode
    line = _line_of(path, failure.start)
    if encoding:
        raise ValidationError(
            "encoding",
            N_("{name} is not readable as {encoding} (bad byte at line {line}); try another --encoding, e.g. "
               "--encoding gb18030 for files Excel saved in China or --encoding utf-8."),
            name=path.name, encoding=encoding, line=line,
        )
    raise ValidationError(
        "encoding",
        N_("{name} is neither UTF-8 nor GB18030/GBK text (bad byte at line {line}); save it from Excel as 'CSV "
           "UTF-8' or name its encoding with --encoding ENC."),
        name=path.name, line=line,
    )


MALFORMED = N_("line {line}: the CSV is malformed ({exc}); fix that line and import again.")


class LineReader(Protocol):
    """What csv.reader returns: rows, and the physical line it has read up to."""

    line_num: int

    def __next__(self) -> list[str]: ...


def csv_records(reader: LineReader) -> Iterator[tuple[int, list[str]]]:
    """(physical line where the record starts, cells); header is line 1."""
    last = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ValidationError("file", MALFORMED, line=last + 1, exc=exc) from None
        yield last + 1, cells
        last = reader.line_num


def has_bom(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(3) == codecs.BOM_UTF8


def count_records(path: Path, encoding: str) -> int:
    with open(path, encoding=encoding, newline="") as fh:
        return max(0, sum(1 for _ in csv.reader(fh)) - 1)
