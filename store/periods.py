"""Periods cut in the centre's time zone, returned as UTC ISO bounds [start, end)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from store.clock import iso


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone)


def day_bounds(moment: datetime, zone: ZoneInfo) -> tuple[str, str]:
    """The local day holding `moment`, as UTC ISO strings [start, end)."""
    day = moment.astimezone(zone).date()
    return iso(local_midnight(day, zone)), iso(local_midnight(day + timedelta(days=1), zone))


def range_bounds(first: date, last: date, zone: ZoneInfo) -> tuple[str, str]:
    """Local dates first..last, both inclusive."""
    return iso(local_midnight(first, zone)), iso(local_midnight(last + timedelta(days=1), zone))
