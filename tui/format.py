"""Leaf helpers for showing numbers, times and user text. Imports nothing of ours."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, timezone, tzinfo

from rich.text import Text

NONE = "—"


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


def local_time(value: str | None, zone: tzinfo, today: date | None = None) -> str:
    """A stored UTC time as local clock time: '09:30' today, '11-25 17:42' on another day."""
    if not value:
        return NONE
    moment = _parse(value).astimezone(zone)
    if today is not None and moment.date() == today:
        return moment.strftime("%H:%M")
    return moment.strftime("%m-%d %H:%M")


def local_date(moment: datetime, zone: tzinfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d")


def clean(value) -> str:
    """User text on one line: control characters (newlines too) become spaces, then trimmed."""
    text = "" if value is None else str(value)
    return "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text).strip()


def user_text(value, style: str = "") -> Text:
    """User text as a Rich Text: never parsed as markup, control characters removed."""
    return Text(clean(value), style=style, no_wrap=True, overflow="ellipsis")
