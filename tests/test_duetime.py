"""Due-time entry: relative, named days, weekdays and dates, in the centre's zone."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from store.duetime import parse_due
from store.errors import ValidationError

SH = ZoneInfo("Asia/Shanghai")
# Thursday 2026-11-26 10:00 in Shanghai
NOW = datetime(2026, 11, 26, 2, 0, tzinfo=timezone.utc)


def local(text, now=NOW):
    return parse_due(text, now, SH).astimezone(SH).strftime("%Y-%m-%d %H:%M %a")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("+30m", "2026-11-26 10:30 Thu"),
        ("+2h", "2026-11-26 12:00 Thu"),
        ("+ 1d", "2026-11-27 10:00 Fri"),
        ("tomorrow 10:00", "2026-11-27 10:00 Fri"),
        ("Tomorrow", "2026-11-27 09:00 Fri"),
        ("today 15:30", "2026-11-26 15:30 Thu"),
        ("mon 9", "2026-11-30 09:00 Mon"),
        ("monday 14:15", "2026-11-30 14:15 Mon"),
        ("thu 11", "2026-11-26 11:00 Thu"),
        ("thu 9", "2026-12-03 09:00 Thu"),
        ("2026-12-01 14:30", "2026-12-01 14:30 Tue"),
        ("2026-12-01", "2026-12-01 09:00 Tue"),
        ("16:45", "2026-11-26 16:45 Thu"),
    ],
)
def test_accepted_forms(text, expected):
    assert local(text) == expected


def test_mon_9_is_monday_not_september():
    assert parse_due("mon 9", NOW, SH).month == 11


def test_result_is_utc():
    assert parse_due("2026-12-01 08:00", NOW, SH) == datetime(2026, 12, 1, 0, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("text", ["2026-11-25 10:00", "today 9:00", "09:30", "+0m"])
def test_past_times_refused(text):
    with pytest.raises(ValidationError, match="in the past") as err:
        parse_due(text, NOW, SH)
    assert err.value.field == "due"


@pytest.mark.parametrize("text", ["", "soon", "mon 25", "2026-13-01", "tomorrow 10:00 pm", "+5x", "9"])
def test_nonsense_refused_with_examples(text):
    with pytest.raises(ValidationError) as err:
        parse_due(text, NOW, SH)
    assert err.value.field == "due"
