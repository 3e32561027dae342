"""Build a reproducible call-centre-scale store for benchmarks.

    python bench/build_store.py [--path bench/bench.db] [--customers 1000000] [--phones 1200000]
        [--calls 5000000] [--days 180] [--agents 500] [--teams 50] [--callbacks 200000] [--seed 1]

Same arguments, same rows: everything comes from random.Random(seed) and a fixed
"now" (--now, default BENCH_NOW below; benchmarks inject it as a FixedClock).

What it makes: `--agents` agents in `--teams` teams (each team one lead, the rest
front-line agents) plus the admin `admin`; `--customers` customers, half with
Chinese names (from surname and given-name lists, not Faker, for speed), each
with a main phone, the remaining `--phones` numbers as second phones;
`--calls` calls over `--days` days before the day of "now" and that day up to
"now" (weekdays 09:00-18:00 Asia/Shanghai, a small weekend rota; one agent's
calls never overlap); `--callbacks` callbacks (promised callbacks from
callback-needed calls, return visits and missed calls; open ones overdue, due
today and later, owned and in the pool) with their attempts; a coarse
agent_status_log (ready, lunch and rest breaks, offline; one open row per
agent); conduct events.

How: the schema comes from store.open_store (so the migrations run); then the
secondary indexes are dropped, the rows bulk-loaded with executemany in large
transactions, and the indexes re-created from their own CREATE statements
(the partial UNIQUE indexes re-check their rules then); the KPI rollup triggers
are dropped the same way and the daily rollups rebuilt once at the end
(store/kpi_rollups.py). Search tokens come
from store.tokens.document_tokens, pinyin keys from store.pinyin.key_rows, name sort keys from
store.name_order.sort_key, reversed digits from
store.phones.reversed_digits, customers.last_contact_at from the calls. The
build connection alone runs with `PRAGMA synchronous = OFF` (a throw-away store;
rebuild it if the machine crashes mid-way).

Left out on purpose: audit_log rows for the bulk load (no one "did" these
inserts; one change_log row per topic is written at the end), per-call
on-call/wrap-up status rows (the status log is coarse), and links from
callback attempts to calls (attempt.call_id is NULL).
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from array import array
from bisect import bisect_right
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import build_cases  # noqa: E402  (bench/build_cases.py: cases and their timelines)

from demo import mix, places, words  # noqa: E402  (the same mix of work, words and numbers as the demo)
from store import open_store  # noqa: E402
from store.kpi_rollups import create_triggers, drop_triggers, rebuild_from_settings  # noqa: E402
from store.name_order import sort_key  # noqa: E402
from store.phones import reversed_digits  # noqa: E402
from store.pinyin import INSERT as INSERT_PINYIN  # noqa: E402
from store.pinyin import key_rows  # noqa: E402
from store.tokens import document_tokens  # noqa: E402

BENCH_NOW = "2026-11-26T06:00:00Z"  # 14:00 on a Thursday in Shanghai
ZONE = ZoneInfo("Asia/Shanghai")
CHUNK = 50_000

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
            "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
            "欧阳")
GIVEN = ("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂兰玉萍红华建国文斌辉鹏飞宇浩然子轩梓涵欣怡佳琪"
         "晨阳雪梅海燕志强晓东春生秋菊冬梅丹丹婷婷亮成龙凤翔博文思远雅琴慧敏立新振华德胜永康家豪俊杰天佑")
FIRST = ("James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara Richard Susan "
         "Joseph Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony Betty Mark Margaret Donald "
         "Sandra Steven Ashley Paul Kimberly Andrew Emily Joshua Donna Kenneth Michelle Kevin Carol Brian Amanda "
         "George Melissa Timothy Deborah Ronald Stephanie Jason Rebecca Edward Laura Jeffrey Sharon Ryan Cynthia "
         "Jacob Kathleen Gary Amy Nicholas Angela Eric Shirley Jonathan Anna Stephen Brenda Larry Pamela").split()
LAST = ("Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez "
        "Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez "
        "Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker "
        "Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards "
        "Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson").split()
ZH_WORDS = ("华泰 恒信 鼎盛 博远 天成 盛达 中和 佳联 宏图 瑞丰 永安 金桥 汇通 东方 新世纪 长城 万达 海纳 "
            "正泰 远航 创新 星辰 润发 同德 安泰 顺达 众合 锦程 富通 华信").split()
ZH_TRADES = "科技 贸易 电子 物流 网络 实业 商贸 医疗器械 信息技术 建材 食品 家居 照明 机电".split()
EN_SUFFIX = ["Ltd", "Inc.", "Trading", "& Co.", "Group", "Logistics", "Supplies", "Partners"]
LANDLINE_AREAS = [area for _, area, _ in places.CN_CITIES]
US_AREAS = sorted({area for _, area in places.US_CITIES})
MOBILE_SPACE = len(places.MOBILE_PREFIXES) * 10**8
LANDLINE_SPACE = len(LANDLINE_AREAS) * 7 * 10**7  # local numbers 2000 0000 - 8999 9999
US_EXCHANGES = [x for x in range(201, 1000) if x % 100 != 11]  # N11 codes are not numbers
US_SPACE = len(US_AREAS) * len(US_EXCHANGES) * 10**4
PRIME = 2_654_435_761  # coprime with every space above: j -> j * PRIME + c is a bijection in each


# -- phones: index j -> a unique valid number -----------------------------------------
def phone_of(j: int) -> tuple[str, str]:
    """(e164, raw) of phone number j: a bijection, so distinct j never collide."""
    kind = j % 50
    if kind == 0:  # 2% US
        v = (j * PRIME + 7) % US_SPACE
        area = US_AREAS[v // (len(US_EXCHANGES) * 10**4)]
        exchange = US_EXCHANGES[(v // 10**4) % len(US_EXCHANGES)]
        line = v % 10**4
        return f"+1{area}{exchange}{line:04d}", f"+1 ({area}) {exchange}-{line:04d}"
    if kind <= 4:  # 8% CN landlines
        v = (j * PRIME + 11) % LANDLINE_SPACE
        area = LANDLINE_AREAS[v // (7 * 10**7)]
        local = str(2 * 10**7 + v % (7 * 10**7))
        raw = f"{area}-{local[:4]} {local[4:]}" if j & 1 else f"{area}-{local}"
        return f"+86{area[1:]}{local}", raw
    v = (j * PRIME + 13) % MOBILE_SPACE  # 90% CN mobiles
    national = f"{places.MOBILE_PREFIXES[v // 10**8]}{v % 10**8:08d}"
    style = j % 3
    raw = national if style == 0 else f"{national[:3]} {national[3:7]} {national[7:]}" if style == 1 else f"+86 {national}"
    return "+86" + national, raw


def check_phone_plan(rng: random.Random, samples: int = 3000) -> None:
    """The number plan is valid: every sampled number parses back to itself."""
    from store.phones import normalize

    for _ in range(samples):
        j = rng.randrange(0, 10**9)
        e164, raw = phone_of(j)
        if normalize(raw, "CN").e164 != e164:
            raise SystemExit(f"bench number plan broken: {raw} -> {normalize(raw, 'CN').e164}, expected {e164}")


# -- time ---------------------------------------------------------------------------------
_DAY_PREFIX: dict[int, str] = {}


def iso(epoch: int) -> str:
    day, sec = divmod(epoch, 86400)
    prefix = _DAY_PREFIX.get(day)
    if prefix is None:
        prefix = _DAY_PREFIX[day] = time.strftime("%Y-%m-%dT", time.gmtime(day * 86400))
    return f"{prefix}{sec // 3600:02d}:{sec % 3600 // 60:02d}:{sec % 60:02d}Z"


def local_epoch(day: date, hour: int, minute: int = 0) -> int:
    return int(datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZONE).timestamp())


# -- the builder -----------------------------------------------------------------------------
class Build:
    def __init__(self, args):
        self.a = args
        self.rng = random.Random(args.seed)
        self.now = int(datetime.fromisoformat(args.now.replace("Z", "+00:00")).timestamp())
        self.today = datetime.fromtimestamp(self.now, ZONE).date()
        self.first_day = self.today - timedelta(days=args.days)
        self.window_start = local_epoch(self.first_day, 0)
        self.stages: list[tuple[str, float]] = []

    def stage(self, name: str, started: float) -> None:
        took = time.perf_counter() - started
        self.stages.append((name, took))
        print(f"  {name:<28} {took:8.1f} s", flush=True)

    # -- schema and indexes -------------------------------------------------------------
    def open(self, path: Path):
        self.store = open_store(path)
        self.conn = self.store.conn
        self.conn.execute("PRAGMA synchronous = OFF")  # this connection only: a throw-away bulk load
        self.conn.execute("PRAGMA cache_size = -262144")  # 256 MiB while loading
        self.indexes = self.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY rowid"
        ).fetchall()
        for name, _ in self.indexes:
            self.conn.execute(f'DROP INDEX "{name}"')
        drop_triggers(self.conn)  # the KPI rollups are rebuilt once after the load (rollups below)

    def tx(self):
        return self.store.transaction(immediate=True)

    # -- agents ---------------------------------------------------------------------------------
    def agents(self) -> None:
        a, rng = self.a, self.rng
        per_team = max(2, a.agents // a.teams)
        at = iso(self.window_start - 90 * 86400)
        rows = [(1, "admin", "管理员", "admin", None, "8000", 1, at, at, sort_key("管理员"))]
        self.front: list[int] = []
        self.leads: list[int] = []
        self.team_lead: dict[int, int] = {}
        self.login: dict[int, str] = {1: "admin"}
        number = 0
        for t in range(a.teams):
            team = f"team{t + 1:02d}"
            size = per_team + (1 if t < a.agents - per_team * a.teams else 0)
            for k in range(size):
                agent_id = len(rows) + 1
                if k == 0:
                    login, role = f"lead{t + 1:02d}", "lead"
                    self.leads.append(agent_id)
                    lead = agent_id
                else:
                    number += 1
                    login, role = f"agent{number:04d}", "agent"
                    self.front.append(agent_id)
                self.team_lead[agent_id] = lead
                self.login[agent_id] = login
                name = rng.choice(SURNAMES[:-2]) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
                rows.append((agent_id, login, name, role, team, str(100000 + agent_id), 1, at, at, sort_key(name)))
        with self.tx() as conn:
            conn.executemany("INSERT INTO agents (id, login, display_name, role, team, extension, active,"
                             " created_at, updated_at, name_sort) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            for key, value in (("timezone", '"Asia/Shanghai"'), ("phone_region", '"CN"')):
                conn.execute("INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, 'admin')",
                             (key, value, at))
        self.n_agents = len(rows)

    # -- customers, phones, tokens -----------------------------------------------------------
    def chinese_name(self) -> str:
        rng = self.rng
        surname = "欧阳" if rng.random() < 0.005 else SURNAMES[int(len(SURNAMES[:-2]) * rng.random() ** 1.6)]
        return surname + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")

    def customers(self) -> None:
        a, rng = self.a, self.rng
        n, p = a.customers, a.phones
        # second phones: phone j >= n belongs to customer ((j - n) * K) % n + 1, all distinct
        self.second_k = 7919
        while math.gcd(self.second_k, n) != 1:
            self.second_k += 2
        self.second_inv = pow(self.second_k, -1, n) if n > 1 else 0
        zh_cities = [c for c, _, _ in places.CN_CITIES]
        en_cities = places.EN_CN_CITIES + [c for c, _ in places.US_CITIES]
        self.lang = bytearray(n + 1)  # 1 = Chinese-speaking
        for start in range(1, n + 1, CHUNK):
            cust_rows, fts_rows, phone_rows, pinyin_rows = [], [], [], []
            for cid in range(start, min(n, start + CHUNK - 1) + 1):
                zh = rng.random() < 0.5
                self.lang[cid] = zh
                if zh:
                    name = self.chinese_name()
                    city = rng.choice(zh_cities)
                    company = (city + rng.choice(ZH_WORDS) + rng.choice(ZH_TRADES) + "有限公司") if rng.random() < 0.6 else ""
                    email = f"{rng.randrange(10**7, 10**10)}@{rng.choice(('qq.com', '163.com', '126.com'))}" if rng.random() < 0.4 else ""
                    wechat = f"wxid_{rng.randrange(36**9):x}" if rng.random() < 0.6 else ""
                    notes = rng.choice(words.CUSTOMER_NOTES_ZH) if rng.random() < 0.2 else ""
                    tags = rng.choice(("", "", "", "vip", "wholesale", "老客户", "经销商", "retail"))
                else:
                    first, last = rng.choice(FIRST), rng.choice(LAST)
                    name = f"{first} {last}"
                    city = rng.choice(en_cities)
                    company = f"{rng.choice(LAST)} {rng.choice(EN_SUFFIX)}" if rng.random() < 0.6 else ""
                    email = f"{first}.{last}{cid % 1000}@example.com".lower() if rng.random() < 0.8 else ""
                    wechat = f"{first.lower()}_{cid % 10000}" if rng.random() < 0.1 else ""
                    notes = rng.choice(words.CUSTOMER_NOTES_EN) if rng.random() < 0.2 else ""
                    tags = rng.choice(("", "", "", "vip", "overseas", "retail", "key-account"))
                r = rng.random()
                status = "contracted" if r < 0.45 else "prospect" if r < 0.88 else "churned"
                created = iso(self.window_start - rng.randrange(86400, 3 * 365 * 86400))
                cust_rows.append((cid, name, company, email, wechat, city, status, tags, notes,
                                  1 if rng.random() < 0.02 else 0, created, "admin", created, "admin", sort_key(name)))
                fts_rows.append((cid, document_tokens(name, company, email, wechat, city, tags, notes)))
                pinyin_rows.extend(key_rows(cid, name, company))
                e164, raw = phone_of(cid - 1)
                phone_rows.append((cid, cid, e164, raw, reversed_digits(e164), 1, created))
            with self.tx() as conn:
                conn.executemany("INSERT INTO customers (id, name, company, email, wechat_id, city, status, tags, notes,"
                                 " do_not_call, created_at, created_by, updated_at, updated_by, name_sort)"
                                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", cust_rows)
                conn.executemany("INSERT INTO customer_fts (rowid, tokens) VALUES (?, ?)", fts_rows)
                conn.executemany(INSERT_PINYIN, pinyin_rows)
                conn.executemany("INSERT INTO customer_phones (id, customer_id, e164, raw, digits_rev, is_main, created_at)"
                                 " VALUES (?, ?, ?, ?, ?, ?, ?)", phone_rows)
        for start in range(n, p, CHUNK):
            rows = []
            for j in range(start, min(p, start + CHUNK)):
                cid = ((j - n) * self.second_k) % n + 1
                e164, raw = phone_of(j)
                rows.append((j + 1, cid, e164, raw, reversed_digits(e164), 0, iso(self.window_start - 86400)))
            with self.tx() as conn:
                conn.executemany("INSERT INTO customer_phones (id, customer_id, e164, raw, digits_rev, is_main, created_at)"
                                 " VALUES (?, ?, ?, ?, ?, ?, ?)", rows)

    def customer_phone(self, cid: int) -> str:
        """The number a customer calls from: the main one, sometimes their second."""
        n = self.a.customers
        k = ((cid - 1) * self.second_inv) % n if n > 1 else 0
        if k < self.a.phones - n and self.rng.random() < 0.3:
            return phone_of(n + k)[0]
        return phone_of(cid - 1)[0]

    # -- calls --------------------------------------------------------------------------------
    def day_plan(self) -> list[tuple[date, float]]:
        """(day, weight) for every day with calls; weight ~ agent-hours worked."""
        plan = []
        d = self.first_day
        while d <= self.today:
            w = 1.0 if d.weekday() < 5 else 0.25
            if d == self.today:
                worked = self.now - 60 - local_epoch(d, 9)
                w *= 0.0 if worked < 1800 else min(1.0, worked / (9 * 3600))
            if w > 0:
                plan.append((d, w))
            d += timedelta(days=1)
        return plan

    def calls(self) -> None:
        a, rng = self.a, self.rng
        plan = self.day_plan()
        total_w = sum(w for _, w in plan)
        per_day = [int(a.calls * w / total_w) for _, w in plan]
        for i in range(a.calls - sum(per_day)):  # the remainder, one each from the busiest days
            per_day[i % len(per_day)] += 1
        cat_keys, cat_cum = mix.weighted(mix.CATEGORY_MIX)
        chan_keys, chan_cum = mix.weighted(mix.INBOUND_CHANNELS)
        outcome_w = {c: mix.weighted(m) for c, m in mix.OUTCOME_MIX.items()}
        self.last_contact = array("q", bytes(8 * (a.customers + 1)))
        self.sources: list[tuple] = []  # callback-needed calls kept for callbacks
        expected_sources = a.calls * 0.09
        keep = min(1.0, a.callbacks * 0.7 / max(1.0, expected_sources))
        self.work_days: list[tuple[date, list[int]]] = []
        self.conduct: list[tuple] = []
        call_id = 0
        uniq = 0
        n_cust = a.customers
        stranger_base = a.phones
        # the busy customers call more: a skewed pick over customer ids
        for (d, _), count in zip(plan, per_day):
            weekend = d.weekday() >= 5
            if weekend:
                working = [x for x in self.front if rng.random() < 0.3] or self.front[:1]
            else:
                working = [x for x in self.front if not self.conduct_of(x, d)]
            leads = [] if weekend else self.leads
            pool = working + leads
            weights = [1.0 if x in working else 0.15 for x in pool] if leads else [1.0] * len(pool)
            cum, acc = [], 0.0
            for w in weights:
                acc += w * (0.7 + 0.6 * rng.random())
                cum.append(acc)
            counts = [0] * len(pool)
            for _ in range(count):
                counts[bisect_right(cum, rng.random() * acc)] += 1
            self.work_days.append((d, pool))
            w0 = local_epoch(d, 9)
            w1 = min(local_epoch(d, 18), self.now - 60) if d == self.today else local_epoch(d, 18)
            lunch0 = local_epoch(d, 12)
            day_rows = []
            for agent_id, n in zip(pool, counts):
                if n == 0:
                    continue
                login = self.login[agent_id]
                lunch_len = min(3600, max(0, w1 - lunch0))
                available = (w1 - w0) - lunch_len
                calls = []
                busy = 0
                for _ in range(n):
                    category = cat_keys[bisect_right(cat_cum, rng.random() * cat_cum[-1])]
                    out = rng.random() < mix.OUTBOUND_SHARE.get(category, mix.OUTBOUND_OTHER)
                    if out:
                        channel = "phone"
                    else:
                        channel = chan_keys[bisect_right(chan_cum, rng.random() * chan_cum[-1])]
                        if category == "return-visit":
                            category = "consultation"
                    known = out or rng.random() < 0.9
                    cid = int(n_cust * rng.random() ** 1.3) + 1 if known else None
                    if out and rng.random() < 0.15:
                        outcome = "no-answer"
                    elif cid is None and channel == "phone" and rng.random() < 0.05:
                        outcome = "wrong-number"
                    else:
                        keys, cum_o = outcome_w[category]
                        outcome = keys[bisect_right(cum_o, rng.random() * cum_o[-1])]
                        if outcome == "callback-needed" and cid is None and channel != "phone":
                            outcome = "resolved"
                    if outcome == "no-answer":
                        talk, hold, wrap = 0, 0, rng.randint(5, 20)
                    elif outcome == "wrong-number":
                        talk, hold, wrap = rng.randint(8, 30), 0, rng.randint(5, 15)
                    else:
                        talk = int(min(2400, max(20, rng.lognormvariate(5.193, 0.55) * mix.TALK_SCALE[category])))
                        hold = int(min(900, max(5, rng.lognormvariate(3.8, 0.7)))) if channel == "phone" and rng.random() < 0.2 else 0
                        wrap = rng.randint(20, 90)
                    busy += talk + hold + wrap
                    calls.append([cid, out, channel, category, outcome, talk, hold, wrap])
                if busy > 0.9 * available:  # a heavy day: shorter calls, never overlapping ones
                    f = 0.9 * available / busy
                    busy = 0
                    for c in calls:
                        c[5], c[6], c[7] = int(c[5] * f), int(c[6] * f), max(1, int(c[7] * f))
                        busy += c[5] + c[6] + c[7]
                cuts = sorted(rng.random() for _ in range(len(calls)))
                free = available - busy
                v = prev_cut = 0
                for c, cut in zip(calls, cuts):
                    v += int((cut - prev_cut) * free)
                    prev_cut = cut
                    s = w0 + v if w0 + v < lunch0 else w0 + v + lunch_len
                    cid, out, channel, category, outcome, talk, hold, wrap = c
                    v += talk + hold + wrap
                    zh = self.lang[cid] if cid else 1
                    phone = raw = None
                    if channel == "phone":
                        if cid:
                            phone = phone_of(cid - 1)[0] if out else self.customer_phone(cid)
                        else:
                            phone = phone_of(stranger_base + rng.randrange(max(1000, n_cust // 20)))[0]
                        raw = phone[3:] if phone.startswith("+861") else ("0" + phone[3:]) if phone.startswith("+86") else phone
                    if outcome in ("no-answer", "wrong-number"):
                        notes = ("无人接听" if zh else "No answer") if outcome == "no-answer" else ("打错电话" if zh else "Wrong number")
                    else:
                        notes = rng.choice((words.NOTES_ZH if zh else words.NOTES_EN)[category]).replace(
                            "{order}", "").replace("{waybill}", "").replace("{amount}", "")
                    order_no = waybill = amount = target = reason = None
                    if category in ("order", "after-sales", "billing") and rng.random() < 0.4:
                        order_no = f"SO{d:%Y%m%d}{rng.randrange(10**6):06d}"
                    if category == "shipping" and rng.random() < 0.6:
                        waybill = f"SF{rng.randrange(10**12):012d}"
                    if category == "billing" and rng.random() < 0.5:
                        amount = rng.randrange(20000, 8_000_000)
                    if outcome.startswith("escalated-"):
                        target = outcome[10:]
                        reason = rng.choice((words.ESCALATION_ZH if zh else words.ESCALATION_EN)[target])
                    uid = rec = None
                    if channel == "phone":
                        uniq += 1
                        uid = f"{s}.{uniq}"
                        if talk and rng.random() < 0.7:
                            rec = f"https://pbx.example.com/recordings/{uid}.wav"
                    saved = s + talk + hold + wrap
                    survey = survey_at = None
                    if talk >= 20 and rng.random() < 0.32:
                        survey = rng.choices((1, 2, 3, 4, 5), (4, 5, 10, 26, 55))[0]
                        survey_at = iso(min(self.now, saved + rng.randrange(30, 900)))
                    day_rows.append((s, agent_id, cid, "out" if out else "in", channel, category, outcome, phone, raw,
                                     iso(s), iso(s + talk + hold), talk, hold, wrap, notes, order_no, waybill, amount,
                                     target, reason, uid, rec, survey, survey_at, iso(saved), iso(saved), login))
            day_rows.sort(key=lambda r: (r[0], r[1]))
            rows = []
            for r in day_rows:
                call_id += 1
                rows.append((call_id,) + r[1:])
                cid = r[2]
                if cid and r[0] > self.last_contact[cid]:
                    self.last_contact[cid] = r[0]
                if r[6] == "callback-needed" and rng.random() < keep:
                    self.sources.append((call_id, r[1], cid, r[7], r[0] + r[11] + r[12] + r[13], r[5]))
            with self.tx() as conn:
                conn.executemany(
                    "INSERT INTO calls (id, agent_id, customer_id, direction, channel, category, outcome, phone_e164,"
                    " phone_raw, started_at, ended_at, talk_s, hold_s, wrap_s, notes, order_no, waybill_no,"
                    " amount_due_cents, escalation_target, escalation_reason, uniqueid, recording_url, survey_score,"
                    " survey_at, created_at, updated_at, updated_by)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        self.n_calls = call_id

    def conduct_of(self, agent_id: int, d: date) -> bool:
        """Roll this weekday's conduct events for an agent; True when absent (no calls that day)."""
        if d >= self.today:
            return False
        absent = False
        for kind, p in (("late", 0.02), ("early-leave", 0.006), ("absence", 0.003),
                        ("dress-code", 0.004), ("hygiene", 0.002), ("missed-meeting", 0.004)):
            if self.rng.random() < p:
                absent = absent or kind == "absence"
                self.conduct.append((agent_id, kind, d.isoformat(), mix.CONDUCT_POINTS[kind],
                                     self.rng.choice(words.CONDUCT_NOTES[kind]), self.login[self.team_lead[agent_id]],
                                     iso(local_epoch(d, 18, 10)), None, None, None, None))
        return absent

    def last_contacts(self) -> None:
        rows = []
        for cid in range(1, self.a.customers + 1):
            t = self.last_contact[cid]
            if t:
                rows.append((iso(t), cid))
            if len(rows) >= CHUNK * 4 or cid == self.a.customers:
                with self.tx() as conn:
                    conn.executemany("UPDATE customers SET last_contact_at = ? WHERE id = ?", rows)
                rows = []

    # -- callbacks ------------------------------------------------------------------------------
    def in_hours(self, t: int) -> int:
        local = datetime.fromtimestamp(t, ZONE)
        if local.weekday() < 5 and 9 <= local.hour < 17:
            return t
        d = local.date() + timedelta(days=0 if local.hour < 9 else 1)
        while d.weekday() >= 5:
            d += timedelta(days=1)
        return local_epoch(d, 10, self.rng.choice((0, 15, 30, 45)))

    def callbacks(self) -> None:
        a, rng, now = self.a, self.rng, self.now
        total = a.callbacks
        n_callback = min(len(self.sources), int(total * 0.7))
        n_rv = (total - n_callback) // 2
        n_missed = total - n_callback - n_rv
        sources = rng.sample(self.sources, n_callback)
        sources.sort()
        del self.sources
        open_rv: set[int] = set()
        open_missed: set[str] = set()
        cb_rows, attempt_rows = [], []
        specs = []
        for call_id, agent_id, cid, phone, saved, category in sources:
            due = self.in_hours(saved + rng.choice((3600, 7200, 4 * 3600, 86400, 2 * 86400)))
            owner = agent_id if rng.random() < 0.9 else None
            reason = (words.CALLBACK_REASON_ZH if not cid or self.lang[cid] else words.CALLBACK_REASON_EN)[category]
            if phone is None and cid:
                phone = phone_of(cid - 1)[0]
            specs.append(("callback", cid, phone, reason, saved, due, 1 if category == "complaint" else 2, owner,
                          call_id, self.login[agent_id]))
        span = max(1, now - self.window_start)
        for _ in range(n_rv):
            cid = rng.randrange(a.customers) + 1
            created = self.window_start + int(span * rng.random() ** 0.7)
            created = min(created, now - 60)
            due = self.in_hours(created + rng.randint(3, 7) * 86400)
            reason = words.RETURN_VISIT_ZH if self.lang[cid] else words.RETURN_VISIT_EN
            owner = rng.choice(self.front) if rng.random() < 0.7 else None
            specs.append(("return-visit", cid, phone_of(cid - 1)[0], reason, created, due, 3, owner, None,
                          self.login[owner] if owner else "admin"))
        for _ in range(n_missed):
            created = min(now - 60, self.window_start + int(span * rng.random() ** 0.5))
            if rng.random() < 0.7:
                cid = rng.randrange(a.customers) + 1
                phone = phone_of(cid - 1)[0]
            else:
                cid, phone = None, phone_of(a.phones + rng.randrange(max(1000, a.customers // 20)))[0]
            specs.append(("missed-call", cid, phone, "missed call (hotline)", created, created + 600, 1, None, None, "admin"))
        specs.sort(key=lambda x: x[4])
        for cb_id, (kind, cid, phone, reason, created, due, priority, owner, source, by) in enumerate(specs, start=1):
            # recent ones are still open (overdue, due today, later); old ones were worked or given up
            if due > now:
                status = "open"
            elif now - due < 3 * 86400:
                status = "open" if rng.random() < 0.5 else "done"
            else:
                status = "done" if rng.random() < 0.88 else "cancelled"
            duplicate = False
            if status == "open" and kind == "return-visit":  # one open return visit per customer
                duplicate = cid in open_rv
                open_rv.add(cid)
            if status == "open" and kind == "missed-call":  # one open missed call per number
                duplicate = phone in open_missed
                open_missed.add(phone)
            closed = cancel = None
            by_update = by
            if duplicate:  # the second one was closed at once as a duplicate
                status, cancel, closed = "cancelled", "duplicate", min(now - 1, created + 60)
            elif status != "open":
                worker = owner if owner is not None else rng.choice(self.front)
                tries = rng.choice((1, 1, 1, 2, 2, 3)) if status == "done" else 3
                at = max(created + 60, due)
                for k in range(tries):
                    at = min(now - 1, at + (0 if k == 0 else rng.randrange(3600, 2 * 86400)) + rng.randrange(60, 3600))
                    result = "reached" if k == tries - 1 and status == "done" else "no-answer"
                    attempt_rows.append((cb_id, iso(at), worker, result, None, ""))
                closed, owner, by_update = at, worker, self.login[worker]
                if status == "cancelled":
                    cancel = "no answer after 3 attempts"
            cb_rows.append((cb_id, kind, cid, phone, reason, iso(due), iso(due), priority, owner, status, source,
                            cancel, iso(created), by, iso(closed or created), by_update,
                            iso(closed) if closed else None))
        with self.tx() as conn:
            conn.executemany("INSERT INTO callbacks (id, kind, customer_id, phone_e164, reason, first_due_at, due_at,"
                             " priority, owner_id, status, source_call_id, cancel_reason, created_at, created_by,"
                             " updated_at, updated_by, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             cb_rows)
            conn.executemany("INSERT INTO callback_attempts (callback_id, at, agent_id, result, call_id, note)"
                             " VALUES (?, ?, ?, ?, ?, ?)", attempt_rows)
        self.n_attempts = len(attempt_rows)

    def cases(self) -> None:
        with self.tx() as conn:
            build_cases.add_cases(conn, random.Random(self.a.seed + 19), self.now, self.a.cases, self.a.days)

    # -- status log and conduct --------------------------------------------------------------
    def status_and_conduct(self) -> None:
        rng, now = self.rng, self.now
        everyone = [1] + self.leads + self.front
        current: dict[int, list] = {}  # agent -> their open row [agent, status, reason, start, end]
        rows: list = []

        def flush():
            with self.tx() as conn:
                conn.executemany("INSERT INTO agent_status_log (agent_id, status, reason, started_at, ended_at)"
                                 " VALUES (?, ?, ?, ?, ?)",
                                 [(r[0], r[1], r[2], iso(r[3]), iso(r[4]) if r[4] is not None else None) for r in rows])
            rows.clear()

        def switch(agent_id, status, reason, at):
            row = current.get(agent_id)
            if row is not None:
                row[4] = at
                rows.append(row)
            current[agent_id] = [agent_id, status, reason, at, None]

        for d, pool in self.work_days:
            in_today = set(pool) | ({1} if d.weekday() < 5 else set())
            for agent_id in everyone:
                if agent_id not in in_today:
                    continue
                start = local_epoch(d, 9) + rng.randrange(-600, 180)
                if start > now:
                    continue
                end = local_epoch(d, 18) + rng.randrange(0, 900)
                rest = local_epoch(d, 15, 30) + rng.randrange(-1800, 1800)
                for status, reason, at in (("ready", None, start), ("break", "lunch", local_epoch(d, 12)),
                                           ("ready", None, local_epoch(d, 13)), ("break", "rest", rest),
                                           ("ready", None, rest + 900), ("offline", None, end)):
                    if at > now:
                        break
                    switch(agent_id, status, reason, at)
            if len(rows) >= CHUNK * 4:
                flush()
        rows.extend(current.values())
        flush()
        with self.tx() as conn:
            conn.executemany("INSERT INTO conduct_events (agent_id, kind, occurred_on, points, note, entered_by,"
                             " entered_at, appeal_status, appeal_reason, decided_by, decided_at)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self.conduct)
            at = iso(now)
            for topic in ("agents", "settings", "customers", "calls", "callbacks", "status"):
                conn.execute("INSERT INTO change_log (topic, row_id, at, actor) VALUES (?, NULL, ?, 'admin')", (topic, at))

    # -- finish -------------------------------------------------------------------------------
    def reindex(self) -> None:
        for name, sql in self.indexes:
            started = time.perf_counter()
            with self.tx() as conn:
                conn.execute(sql)
            print(f"    index {name:<34} {time.perf_counter() - started:6.1f} s", flush=True)

    def rollups(self) -> None:
        """The daily KPI rollups (per agent and day, and per category) of every call loaded, and their triggers
        back (store/kpi_rollups.py)."""
        with self.tx() as conn:
            rows = rebuild_from_settings(conn, self.a.now)
            create_triggers(conn)
            categories = conn.execute("SELECT count(*) FROM kpi_day_category_rollups").fetchone()[0]
        print(f"    {rows:,} agent-day rollup rows, {categories:,} agent-day-category rows", flush=True)

    def optimize(self) -> None:
        with self.tx() as conn:
            conn.execute("INSERT INTO customer_fts (customer_fts) VALUES ('optimize')")

    def analyze(self) -> None:
        with self.store._lock:
            self.conn.execute("ANALYZE")
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--path", default=str(ROOT / "bench" / "bench.db"))
    p.add_argument("--customers", type=int, default=1_000_000)
    p.add_argument("--phones", type=int, default=1_200_000)
    p.add_argument("--calls", type=int, default=5_000_000)
    p.add_argument("--days", type=int, default=180)
    p.add_argument("--agents", type=int, default=500)
    p.add_argument("--teams", type=int, default=50)
    p.add_argument("--callbacks", type=int, default=200_000)
    p.add_argument("--cases", type=int, default=200_000, help="cases with timelines (bench/build_cases.py)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--now", default=BENCH_NOW, help=f"the store's 'now', UTC ISO (default {BENCH_NOW})")
    p.add_argument("--force", action="store_true", help="replace an existing file at --path")
    args = p.parse_args(argv)
    if args.customers < 1 or args.phones < args.customers:
        p.error("--phones must be at least --customers (every customer has a main phone), and --customers at least 1")
    if args.phones - args.customers > args.customers:
        p.error("--phones may be at most twice --customers (one second phone each)")
    if args.teams < 1 or args.agents < 2 * args.teams:
        p.error("--agents must be at least twice --teams (each team: a lead and an agent)")
    if args.days < 1 or args.calls < 0 or args.callbacks < 0:
        p.error("--days must be at least 1; --calls and --callbacks 0 or more")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    path = Path(args.path).expanduser()
    siblings = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    if path.exists():
        if not args.force:
            print(f"{path} exists; pass --force to rebuild it.", file=sys.stderr)
            return 1
        for f in siblings:
            if f.exists():
                f.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    b = Build(args)
    print(f"building {path}: {args.customers:,} customers, {args.phones:,} phones, {args.calls:,} calls over "
          f"{args.days} days, {args.agents} agents in {args.teams} teams, {args.callbacks:,} callbacks; "
          f"seed {args.seed}, now {args.now}", flush=True)
    t0 = time.perf_counter()
    for name, step in (("number plan check", lambda: check_phone_plan(random.Random(args.seed))),
                       ("schema", lambda: b.open(path)),
                       ("agents, settings", b.agents),
                       ("customers, phones, tokens", b.customers),
                       ("calls", b.calls),
                       ("customers.last_contact_at", b.last_contacts),
                       ("callbacks, attempts", b.callbacks),
                       ("status log, conduct", b.status_and_conduct),
                       ("cases, timelines", b.cases),
                       ("indexes", b.reindex),
                       ("KPI rollups", b.rollups),
                       ("search index optimize", b.optimize),
                       ("analyze, checkpoint", b.analyze)):
        started = time.perf_counter()
        step()
        b.stage(name, started)
    total = time.perf_counter() - t0
    b.store.close()
    size = path.stat().st_size
    print(f"total {total:.1f} s ({total / 60:.1f} min); {path} is {size:,} bytes ({size / 2**30:.2f} GiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
