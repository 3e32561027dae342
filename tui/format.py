"""Leaf helpers for showing numbers, times and user text. Of ours it imports only the date styles
(tui/date_styles.py), which read the desk's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone, tzinfo
from zoneinfo import ZoneInfo

from rich.text import Text

from tui import safe_text
from tui.date_styles import current_style

# The interface's glyphs. None has East Asian Width "A" (ambiguous): Chinese terminals draw those two
# cells wide while the layout counts one (tests/test_glyphs.py scans for them).
NONE = "-"  # no value
SEP = " ∙ "  # between the parts of one line
MORE = "⋯"  # more than shown
ARROW = "->"  # what a typed value reads as
STATUS_DOT = "◉"
OVERDUE = "!!"  # past its time: a callback overdue, a status past its limit (⚠ is drawn two cells wide)
SOON = "!"  # due within minutes (◷ too)


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
        """'09:30' today, '11-25 17:42' on another day (Chinese: '明天 10:00', '12月3日 10:00')."""
        return current_style().short(self.moment(value), self.today) if value else NONE

    def dated(self, value: str | None) -> str:
        """'11-25 17:42' whatever the day, in lists where the date always matters
        (Chinese: '12月3日 周四 10:00', '今天 10:00')."""
        return current_style().dated(self.moment(value), self.today) if value else NONE

    def full(self, value: str | None, seconds: bool = False) -> str:
        """'2026-11-25 17:42' (with seconds: ':05'; Chinese: '2026年11月25日 17:42')."""
        return current_style().full(self.moment(value), seconds) if value else NONE

    def day(self, value: str | None) -> str:
        """'2026-11-25' (Chinese: '2026年11月25日')."""
        return current_style().day(self.moment(value)) if value else NONE

    def calendar(self, value: str | date | None) -> str:
        """A calendar day as the store keeps one ('2026-11-25', no time and no zone), written like day()."""
        if not value:
            return NONE
        day = value if isinstance(value, date) else date.fromisoformat(value)
        return current_style().day(datetime(day.year, day.month, day.day))

    def spoken(self, moment: datetime) -> str:
        """A moment read back to the person who typed it: 'Fri 11-27 10:00' (Chinese: '明天 12月3日 周四 10:00')."""
        return current_style().spoken(moment.astimezone(self.zone), self.today)

    def phone(self, e164: str | None) -> str:
        """A stored number as people at the centre read it: `138 0013 8000` at home, `+1 202-555-0143` abroad."""
        return phone_display(e164, self.region) if e164 else NONE

    def masked(self, e164: str | None) -> str:
        """A stored number where the whole one is not needed (lists, queues, tables): `138****8000`."""
        return phone_masked(e164, self.region) if e164 else NONE

    @property
    def zone_name(self) -> str:
        return str(getattr(self.zone, "key", self.zone))


def time_cells(form: str) -> int:
    """How many terminal cells a time written in `form` ("short", "dated", "full", "full_seconds", "day")
    takes at most in the desk's language: the width of a table's time column."""
    return current_style().CELLS[form]


def phone_display(e164: str, home_region: str | None = None) -> str:
    """E.164 for people: a number of the centre's own region (setting phone_region) the way people
    there write it, `138 0013 8000`, `021 6234 5678`; any other as `+1 202-555-0143`."""
    import phonenumbers  # its metadata loads with the first number, not at the desk's start

    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    home = home_region is not None and phonenumbers.region_code_for_number(number) == home_region.upper()
    return phonenumbers.format_number(
        number, phonenumbers.PhoneNumberFormat.NATIONAL if home else phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_masked(e164: str, home_region: str | None = None) -> str:
    """A number shown where the whole one is not needed (号码脱敏): a mobile of the centre's region keeps its
    first 3 and last 4 digits, `138****8000`; a landline its area code and last 4, `021 ****5678`; a number
    of another country its country code and last 4, `+1 ****0132`. Text that is no number keeps its last 4."""
    import phonenumbers  # its metadata loads with the first number, not at the desk's start

    try:
        number = phonenumbers.parse(e164, home_region.upper() if home_region else None)  # raw text too
    except phonenumbers.NumberParseException:
        digits = "".join(ch for ch in e164 if ch.isdigit())
        return "****" + digits[-4:]
    national = phonenumbers.national_significant_number(number)
    last = national[-4:]
    if home_region is None or phonenumbers.region_code_for_number(number) != home_region.upper():
        return f"+{number.country_code} ****{last}"
    area = phonenumbers.length_of_geographical_area_code(number)
    if area:
        prefix = phonenumbers.ndd_prefix_for_region(home_region.upper(), True) or ""  # the 0 of 021 where people write it
        if not phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL).startswith(prefix):
            prefix = ""
        return f"{prefix}{national[:area]} ****{last}"
    if len(national) >= 11:  # a mobile: the carrier's prefix says nothing of the person
        return f"{national[:3]}****{last}"
    return f"****{last}"


def clean(value) -> str:
    """User text on one line, trimmed: line breaks become spaces, control characters show as their
    pictures (ESC as ␛), bidirectional controls go (tui/safe_text.py, the one display sanitiser)."""
    return safe_text.line(value)


def user_text(value, style: str = "") -> Text:
    """User text as a Rich Text: never parsed as markup, nothing raw (tui/safe_text.py)."""
    return safe_text.text(value, style)
