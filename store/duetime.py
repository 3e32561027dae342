"""Due times as agents type them: `+30m`, `+2h`, `tomorrow 10:00`, `mon 9`, `2026-12-01 14:30`,
or in Chinese (`明天上午十点`, `下周一 14:00`, `30分钟后`: store/duetime_zh.py).

Read in the centre's time zone, returned in UTC. Hand-written on purpose:
general date parsers read `mon 9` as September. Full-width digits and colons
read as ASCII ones (NFKC).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from store import settings as settings_lib
from store.clock import iso, parse_iso
from store.db import Tx
from store.duetime_zh import EXAMPLES_ZH, parse_zh
from store.errors import ValidationError
from store.messages import N_

WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}
DEFAULT_TIME = time(9, 0)
_RELATIVE = re.compile(r"^\+\s*(\d{1,4})\s*(m|min|mins|h|hr|hrs|d|day|days)$")
_CLOCK = re.compile(r"^(\d{1,2})(?::(\d{2}))?$")
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
EXAMPLES = "+30m, +2h, tomorrow 10:00, mon 9"  # every one still to come whenever it is read; a date: examples()
__all__ = ["EXAMPLES", "EXAMPLES_ZH", "due_at_from_text", "examples", "parse_due"]
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _not_understood(text: str) -> ValidationError:
    return ValidationError(
        "due",
        N_("due: '{text}' is not a time I understand; try {examples}."),
        text=text, examples=EXAMPLES,
    )


def _clock_time(text: str | None, original: str) -> time:
    if not text:
        return DEFAULT_TIME
    m = _CLOCK.match(text)
    if not m:
        raise _not_understood(original)
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if hour > 23 or minute > 59:
        raise _not_understood(original)
    return time(hour, minute)


def parse_due(text: str, now: datetime, zone: ZoneInfo) -> datetime:
    """The moment `text` names, as an aware UTC datetime; refuses times in the past."""
    original = text
    text = unicodedata.normalize("NFKC", text or "")
    words = text.strip().lower().split()
    if not words:
        raise ValidationError("due", N_("due: empty; type a time such as {examples}."), examples=EXAMPLES)
    local_now = now.astimezone(zone)
    joined = " ".join(words)
    rel = _RELATIVE.match(joined)
    if _HAN.search(joined):
        moment = parse_zh(joined, now, zone)
    elif rel:
        amount, unit = int(rel.group(1)), rel.group(2)[0]
        delta = {"m": timedelta(minutes=amount), "h": timedelta(hours=amount), "d": timedelta(days=amount)}[unit]
        moment = now + delta
    else:
        head, rest = words[0], words[1:]
        if len(rest) > 1:
            raise _not_understood(original)
        at = rest[0] if rest else None
        if head in ("today", "tomorrow"):
            day = local_now.date() + timedelta(days=1 if head == "tomorrow" else 0)
            moment = datetime.combine(day, _clock_time(at, original), tzinfo=zone)
        elif head in WEEKDAYS:
            clock = _clock_time(at, original)
            ahead = (WEEKDAYS[head] - local_now.weekday()) % 7
            moment = datetime.combine(local_now.date() + timedelta(days=ahead), clock, tzinfo=zone)
            if moment <= local_now:
                moment += timedelta(days=7)
        elif date_match := _DATE.match(head):
            y, mo, d = (int(g) for g in date_match.groups())
            try:
                day = date(y, mo, d)
            except ValueError:
                raise _not_understood(original) from None
            moment = datetime.combine(day, _clock_time(at, original), tzinfo=zone)
        elif _CLOCK.match(head) and not rest and ":" in head:
            moment = datetime.combine(local_now.date(), _clock_time(head, original), tzinfo=zone)
        else:
            raise _not_understood(original)
    if moment <= now:
        shown = moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        raise ValidationError("due", N_("due: {shown} is in the past; give a later time."), shown=shown)
    return moment.astimezone(ZoneInfo("UTC"))


def examples(now: datetime, zone: ZoneInfo, chinese: bool = False) -> str:
    """Examples of what may be typed, every one a time still to come: the weekday and the date are
    read from `now`, so the date shown is a week ahead."""
    if chinese:
        return EXAMPLES_ZH
    local = now.astimezone(zone)
    weekday = next(name for name, number in WEEKDAYS.items()
                   if len(name) == 3 and number == (local.weekday() + 2) % 7)
    ahead = (local + timedelta(days=7)).date().isoformat()
    return f"+30m, +2h, tomorrow 10:00, {weekday} 9, {ahead} 14:30"


def due_at_from_text(tx: Tx, text: str | None) -> str:
    """The due time `text` names (as an agent typed it), read at the transaction's time in the centre's zone: UTC ISO."""
    return iso(parse_due(text or "", parse_iso(tx.now), settings_lib.zone(tx)))
