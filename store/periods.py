"""Periods cut in the centre's time zone, returned as UTC ISO bounds [start, end)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from store import settings as settings_lib
from store.clock import iso, parse_iso
from store.db import Tx
from store.errors import ValidationError
from store.messages import N_


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone)


def day_bounds(moment: datetime, zone: ZoneInfo) -> tuple[str, str]:
    """The local day holding `moment`, as UTC ISO strings [start, end)."""
    day = moment.astimezone(zone).date()
    return iso(local_midnight(day, zone)), iso(local_midnight(day + timedelta(days=1), zone))


def range_bounds(first: date, last: date, zone: ZoneInfo) -> tuple[str, str]:
    """Local dates first..last, both inclusive."""
    return iso(local_midnight(first, zone)), iso(local_midnight(last + timedelta(days=1), zone))


# -- named periods for KPIs and reports ------------------------------------------------
@dataclass(frozen=True)
class Period:
    """Local dates first..last (both inclusive) and their UTC bounds [start, end)."""

    label: str
    first: date
    last: date
    start: str
    end: str

    def days(self) -> int:
        return (self.last - self.first).days + 1


def _make_period(label: str, first: date, last: date, zone: ZoneInfo) -> Period:
    start, end = range_bounds(first, last, zone)
    return Period(label, first, last, start, end)


def iso_week(year: int, week: int, zone: ZoneInfo) -> Period:
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValidationError(
            "period",
            N_("period: {year}-W{week:02d} is not an ISO week."),
            year=year, week=week,
        ) from None
    return _make_period(f"{year}-W{week:02d}", monday, monday + timedelta(days=6), zone)


def month(year: int, number: int, zone: ZoneInfo) -> Period:
    if not 1 <= number <= 12:
        raise ValidationError("period", N_("period: {year}-{number:02d} is not a month."), year=year, number=number)
    first = date(year, number, 1)
    following = date(year + (number == 12), number % 12 + 1, 1)
    return _make_period(f"{year}-{number:02d}", first, following - timedelta(days=1), zone)


def parse_period(text: str | None, now: datetime, zone: ZoneInfo) -> Period:
    """today | yesterday | week | last-week | month | last-month | YYYY-MM-DD | YYYY-MM | YYYY-Www | FROM..TO."""
    value = (text or "month").strip().lower()
    today = now.astimezone(zone).date()
    if value == "today":
        return _make_period(today.isoformat(), today, today, zone)
    if value == "yesterday":
        day = today - timedelta(days=1)
        return _make_period(day.isoformat(), day, day, zone)
    if value in ("week", "last-week"):
        year, week, _ = (today - timedelta(days=7 if value == "last-week" else 0)).isocalendar()
        return iso_week(year, week, zone)
    if value in ("month", "last-month"):
        if value == "month":
            return month(today.year, today.month, zone)
        prior = today.replace(day=1) - timedelta(days=1)
        return month(prior.year, prior.month, zone)
    m = re.fullmatch(r"(\d{4})-w(\d{1,2})", value)
    if m:
        return iso_week(int(m.group(1)), int(m.group(2)), zone)
    m = re.fullmatch(r"(\d{4})-(\d{2})", value)
    if m:
        return month(int(m.group(1)), int(m.group(2)), zone)
    if ".." in value:
        left, right = value.split("..", 1)
        first, last = _parse_date(left), _parse_date(right)
        if last < first:
            raise ValidationError(
                "period",
                N_("period: {first} is after {last}; give FROM..TO with FROM first."),
                first=first, last=last,
            )
        return _make_period(f"{first}..{last}", first, last, zone)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        day = _parse_date(value)
        return _make_period(day.isoformat(), day, day, zone)
    raise ValidationError(
        "period",
        N_("period: '{text}' is not a period; use today, week, month, last-month, 2026-11, 2026-W47 or "
           "2026-11-01..2026-11-15."),
        text=text,
    )


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError("period", N_("period: '{text}' is not a date; use YYYY-MM-DD."), text=text) from None


def resolve_period(tx: Tx, period: str | Period | None, now: datetime | None = None) -> Period:
    """`period` as text (see parse_period) read at `now` (default: the transaction's time) in the centre's zone."""
    if isinstance(period, Period):
        return period
    return parse_period(period, now or parse_iso(tx.now), settings_lib.zone(tx))
