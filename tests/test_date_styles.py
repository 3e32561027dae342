"""Dates and times as each language writes them: the English desk's compact numeric forms, the
Chinese desk's 12月3日 周四 10:00 with 今天 / 明天 / 昨天 (tui/date_styles.py through LocalTime).

The desk's now is Wednesday 2026-12-02 09:00 in Asia/Shanghai (01:00 UTC)."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from tui import i18n
from tui.format import NONE, LocalTime

NOW = datetime(2026, 12, 2, 1, 0, tzinfo=timezone.utc)
SHANGHAI = ZoneInfo("Asia/Shanghai")

TODAY = "2026-12-02T02:00:00Z"  # 10:00 local
TOMORROW = "2026-12-03T02:00:00Z"
YESTERDAY = "2026-12-01T02:00:00Z"
FRIDAY = "2026-12-04T06:30:00Z"  # 14:30 local, the day after tomorrow
LAST_WEEK = "2026-11-25T09:42:05Z"  # 17:42:05 local
NEW_YEAR = "2026-12-31T16:05:00Z"  # 00:05 on 2027-01-01 local: the zone decides the day


def local() -> LocalTime:
    return LocalTime.at(NOW, SHANGHAI)


def moment(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


@pytest.fixture
def chinese():
    i18n.set_language("zh_CN")
    yield
    i18n.set_language("en")


@pytest.mark.parametrize(("value", "short", "dated"), [
    (TODAY, "10:00", "今天 10:00"),
    (TOMORROW, "明天 10:00", "明天 10:00"),
    (YESTERDAY, "昨天 10:00", "昨天 10:00"),
    (FRIDAY, "12月4日 14:30", "12月4日 周五 14:30"),
    (LAST_WEEK, "11月25日 17:42", "11月25日 周三 17:42"),
    (NEW_YEAR, "1月1日 00:05", "1月1日 周五 00:05"),
])
def test_chinese_short_and_dated(chinese, value, short, dated):
    assert local().short(value) == short
    assert local().dated(value) == dated


@pytest.mark.parametrize(("value", "full", "seconds", "day"), [
    (LAST_WEEK, "2026年11月25日 17:42", "2026年11月25日 17:42:05", "2026年11月25日"),
    (NEW_YEAR, "2027年1月1日 00:05", "2027年1月1日 00:05:00", "2027年1月1日"),
])
def test_chinese_full_and_day(chinese, value, full, seconds, day):
    assert local().full(value) == full
    assert local().full(value, seconds=True) == seconds
    assert local().day(value) == day


@pytest.mark.parametrize(("value", "spoken"), [
    (TODAY, "今天 12月2日 周三 10:00"),
    (TOMORROW, "明天 12月3日 周四 10:00"),
    (FRIDAY, "后天 12月4日 周五 14:30"),
    ("2026-12-07T01:00:00Z", "12月7日 周一 09:00"),
])
def test_chinese_due_read_back(chinese, value, spoken):
    assert local().spoken(moment(value)) == spoken


@pytest.mark.parametrize(("value", "short", "dated", "full", "day", "spoken"), [
    (TODAY, "10:00", "12-02 10:00", "2026-12-02 10:00", "2026-12-02", "Wed 12-02 10:00"),
    (TOMORROW, "12-03 10:00", "12-03 10:00", "2026-12-03 10:00", "2026-12-03", "Thu 12-03 10:00"),
    (NEW_YEAR, "01-01 00:05", "01-01 00:05", "2027-01-01 00:05", "2027-01-01", "Fri 01-01 00:05"),
])
def test_english_keeps_the_numeric_forms(value, short, dated, full, day, spoken):
    assert i18n.language() == "en"
    when = local()
    assert (when.short(value), when.dated(value), when.full(value), when.day(value)) == (short, dated, full, day)
    assert when.spoken(moment(value)) == spoken


def test_no_value_is_the_none_glyph_in_both_languages(chinese):
    when = local()
    assert {when.short(None), when.dated(None), when.full(None), when.day(None)} == {NONE}
    i18n.set_language("en")
    assert {when.short(""), when.dated(""), when.full(""), when.day("")} == {NONE}


def test_switching_language_switches_the_style_at_once():
    when = local()
    assert when.dated(FRIDAY) == "12-04 14:30"
    i18n.set_language("zh_CN")
    try:
        assert when.dated(FRIDAY) == "12月4日 周五 14:30"
    finally:
        i18n.set_language("en")
    assert when.dated(FRIDAY) == "12-04 14:30"
