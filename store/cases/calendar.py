"""The working-hours calendar's exceptions: holidays and 调休 make-up working days, imported from CSV.

CSV columns: `date,kind[,hours][,note]` with a header row; kind `holiday` or `workday` (also 休 / 班); hours
`HH:MM-HH:MM[,...]` for a workday ('' : Monday's weekly hours). A date already there is replaced. The weekly
hours are the setting `case_working_hours`; the SLA counts in them when `sla_calendar` is working-hours.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from store.access import ADMINS, ANY_ROLE
from store.case_settings import parse_hours
from store.db import Store
from store.errors import ValidationError
from store.messages import N_
from store.validate import clean_text

KIND_WORDS = {"holiday": "holiday", "workday": "workday", "休": "holiday", "班": "workday"}
ROW_WRONG = N_("row {row}: {reason}")


@dataclass(frozen=True)
class CalendarDay:
    day: str
    kind: str
    hours: str
    note: str


def _parse(text: str) -> list[CalendarDay]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    names = [n.strip().lower() for n in reader.fieldnames or []]
    if "date" not in names or "kind" not in names:
        raise ValidationError("file", N_("file: the first row must name the columns date,kind (and hours, note if "
                                         "given)."))
    days: list[CalendarDay] = []
    for number, raw in enumerate(reader, start=2):
        row = {str(k).strip().lower(): (v or "").strip() for k, v in raw.items() if k is not None}
        try:
            day = date.fromisoformat(row.get("date", "")).isoformat()
        except ValueError:
            raise ValidationError("date", ROW_WRONG, row=number, reason=ValidationError(
                "date", N_("date: '{value}' is not a date; write 2026-10-01."), value=row.get("date", ""))) from None
        kind = KIND_WORDS.get(row.get("kind", "").lower())
        if kind is None:
            raise ValidationError("kind", ROW_WRONG, row=number, reason=ValidationError(
                "kind", N_("kind: '{value}' is neither holiday nor workday."), value=row.get("kind", "")))
        hours = row.get("hours", "") if kind == "workday" else ""
        try:
            parse_hours(hours, "hours")
        except ValidationError as exc:
            raise ValidationError("hours", ROW_WRONG, row=number, reason=exc) from None
        days.append(CalendarDay(day, kind, hours, clean_text(row.get("note", ""), "note", 200)))
    return days


def import_calendar(store: Store, actor: str, text: str) -> int:
    """Holidays and make-up working days from CSV text (admins; audited); all or nothing. Returns the rows."""
    days = _parse(text)
    with store.write(actor, *ADMINS) as tx:
        for d in days:
            before = tx.one("SELECT kind, hours, note FROM case_calendar_days WHERE day = ?", (d.day,))
            tx.execute("INSERT INTO case_calendar_days (day, kind, hours, note, updated_at, updated_by)"
                       " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (day) DO UPDATE SET kind = excluded.kind,"
                       " hours = excluded.hours, note = excluded.note, updated_at = excluded.updated_at,"
                       " updated_by = excluded.updated_by", (d.day, d.kind, d.hours, d.note, tx.now, tx.login))
            tx.audit("case_calendar_days", 0, "update",
                     None if before is None else {"day": d.day, "kind": before[0], "hours": before[1],
                                                  "note": before[2]},
                     {"day": d.day, "kind": d.kind, "hours": d.hours, "note": d.note})
        if days:
            tx.changed("settings")
        return len(days)


def calendar_days(store: Store, actor: str, since: str = "") -> tuple[CalendarDay, ...]:
    """The calendar's exceptions from local date `since` on, in date order."""
    with store.read(actor, *ANY_ROLE) as tx:
        rows = tx.all("SELECT day, kind, hours, note FROM case_calendar_days WHERE day >= ? ORDER BY day", (since,))
        return tuple(CalendarDay(*r) for r in rows)
