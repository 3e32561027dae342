"""Leaf helpers for showing numbers, times and user text. Imports nothing of ours."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timezone, tzinfo
from zoneinfo import ZoneInfo

import phonenumbers
from rich.text import Text

# The interface's glyphs. None has East Asian Width "A" (ambiguous): Chinese terminals draw those two
# cells wide while the layout counts one (tests/test_glyphs.py scans for them).
NONE = "-"  # no value
SEP = " ∙ "  # between the parts of one line
MORE = "⋯"  # more than shown
ARROW = "->"  # what a typed value reads as
STATUS_DOT = "◉"


def duration(seconds: int | None) -> str:
    """185 -> '3:05'; 3725 -> '1:02:05'."""
    if seconds is None:
        return NONE
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc)


@dataclass(frozen=True)
class LocalTime:
    """Stored UTC times as the centre reads them: in its one time zone, "today" being its local date.

    Every screen and the CLI's tables show times through this (the App and the CLI make it from the
    centre's `timezone` setting); JSON output keeps UTC.
    """

    zone: tzinfo
    today: date
    region: str = "CN"  # setting phone_region: numbers of this region read the local way (phone())

    @classmethod
    def at(cls, now: datetime, zone: tzinfo, region: str = "CN") -> LocalTime:
        return cls(zone, now.astimezone(zone).date(), region)

    @classmethod
    def named(cls, zone: str, today: str) -> LocalTime:
        """From a zone's name and the local date in ISO form, as the store's read models carry them."""
        return cls(ZoneInfo(zone), date.fromisoformat(today))

    def moment(self, value: str) -> datetime:
        return _parse(value).astimezone(self.zone)

    def short(self, value: str | None) -> str:
        """'09:30' today, '11-25 17:42' on another day."""
        if not value:
            return NONE
        moment = self.moment(value)
        return moment.strftime("%H:%M") if moment.date() == self.today else moment.strftime("%m-%d %H:%M")

    def dated(self, value: str | None) -> str:
        """'11-25 17:42' whatever the day (in lists where the date always matters)."""
        return self.moment(value).strftime("%m-%d %H:%M") if value else NONE

    def full(self, value: str | None, seconds: bool = False) -> str:
        """'2026-11-25 17:42' (with seconds: ':05')."""
        if not value:
            return NONE
        return self.moment(value).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")

    def day(self, value: str | None) -> str:
        """'2026-11-25'."""
        return self.moment(value).strftime("%Y-%m-%d") if value else NONE

    def phone(self, e164: str | None) -> str:
        """A stored number as people at the centre read it: `138 0013 8000` at home, `+1 202-555-0143` abroad."""
        return phone_display(e164, self.region) if e164 else NONE

    @property
    def zone_name(self) -> str:
        return str(getattr(self.zone, "key", self.zone))


def phone_display(e164: str, home_region: str | None = None) -> str:
    """E.164 for people: a number of the centre's own region (setting phone_region) the way people
    there write it, `138 0013 8000`, `021 6234 5678`; any other as `+1 202-555-0143`."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    home = home_region is not None and phonenumbers.region_code_for_number(number) == home_region.upper()
    return phonenumbers.format_number(
        number, phonenumbers.PhoneNumberFormat.NATIONAL if home else phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def clean(value) -> str:
    """User text on one line: control characters (newlines too) become spaces, then trimmed."""
    text = "" if value is None else str(value)
    return "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text).strip()


def user_text(value, style: str = "") -> Text:
    """User text as a Rich Text: never parsed as markup, control characters removed."""
    return Text(clean(value), style=style, no_wrap=True, overflow="ellipsis")
