"""The cases' settings (issue 18): their defaults and checks, a leaf that store/settings.py registers.

- `case_sla_hours`: hours to resolve, per `TYPE-SEVERITY` (`complaint-major`: 24); one entry changes with
  `agentdesk settings set case_sla_hours.complaint-major 12`.
- `sla_calendar`: `calendar` (every hour counts) or `working-hours` (only `case_working_hours`, less holidays,
  plus 调休 make-up working days: table case_calendar_days).
- `case_working_hours`: per weekday (`mon` .. `sun`), `HH:MM-HH:MM[,HH:MM-HH:MM]` or '' for a day off.
- `case_reopen_days`: a closed case may be reopened this many days after closing (0: never).
- `case_reminder_hours`: a case not updated for this long reminds its owner (0: never).
"""

from __future__ import annotations

import re
from datetime import time
from typing import Any

from store.errors import ValidationError
from store.messages import N_
from store.vocab import CASE_SEVERITIES, CASE_TYPES, SLA_CALENDARS

WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SLA_KEYS = tuple(f"{t}-{s}" for t in CASE_TYPES for s in CASE_SEVERITIES)
DEFAULTS: dict[str, Any] = {
    "case_sla_hours": {"complaint-normal": 48, "complaint-major": 24, "after-sales-normal": 72,
                       "after-sales-major": 24, "request-normal": 72, "request-major": 48},
    "sla_calendar": "calendar",
    "case_working_hours": {"mon": "09:00-18:00", "tue": "09:00-18:00", "wed": "09:00-18:00", "thu": "09:00-18:00",
                           "fri": "09:00-18:00", "sat": "", "sun": ""},
    "case_reopen_days": 7,
    "case_reminder_hours": 24,
}
SLA_MAX_HOURS = 24 * 365
_SPAN = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")
HOURS_WRONG = N_("{field}: '{value}' is not working hours; write them like 09:00-12:00,13:00-18:00, or leave it "
                 "empty for a day off.")


def parse_hours(text: str, field: str) -> tuple[tuple[time, time], ...]:
    """'09:00-12:00,13:00-18:00' as (start, end) pairs in order; '' is a day off. 24:00 (time.max) ends a day."""
    spans: list[tuple[time, time]] = []
    for part in (p.strip() for p in str(text or "").split(",")):
        if not part:
            continue
        m = _SPAN.match(part.replace(" ", ""))
        if not m:
            raise ValidationError(field, HOURS_WRONG, field=field, value=text)
        h1, m1, h2, m2 = (int(g) for g in m.groups())
        if h1 > 23 or m1 > 59 or m2 > 59 or h2 > 24 or (h2 == 24 and m2):
            raise ValidationError(field, HOURS_WRONG, field=field, value=text)
        start, end = time(h1, m1), time.max if h2 == 24 else time(h2, m2)
        if end <= start or (spans and start < spans[-1][1]):
            raise ValidationError(field, HOURS_WRONG, field=field, value=text)
        spans.append((start, end))
    return tuple(spans)


def check(key: str, value: Any) -> Any:
    """The stored form of a case setting, or a ValidationError naming it and the fix."""
    if key == "case_sla_hours":
        if not isinstance(value, dict) or sorted(value) != sorted(SLA_KEYS):
            raise ValidationError(key, N_("case_sla_hours: give hours for each of {keys}."), keys=", ".join(SLA_KEYS))
        out = {}
        for name in SLA_KEYS:
            try:
                hours = int(value[name])
            except (TypeError, ValueError):
                hours = 0
            if not 1 <= hours <= SLA_MAX_HOURS:
                raise ValidationError(key, N_("case_sla_hours.{name}: '{value}' is not a number of hours from 1 to "
                                              "{most}."), name=name, value=value[name], most=SLA_MAX_HOURS)
            out[name] = hours
        return out
    if key == "sla_calendar":
        if value not in SLA_CALENDARS:
            raise ValidationError(key, N_("sla_calendar: '{value}' is not a calendar; give calendar or "
                                          "working-hours."), value=value)
        return value
    if key == "case_working_hours":
        if not isinstance(value, dict) or sorted(value) != sorted(WEEKDAY_KEYS):
            raise ValidationError(key, N_("case_working_hours: give the hours of each of {days}."),
                                  days=", ".join(WEEKDAY_KEYS))
        for day in WEEKDAY_KEYS:
            parse_hours(value[day], f"case_working_hours.{day}")
        if not any(value[day].strip() for day in WEEKDAY_KEYS):
            raise ValidationError(key, N_("case_working_hours: no day has working hours; give at least one."))
        return {day: str(value[day]).strip() for day in WEEKDAY_KEYS}
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError(key, N_("{field}: '{value}' is not a whole number."), field=key, value=value) from None
    if number < 0:
        raise ValidationError(key, N_("{key}: must be 0 or more."), key=key)
    return number
