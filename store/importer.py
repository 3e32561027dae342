"""Import customers from a CSV file (what Excel writes, in English or Chinese).

Rows upsert by normalised phone: a row whose number already belongs to a
customer updates that customer, so importing the same file twice, or a file
that lists one number in two formats, never makes duplicates. Every write
goes through store.customers (FTS tokens, audit and change log stay in
step), in batches of `batch_size` rows per BEGIN IMMEDIATE transaction so
other desks wait at most one batch. Rejected rows go to FILE.rejects.csv
with their line number and the reason. Nothing here imports click or rich:
progress is reported through a callback.
"""

from __future__ import annotations

import codecs
import csv
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from store import phones as phone_lib
from store import settings as settings_lib
from store.access import LEADS
from store.customer_phones import attach_phone, phone_owner
from store.customers import clean_fields, insert_customer, update_fields
from store.errors import StoreError, ValidationError

BATCH_SIZE = 500
AUTO_ENCODINGS = ("utf-8-sig", "gb18030")  # what Excel writes; gb18030 is a superset of GBK
_CHUNK = 1 << 20

# Header (folded by _header_key) -> customer field. Several columns may map to
# "phone" (电话 and 手机); for other fields the first non-empty cell wins.
HEADERS: dict[str, str] = {}
for _field, _names in {
    "name": ("name", "fullname", "customer", "customername", "姓名", "名称", "客户姓名", "客户名称", "客户名", "客户"),
    "phone": ("phone", "phones", "mobile", "cell", "cellphone", "mobilephone", "tel", "telephone", "phonenumber",
              "电话", "手机", "手机号", "手机号码", "电话号码", "联系电话", "座机", "固话"),
    "company": ("company", "companyname", "organization", "organisation", "公司", "公司名称", "单位"),
    "email": ("email", "mail", "emailaddress", "邮箱", "电子邮箱", "邮件", "电子邮件"),
    "wechat_id": ("wechat", "wechatid", "weixin", "微信", "微信号"),
    "city": ("city", "城市", "所在城市"),
    "notes": ("notes", "note", "remark", "remarks", "comment", "comments", "备注", "说明"),
    "status": ("status", "状态", "客户状态"),
    "tags": ("tags", "tag", "labels", "标签"),
    "do_not_call": ("donotcall", "dnc", "免打扰", "勿扰"),
}.items():
    for _name in _names:
        HEADERS[_name] = _field

STATUS_VALUES = {
    "prospect": "prospect", "contracted": "contracted", "churned": "churned",
    "准客户": "prospect", "潜在客户": "prospect", "意向客户": "prospect",
    "已签约": "contracted", "签约": "contracted", "签约客户": "contracted",
    "流失": "churned", "已流失": "churned", "流失客户": "churned",
}
_YES = {"1", "y", "yes", "true", "是", "对"}
_NO = {"0", "n", "no", "false", "否", "不", ""}
_PHONE_SPLIT = re.compile(r"[;；,，、/|\n]+")
EXPECTED_HEADERS = "name/姓名/名称, phone/电话/手机, company/公司, email/邮箱, wechat/微信, city/城市, notes/备注, status/状态, tags/标签"

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

    def as_json(self) -> dict:
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


