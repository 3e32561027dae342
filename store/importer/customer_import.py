"""The customer import: a CSV file read in batches, each one short BEGIN IMMEDIATE transaction.

A batch stops taking rows once it has held the write lock for `BATCH_S`, then the import pauses
`BATCH_PAUSE_S`, so a desk saving meanwhile waits for at most one short batch (SQLite's lock is not
fair: without the pause the importer would take it again before the sleeping desk wakes)."""

from __future__ import annotations

import csv
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from store import settings as settings_lib
from store.access import LEADS
from store.connection import pause_after_hold
from store.csv_safe import SafeWriter
from store.db import Store
from store.errors import StoreError, ValidationError
from store.importer.csv_files import MALFORMED, count_records, csv_records, detect_encoding, has_bom
from store.importer.headers import EXPECTED_HEADERS, map_headers
from store.importer.rows import RowRejected, apply_row, parse_row
from store.messages import N_

BATCH_SIZE = 500  # rows read ahead at most for one transaction
BATCH_S = 0.035  # no more rows once a transaction has held the lock this long: the last row and COMMIT fit in 50 ms
# After each commit, at least: longer than the busy-wait sleep SQLite has reached in a desk that began
# waiting during the batch (1, 2, 5, 10, 15, 20, 25 ms ...: store.connection.pause_after_hold), so that
# desk gets the lock before the next batch.
BATCH_PAUSE_S = 0.03
STOPPED = N_("line {line}: the CSV is malformed ({exc}); the import stopped there, after {imported} new and "
             "{updated} updated customers from the rows before it ({rejected} rejected). Fix that line and "
             "import again: rows already imported then update their customers, none is added twice.")

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
                     batch_size: int = BATCH_SIZE, progress: Progress | None = None, batch_s: float = BATCH_S,
                     pause_s: float = BATCH_PAUSE_S, timer: Callable[[], float] = time.monotonic) -> ImportResult:
    """Import customers from the CSV at `path` acting as `actor` (a lead or an admin).

    Each transaction takes up to `batch_size` rows and stops taking them once `batch_s` (by `timer`)
    has passed since it began; a malformed line stops the import after the rows before it are in.
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
        pending: deque[tuple[int, int, list[str]]] = deque()  # (records read up to it, line, cells)
        stopped: ValidationError | None = None
        exhausted = False
        if progress:
            progress(0, total)
        try:
            while True:
                while len(pending) < batch_size and not exhausted:
                    try:
                        line, cells = next(records)
                    except StopIteration:
                        exhausted = True
                        break
                    except ValidationError as exc:
                        if exc.message_id != MALFORMED:
                            raise
                        stopped, exhausted = exc, True
                        break
                    done += 1
                    if any(c.strip() for c in cells):
                        pending.append((done, line, cells))
                if not pending:
                    break
                held = _run_batch(store, actor, pending, mapping, len(header), region, planned, result, rejects,
                           batch_s, timer)
                if progress:
                    progress(pending[0][0] - 1 if pending else done, max(total, done))
                if planned is None and (pending or not exhausted):
                    time.sleep(pause_after_hold(held, pause_s))  # let a waiting desk in before the next batch
        finally:
            rejects.close()
        if stopped is not None:
            raise ValidationError("file", STOPPED, line=stopped.params["line"], exc=stopped.params["exc"],
                                  imported=result.imported, updated=result.updated, rejected=result.rejected)
        if progress:
            progress(done, done)
    if rejects.written:
        result.rejects_path = rejects.path
    return result


def _run_batch(store: Store, actor: str, pending: deque[tuple[int, int, list[str]]], mapping: dict[int, str],
               width: int, region: str, planned: dict[str, int] | None, result: ImportResult, rejects: RejectsFile,
               batch_s: float, timer: Callable[[], float]) -> float:
    """One transaction over the pending rows, taken from the front until `batch_s` has passed; returns how
    long it held the lock (by `timer`, with the COMMIT)."""
    opener = store.read if planned is not None else store.write
    outcomes: list[tuple[int, list[str], str]] = []  # rejected rows, reported after the batch commits
    counts = {"imported": 0, "updated": 0}
    taken = 0
    with opener(actor, *LEADS) as tx:
        began = timer()  # the lock is held from here
        while pending and not (taken and timer() - began >= batch_s):
            _done, line, cells = pending.popleft()
            taken += 1
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
    held = timer() - began
    result.rows += taken
    result.imported += counts["imported"]
    result.updated += counts["updated"]
    result.rejected += len(outcomes)
    for line, cells, reason in outcomes:
        rejects.add(line, cells, reason)
    return held
