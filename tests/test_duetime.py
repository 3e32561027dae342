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


# Wednesday 2026-12-02 09:00 in Shanghai
ZH_NOW = datetime(2026, 12, 2, 1, 0, tzinfo=timezone.utc)
SUNDAY = datetime(2026, 12, 6, 1, 0, tzinfo=timezone.utc)  # Sunday 2026-12-06 09:00


@pytest.mark.parametrize(
    "text, expected",
    [
        ("明天 10点", "2026-12-03 10:00 Thu"),
        ("明天上午十点", "2026-12-03 10:00 Thu"),
        ("明早10点", "2026-12-03 10:00 Thu"),
        ("后天下午3点", "2026-12-04 15:00 Fri"),
        ("下周一 14:00", "2026-12-07 14:00 Mon"),
        ("周五下午", "2026-12-04 14:00 Fri"),
        ("30分钟后", "2026-12-02 09:30 Wed"),
        ("半小时后", "2026-12-02 09:30 Wed"),
        ("2小时后", "2026-12-02 11:00 Wed"),
        ("两个小时后", "2026-12-02 11:00 Wed"),
        ("今晚8点", "2026-12-02 20:00 Wed"),
        ("下午三点半", "2026-12-02 15:30 Wed"),
    ],
)
def test_chinese_forms_of_the_brief(text, expected):
    assert local(text, ZH_NOW) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # days and weekdays
        ("明天", "2026-12-03 09:00 Thu"), ("今天下午", "2026-12-02 14:00 Wed"), ("大后天", "2026-12-05 09:00 Sat"),
        ("周一", "2026-12-07 09:00 Mon"), ("星期五 10点", "2026-12-04 10:00 Fri"), ("礼拜一 9点", "2026-12-07 09:00 Mon"),
        ("星期天", "2026-12-06 09:00 Sun"), ("周日下午", "2026-12-06 14:00 Sun"), ("周三 10点", "2026-12-02 10:00 Wed"),
        ("周三 8点", "2026-12-09 08:00 Wed"), ("下星期三", "2026-12-09 09:00 Wed"), ("这周五", "2026-12-04 09:00 Fri"),
        ("本周四下午", "2026-12-03 14:00 Thu"), ("下下周一", "2026-12-14 09:00 Mon"), ("周5", "2026-12-04 09:00 Fri"),
        ("12月5日 下午3点", "2026-12-05 15:00 Sat"), ("12月5号", "2026-12-05 09:00 Sat"), ("1月5日", "2027-01-05 09:00 Tue"),
        ("2026年12月24日 10:00", "2026-12-24 10:00 Thu"), ("2026-12-05 下午3点", "2026-12-05 15:00 Sat"),
        # parts of the day, alone and with an hour
        ("明天上午", "2026-12-03 09:00 Thu"), ("晚上", "2026-12-02 19:00 Wed"), ("中午", "2026-12-02 12:00 Wed"),
        ("傍晚", "2026-12-02 18:00 Wed"), ("明早", "2026-12-03 08:00 Thu"), ("明晚", "2026-12-03 19:00 Thu"),
        ("中午12点", "2026-12-02 12:00 Wed"), ("中午1点", "2026-12-02 13:00 Wed"), ("明天凌晨5点", "2026-12-03 05:00 Thu"),
        ("明天早上8点", "2026-12-03 08:00 Thu"), ("明天早晨七点", "2026-12-03 07:00 Thu"), ("下午15点", "2026-12-02 15:00 Wed"),
        ("今晚十一点", "2026-12-02 23:00 Wed"), ("今晚12点", "2026-12-03 00:00 Thu"), ("今晚1点", "2026-12-03 01:00 Thu"),
        ("明天晚上7点半", "2026-12-03 19:30 Thu"), ("傍晚6点", "2026-12-02 18:00 Wed"),
        # clocks: numerals, minutes, quarters, full-width, spaces
        ("10点", "2026-12-02 10:00 Wed"), ("十二点", "2026-12-02 12:00 Wed"), ("十一点", "2026-12-02 11:00 Wed"),
        ("下午两点", "2026-12-02 14:00 Wed"), ("晚上两点", "2026-12-03 02:00 Thu"), ("明天两点一刻", "2026-12-03 02:15 Thu"),
        ("二十点", "2026-12-02 20:00 Wed"), ("10点30", "2026-12-02 10:30 Wed"), ("10点30分", "2026-12-02 10:30 Wed"),
        ("十点零五", "2026-12-02 10:05 Wed"), ("十点零五分", "2026-12-02 10:05 Wed"), ("10:30", "2026-12-02 10:30 Wed"),
        ("10点一刻", "2026-12-02 10:15 Wed"), ("10点三刻", "2026-12-02 10:45 Wed"), ("十点钟", "2026-12-02 10:00 Wed"),
        ("10时", "2026-12-02 10:00 Wed"), ("10点整", "2026-12-02 10:00 Wed"), ("十点四十五", "2026-12-02 10:45 Wed"),
        ("明天１０：３０", "2026-12-03 10:30 Thu"), ("１０点", "2026-12-02 10:00 Wed"), ("明天 上午 10 点", "2026-12-03 10:00 Thu"),
        ("明天10", "2026-12-03 10:00 Thu"), ("下午3", "2026-12-02 15:00 Wed"), ("14:00", "2026-12-02 14:00 Wed"),
        # relative
        ("45分钟后", "2026-12-02 09:45 Wed"), ("四十五分钟以后", "2026-12-02 09:45 Wed"), ("10分后", "2026-12-02 09:10 Wed"),
        ("半个小时后", "2026-12-02 09:30 Wed"), ("1个半小时后", "2026-12-02 10:30 Wed"), ("一个小时之后", "2026-12-02 10:00 Wed"),
        ("3天后", "2026-12-05 09:00 Sat"), ("120分钟后", "2026-12-02 11:00 Wed"), ("２小时后", "2026-12-02 11:00 Wed"),
    ],
)
def test_chinese_neighbours(text, expected):
    assert local(text, ZH_NOW) == expected


