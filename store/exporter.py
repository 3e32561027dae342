"""Export customers, calls and callbacks as CSV or JSON, streamed row by row.

Keys are the table's column names (docs/store.md) plus: calls carry the
agent's login in `agent`; callbacks the owner's login in `owner` (None for
the pool); customers their numbers in `phones` (E.164; in CSV joined with
';'), and not `name_sort` (the store's sort key of the name, not data). Rows come from one read transaction (a consistent snapshot) through
a cursor, so 5,000,000 calls export in bounded memory.

Who sees what: admins everything; leads all customers, their team's calls
and the callbacks owned by their team or in the pool; agents only their own
calls.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import IO, Any
from zoneinfo import ZoneInfo

from store import settings as settings_lib
from store.access import ANY_ROLE, agent_scope_sql
from store.clock import iso
from store.csv_safe import safe_cell
from store.db import Store, Tx
from store.errors import PermissionDenied, ValidationError
from store.messages import N_
from store.periods import local_midnight

KINDS = ("customers", "calls", "callbacks")
FORMATS = ("csv", "json")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Bound:
    """A time filter on a UTC ISO column: `column op value`."""

    op: str
    value: str


def parse_since(text: str | None, zone: ZoneInfo) -> Bound | None:
    """YYYY-MM-DD is local midnight in `zone`; an ISO time is that moment (no offset = local)."""
    if not text:
        return None
    moment = _moment(text, zone, "since")
    return Bound(">=", iso(moment))


def parse_until(text: str | None, zone: ZoneInfo) -> Bound | None:
    """YYYY-MM-DD includes that whole local day; an ISO time includes that second."""
    if not text:
        return None
    value = text.strip()
    if _DAY.match(value):
        day = _local_date(value, "until")
        return Bound("<", iso(local_midnight(day + timedelta(days=1), zone)))
    return Bound("<=", iso(_moment(value, zone, "until")))


def _local_date(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _not_a_date_or_time(value, field) from None


def _moment(text: str, zone: ZoneInfo, field: str) -> datetime:
    value = text.strip()
    if _DAY.match(value):
        return local_midnight(_local_date(value, field), zone)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _not_a_date_or_time(value, field) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment


def _not_a_date_or_time(value: str, field: str) -> ValidationError:
    return ValidationError(
        field,
        N_("--{field}: '{value}' is not a date or a time; use a day like 2026-11-26 (in the centre's time zone) or "
           "a time like 2026-11-26T09:30:00+08:00."),
        field=field, value=value,
    )


@dataclass
class Export:
    """An export in progress: its columns and an iterator of row dicts (JSON-ready values)."""

    kind: str
    columns: list[str]
    rows: Iterator[dict[str, Any]]


# (the open cursor, the columns to write, what turns a row dict into JSON-ready values)
Query = tuple[sqlite3.Cursor, list[str], Callable[[dict[str, Any]], None] | None]


def _time_filter_sql(bounds: list[tuple[str, Bound | None]]) -> tuple[str, list[str]]:
    parts: list[str] = []
    params: list[str] = []
    for column, bound in bounds:
        if bound is not None:
            parts.append(f"{column} {bound.op} ?")
            params.append(bound.value)
    return (" AND ".join(parts) or "1"), params


def _insert_after(columns: list[str], anchor: str, extra: str) -> list[str]:
    out = [c for c in columns if c != extra]
    out.insert(out.index(anchor) + 1 if anchor in out else len(out), extra)
    return out


def _customers_query(tx: Tx, since: Bound | None, until: Bound | None) -> Query:
    if tx.actor.role == "agent":
        raise PermissionDenied(N_("an agent may not export customers; ask a lead or an admin."))
    where, params = _time_filter_sql([("c.updated_at", since), ("c.updated_at", until)])
    sql = (
        "SELECT c.*, (SELECT group_concat(e164, ';') FROM (SELECT e164 FROM customer_phones p"
        " WHERE p.customer_id = c.id ORDER BY p.is_main DESC, p.id)) AS phones"
        f" FROM customers c WHERE {where} ORDER BY c.id"
    )
    cur = tx.execute(sql, params)
    names = [d[0] for d in cur.description if d[0] != "name_sort"]

    def convert(d: dict[str, Any]) -> None:
        d["phones"] = d["phones"].split(";") if d["phones"] else []
        d["tags"] = [t for t in (d["tags"] or "").split(",") if t]
        d["do_not_call"] = bool(d["do_not_call"])

    return cur, _insert_after(names, "name", "phones"), convert


def _calls_query(tx: Tx, since: Bound | None, until: Bound | None) -> Query:
    where, params = _time_filter_sql([("k.started_at", since), ("k.started_at", until)])
    scope, scope_params = agent_scope_sql(tx.actor, "k.agent_id")
    if tx.actor.role == "lead":
        # `+` keeps the planner on calls_started: rows stream in time order, no sort in memory.
        scope = scope.replace("k.agent_id", "+k.agent_id")
    sql = (
        "SELECT k.*, a.login AS agent FROM calls k JOIN agents a ON a.id = k.agent_id"
        f" WHERE {scope} AND {where} ORDER BY k.started_at, k.id"
    )
    cur = tx.execute(sql, [*scope_params, *params])
    names = [d[0] for d in cur.description]
    return cur, _insert_after(names, "agent_id", "agent"), None


def _callbacks_query(tx: Tx, since: Bound | None, until: Bound | None) -> Query:
    if tx.actor.role == "agent":
        raise PermissionDenied(
            N_("an agent may export only their own calls ('agentdesk export calls'); a lead or an admin exports "
               "callbacks."),
        )
    where, params = _time_filter_sql([("b.due_at", since), ("b.due_at", until)])
    scope, scope_params = agent_scope_sql(tx.actor, "b.owner_id")
    sql = (
        "SELECT b.*, a.login AS owner FROM callbacks b LEFT JOIN agents a ON a.id = b.owner_id"
        f" WHERE (b.owner_id IS NULL OR {scope}) AND {where} ORDER BY b.id"
    )
    cur = tx.execute(sql, [*scope_params, *params])
    names = [d[0] for d in cur.description]
    return cur, _insert_after(names, "owner_id", "owner"), None


_QUERIES = {"customers": _customers_query, "calls": _calls_query, "callbacks": _callbacks_query}


def record_export(store: Store, actor: str, kind: str, filters: dict[str, Any], rows: int, destination: str,
                  complete: bool = True) -> None:
    """The audit row of one export or backup (table_name 'exports'): who, what, filters, rows, where to."""
    with store.write(actor) as tx:
        tx.audit("exports", 0, "insert", None, {"kind": kind, "filters": filters, "rows": rows,
                                                "destination": destination, "complete": complete})


@contextmanager
def open_export(store: Store, actor: str, kind: str, since: str | None = None, until: str | None = None,
                destination: str = "stdout", fmt: str = "csv") -> Iterator[Export]:
    """Check the actor and the filters, then yield an Export streaming from one read transaction.

    Refusals and bad filters raise on entry, before anything is written out. Once rows have been
    offered, the export is audited when it ends (record_export), with the rows read and the
    `destination` the caller names (a path, or "stdout"), finished or not.
    calls filter on started_at, callbacks on due_at, customers on updated_at.
    """
    if kind not in KINDS:
        raise ValidationError(
            "kind",
            N_("'{kind}' cannot be exported; choose one of {kinds}."),
            kind=kind, kinds=', '.join(KINDS),
        )
    count, started, complete = 0, False, False
    try:
        with store.read(actor, *ANY_ROLE) as tx:
            zone = settings_lib.zone(tx)
            low, high = parse_since(since, zone), parse_until(until, zone)
            if low and high and (low.value > high.value or (high.op == "<" and low.value == high.value)):
                raise ValidationError(
                    "since",
                    N_("--since {since} is after --until {until}; swap them."),
                    since=since, until=until,
                )
            cur, columns, convert = _QUERIES[kind](tx, low, high)
            names = [d[0] for d in cur.description]

            def rows() -> Generator[dict[str, Any], None, None]:
                nonlocal count
                for row in cur:
                    d = dict(zip(names, row))
                    if convert:
                        convert(d)
                    count += 1
                    yield {c: d[c] for c in columns}

            stream = rows()
            started = True
            try:
                yield Export(kind, columns, stream)
                complete = True
            finally:
                stream.close()
                cur.close()
    finally:
        if started:  # after the snapshot: the audit row is its own write transaction
            filters = {"since": since, "until": until, "format": fmt}
            if complete:
                record_export(store, actor, kind, filters, count, destination)
            else:
                with suppress(Exception):  # the export's own failure is the one to report
                    record_export(store, actor, kind, filters, count, destination, complete=False)


# -- writers ----------------------------------------------------------------------
def _csv_cell(column: str, value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, list):
        return safe_cell((";" if column == "phones" else ",").join(value))
    return safe_cell(value)


def write_csv(export: Export, out: IO[str], header: list[str] | None = None) -> int:
    """A header row (the column names, or `header`: their words, store/export_headers.py), then one line per
    row; lists joined (phones ';', tags ','); a cell a spreadsheet would run as a formula (store/csv_safe.py)
    starts with a `'`. Returns rows."""
    writer = csv.writer(out)
    writer.writerow(export.columns if header is None else header)
    count = 0
    for row in export.rows:
        writer.writerow([_csv_cell(c, row[c]) for c in export.columns])
        count += 1
    return count


def write_json(export: Export, out: IO[str]) -> int:
    """A JSON array of objects, one per line, written as rows arrive. Returns rows."""
    count = 0
    for row in export.rows:
        out.write(("[\n" if count == 0 else ",\n") + json.dumps(row, ensure_ascii=False))
        count += 1
    out.write("[]\n" if count == 0 else "\n]\n")
    return count


def export_to(store: Store, actor: str, kind: str, out: IO[str], fmt: str = "csv",
              since: str | None = None, until: str | None = None) -> int:
    """Export `kind` to the text stream `out` in `fmt`; returns the number of rows."""
    if fmt not in FORMATS:
        raise ValidationError(
            "format",
            N_("--format: '{fmt}' is not one of {formats}."),
            fmt=fmt, formats=', '.join(FORMATS),
        )
    with open_export(store, actor, kind, since, until, destination=getattr(out, "name", "stream"), fmt=fmt) as export:
        return (write_csv if fmt == "csv" else write_json)(export, out)
