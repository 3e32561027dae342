"""A case's due time: its SLA hours counted from opening, in calendar hours or in the working-hours calendar.

`add_working_hours` is the pure arithmetic: the weekly hours per weekday, less holidays, plus 调休 make-up
working days, read in the centre's zone; elapsed time is real time (a DST change inside working hours counts
as the clock on the wall moved). `due_at_for` reads the settings and the calendar inside a transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from store import settings as settings_lib
from store.case_settings import WEEKDAY_KEYS, parse_hours
from store.clock import iso, parse_iso
from store.db import Tx
from store.errors import ValidationError
from store.messages import N_

Spans = tuple[tuple[time, time], ...]
SEARCH_DAYS = 3660  # ten years of days without a working hour: the calendar is wrong, not the case
NO_WORKING_HOURS = N_("sla_calendar: the working-hours calendar has no working hour in the ten years after {start}; "
                      "fix case_working_hours or the holidays, or set sla_calendar to calendar.")


def add_working_hours(start: datetime, hours: float, zone: ZoneInfo, weekly: Mapping[int, Spans],
                      holidays: frozenset[date] = frozenset(), workdays: Mapping[date, Spans] | None = None) -> datetime:
    """The moment `hours` of working time after `start` (aware), in UTC.

    weekly: weekday (0 Monday) -> working spans; holidays: local dates without work; workdays: local dates
    worked whatever their weekday (调休), with their spans. Time before a span's start or after its end waits."""
    workdays = workdays or {}
    left = timedelta(hours=hours)
    day = start.astimezone(zone).date()
    for _ in range(SEARCH_DAYS):
        spans = workdays[day] if day in workdays else () if day in holidays else weekly.get(day.weekday(), ())
        for begin, end in spans:
            lo = datetime.combine(day, begin, tzinfo=zone).astimezone(timezone.utc)
            # 24:00 (time.max) ends the day at the next midnight
            hi = datetime.combine(day + timedelta(days=1) if end == time.max else day, time(0) if end == time.max else end,
                                  tzinfo=zone).astimezone(timezone.utc)
            lo = max(lo, start.astimezone(timezone.utc))
            if hi <= lo:
                continue
            if hi - lo >= left:
                return lo + left
            left -= hi - lo
        day += timedelta(days=1)
    raise ValidationError("sla_calendar", NO_WORKING_HOURS, start=iso(start))


def add_calendar_hours(start: datetime, hours: float) -> datetime:
    return start.astimezone(timezone.utc) + timedelta(hours=hours)


def weekly_spans(setting: Mapping[str, str]) -> dict[int, Spans]:
    return {number: parse_hours(setting.get(key, ""), f"case_working_hours.{key}")
            for number, key in enumerate(WEEKDAY_KEYS)}


def sla_hours(tx: Tx, case_type: str, severity: str) -> int:
    return int(settings_lib.read(tx, "case_sla_hours")[f"{case_type}-{severity}"])


def due_at_for(tx: Tx, opened_at: str, case_type: str, severity: str) -> str:
    """The due time of a case of `case_type` and `severity` opened at `opened_at` (UTC ISO), as UTC ISO."""
    hours = sla_hours(tx, case_type, severity)
    start = parse_iso(opened_at)
    if settings_lib.read(tx, "sla_calendar") != "working-hours":
        return iso(add_calendar_hours(start, hours))
    weekly = weekly_spans(settings_lib.read(tx, "case_working_hours"))
    holidays: set[date] = set()
    workdays: dict[date, Spans] = {}
    first = start.astimezone(settings_lib.zone(tx)).date().isoformat()
    for day, kind, spans in tx.all("SELECT day, kind, hours FROM case_calendar_days WHERE day >= ?", (first,)):
        if kind == "holiday":
            holidays.add(date.fromisoformat(day))
        else:
            workdays[date.fromisoformat(day)] = parse_hours(spans, "hours") if spans else weekly[0]
    return iso(add_working_hours(start, hours, settings_lib.zone(tx), weekly, frozenset(holidays), workdays))
