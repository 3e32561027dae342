"""Due times typed in Chinese: `明天上午十点`, `后天下午3点`, `下周一 14:00`, `周五下午`, `30分钟后`, `今晚8点`.

The grammar, after NFKC (full-width digits and colons) and with spaces dropped:

    relative  N分钟后 | N分后 | 半小时后 | N个小时后 | N个半小时后 | N天后       (后 or 以后 / 之后)
    moment    [day] [part of day] [clock]                                    (at least one of them)
    day       今天 明天 后天 大后天 (昨天 前天: in the past) | 今早 今晚 明早 明晚 (a day and a part)
              | [下 / 下下 / 这 / 本 / 上]周X, 星期X, 礼拜X (X: 一..六, 日 / 天, 1..7) | M月D日 / 号 | 2026-12-05
    part      凌晨 早上 早晨 清晨 上午 中午 下午 傍晚 晚上 夜里; alone: 上午 09:00, 下午 14:00, 晚上 19:00,
              中午 12:00, 早上 08:00, 傍晚 18:00 (凌晨 needs an hour)
    clock     H点 / H时 [M分 | M | 半 | 一刻 | 三刻 | 整] | H:MM; H and M in digits or Chinese numerals
              (一..十二, 两, 二十三, 零五); after a day or a part a bare number is the hour

Without a day the time is today's; a weekday alone (周五) is the next one to come, 下周X is
in the week after this one (weeks start on Monday, so on a Sunday 下周一 is tomorrow). A
clock alone that is already past today (8点 at 09:00) is refused with what to say instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from store.errors import ValidationError
from store.messages import N_

EXAMPLES_ZH = "30分钟后, 明天上午10点, 下周一 14:00, 周五下午"

_NUM = r"[0-9]{1,3}|[零〇一二两三四五六七八九十]{1,3}"
_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_RELATIVE = re.compile(
    rf"^(?:(?P<n>{_NUM})(?P<half>个半)?|(?P<halfonly>半))个?(?P<unit>分钟|分|小时|钟头|天)(?:以后|之后|后)$"
)
_DAYS = {"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2, "大后天": 3, "昨天": -1, "昨日": -1, "前天": -2}
_DAY_AND_PART = {"今早": (0, "早上"), "今晨": (0, "早上"), "今晚": (0, "晚上"), "今夜": (0, "晚上"),
                 "明早": (1, "早上"), "明晨": (1, "早上"), "明晚": (1, "晚上"), "明夜": (1, "晚上")}
_PARTS = {"凌晨": "凌晨", "早上": "早上", "早晨": "早上", "清晨": "早上", "上午": "上午", "中午": "中午",
          "下午": "下午", "傍晚": "傍晚", "晚上": "晚上", "夜里": "晚上", "夜间": "晚上"}
_PART_DEFAULT = {"早上": time(8, 0), "上午": time(9, 0), "中午": time(12, 0), "下午": time(14, 0),
                 "傍晚": time(18, 0), "晚上": time(19, 0)}
_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6,
            "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}
_WEEKS = {"": None, "这": 0, "本": 0, "下": 1, "下下": 2, "上": -1}


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))  # longest first: 大后天 before 后天


_DAY = re.compile(
    rf"^(?:(?P<named>{_alternatives(_DAYS)})|(?P<dayandpart>{_alternatives(_DAY_AND_PART)})"
    rf"|(?P<week>下下|下|这|本|上)?(?:周|星期|礼拜)(?P<weekday>[一二三四五六日天1-7])"
    rf"|(?:(?P<year>[0-9]{{4}})年)?(?P<month>{_NUM})月(?P<mday>{_NUM})[日号]"
    r"|(?P<iy>[0-9]{4})-(?P<im>[0-9]{1,2})-(?P<id>[0-9]{1,2}))"
)
_PART = re.compile(rf"^(?:{_alternatives(_PARTS)})")
_CLOCK = re.compile(
    rf"^(?:(?P<h>{_NUM})[点时]钟?(?:(?P<half>半)|(?P<quarter>[一二两三123])刻|整|(?P<m>{_NUM})分?)?"
    rf"|(?P<ch>[0-9]{{1,2}}):(?P<cm>[0-9]{{2}})|(?P<bare>{_NUM}))$"
)


def _number(text: str) -> int | None:
    """Digits or a Chinese numeral up to 99 (十一, 二十三, 两, 零五), else None."""
    if text.isascii():
        return int(text) if text.isdigit() else None
    if "十" in text:
        tens, _, ones = text.partition("十")
        if len(tens) > 1 or len(ones) > 1 or (tens and tens not in _DIGIT) or (ones and ones not in _DIGIT):
            return None
        return (_DIGIT[tens] if tens else 1) * 10 + (_DIGIT[ones] if ones else 0)
    if len(text) == 2 and text[0] in "零〇" and text[1] in _DIGIT:
        return _DIGIT[text[1]]
    return _DIGIT.get(text) if len(text) == 1 else None


def not_understood(text: str) -> ValidationError:
    return ValidationError(
        "due",
        N_("due: '{text}' is not a time I understand; try {examples}."),
        text=text, examples=EXAMPLES_ZH,
    )


def _relative(match: re.Match[str], now: datetime, original: str) -> datetime:
    if match["halfonly"]:
        amount = 0.5
    else:
        whole = _number(match["n"])
        if whole is None:
            raise not_understood(original)
        amount = whole + (0.5 if match["half"] else 0)
    unit = match["unit"]
    if unit in ("分钟", "分"):
        if match["halfonly"] or match["half"]:
            raise not_understood(original)
        return now + timedelta(minutes=amount)
    if unit == "天":
        return now + timedelta(days=amount)
    return now + timedelta(hours=amount)


def _day(match: re.Match[str], today: date, original: str) -> tuple[date, bool]:
    """(the day named, whether it is a weekday without 下/这: the next one to come)."""
    if match["named"]:
        return today + timedelta(days=_DAYS[match["named"]]), False
    if match["dayandpart"]:
        return today + timedelta(days=_DAY_AND_PART[match["dayandpart"]][0]), False
    if match["weekday"]:
        weekday = _WEEKDAY[match["weekday"]]
        weeks = _WEEKS[match["week"] or ""]
        if weeks is None:
            return today + timedelta(days=(weekday - today.weekday()) % 7), True
        monday = today - timedelta(days=today.weekday())
        return monday + timedelta(days=7 * weeks + weekday), False
    if match["iy"]:
        parts: tuple[int | None, ...] = (int(match["iy"]), int(match["im"]), int(match["id"]))
    else:
        parts = (int(match["year"]) if match["year"] else None, _number(match["month"]), _number(match["mday"]))
    year, month, mday = parts
    if month is None or mday is None:
        raise not_understood(original)
    try:
        day = date(year or today.year, month, mday)
        if year is None and day < today - timedelta(days=31):  # 1月5日 typed in December: next year's
            day = date(today.year + 1, month, mday)
    except ValueError:
        raise not_understood(original) from None
    return day, False


def _hour_in_part(hour: int, part: str | None, original: str) -> tuple[int, int]:
    """(hour 0-23, days to add) for an hour said with a part of the day."""
    if hour > 23:
        raise not_understood(original)
    if part is None or hour > 12 and part in ("中午", "下午", "傍晚", "晚上"):
        return hour, 0  # the 24-hour clock
    if part in ("凌晨", "早上", "上午"):
        if hour > 12:
            raise not_understood(original)
        return (0 if hour == 12 and part == "凌晨" else hour), 0
    if part == "中午":
        return (hour if hour >= 11 else hour + 12), 0
    if part == "晚上" and (hour == 12 or hour <= 4):  # 晚上12点 is midnight, 今晚1点 one in the night
        return hour % 12, 1
    return (hour if hour == 12 else hour + 12), 0


def _clock(match: re.Match[str], original: str) -> tuple[int, int]:
    if match["ch"] is not None:
        hour, minute = int(match["ch"]), int(match["cm"])
    else:
        number = _number(match["h"] if match["h"] is not None else match["bare"])
        if number is None:
            raise not_understood(original)
        hour = number
        if match["half"]:
            minute = 30
        elif match["quarter"]:
            minute = 15 * (_number(match["quarter"]) or 0)
        elif match["m"]:
            m = _number(match["m"])
            if m is None:
                raise not_understood(original)
            minute = m
        else:
            minute = 0
    if minute > 59:
        raise not_understood(original)
    return hour, minute


def _past_today(clock_text: str, hour: int) -> ValidationError:
    tomorrow = "明天" + clock_text
    if 1 <= hour <= 11:
        later = ("下午" if hour <= 5 else "晚上") + clock_text
        return ValidationError(
            "due", N_("due: {text} is already past today; say {tomorrow} or {later}."),
            text=clock_text, tomorrow=tomorrow, later=later,
        )
    return ValidationError("due", N_("due: {text} is already past today; say {tomorrow}."), text=clock_text, tomorrow=tomorrow)


def parse_zh(text: str, now: datetime, zone: ZoneInfo) -> datetime:
    """The moment Chinese `text` (NFKC-folded) names, aware; past moments are the caller's to refuse,
    except a clock alone already past today, refused here with what to say instead."""
    original = text
    compact = re.sub(r"\s+", "", text)
    relative = _RELATIVE.match(compact)
    if relative:
        return _relative(relative, now, original)
    local_now = now.astimezone(zone)
    rest = compact
    day, next_to_come, part, hour = local_now.date(), False, None, 0
    day_match = _DAY.match(rest)
    if day_match:
        day, next_to_come = _day(day_match, local_now.date(), original)
        if day_match["dayandpart"]:
            part = _DAY_AND_PART[day_match["dayandpart"]][1]
        rest = rest[day_match.end():]
    part_match = _PART.match(rest)
    if part_match:
        part = _PARTS[part_match.group(0)]
        rest = rest[part_match.end():]
    if not rest:
        if part is None and not day_match:
            raise not_understood(original)
        if part is not None and part not in _PART_DEFAULT:
            raise not_understood(original)  # 凌晨 alone names no hour
        at, extra_days = (_PART_DEFAULT[part] if part else time(9, 0)), 0
    else:
        clock = _CLOCK.match(rest)
        if not clock or (clock["bare"] is not None and not (day_match or part_match)):
            raise not_understood(original)
        hour, minute = _clock(clock, original)
        hour, extra_days = _hour_in_part(hour, part, original)
        at = time(hour, minute)
    moment = datetime.combine(day + timedelta(days=extra_days), at, tzinfo=zone)
    if next_to_come and moment <= local_now:
        moment += timedelta(days=7)
    if not day_match and part is None and moment <= local_now:
        raise _past_today(rest, hour)
    return moment
