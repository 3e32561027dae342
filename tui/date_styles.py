"""How a local moment is written in the desk's language.

English keeps the compact numeric forms the desk has always shown ('11-25 17:42'); Chinese writes
dates the Chinese way with the locale's own patterns from Babel (CLDR): '12月3日 周四 10:00', with
今天 / 明天 / 昨天 for the days around today. Babel is imported only when Chinese is shown, so an
English desk does not pay for it at start-up.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from tui.i18n import N_, _, language

# the days next to today, as Chinese writes them in place of a date (only the Chinese style uses them)
NEAR_DAYS = {-1: N_("yesterday"), 0: N_("today"), 1: N_("tomorrow"), 2: N_("the day after tomorrow")}
WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


class NumericStyle:
    """'09:30' today, '11-25 17:42' another day; '2026-11-25 17:42' in full; 'Fri 11-27 10:00' spoken."""

    # the most terminal cells each form takes: a table's time column is this wide
    CELLS = {"short": 11, "dated": 11, "full": 16, "full_seconds": 19, "day": 10}

    def short(self, moment: datetime, today: date) -> str:
        return moment.strftime("%H:%M") if moment.date() == today else moment.strftime("%m-%d %H:%M")

    def dated(self, moment: datetime, today: date) -> str:
        return moment.strftime("%m-%d %H:%M")

    def full(self, moment: datetime, seconds: bool) -> str:
        return moment.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")

    def day(self, moment: datetime) -> str:
        return moment.strftime("%Y-%m-%d")

    def spoken(self, moment: datetime, today: date) -> str:
        return f"{_(WEEKDAYS[moment.weekday()])} {moment.strftime('%m-%d %H:%M')}"


class ChineseStyle:
    """'10:00' today, '明天 10:00', '12月3日 10:00'; dated '12月3日 周四 10:00'; in full
    '2026年12月3日 10:00'; spoken (a due time read back) '明天 12月3日 周四 10:00'."""

    # each Chinese character two cells: '11月25日 17:42', '11月25日 周三 17:42', '2026年11月25日 17:42'
    CELLS = {"short": 14, "dated": 19, "full": 20, "full_seconds": 23, "day": 14}

    def __init__(self, locale: str) -> None:
        self.locale = locale

    def _month_day(self, moment: datetime) -> str:
        return _skeleton("MMMd", moment.date(), self.locale)

    def _weekday(self, moment: datetime) -> str:
        return _skeleton("EEE", moment.date(), self.locale)

    def _near(self, moment: datetime, today: date) -> str | None:
        word = NEAR_DAYS.get((moment.date() - today).days)
        return _(word) if word else None

    def short(self, moment: datetime, today: date) -> str:
        if moment.date() == today:
            return moment.strftime("%H:%M")
        near = self._near(moment, today) if abs((moment.date() - today).days) == 1 else None
        return f"{near or self._month_day(moment)} {moment.strftime('%H:%M')}"

    def dated(self, moment: datetime, today: date) -> str:
        near = self._near(moment, today) if abs((moment.date() - today).days) <= 1 else None
        if near:
            return f"{near} {moment.strftime('%H:%M')}"
        return f"{self._month_day(moment)} {self._weekday(moment)} {moment.strftime('%H:%M')}"

    def full(self, moment: datetime, seconds: bool) -> str:
        return f"{self.day(moment)} {moment.strftime('%H:%M:%S' if seconds else '%H:%M')}"

    def day(self, moment: datetime) -> str:
        return _skeleton("yMMMd", moment.date(), self.locale)

    def spoken(self, moment: datetime, today: date) -> str:
        near = self._near(moment, today)
        said = f"{self._month_day(moment)} {self._weekday(moment)} {moment.strftime('%H:%M')}"
        return f"{near} {said}" if near else said


@lru_cache(maxsize=4096)
def _skeleton(skeleton: str, day: date, locale: str) -> str:
    from babel.dates import format_skeleton  # lazily: only a Chinese desk writes dates through Babel

    return format_skeleton(skeleton, day, locale=locale)


_NUMERIC = NumericStyle()


@lru_cache(maxsize=8)
def _chinese(locale: str) -> ChineseStyle:
    return ChineseStyle(locale)


def current_style() -> NumericStyle | ChineseStyle:
    """The style of the desk's language (tui.i18n.language())."""
    lang = language()
    return _chinese(lang) if lang.startswith("zh") else _NUMERIC