def test_next_monday_on_a_sunday_is_tomorrow():
    assert local("下周一 9点", SUNDAY) == "2026-12-07 09:00 Mon"
    assert local("周一 9点", SUNDAY) == "2026-12-07 09:00 Mon"
    assert local("这周日下午", SUNDAY) == "2026-12-06 14:00 Sun"


def test_a_clock_alone_already_past_today_says_what_to_type():
    with pytest.raises(ValidationError) as err:
        parse_due("8点", ZH_NOW, SH)
    assert err.value.field == "due"
    assert str(err.value) == "due: 8点 is already past today; say 明天8点 or 晚上8点."
    with pytest.raises(ValidationError, match="say 明天3点半 or 下午3点半"):
        parse_due("3点半", ZH_NOW, SH)
    with pytest.raises(ValidationError, match=r"say 明天0点\.$"):
        parse_due("0点", ZH_NOW, SH)


@pytest.mark.parametrize("text", ["昨天 10点", "前天", "今天8点", "今早", "这周一", "上周五", "12月1日", "上午8点", "上午"])
def test_chinese_past_times_refused(text):
    with pytest.raises(ValidationError, match="in the past|already past today") as err:
        parse_due(text, ZH_NOW, SH)
    assert err.value.field == "due"


@pytest.mark.parametrize("text", ["明天25点", "上午15点", "凌晨", "10点61", "周八", "等会儿", "明天下午3点吧", "13月1日",
                                  "2月30日", "半分钟后", "十十点", "二三点", "明天 tomorrow", "点"])
def test_chinese_nonsense_refused_with_chinese_examples(text):
    with pytest.raises(ValidationError) as err:
        parse_due(text, ZH_NOW, SH)
    assert err.value.field == "due"
    assert "30分钟后" in str(err.value) and text in str(err.value)


def test_full_width_english_forms_read_too():
    assert local("+３０m", ZH_NOW) == "2026-12-02 09:30 Wed"
    assert local("１４：３０", ZH_NOW) == "2026-12-02 14:30 Wed"
