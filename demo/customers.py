"""The demo's customers: Chinese and English names, companies, cities, and the numbers they call from
(mobiles, landlines, US numbers, each typed in one of the ways people type them), plus the numbers
of callers who are not customers."""

from __future__ import annotations

from bisect import bisect_right
from datetime import datetime

from demo.past import ADMIN_LOGIN, Past, local_epoch
from demo.places import CN_CITIES, EN_CN_CITIES, MOBILE_PREFIXES, US_CITIES
from store.phones import try_normalize


class Customer:
    __slots__ = ("id", "lang", "name", "company", "email", "wechat_id", "city", "status", "tags", "notes",
                 "dnc", "created", "created_by", "phones")

    def __init__(self):
        self.phones: list[tuple[str, str]] = []  # (e164, raw), main first


# -- numbers --------------------------------------------------------------------------------
def _claim(past: Past, e164: str, raw: str) -> tuple[str, str] | None:
    """The number, unless someone already has it."""
    if e164 in past.used_phones:
        return None
    past.used_phones.add(e164)
    return e164, raw


def mobile(past: Past) -> tuple[str, str]:
    rng = past.rng
    while True:
        national = rng.choice(MOBILE_PREFIXES) + past.digits(8)
        style = rng.random()
        if style < 0.45:
            raw = national
        elif style < 0.75:
            raw = f"{national[:3]} {national[3:7]} {national[7:]}"
        elif style < 0.9:
            raw = f"+86 {national[:3]}-{national[3:7]}-{national[7:]}"
        else:
            raw = f"{national[:3]}-{national[3:7]}-{national[7:]}"
        got = _claim(past, "+86" + national, raw)
        if got:
            return got


def landline(past: Past, area: str) -> tuple[str, str]:
    rng = past.rng
    while True:
        local = str(rng.randrange(2, 9)) + past.digits(7)
        style = rng.random()
        if style < 0.6:
            raw = f"{area}-{local[:4]} {local[4:]}"
        elif style < 0.85:
            raw = f"{area}-{local}"
        else:
            raw = f"({area}) {local}"
        if try_normalize(raw) is None:
            continue  # a block the numbering plan does not give out (021-8002 ...): the store would refuse it
        got = _claim(past, "+86" + area[1:] + local, raw)
        if got:
            return got


def us_number(past: Past, area: str) -> tuple[str, str]:
    rng = past.rng
    while True:
        exchange, line = rng.randrange(201, 999), rng.randrange(10000)
        if exchange % 100 == 11:  # N11 codes are not numbers
            continue
        raw = f"+1 ({area}) {exchange}-{line:04d}" if rng.random() < 0.6 else f"+1 {area}-{exchange}-{line:04d}"
        got = _claim(past, f"+1{area}{exchange}{line:04d}", raw)
        if got:
            return got


# -- the archive ------------------------------------------------------------------------------
def make_customers(past: Past) -> None:
    """`past.n_customers` customers in creation order (ids follow it), and the strangers' numbers."""
    rng, fz, fe, writing = past.rng, past.fake_zh, past.fake_en, past.writing
    city_names = [c[0] for c in CN_CITIES]
    city_cum = []
    total = 0
    for c in CN_CITIES:
        total += c[2]
        city_cum.append(total)
    area_of = {c[0]: c[1] for c in CN_CITIES}
    fronts = [a.login for a in past.front]
    made: list[Customer] = []
    for _ in range(past.n_customers):
        c = Customer()
        zh = rng.random() < writing.zh_share
        c.lang = "zh" if zh else "en"
        fake = fz if zh else fe
        c.name = fake.name()
        c.company = fake.company() if rng.random() < (0.6 if zh else 0.65) else ""
        c.email = fake.email() if rng.random() < (0.45 if zh else 0.85) else ""
        if zh:
            r = rng.random()
            if r < 0.5:
                c.wechat_id = fz.user_name() + past.digits(rng.randrange(0, 4))
            elif r < 0.7:
                c.wechat_id = "wxid_" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(10))
            else:
                c.wechat_id = ""
            if rng.random() < 0.75:
                c.city = city_names[bisect_right(city_cum, rng.random() * total)]
            else:
                c.city = fz.city_name()
            area = area_of.get(c.city)
            c.phones.append(landline(past, area) if area and rng.random() < 0.15 else mobile(past))
        else:
            c.wechat_id = (fe.user_name() if rng.random() < 0.15 else "")
            if rng.random() < 0.5:
                city, area = rng.choice(US_CITIES)
                c.city = writing.city(city)
                c.phones.append(us_number(past, area))
            else:
                c.city = writing.city(rng.choice(EN_CN_CITIES))
                c.phones.append(mobile(past))
        if rng.random() < 0.15:
            c.phones.append(mobile(past))
        r = rng.random()
        c.status = "contracted" if r < 0.45 else "prospect" if r < 0.88 else "churned"
        c.tags = writing.tags(rng, zh)
        c.notes = writing.customer_note(rng, zh) if rng.random() < 0.35 else ""
        c.dnc = 1 if rng.random() < 0.03 else 0
        if rng.random() < 0.8:  # in the archive before the window (imported), else new during it
            c.created = past.window_start - rng.randrange(86400, 720 * 86400)
            c.created_by = ADMIN_LOGIN
        else:  # added by an agent during working hours
            c.created = past.window_start + rng.randrange(0, max(1, past.now - 3600 - past.window_start))
            local = datetime.fromtimestamp(c.created, past.zone)
            c.created = min(past.now - 60, local_epoch(local.date(), rng.randint(9, 17), rng.randrange(60), past.zone))
            c.created_by = rng.choice(fronts)
        made.append(c)
    made.sort(key=lambda c: c.created)
    for i, c in enumerate(made, start=1):
        c.id = i
    past.customers = made
    past.created_list = [c.created for c in made]
    cum, total = [], 0.0
    for c in made:  # some customers call far more often than others
        total += rng.lognormvariate(0, 1.0) * (0.4 if c.status == "churned" else 1.0)
        cum.append(total)
    past.cust_cum = cum
    past.strangers = [mobile(past) for _ in range(200 + past.n_customers // 8)]


def pick_customer(past: Past, at: int, outbound: bool = False) -> Customer | None:
    """A customer who existed at `at`, the frequent callers more often; outbound never a do-not-call one."""
    eligible = bisect_right(past.created_list, at)
    if eligible == 0:
        return None
    for _ in range(8):
        c = past.customers[min(eligible - 1, bisect_right(past.cust_cum, past.rng.random() * past.cust_cum[eligible - 1]))]
        if not (outbound and c.dnc):
            return c
    return None
