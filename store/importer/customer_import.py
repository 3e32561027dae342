"""The customer import: a CSV file read in batches, each one BEGIN IMMEDIATE transaction."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from store import settings as settings_lib
from store.access import LEADS
from store.csv_safe import SafeWriter
from store.db import Store
from store.errors import StoreError, ValidationError
from store.importer.csv_files import count_records, csv_records, detect_encoding, has_bom
from store.importer.headers import EXPECTED_HEADERS, map_headers
from store.importer.rows import RowRejected, apply_row, parse_row
from store.messages import N_

BATCH_SIZE = 500

Progress = Callable[[int, int], None]


@dataclass
class ImportResult:
    imported: int = 0  # rows that created a customer
    updated: int = 0  # rows applied to a customer that already existed (or appeared earlier in the file)
    rejected: int = 0
    rows: int = 0  # non-blank data rows read
    dry_run: bool = False
    encoding: str = ""
    rejects_path: Path | None = None
    ignored_columns: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "imported": self.imported,
            "updated": self.updated,
            "rejected": self.rejected,
            "rows": self.rows,
            "dry_run": self.dry_run,
            "encoding": self.encoding,
            "rejects_path": str(self.rejects_path) if self.rejects_path else None,
            "ignored_columns": self.ignored_columns,
        }


def rejects_path_for(path: Path) -> Path:
    """customers.csv -> customers.rejects.csv, beside the input."""
    return path.with_name(path.stem + ".rejects.csv")


class RejectsFile:
    """FILE.rejects.csv, opened on the first rejected row."""

    def __init__(self, path: Path, header: list[str], encoding: str):
        self.path = path
        self.header = header
        self.encoding = encoding
        self._fh: TextIO | None = None
        self._write_row: Callable[[Iterable[object]], object] | None = None

    def add(self, line: int, cells: list[str], reason: str) -> None:
        if self._write_row is None:
            self._fh = open(self.path, "w", encoding=self.encoding, errors="replace", newline="")
            self._write_row = SafeWriter(self._fh).writerow  # opened in a spreadsheet to be fixed
            self._write_row([*self.header, "line", "reason"])
        width = len(self.header)
        row = (list(cells) + [""] * width)[:width]
        self._write_row([*row, line, reason, *cells[width:]])  # extra cells last: columns stay aligned

    @property
    def written(self) -> bool:
        """Whether any row was rejected (and so the file exists)."""
        return self._write_row is not None

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


def import_customers(store: Store, actor: str, path: str | Path, *, encoding: str | None = None, dry_run: bool = False,
                     batch_size: int = BATCH_SIZE, progress: Progress | None = None) -> ImportResult:
    """Import customers from the CSV at `path` acting as `actor` (a lead or an admin).

    `progress(done_records, total_records)` is called after each batch.
    With dry_run=True everything is checked (also against the store) and
    nothing is written to the store; the rejects file is still written.
    """
    path = Path(path)
    with store.read(actor, *LEADS) as tx:
        region = settings_lib.read(tx, "phone_region")
    if not path.is_file():
        raise ValidationError("file", N_("{path}: no such file; check the path."), path=path)
    encoding = detect_encoding(path, encoding)
    total = count_records(path, encoding) if progress else 0
    result = ImportResult(dry_run=dry_run, encoding=encoding)
    planned: dict[str, int] | None = {} if dry_run else None
    # Rejects are written the way the input was read (GBK stays GBK for Excel).
    rejects_encoding = "utf-8" if encoding == "utf-8-sig" and not has_bom(path) else encoding
    with open(path, encoding=encoding, newline="") as fh:
        reader = csv.reader(fh)
        records = csv_records(reader)
        header = None
        for _line, cells in records:
            if any(c.strip() for c in cells):
                header = [c.replace("\ufeff", "") for c in cells]
                break
        if header is None:
            raise ValidationError(
                "file",
                N_("{name} is empty; the first line must be a header row ({expected})."),
                name=path.name, expected=EXPECTED_HEADERS,
            )
        mapping, result.ignored_columns = map_headers(header)
        if "name" not in mapping.values():
            raise ValidationError(
                "file",
                N_("{name} has no name column (headers: {headers}); expected headers: {expected}. If the "
                   "headers look garbled, give the file's --encoding."),
                name=path.name, headers=', '.join(h for h in header if h.strip()) or 'none',
                expected=EXPECTED_HEADERS,
            )
        if "phone" not in mapping.values():
            raise ValidationError(
                "file",
                N_("{name} has no phone column; customers are matched by phone. Expected headers: "
                   "{expected}."),
                name=path.name, expected=EXPECTED_HEADERS,
            )
        rejects = RejectsFile(rejects_path_for(path), header, rejects_encoding)
        done = 0
        if progress:
            progress(0, total)
        try:
            while True:
                batch = []
                for line, cells in records:
                    done += 1
                    if any(c.strip() for c in cells):
                        batch.append((line, cells))
                        if len(batch) >= batch_size:
                            break
                if not batch:
                    break
                _run_batch(store, actor, batch, mapping, len(header), region, planned, result, rejects)
                if progress:
                    progress(done, max(total, done))
        finally:
            rejects.close()
        if progress:
            progress(done, done)
    if rejects.written:
        result.rejects_path = rejects.path
    return result


def _run_batch(store: Store, actor: str, batch: list[tuple[int, list[str]]], mapping: dict[int, str], width: int,
               region: str, planned: dict[str, int] | None, result: ImportResult, rejects: RejectsFile) -> None:
    opener = store.read if planned is not None else store.write
    outcomes: list[tuple[int, list[str], str]] = []  # rejected rows, reported after the batch commits
    counts = {"imported": 0, "updated": 0}
    with opener(actor, *LEADS) as tx:
        for line, cells in batch:
            try:
                fields, phones = parse_row(cells, mapping, width, region)
                if planned is not None:
                    counts[apply_row(tx, fields, phones, region, planned)] += 1
                    continue
                tx.execute("SAVEPOINT import_row")
                try:
                    kind = apply_row(tx, fields, phones, region, None)
                except BaseException:
                    tx.execute("ROLLBACK TO import_row")
                    tx.execute("RELEASE import_row")
                    raise
                tx.execute("RELEASE import_row")
                counts[kind] += 1
            except RowRejected as exc:
                outcomes.append((line, cells, exc.reason))
            except StoreError as exc:  # a check inside store.customers refused the row
                outcomes.append((line, cells, str(exc)))
    result.rows += len(batch)
    result.imported += counts["imported"]
    result.updated += counts["updated"]
    result.rejected += len(outcomes)
    for line, cells, reason in outcomes:
        rejects.add(line, cells, reason)
