"""Time comes from Python, never from SQL: one clock, injectable for tests."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, timezone

from store.errors import ValidationError
from store.messages import N_

Clock = Callable[[], datetime]
NOW_VARIABLE = "AGENTDESK_NOW"


def system_clock() -> datetime:
    return datetime.now(timezone.utc)


def clock_from_environment(environ: Mapping[str, str] = os.environ) -> Clock:
    """The system clock, or a clock stopped at AGENTDESK_NOW (ISO-8601 with its zone).

    A testing aid: every store opened without a clock of its own reads it, so the CLI, the desk,
    the phone system's commands and a test's helper processes share one "now" that does not
    depend on the day they run. Raises ValidationError for a value that is not a time.
    """
    text = environ.get(NOW_VARIABLE, "").strip()
    if not text:
        return system_clock
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ValidationError(NOW_VARIABLE, N_("{variable}: '{value}' is not a time with its zone; give ISO-8601"
                                               " such as 2026-11-26T06:00:00Z, or unset it to use the system clock."),
                              variable=NOW_VARIABLE, value=text)
    return FixedClock(moment.astimezone(timezone.utc))


def iso(moment: datetime) -> str:
    """UTC ISO-8601 with seconds, e.g. 2026-11-26T08:30:00Z (sorts as text)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: give a time zone")
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)


class FixedClock:
    """A clock for tests and demos: returns `now`, moved by `advance`."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now = self.now + timedelta(**delta)
