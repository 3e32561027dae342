"""The demo centre and its past while it is generated: who and where the centre is, its clock, its
random numbers, and everything made so far (agents, customers, calls, callbacks, attempts, conduct).

Shifts are 09:00-18:00 in Asia/Shanghai on weekdays; callbacks are worked 09:00-17:30.
"""

from __future__ import annotations

import random
import time as _time
from bisect import bisect_right
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from demo.mix import CATEGORY_MIX, INBOUND_CHANNELS, OUTCOME_MIX, weighted
from demo.writing import writing_for

DEMO_AGENT = "agent01"
ADMIN_LOGIN = "admin"
DEMO_TIMEZONE = "Asia/Shanghai"
DEMO_REGION = "CN"


def iso(epoch: int) -> str:
    return _time.strftime("%Y-%m-%dT%H:%M:%SZ", _time.gmtime(epoch))


def parse(text: str) -> int:
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


def local_epoch(day: date, hour: int, minute: int, zone: ZoneInfo) -> int:
    return int(datetime.combine(day, time(hour, minute), tzinfo=zone).timestamp())


class Past:
    """The demo as generated so far; the same seed and "now" give the same past."""

    def __init__(self, now: datetime, customers: int, agents: int, days: int, seed: int, language: str = "en"):
        from faker import Faker

        self.writing = writing_for(language)  # who writes what, in which language
        self.teams = self.writing.teams

        self.rng = random.Random(seed)
        self.fake_zh = Faker("zh_CN")
        self.fake_en = Faker("en_US")
        self.fake_zh.seed_instance(seed)
        self.fake_en.seed_instance(seed + 1)
        self.zone = ZoneInfo(DEMO_TIMEZONE)
        self.now = int(now.timestamp())
        self.today = now.astimezone(self.zone).date()
        self.first_day = self.today - timedelta(days=days)
        self.window_start = local_epoch(self.first_day, 0, 0, self.zone)
        self.n_customers, self.n_agents = customers, agents
        # people (demo.people, demo.customers)
        self.agents: list = []
        self.front: list = []  # front-line agents
        self.agent_created = 0
        self.customers: list = []
        self.created_list: list[int] = []  # customers' creation times, in id order
        self.cust_cum: list[float] = []  # how often each customer calls, cumulative
        self.strangers: list[tuple[str, str]] = []  # numbers of callers who are not customers
        self.used_phones: set[str] = set()
        # work (demo.calls, demo.callbacks, demo.conduct)
        self.calls: list[dict] = []
        self.callbacks: list = []
        self.attempts: list[dict] = []
        self.conduct: list[dict] = []
        self.uniq = 0  # the phone system's call counter
        self.open_rv: set[int] = set()  # customers with an open return visit
        self.open_missed: set[str] = set()  # numbers with an open missed call
        self.pool: list = []  # heap of (due, id) of open callbacks with no owner
        self.by_id: dict = {}  # callback id -> callback
        self.cat_keys, self.cat_cum = weighted(CATEGORY_MIX)
        # return visits come mostly from scheduled return-visit callbacks; few are spontaneous
        self.reg_keys, self.reg_cum = weighted({**CATEGORY_MIX, "return-visit": 2})
        self.outcome_w = {c: weighted(m) for c, m in OUTCOME_MIX.items()}
        self.chan_keys, self.chan_cum = weighted(INBOUND_CHANNELS)

    def pick(self, keys, cum):
        return keys[bisect_right(cum, self.rng.random() * cum[-1])]

    def digits(self, n: int) -> str:
        return "".join(str(self.rng.randrange(10)) for _ in range(n))

    def next_working(self, at: int, days: int, hour: int) -> int:
        """`days` days after `at`, moved off the weekend, at `hour` and a quarter past some."""
        d = datetime.fromtimestamp(at, self.zone).date() + timedelta(days=days)
        while d.weekday() >= 5:
            d += timedelta(days=1)
        return local_epoch(d, hour, self.rng.choice((0, 15, 30, 45)), self.zone)

    def in_hours(self, at: int) -> int:
        """`at` if it falls in working hours (09:00-17:30 on a weekday), else the next working morning."""
        local = datetime.fromtimestamp(at, self.zone)
        if local.weekday() < 5 and (9, 0) <= (local.hour, local.minute) < (17, 30):
            return at
        return self.next_working(at, 0 if local.hour < 9 else 1, 10)

    def status_rows(self) -> list[list]:
        """Every agent's status rows, [agent id, status, reason, start, end], in time order."""
        rows = []
        for a in self.agents:
            rows.extend(a.status_rows)
        rows.sort(key=lambda r: (r[3], r[0]))
        return rows