class _Reject(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def rejects_path_for(path: Path) -> Path:
    """customers.csv -> customers.rejects.csv, beside the input."""
    return path.with_name(path.stem + ".rejects.csv")


def _header_key(text: str) -> str:
    key = unicodedata.normalize("NFKC", text or "").replace("\ufeff", "").strip().lower()
    key = re.sub(r"[\s_\-.:：()（）]+", "", key)
    return key.rstrip("0123456789")  # phone2, 电话1


def map_headers(header: list[str]) -> tuple[dict[int, str], list[str]]:
    """({column index: field}, [ignored header names])."""
    mapping: dict[int, str] = {}
    ignored: list[str] = []
    for i, name in enumerate(header):
        target = HEADERS.get(_header_key(name))
        if target:
            mapping[i] = target
        elif name.strip():
            ignored.append(name.strip())
    return mapping, ignored


# -- reading the file -----------------------------------------------------------
def _check_codec(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise ValidationError(
            "encoding",
            f"--encoding: '{encoding}' is not a text encoding Python knows; use utf-8, utf-8-sig or gb18030.",
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
    line = _line_of(path, failure.start)
    if encoding:
        raise ValidationError(
            "encoding",
            f"{path.name} is not readable as {encoding} (bad byte at line {line}); "
            "try another --encoding, e.g. --encoding gb18030 for files Excel saved in China "
            "or --encoding utf-8.",
        )
    raise ValidationError(
        "encoding",
        f"{path.name} is neither UTF-8 nor GB18030/GBK text (bad byte at line {line}); "
        "save it from Excel as 'CSV UTF-8' or name its encoding with --encoding ENC.",
    )


def _records(reader) -> Iterator[tuple[int, list[str]]]:
    """(physical line where the record starts, cells); header is line 1."""
    last = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ValidationError("file", f"line {last + 1}: the CSV is malformed ({exc}); fix that line and import again.") from None
        yield last + 1, cells
        last = reader.line_num


# -- one row ----------------------------------------------------------------------
def _truthy(value: str) -> bool:
    text = value.strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise _Reject(f"do_not_call: '{value}' is not yes or no; use 1/0, yes/no or 是/否.")


def parse_row(cells: list[str], mapping: dict[int, str], width: int, region: str) -> tuple[dict, list[phone_lib.Phone]]:
    """(customer fields from non-empty cells, distinct phones in row order); raises _Reject."""
    extra = [c for c in cells[width:] if c.strip()]
    if extra:
        raise _Reject(
            f"the row has {len(cells)} cells but the header has {width}; check for an unquoted comma."
        )
    raw: dict[str, str] = {}
    phone_texts: list[str] = []
    for i, target in mapping.items():
        value = cells[i].strip() if i < len(cells) else ""
        if not value:
            continue
        if target == "phone":
            phone_texts.extend(p for p in _PHONE_SPLIT.split(value) if p.strip())
        elif target not in raw:
            raw[target] = value
    fields: dict = {}
    if "status" in raw:
        status = STATUS_VALUES.get(raw["status"].strip().lower())
        if status is None:
            raise _Reject(
                f"status: '{raw.pop('status')}' is not a status; use prospect/准客户, contracted/已签约 or churned/流失."
            )
        raw["status"] = status
    if "do_not_call" in raw:
        fields["do_not_call"] = _truthy(raw.pop("do_not_call"))
    try:
        fields.update(clean_fields(raw, partial=True))
    except ValidationError as exc:
        raise _Reject(str(exc)) from None
    fields = {k: v for k, v in fields.items() if v != ""}
    if not phone_texts:
        raise _Reject("phone: no phone number; every row needs one, customers are matched by phone.")
    phones: list[phone_lib.Phone] = []
    seen: set[str] = set()
    for text in phone_texts:
        try:
            phone = phone_lib.normalize(text, region, field="phone")
        except ValidationError as exc:
            raise _Reject(str(exc)) from None
        if phone.e164 not in seen:
            seen.add(phone.e164)
            phones.append(phone)
    return fields, phones


def _owners(tx, phones, planned: dict[str, int] | None) -> dict[int, str]:
    """{customer id: name} owning any of `phones` (in the store, or planned earlier in a dry run)."""
    owners: dict[int, str] = {}
    for phone in phones:
        if planned is not None and phone.e164 in planned:
            owners.setdefault(planned[phone.e164], "(earlier row)")
            continue
        owner = phone_owner(tx, phone.e164)
        if owner is not None:
            owners.setdefault(owner[0], owner[1])
    return owners


def _apply(tx, fields: dict, phones, region: str, planned: dict[str, int] | None) -> str:
    """Write (or, with `planned`, only check) one row; returns 'imported' or 'updated'."""
    owners = _owners(tx, phones, planned)
    if len(owners) > 1:
        who = " and ".join(f"#{cid} {name}" for cid, name in owners.items() if cid > 0) or "two earlier rows"
        raise _Reject(
            f"phone: the row's numbers belong to different customers ({who}); "
            "merge those customers or split the row."
        )
    if not owners:
        if not fields.get("name"):
            raise _Reject("name: required for a new customer; fill in the name.")
        if planned is not None:
            pseudo = -(len(planned) + 1)  # negative ids never clash with real customers
            for phone in phones:
                planned[phone.e164] = pseudo
            return "imported"
        insert_customer(tx, fields, [p.raw for p in phones], region)
        return "imported"
    customer_id = next(iter(owners))
    if planned is not None:
        for phone in phones:
            planned.setdefault(phone.e164, customer_id)
        return "updated"
    if fields:
        update_fields(tx, customer_id, fields)
    added = False
    for phone in phones:
        if phone_owner(tx, phone.e164) is None:
            attach_phone(tx, customer_id, phone, main=False)
            added = True
    if added:
        tx.changed("customers", customer_id)
    return "updated"


# -- the import -------------------------------------------------------------------
class _Rejects:
    """FILE.rejects.csv, opened on the first rejected row."""

    def __init__(self, path: Path, header: list[str], encoding: str):
        self.path = path
        self.header = header
        self.encoding = encoding
        self._fh = None
        self._writer = None

    def add(self, line: int, cells: list[str], reason: str) -> None:
        if self._writer is None:
            self._fh = open(self.path, "w", encoding=self.encoding, errors="replace", newline="")
            self._writer = csv.writer(self._fh)
            self._writer.writerow([*self.header, "line", "reason"])
        width = len(self.header)
        row = (list(cells) + [""] * width)[:width]
        self._writer.writerow([*row, line, reason, *cells[width:]])  # extra cells last: columns stay aligned

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


def _has_bom(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(3) == codecs.BOM_UTF8


def _count_records(path: Path, encoding: str) -> int:
    with open(path, encoding=encoding, newline="") as fh:
        return max(0, sum(1 for _ in csv.reader(fh)) - 1)


def import_customers(store, actor: str, path, *, encoding: str | None = None, dry_run: bool = False,
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
        raise ValidationError("file", f"{path}: no such file; check the path.")
    encoding = detect_encoding(path, encoding)
    total = _count_records(path, encoding) if progress else 0
    result = ImportResult(dry_run=dry_run, encoding=encoding)
    planned: dict[str, int] | None = {} if dry_run else None
    # Rejects are written the way the input was read (GBK stays GBK for Excel).
    rejects_encoding = "utf-8" if encoding == "utf-8-sig" and not _has_bom(path) else encoding
    with open(path, encoding=encoding, newline="") as fh:
        reader = csv.reader(fh)
        records = _records(reader)
        header = None
        for _line, cells in records:
            if any(c.strip() for c in cells):
                header = [c.replace("\ufeff", "") for c in cells]
                break
        if header is None:
            raise ValidationError("file", f"{path.name} is empty; the first line must be a header row ({EXPECTED_HEADERS}).")
        mapping, result.ignored_columns = map_headers(header)
        if "name" not in mapping.values():
            raise ValidationError(
                "file",
                f"{path.name} has no name column (headers: {', '.join(h for h in header if h.strip()) or 'none'}); "
                f"expected headers: {EXPECTED_HEADERS}. If the headers look garbled, give the file's --encoding.",
            )
        if "phone" not in mapping.values():
            raise ValidationError(
                "file",
                f"{path.name} has no phone column; customers are matched by phone. Expected headers: {EXPECTED_HEADERS}.",
            )
        rejects = _Rejects(rejects_path_for(path), header, rejects_encoding)
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
    if rejects._writer is not None:
        result.rejects_path = rejects.path
    return result


def _run_batch(store, actor, batch, mapping, width, region, planned, result, rejects) -> None:
    opener = store.read if planned is not None else store.write
    outcomes: list[tuple[int, list[str], str]] = []  # rejected rows, reported after the batch commits
    counts = {"imported": 0, "updated": 0}
    with opener(actor, *LEADS) as tx:
        for line, cells in batch:
            try:
                fields, phones = parse_row(cells, mapping, width, region)
                if planned is not None:
                    counts[_apply(tx, fields, phones, region, planned)] += 1
                    continue
                tx.execute("SAVEPOINT import_row")
                try:
                    kind = _apply(tx, fields, phones, region, None)
                except BaseException:
                    tx.execute("ROLLBACK TO import_row")
                    tx.execute("RELEASE import_row")
                    raise
                tx.execute("RELEASE import_row")
                counts[kind] += 1
            except _Reject as exc:
                outcomes.append((line, cells, exc.reason))
            except StoreError as exc:  # a check inside store.customers refused the row
                outcomes.append((line, cells, str(exc)))
    result.rows += len(batch)
    result.imported += counts["imported"]
    result.updated += counts["updated"]
    result.rejected += len(outcomes)
    for line, cells, reason in outcomes:
        rejects.add(line, cells, reason)
