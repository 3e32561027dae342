"""Demo data for `agentdesk demo`: a small call centre with a believable past.

Deterministic: the same seed and the same "today" (from `store.clock`) give
identical rows. Everything is generated in Python first, then bulk-inserted
in one write transaction (executemany), with what the store's own write
functions would have produced alongside: search tokens, reversed phone
digits, customers.last_contact_at, audit rows and change-log rows.

The past is simulated day by day in time order across all agents, so the
rows agree with each other: calls never overlap for an agent, status rows
follow the calls, callbacks are worked by later outbound calls (with their
attempts), missed calls wait in the pool until someone claims them.

Shifts are 09:00-18:00 in Asia/Shanghai on weekdays (a small weekend rota).
Today everyone is in, up to "now"; when the demo starts before 09:30 local
time, the demo agent's team is on an early rota that began a few hours ago,
so the desk always opens on a day in progress.
"""

from __future__ import annotations

import heapq
import json
import math
import random
import time as _time
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from store import phones as phone_lib
from store import settings as settings_lib
from store.customers import clean_fields
from store.tokens import document_tokens

DEMO_AGENT = "agent01"
ADMIN_LOGIN = "admin"
DEMO_TIMEZONE = "Asia/Shanghai"
DEMO_REGION = "CN"
TEAMS = ("north", "south")  # 华北 / 华南

# -- the mix of work ---------------------------------------------------------------
CATEGORY_MIX = {
    "consultation": 35, "order": 15, "after-sales": 15, "complaint": 10,
    "shipping": 8, "billing": 6, "feedback": 6, "return-visit": 5,
}
# outcomes of a call that reached the customer, by category
OUTCOME_MIX = {
    "consultation": {"resolved": 85, "callback-needed": 6, "transferred": 5, "escalated-sales": 4},
    "order": {"resolved": 84, "callback-needed": 6, "escalated-sales": 6, "transferred": 4},
    "after-sales": {"resolved": 64, "escalated-tech": 16, "callback-needed": 14, "transferred": 6},
    "complaint": {"resolved": 52, "escalated-manager": 16, "callback-needed": 17, "escalated-tech": 9, "transferred": 6},
    "shipping": {"resolved": 84, "callback-needed": 11, "transferred": 5},
    "billing": {"resolved": 78, "callback-needed": 12, "escalated-sales": 5, "escalated-manager": 5},
    "feedback": {"resolved": 88, "escalated-sales": 6, "escalated-tech": 6},
    "return-visit": {"resolved": 90, "callback-needed": 6, "escalated-manager": 4},
}
# share of outbound calls by category (return visits are always outbound)
OUTBOUND_SHARE = {"return-visit": 1.0, "billing": 0.45, "shipping": 0.2}
OUTBOUND_OTHER = 0.04
INBOUND_CHANNELS = {"phone": 86, "wechat": 7, "walk-in": 4, "email": 3}
# talk-time scale by category (median talk ~180 s overall)
TALK_SCALE = {
    "consultation": 1.0, "order": 1.1, "after-sales": 1.3, "complaint": 1.6,
    "shipping": 0.7, "billing": 0.9, "feedback": 0.85, "return-visit": 0.6,
}
CONDUCT_POINTS = {
    "missed-meeting": -1.0, "late": -1.0, "early-leave": -1.0,  # late/early-leave: per full 3
    "absence": -1.0, "dress-code": -1.0, "hygiene": -2.0,
}

# -- words ---------------------------------------------------------------------------
NOTES_ZH = {
    "consultation": ["咨询产品规格和价格，已发资料", "询问是否支持开发票，已说明", "咨询企业采购优惠政策", "问保修期限，已解答",
                     "咨询新品上市时间", "询问门店地址和营业时间", "咨询批量采购报价，已转报价单", "问能否加急发货"],
    "order": ["电话下单 {order}，已确认收货地址", "客户追加订单数量，已修改 {order}", "确认订单 {order} 付款方式为对公转账",
              "下单前确认库存，已下单 {order}", "修改订单 {order} 的收货人电话"],
    "after-sales": ["产品无法开机，指导重置后恢复", "申请退换货，订单 {order}，已登记", "配件缺失，安排补发",
                    "安装问题，预约上门服务", "使用一周后出现异响，已转技术评估", "要求延长保修，已登记"],
    "complaint": ["投诉送货延误三天，已致歉并跟进", "投诉客服态度，已记录并转主管", "收到的商品有破损，要求赔偿",
                  "投诉重复扣款，已核实", "对售后处理结果不满意，要求经理回电", "投诉安装师傅迟到"],
    "shipping": ["查询运单 {waybill} 物流状态", "要求改派送地址，运单 {waybill}", "首次发货申请，已通知仓库",
                 "确认发货时间，预计明天送达", "物流显示签收但客户未收到，运单 {waybill}"],
    "billing": ["核对对账单，差额已说明", "催收应收款 {amount} 元，客户承诺本周付款", "申请开具增值税专用发票",
                "发票抬头有误，重新开具", "确认到账金额 {amount} 元"],
    "feedback": ["建议增加深色款式", "反馈说明书不够清楚", "希望提供微信下单渠道", "反馈包装过度，建议简化",
                 "对新版本很满意，建议增加配件"],
    "return-visit": ["回访使用情况，客户满意", "回访售后处理结果，问题已解决", "定期回访，客户有续约意向",
                     "回访投诉处理，客户表示认可", "回访新客户，介绍会员权益"],
}
NOTES_EN = {
    "consultation": ["Asked about specs and prices, sent the brochure", "Asked whether we issue invoices, explained",
                     "Asked about volume discounts", "Warranty period question, answered", "Asked when the new model ships"],
    "order": ["Phone order {order}, delivery address confirmed", "Added items to order {order}",
              "Order {order} to be paid by bank transfer", "Checked stock, placed order {order}"],
    "after-sales": ["Unit does not power on, walked through a reset", "Return requested for order {order}, logged",
                    "Missing accessory, replacement sent", "Needs installation help, booked a technician visit"],
    "complaint": ["Delivery three days late, apologised and following up", "Unhappy with a previous agent, noted for the lead",
                  "Item arrived damaged, asks for compensation", "Charged twice, checking with finance"],
    "shipping": ["Tracking waybill {waybill}", "Change of delivery address for waybill {waybill}",
                 "First shipment request, passed to the warehouse", "Confirmed delivery for tomorrow"],
    "billing": ["Went through the statement, difference explained", "Reminder for {amount} outstanding, will pay this week",
                "Asked for a VAT invoice", "Invoice title wrong, reissued"],
    "feedback": ["Would like a darker colour", "Manual is hard to follow", "Suggests ordering through WeChat",
                 "Happy with the new version, wants more accessories"],
    "return-visit": ["Follow-up on usage, customer satisfied", "Follow-up on the repair, issue solved",
                     "Regular follow-up, interested in renewing", "Follow-up on complaint, customer accepts the solution"],
}
ESCALATION_ZH = {
    "tech": ["疑似硬件故障，需技术检测", "软件报错，需技术远程协助", "安装环境特殊，需工程师评估"],
    "sales": ["批量采购需销售报价", "客户要求定制方案", "合同续约需销售跟进"],
    "manager": ["客户要求赔偿，超出权限", "重大投诉，需经理处理", "客户情绪激动，要求主管回电"],
}
ESCALATION_EN = {
    "tech": ["Suspected hardware fault, needs a technician", "Software error, needs remote support"],
    "sales": ["Volume order needs a sales quote", "Wants a custom offer"],
    "manager": ["Asks for compensation beyond my limit", "Serious complaint for the manager"],
}
CALLBACK_REASON_ZH = {
    "consultation": "客户要求回电确认报价", "order": "确认订单修改结果后回电", "after-sales": "技术评估后回电告知结果",
    "complaint": "核实情况后回电答复投诉", "shipping": "查明物流情况后回电", "billing": "核对账目后回电",
    "feedback": "整理意见后回电", "return-visit": "客户忙，约定时间再回访",
}
CALLBACK_REASON_EN = {
    "consultation": "Call back to confirm the quote", "order": "Call back once the order change is done",
    "after-sales": "Call back with the technician's findings", "complaint": "Call back with an answer to the complaint",
    "shipping": "Call back once the carrier replies", "billing": "Call back after checking the account",
    "feedback": "Call back about the suggestion", "return-visit": "Customer busy, follow up later",
}
RETURN_VISIT_ZH = "回访：确认问题已解决"
RETURN_VISIT_EN = "Return visit: check the issue is solved"
CONDUCT_NOTES = {
    "missed-meeting": ["未参加晨会", "无故缺席周例会"], "late": ["迟到", "早上迟到，未提前请假"],
    "early-leave": ["早退", "未请假提前离岗"], "absence": ["旷工一天"], "dress-code": ["未佩戴工作牌", "着装不符合要求"],
    "hygiene": ["工位卫生不达标"],
}
CANCEL_REASONS = ["customer no longer needs it", "solved on another call", "customer unreachable"]

# city, landline area code (None: mobiles only), weight
CN_CITIES = [
    ("北京", "010", 10), ("上海", "021", 10), ("广州", "020", 8), ("深圳", "0755", 9), ("杭州", "0571", 6),
    ("成都", "028", 6), ("武汉", "027", 5), ("南京", "025", 5), ("苏州", "0512", 4), ("重庆", "023", 4),
    ("天津", "022", 4), ("西安", "029", 4), ("长沙", "0731", 3), ("青岛", "0532", 3),
]
EN_CN_CITIES = ["Shanghai", "Beijing", "Shenzhen", "Guangzhou", "Hangzhou", "Suzhou"]
US_CITIES = [("New York", "212"), ("New York", "646"), ("San Francisco", "415"), ("Los Angeles", "310"),
             ("Boston", "617"), ("Seattle", "206"), ("Chicago", "312"), ("Austin", "512"), ("San Jose", "408")]
MOBILE_PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155",
                   "156", "157", "158", "159", "166", "176", "177", "180", "181", "185", "186", "187", "188",
                   "189", "198", "199"]
TAGS_ZH = ["vip", "wholesale", "retail", "distributor", "key-account", "老客户", "经销商", "华南", "华北", "online-shop"]
TAGS_EN = ["vip", "wholesale", "retail", "overseas", "key-account", "online-shop"]
CUSTOMER_NOTES_ZH = ["偏好微信联系", "只在工作日下午接电话", "老客户，介绍过多个新客户", "对价格敏感", "需开具专票",
                     "收货地址在园区，需提前电话联系", "曾投诉过物流，注意跟进"]
CUSTOMER_NOTES_EN = ["Prefers e-mail", "Call after 14:00 only", "Long-standing customer", "Needs VAT invoices",
                     "English-speaking, office in Shanghai"]
WAYBILL_PREFIXES = [("SF", 12), ("YT", 13), ("JD", 13), ("ZTO", 12)]


@dataclass(frozen=True)
class DemoSummary:
    agents: int
    customers: int
    phones: int
    calls: int
    callbacks: int
    open_callbacks: int
    attempts: int
    conduct_events: int
    status_rows: int
    demo_agent: str
    seconds: float


def has_agents(store) -> bool:
    with store.read(None) as tx:
        return bool(tx.scalar("SELECT count(*) FROM agents"))


def demo_agent(store) -> str | None:
    """The login the demo desk starts as, when this store has it (active)."""
    with store.read(None) as tx:
        row = tx.one("SELECT active FROM agents WHERE login = ?", (DEMO_AGENT,))
    return DEMO_AGENT if row and row[0] else None


def _iso(epoch: int) -> str:
    return _time.strftime("%Y-%m-%dT%H:%M:%SZ", _time.gmtime(epoch))


def _local_epoch(day: date, hour: int, minute: int, zone: ZoneInfo) -> int:
    return int(datetime.combine(day, time(hour, minute), tzinfo=zone).timestamp())


def weighted(mix: dict) -> tuple[list, list]:
    keys = list(mix)
    cum, total = [], 0
    for k in keys:
        total += mix[k]
        cum.append(total)
    return keys, cum


class _Customer:
    __slots__ = ("id", "lang", "name", "company", "email", "wechat_id", "city", "status", "tags", "notes",
                 "dnc", "created", "created_by", "phones", "last_contact")

    def __init__(self):
        self.phones: list[tuple[str, str]] = []  # (e164, raw), main first
        self.last_contact = None


class _Agent:
    __slots__ = ("id", "login", "name", "role", "team", "ext", "lead", "pending", "status_rows", "cur",
                 "end", "breaks", "left")

    def __init__(self, id_, login, name, role, team, ext):
        self.id, self.login, self.name, self.role, self.team, self.ext = id_, login, name, role, team, ext
        self.lead = None
        self.pending: list = []  # heap of (due, callback id) this agent owns
        self.status_rows: list[list] = []
        self.cur = None  # the open status row

    def set_status(self, status: str, reason, at: int) -> None:
        cur = self.cur
        if cur is not None:
            if cur[1] == status and cur[2] == reason:
                return
            if cur[3] >= at:  # nothing happened in between: replace, never a zero-length row
                cur[1], cur[2] = status, reason
                if len(self.status_rows) > 1 and self.status_rows[-2][1:3] == [status, reason]:
                    self.status_rows.pop()
                    self.cur = self.status_rows[-1]
                    self.cur[4] = None
                return
            cur[4] = at
        self.cur = [self.id, status, reason, at, None]
        self.status_rows.append(self.cur)


class _Callback:
    __slots__ = ("id", "kind", "customer", "phone", "reason", "first_due", "due", "priority", "owner", "status",
                 "source_call", "cancel_reason", "created", "created_by", "updated", "updated_by", "closed",
                 "category", "tries", "neglect", "was_owner")


class _Builder:
    """Generates the whole demo in memory, then `insert` writes it."""

    def __init__(self, now: datetime, customers: int, agents: int, days: int, seed: int):
        from faker import Faker

        self.rng = random.Random(seed)
        self.fake_zh = Faker("zh_CN")
        self.fake_en = Faker("en_US")
        self.fake_zh.seed_instance(seed)
        self.fake_en.seed_instance(seed + 1)
        self.zone = ZoneInfo(DEMO_TIMEZONE)
        self.now = int(now.timestamp())
        self.today = now.astimezone(self.zone).date()
        self.first_day = self.today - timedelta(days=days)
        self.window_start = _local_epoch(self.first_day, 0, 0, self.zone)
        self.n_customers, self.n_agents = customers, agents
        self.used_phones: set[str] = set()
        self.calls: list[list] = []
        self.callbacks: list[_Callback] = []
        self.attempts: list[tuple] = []
        self.conduct: list[tuple] = []
        self.conduct_audit: list[tuple] = []  # (event index, at, actor, before, after) of appeals
        self.survey_audit: list[tuple] = []
        self.uniq = 0
        self.open_rv: set[int] = set()  # customers with an open return visit
        self.open_missed: set[str] = set()  # numbers with an open missed call
        self.pool: list = []  # heap of (due, id) of open callbacks with no owner
        self.by_id: dict[int, _Callback] = {}
        self.cat_keys, self.cat_cum = weighted(CATEGORY_MIX)
        # return visits come mostly from scheduled return-visit callbacks; few are spontaneous
        self.reg_keys, self.reg_cum = weighted({**CATEGORY_MIX, "return-visit": 2})
        self.outcome_w = {c: weighted(m) for c, m in OUTCOME_MIX.items()}
        self.chan_keys, self.chan_cum = weighted(INBOUND_CHANNELS)

    # -- small helpers ---------------------------------------------------------------
    def pick(self, keys, cum):
        return keys[bisect_right(cum, self.rng.random() * cum[-1])]

    def digits(self, n: int) -> str:
        return "".join(str(self.rng.randrange(10)) for _ in range(n))

    def _claim_phone(self, e164_raw: tuple[str, str]) -> tuple[str, str] | None:
        e164, raw = e164_raw
        if e164 in self.used_phones:
            return None
        phone = phone_lib.normalize(raw, DEMO_REGION)  # every demo number must parse as typed
        if phone.e164 != e164:
            raise AssertionError(f"demo phone {raw} parsed as {phone.e164}, expected {e164}")
        self.used_phones.add(e164)
        return e164, raw

    def mobile(self) -> tuple[str, str]:
        while True:
            national = self.rng.choice(MOBILE_PREFIXES) + self.digits(8)
            style = self.rng.random()
            if style < 0.45:
                raw = national
            elif style < 0.75:
                raw = f"{national[:3]} {national[3:7]} {national[7:]}"
            elif style < 0.9:
                raw = f"+86 {national[:3]}-{national[3:7]}-{national[7:]}"
            else:
                raw = f"{national[:3]}-{national[3:7]}-{national[7:]}"
            got = self._claim_phone(("+86" + national, raw))
            if got:
                return got

    def landline(self, area: str) -> tuple[str, str]:
        while True:
            local = str(self.rng.randrange(2, 9)) + self.digits(7)
            style = self.rng.random()
            if style < 0.6:
                raw = f"{area}-{local[:4]} {local[4:]}"
            elif style < 0.85:
                raw = f"{area}-{local}"
            else:
                raw = f"({area}) {local}"
            got = self._claim_phone(("+86" + area[1:] + local, raw))
            if got:
                return got

    def us_number(self, area: str) -> tuple[str, str]:
        while True:
            exchange, line = self.rng.randrange(201, 999), self.rng.randrange(10000)
            if exchange % 100 == 11:  # N11 codes are not numbers
                continue
            raw = f"+1 ({area}) {exchange}-{line:04d}" if self.rng.random() < 0.6 else f"+1 {area}-{exchange}-{line:04d}"
            got = self._claim_phone((f"+1{area}{exchange}{line:04d}", raw))
            if got:
                return got

    # -- people ----------------------------------------------------------------------
    def make_agents(self) -> None:
        fz = self.fake_zh
        self.agents: list[_Agent] = []
        admin = _Agent(1, ADMIN_LOGIN, fz.name(), "admin", None, "8000")
        self.agents.append(admin)
        per_team = [self.n_agents // 2 + (self.n_agents % 2), self.n_agents // 2]
        number = 0
        self.front: list[_Agent] = []
        for t, team in enumerate(TEAMS):
            lead = _Agent(len(self.agents) + 1, f"lead{t + 1}", fz.name(), "lead", team, f"8{t + 1}00")
            self.agents.append(lead)
            for k in range(per_team[t]):
                number += 1
                a = _Agent(len(self.agents) + 1, f"agent{number:02d}", fz.name(), "agent", team, f"8{t + 1}{k + 1:02d}")
                a.lead = lead
                self.agents.append(a)
                self.front.append(a)
            lead.lead = lead
        admin.lead = self.agents[1]
        self.agent_created = self.window_start - 730 * 86400  # before the oldest customer in the archive

    def make_customers(self) -> None:
        rng, fz, fe = self.rng, self.fake_zh, self.fake_en
        city_names = [c[0] for c in CN_CITIES]
        city_cum = []
        total = 0
        for c in CN_CITIES:
            total += c[2]
            city_cum.append(total)
        area_of = {c[0]: c[1] for c in CN_CITIES}
        fronts = [a.login for a in self.front]
        made: list[_Customer] = []
        for _ in range(self.n_customers):
            c = _Customer()
            zh = rng.random() < 0.6
            c.lang = "zh" if zh else "en"
            fake = fz if zh else fe
            c.name = fake.name()
            c.company = fake.company() if rng.random() < (0.6 if zh else 0.65) else ""
            c.email = fake.email() if rng.random() < (0.45 if zh else 0.85) else ""
            if zh:
                r = rng.random()
                if r < 0.5:
                    c.wechat_id = fz.user_name() + self.digits(rng.randrange(0, 4))
                elif r < 0.7:
                    c.wechat_id = "wxid_" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(10))
                else:
                    c.wechat_id = ""
                if rng.random() < 0.75:
                    c.city = city_names[bisect_right(city_cum, rng.random() * total)]
                else:
                    c.city = fz.city_name()
                area = area_of.get(c.city)
                c.phones.append(self.landline(area) if area and rng.random() < 0.15 else self.mobile())
            else:
                c.wechat_id = (fe.user_name() if rng.random() < 0.15 else "")
                if rng.random() < 0.5:
                    c.city, area = rng.choice(US_CITIES)
                    c.phones.append(self.us_number(area))
                else:
                    c.city = rng.choice(EN_CN_CITIES)
                    c.phones.append(self.mobile())
            if rng.random() < 0.15:
                c.phones.append(self.mobile())
            r = rng.random()
            c.status = "contracted" if r < 0.45 else "prospect" if r < 0.88 else "churned"
            tags = rng.sample(TAGS_ZH if zh else TAGS_EN, rng.choice((0, 0, 1, 1, 2)))
            c.notes = rng.choice(CUSTOMER_NOTES_ZH if zh else CUSTOMER_NOTES_EN) if rng.random() < 0.35 else ""
            c.dnc = 1 if rng.random() < 0.03 else 0
            if rng.random() < 0.8:  # in the archive before the window (imported), else new during it
                c.created = self.window_start - rng.randrange(86400, 720 * 86400)
                c.created_by = ADMIN_LOGIN
            else:  # added by an agent during working hours
                c.created = self.window_start + rng.randrange(0, max(1, self.now - 3600 - self.window_start))
                local = datetime.fromtimestamp(c.created, self.zone)
                c.created = min(self.now - 60, _local_epoch(local.date(), rng.randint(9, 17), rng.randrange(60), self.zone))
                c.created_by = rng.choice(fronts)
            fields = clean_fields({"name": c.name, "company": c.company, "email": c.email, "wechat_id": c.wechat_id,
                                   "city": c.city, "status": c.status, "tags": tags, "notes": c.notes})
            c.name, c.company, c.email, c.wechat_id = fields["name"], fields["company"], fields["email"], fields["wechat_id"]
            c.city, c.tags, c.notes = fields["city"], fields["tags"], fields["notes"]
            made.append(c)
        made.sort(key=lambda c: c.created)
        for i, c in enumerate(made, start=1):
            c.id = i
        self.customers = made
        self.created_list = [c.created for c in made]
        cum, total = [], 0.0
        for c in made:  # some customers call far more often than others
            total += rng.lognormvariate(0, 1.0) * (0.4 if c.status == "churned" else 1.0)
            cum.append(total)
        self.cust_cum = cum
        # numbers we do not know: callers who are not (yet) customers
        self.strangers = [self.mobile() for _ in range(200 + self.n_customers // 8)]

    def pick_customer(self, at: int, outbound: bool = False) -> _Customer | None:
        eligible = bisect_right(self.created_list, at)
        if eligible == 0:
            return None
        for _ in range(8):
            c = self.customers[min(eligible - 1, bisect_right(self.cust_cum, self.rng.random() * self.cust_cum[eligible - 1]))]
            if not (outbound and c.dnc):
                return c
        return None

    # -- conduct (decided first: absences and late arrivals shape the days) ----------
    def make_conduct(self, days: list[date]) -> dict:
        rng = self.rng
        marks: dict = {}
        for a in self.front:
            for d in days:
                if d >= self.today or d.weekday() >= 5:
                    continue
                for kind, p in (("late", 0.025), ("early-leave", 0.008), ("absence", 0.004),
                                ("dress-code", 0.006), ("hygiene", 0.003)):
                    if rng.random() < p:
                        marks.setdefault((a.id, d), []).append(kind)
                if d.weekday() == 0 and rng.random() < 0.05:  # Monday morning meeting
                    marks.setdefault((a.id, d), []).append("missed-meeting")
        for (agent_id, d), kinds in sorted(marks.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            a = self.agents[agent_id - 1]
            for kind in kinds:
                entered = _local_epoch(d, 18, 10, self.zone) + rng.randrange(0, 1800)
                if kind == "early-leave":
                    entered = _local_epoch(d + timedelta(days=1), 9, 10, self.zone) + rng.randrange(0, 1800)
                if entered > self.now:
                    continue
                appeal = reason = decided_by = decided_at = None
                appealed = entered + rng.randrange(3600, 86400)
                if rng.random() < 0.1 and appealed <= self.now:
                    reason = rng.choice(["地铁故障，有截图", "家中急事，已口头请假", "工作牌遗失，已补办"])
                    appeal = "pending"
                    event = len(self.conduct) + 1
                    self.conduct_audit.append((event, appealed, a.login, {"appeal_status": None, "appeal_reason": None},
                                               {"appeal_status": "pending", "appeal_reason": reason}))
                    decided = appealed + rng.randrange(3600, 3 * 86400)
                    if decided <= self.now:
                        appeal = "accepted" if rng.random() < 0.35 else "rejected"
                        decided_by, decided_at = a.lead.login, _iso(decided)
                        self.conduct_audit.append((event, decided, decided_by,
                                                   {"appeal_status": "pending", "decided_by": None, "decided_at": None},
                                                   {"appeal_status": appeal, "decided_by": decided_by, "decided_at": decided_at}))
                self.conduct.append((a.id, kind, d.isoformat(), CONDUCT_POINTS[kind], rng.choice(CONDUCT_NOTES[kind]),
                                     a.lead.login, _iso(entered), appeal, reason, decided_by, decided_at))
        return marks

    # -- the days ----------------------------------------------------------------------
    def simulate(self) -> None:
        days = [self.first_day + timedelta(days=i) for i in range((self.today - self.first_day).days + 1)]
        marks = self.make_conduct(days)
        for d in days:
            self.simulate_day(d, marks)
        self.finish_callbacks()

    def simulate_day(self, d: date, marks: dict) -> None:
        rng, zone = self.rng, self.zone
        is_today = d == self.today
        weekend = d.weekday() >= 5
        heap, expected = [], 0
        early_rota = is_today and self.now < _local_epoch(d, 9, 30, zone)
        for a in self.agents:
            kinds = marks.get((a.id, d), [])
            if "absence" in kinds:
                continue
            if weekend and not is_today and (a.role != "agent" or rng.random() >= 0.3):
                continue  # a weekend rota; everyone is in today so the demo shows a working day
            start = _local_epoch(d, 9, 0, zone) + (rng.randrange(600, 2700) if "late" in kinds else rng.randrange(-600, 180))
            end = _local_epoch(d, 18, 0, zone) + (-rng.randrange(1800, 5400) if "early-leave" in kinds else rng.randrange(0, 900))
            lunch = _local_epoch(d, 12, 0, zone) + rng.choice((-1800, 0, 0, 1800))
            rest = _local_epoch(d, 15, 30, zone) + rng.randrange(-1800, 1800)
            a.breaks = [(lunch, 3600, "lunch"), (rest, 900, "rest")]
            if is_today and early_rota and a.team == TEAMS[0]:
                # started before the day shift: the demo agent's team is mid-shift whenever the demo runs
                start = max(_local_epoch(d, 0, 5, zone), self.now - rng.randrange(3 * 3600, 4 * 3600))
                end = start + 9 * 3600
                a.breaks = [(start + 2 * 3600 + rng.randrange(-900, 900), 900, "rest"), (start + 4 * 3600, 3600, "lunch")]
            if a.role == "agent":
                a.left = rng.randint(10, 22) if weekend else rng.randint(25, 45)
            elif a.role == "lead":
                a.left = rng.randint(3, 8)
            else:
                a.left = 0
            a.end = end
            expected += a.left if a.role == "agent" else 0
            if start > self.now:
                continue  # not in yet: still offline since their last shift
            a.set_status("ready", None, start)
            heapq.heappush(heap, (start, a.id))
        # missed calls ringing into the queue this day (before, during and after shifts)
        missed = []
        for _ in range(max(1, int(expected * 0.03))):
            t0 = _local_epoch(d, 8, 30, zone) + rng.randrange(0, 10 * 3600)
            if t0 <= self.now:
                missed.append(t0)
        missed.sort()
        mi = 0
        while heap:
            t, agent_id = heapq.heappop(heap)
            a = self.agents[agent_id - 1]
            while mi < len(missed) and missed[mi] <= t:
                self.new_missed_call(missed[mi])
                mi += 1
            nxt = self.step(a, t)
            if nxt is not None:
                heapq.heappush(heap, (nxt, agent_id))
        while mi < len(missed):
            self.new_missed_call(missed[mi])
            mi += 1

    def step(self, a: _Agent, t: int) -> int | None:
        """The agent is free at `t`: do the next thing; return when free again, None when done for the day."""
        rng, now = self.rng, self.now
        if a.breaks and t >= a.breaks[0][0] - 120:
            b0, length, reason = a.breaks.pop(0)
            b0 = max(t, b0)
            if b0 > now:
                return None
            a.set_status("break", reason, b0)
            if b0 + length > now:
                return None
            a.set_status("ready", None, b0 + length)
            return b0 + length
        remaining = a.end - t - sum(b[1] for b in a.breaks)
        s = t
        if a.left > 0 and remaining >= 120:
            mean_gap = max(15.0, (remaining - a.left * 270) / a.left)
            s = t + int(rng.expovariate(1 / mean_gap))
            if a.breaks and s >= a.breaks[0][0]:
                return a.breaks[0][0]
        if a.left <= 0 or remaining < 120 or s > a.end - 120:
            off = max(t, a.end)
            if off <= now:
                a.set_status("offline", None, off)
            return None
        if s > now:
            return None
        call, effect = self.make_call(a, s)
        talk, hold, wrap = call[11], call[12], call[13]
        ended, saved = s + talk + hold, s + talk + hold + wrap
        a.set_status("on-call", None, s)
        if saved > now:  # the call in progress right now: not logged yet
            if ended <= now:
                a.set_status("wrap-up", None, ended)
            return None
        a.set_status("wrap-up", None, ended)
        a.set_status("ready", None, saved)
        a.left -= 1
        self.commit_call(a, call, effect, s, saved)
        return saved

    # -- one call ------------------------------------------------------------------------
    def make_call(self, a: _Agent, s: int):
        """(call row without id, effect) — nothing is changed until commit_call."""
        rng = self.rng
        # owned callbacks come first, then the pool, then whatever rings
        while a.pending and not self.current(a.pending[0], a):
            heapq.heappop(a.pending)
        if a.pending and a.pending[0][0] <= s and rng.random() < 0.85:
            cb = self.by_id[a.pending[0][1]]
            return self.follow_up(a, s, cb), ("owned", cb)
        while self.pool and not self.current(self.pool[0], None):
            heapq.heappop(self.pool)
        if a.role == "agent" and self.pool and self.pool[0][0] <= s and rng.random() < 0.12:
            cb = self.by_id[self.pool[0][1]]
            return self.follow_up(a, s, cb), ("pool", cb)
        return self.regular_call(a, s), None

    def current(self, entry: tuple, owner) -> bool:
        """Is this queue entry still the callback's state (open, same owner, same due)?"""
        cb = self.by_id[entry[1]]
        return cb.status == "open" and cb.owner is owner and cb.due == entry[0]

    def follow_up(self, a: _Agent, s: int, cb: _Callback) -> list:
        rng = self.rng
        cust = cb.customer
        category = cb.category
        r = rng.random()
        if r < 0.25:
            outcome = "no-answer"
        elif r < 0.27 and cust is None:
            outcome = "wrong-number"
        else:
            keys, cum = self.outcome_w[category]
            outcome = self.pick(keys, cum)
            if outcome == "callback-needed":
                outcome = "resolved"
        lang = cust.lang if cust else "zh"
        return self.build_call(a, s, cust, cb.phone, "out", "phone", category, outcome, lang, cb.id)

    def regular_call(self, a: _Agent, s: int) -> list:
        rng = self.rng
        category = self.pick(self.reg_keys, self.reg_cum)
        direction = "out" if rng.random() < OUTBOUND_SHARE.get(category, OUTBOUND_OTHER) else "in"
        phone = None
        if direction == "out":
            channel = "phone"
            cust = self.pick_customer(s, outbound=True)
            if category == "return-visit" and cust is not None and cust.status != "contracted":
                cust = self.pick_customer(s, outbound=True) or cust
            if cust is None:
                direction, cust = "in", None
            else:
                phone = cust.phones[0][0]
        if direction == "in":
            channel = self.pick(self.chan_keys, self.chan_cum)
            if category == "return-visit":
                category = "consultation"
            known = rng.random() < (0.88 if channel == "phone" else 0.95)
            cust = self.pick_customer(s) if known else None
            if channel == "phone":
                if cust is not None:
                    phone = cust.phones[0][0] if len(cust.phones) == 1 or rng.random() < 0.8 else cust.phones[1][0]
                else:
                    phone = rng.choice(self.strangers)[0]
        if direction == "out" and rng.random() < 0.15:
            outcome = "no-answer"
        elif cust is None and channel == "phone" and rng.random() < 0.05:
            outcome = "wrong-number"
        else:
            keys, cum = self.outcome_w[category]
            outcome = self.pick(keys, cum)
            if outcome == "callback-needed" and cust is None and phone is None:
                outcome = "resolved"  # nobody to call back
        lang = cust.lang if cust else "zh"
        return self.build_call(a, s, cust, phone, direction, channel, category, outcome, lang, None)

    def build_call(self, a, s, cust, phone, direction, channel, category, outcome, lang, callback_id) -> list:
        rng = self.rng
        hold = 0
        if outcome == "no-answer":
            talk, wrap = 0, rng.randint(5, 20)
        elif outcome == "wrong-number":
            talk, wrap = rng.randint(8, 30), rng.randint(5, 15)
        else:
            median = 180 * TALK_SCALE[category] * (1.8 if channel == "walk-in" else 1.3 if channel == "email" else 1.0)
            talk = int(min(2400, max(20, rng.lognormvariate(math.log(median), 0.55))))
            if channel in ("phone", "wechat") and rng.random() < 0.2:
                hold = int(min(900, max(5, rng.lognormvariate(math.log(45), 0.7))))
            wrap = rng.randint(20, 90) + (rng.randint(15, 60) if outcome != "resolved" else 0)
        notes_pool = (NOTES_ZH if lang == "zh" else NOTES_EN)[category]
        order_no = waybill_no = amount = None
        if outcome in ("no-answer", "wrong-number"):
            notes = ("无人接听" if lang == "zh" else "No answer") if outcome == "no-answer" else (
                "打错电话" if lang == "zh" else "Wrong number")
        else:
            notes = rng.choice(notes_pool)
            if "{order}" in notes or (category in ("order", "after-sales", "billing") and rng.random() < 0.4):
                placed = self.now_day_offset(s, -rng.randrange(0, 20))
                order_no = f"SO{placed}{rng.randrange(100000):05d}"
            if "{waybill}" in notes or (category == "shipping" and rng.random() < 0.6):
                prefix, n = rng.choice(WAYBILL_PREFIXES)
                waybill_no = prefix + self.digits(n)
            if "{amount}" in notes or (category == "billing" and rng.random() < 0.5):
                amount = rng.randrange(20000, 8_000_000)
            notes = notes.format(order=order_no or "", waybill=waybill_no or "",
                                 amount=f"{amount / 100:.2f}" if amount else "")
        target = reason = None
        if outcome.startswith("escalated-"):
            target = outcome.split("-", 1)[1]
            reason = rng.choice((ESCALATION_ZH if lang == "zh" else ESCALATION_EN)[target])
        uniqueid = recording = None
        if channel == "phone":
            self.uniq += 1
            uniqueid = f"{s}.{self.uniq}"
            if talk > 0 and rng.random() < 0.7:
                recording = f"https://pbx.example.com/recordings/{uniqueid}.wav"
        saved = s + talk + hold + wrap
        survey = survey_at = None
        if talk >= 20 and outcome != "wrong-number" and rng.random() < 0.33:
            at = saved + rng.randrange(30, 900)
            if at <= self.now:
                happy = outcome == "resolved" and category != "complaint"
                weights = (3, 4, 8, 25, 60) if happy else (10, 12, 20, 28, 30)
                survey, survey_at = rng.choices((1, 2, 3, 4, 5), weights)[0], _iso(at)
        # column order of _CALL_SQL below
        return [a.id, cust.id if cust else None, direction, channel, category, outcome,
                phone, self.raw_of(phone, cust) if phone else None, _iso(s), _iso(s + talk + hold),
                None, talk, hold, wrap, notes, order_no, waybill_no, amount, target, reason, callback_id,
                uniqueid, recording, survey, survey_at, _iso(saved), _iso(saved), a.login]

    def raw_of(self, e164: str, cust) -> str:
        """What the phone system sends: national digits for CN numbers, E.164 for others."""
        if e164.startswith("+86"):
            national = e164[3:]
            return national if national.startswith("1") else "0" + national
        return e164

    def now_day_offset(self, s: int, days: int) -> str:
        day = datetime.fromtimestamp(s, self.zone).date() + timedelta(days=days)
        return day.strftime("%Y%m%d")

    def commit_call(self, a: _Agent, call: list, effect, s: int, saved: int) -> None:
        rng = self.rng
        call_id = len(self.calls) + 1
        call[10] = call_id  # placeholder slot holds the id until insert
        self.calls.append(call)
        cust = self.customers[call[1] - 1] if call[1] else None
        if cust is not None and (cust.last_contact is None or s > cust.last_contact):
            cust.last_contact = s
        if call[23] is not None:
            self.survey_audit.append((call_id, call[23], call[24]))
        outcome, category = call[5], call[4]
        if effect is not None:
            kind, cb = effect
            if kind == "pool":
                cb.owner = a
                heapq.heappush(a.pending, (cb.due, cb.id))
            result = {"no-answer": "no-answer", "wrong-number": "wrong-number"}.get(outcome, "reached")
            self.attempts.append((cb.id, _iso(saved), a.id, result, call_id, call[14] if result != "reached" else ""))
            cb.tries += 1
            cb.updated, cb.updated_by = saved, a.login
            if result == "reached":
                cb.status, cb.closed = "done", saved
                if cb.kind == "return-visit" and cb.customer:
                    self.open_rv.discard(cb.customer.id)
                if cb.kind == "missed-call":
                    self.open_missed.discard(cb.phone)
            elif result == "wrong-number" or cb.tries >= 3:
                cb.status, cb.closed = "cancelled", saved
                cb.cancel_reason = "wrong number" if result == "wrong-number" else "no answer after 3 attempts"
                if cb.kind == "missed-call":
                    self.open_missed.discard(cb.phone)
                if cb.kind == "return-visit" and cb.customer:
                    self.open_rv.discard(cb.customer.id)
            else:
                cb.due = self.next_try(saved)
                heapq.heappush(a.pending, (cb.due, cb.id))
            return
        if outcome == "callback-needed":
            lang = cust.lang if cust else "zh"
            reason = (CALLBACK_REASON_ZH if lang == "zh" else CALLBACK_REASON_EN)[category]
            due = self.in_hours(rng.choice((saved + 3600, saved + 7200, saved + 4 * 3600,
                                            self.next_working(saved, 1, 10), self.next_working(saved, 2, 14))))
            owner = a if rng.random() < 0.9 else None
            phone = call[6] or (cust.phones[0][0] if cust else None)
            self.new_callback("callback", cust, phone, reason, due, 1 if category == "complaint" else 2,
                              owner, call_id, category, saved, a.login)
        elif (outcome == "resolved" and category in ("complaint", "after-sales") and cust is not None
              and cust.id not in self.open_rv and rng.random() < 0.3):
            due = self.next_working(saved, rng.randint(3, 7), rng.randint(10, 16))
            owner = a if rng.random() < 0.7 else None
            reason = RETURN_VISIT_ZH if cust.lang == "zh" else RETURN_VISIT_EN
            self.new_callback("return-visit", cust, cust.phones[0][0], reason, due, 3, owner, call_id,
                              "return-visit", saved, a.login)

    def next_working(self, at: int, days: int, hour: int) -> int:
        d = datetime.fromtimestamp(at, self.zone).date() + timedelta(days=days)
        while d.weekday() >= 5:
            d += timedelta(days=1)
        return _local_epoch(d, hour, self.rng.choice((0, 15, 30, 45)), self.zone)

    def next_try(self, at: int) -> int:
        return self.in_hours(at + 7200)

    def in_hours(self, at: int) -> int:
        """`at` if it falls in working hours (09:00-17:30 on a weekday), else the next working morning."""
        local = datetime.fromtimestamp(at, self.zone)
        if local.weekday() < 5 and (9, 0) <= (local.hour, local.minute) < (17, 30):
            return at
        return self.next_working(at, 0 if local.hour < 9 else 1, 10)

    # -- callbacks -------------------------------------------------------------------------
    def new_callback(self, kind, cust, phone, reason, due, priority, owner, source_call, category, created, by) -> _Callback:
        cb = _Callback()
        cb.id = len(self.callbacks) + 1
        cb.kind, cb.customer, cb.phone, cb.reason = kind, cust, phone, reason
        cb.first_due = cb.due = due
        cb.priority, cb.owner, cb.status, cb.source_call = priority, owner, "open", source_call
        cb.cancel_reason = cb.closed = None
        cb.created = cb.updated = created
        cb.created_by = cb.updated_by = by
        cb.category, cb.tries = category, 0
        cb.was_owner = owner
        cb.neglect = self.rng.random() < 0.1  # some are never worked: open overdue, later cancelled
        self.callbacks.append(cb)
        self.by_id[cb.id] = cb
        if kind == "return-visit":
            self.open_rv.add(cust.id)
        if kind == "missed-call":
            self.open_missed.add(phone)
        if not cb.neglect:
            if owner is not None:
                heapq.heappush(owner.pending, (due, cb.id))
            else:
                heapq.heappush(self.pool, (due, cb.id))
        return cb

    def new_missed_call(self, t0: int) -> None:
        rng = self.rng
        cust = self.pick_customer(t0) if rng.random() < 0.7 else None
        phone = cust.phones[0][0] if cust else rng.choice(self.strangers)[0]
        if phone in self.open_missed:
            return  # the phone system keeps one open missed call per number
        category = self.pick(self.cat_keys, self.cat_cum)
        if category == "return-visit":
            category = "consultation"
        self.new_callback("missed-call", cust, phone, "missed call (hotline)", t0 + 600, 1, None, None,
                          category, t0, ADMIN_LOGIN)

    def finish_callbacks(self) -> None:
        rng, now = self.rng, self.now
        for cb in self.callbacks:  # stale ones are cancelled by the team lead after a week
            if cb.status == "open" and cb.due < now - 7 * 86400:
                lead = (cb.owner or self.front[0]).lead
                cb.status, cb.closed = "cancelled", cb.due + 7 * 86400
                cb.cancel_reason = rng.choice(CANCEL_REASONS)
                cb.updated, cb.updated_by = cb.closed, lead.login
                if cb.kind == "return-visit" and cb.customer:
                    self.open_rv.discard(cb.customer.id)
                if cb.kind == "missed-call":
                    self.open_missed.discard(cb.phone)
        # the demo agent always has something overdue, due later today and due later on
        me = next(a for a in self.agents if a.login == DEMO_AGENT)
        day_end = _local_epoch(self.today + timedelta(days=1), 0, 0, self.zone)
        buckets = {"overdue": (0, now), "today": (now + 1, day_end), "future": (day_end, day_end + 10 * 86400)}
        mine = [cb for cb in self.callbacks if cb.status == "open" and cb.owner is me]
        sources = [c for c in self.calls if c[0] == me.id and c[1] is not None and c[5] == "resolved"
                   and c[20] is None and _parse(c[25]) < now - 2 * 3600][-40:]
        for name, (low, high) in buckets.items():
            have = sum(1 for cb in mine if low <= cb.due < high)
            for _ in range(max(0, 2 - have)):
                if not sources:
                    break
                call = sources.pop(rng.randrange(len(sources)))
                call[5] = "callback-needed"  # the call that promised it
                cust = self.customers[call[1] - 1]
                created = _parse(call[25])
                if name == "overdue":
                    due = created + 1800 + rng.randrange(0, max(1, now - 300 - created - 1800))
                elif name == "today":  # before the shift ends when there is still time, else this evening
                    until = _local_epoch(self.today, 18, 0, self.zone)
                    until = until if until - now > 1200 else day_end
                    due = now + max(1, int((until - now) * rng.uniform(0.2, 0.8)))
                else:
                    due = self.next_working(day_end, rng.randint(0, 4), rng.randint(10, 16))
                reason = (CALLBACK_REASON_ZH if cust.lang == "zh" else CALLBACK_REASON_EN)[call[4]]
                cb = self.new_callback("callback", cust, call[6] or cust.phones[0][0], reason, due,
                                       2, me, call[10], call[4], created, me.login)
                cb.neglect = False

    def status_rows(self) -> list[list]:
        rows = []
        for a in self.agents:
            rows.extend(a.status_rows)
        rows.sort(key=lambda r: (r[3], r[0]))
        return rows


def _parse(text: str) -> int:
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


_CALL_COLUMNS = ("agent_id", "customer_id", "direction", "channel", "category", "outcome", "phone_e164",
                 "phone_raw", "started_at", "ended_at", "id", "talk_s", "hold_s", "wrap_s", "notes", "order_no",
                 "waybill_no", "amount_due_cents", "escalation_target", "escalation_reason", "callback_id",
                 "uniqueid", "recording_url", "survey_score", "survey_at", "created_at", "updated_at", "updated_by")
_CALL_SQL = f"INSERT INTO calls ({', '.join(_CALL_COLUMNS)}) VALUES ({', '.join('?' for _ in _CALL_COLUMNS)})"
_AUDIT_SQL = ("INSERT INTO audit_log (at, actor, table_name, row_id, action, before, after)"
              " VALUES (?, ?, ?, ?, ?, ?, ?)")


def _insert(tx, b: _Builder) -> DemoSummary:
    """Write everything the builder made; ids are the builder's (the store is empty of work)."""
    ex = tx.conn.executemany
    audit: list[tuple] = []
    agent_at = _iso(b.agent_created)
    settings_lib.write(tx, "timezone", DEMO_TIMEZONE)
    settings_lib.write(tx, "phone_region", DEMO_REGION)
    for key, value in (("timezone", DEMO_TIMEZONE), ("phone_region", DEMO_REGION)):
        audit.append((tx.now, ADMIN_LOGIN, "settings", 0, "update", json.dumps({key: None}), json.dumps({key: value})))
    ex("INSERT INTO agents (id, login, display_name, role, team, extension, active, created_at, updated_at)"
       " VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)",
       [(a.id, a.login, a.name, a.role, a.team, a.ext, agent_at, agent_at) for a in b.agents])
    audit += [(agent_at, ADMIN_LOGIN, "agents", a.id, "insert", None, None) for a in b.agents]

    cust_rows, phone_rows, fts_rows = [], [], []
    for c in b.customers:
        at = _iso(c.created)
        cust_rows.append((c.id, c.name, c.company, c.email, c.wechat_id, c.city, c.status, c.tags, c.notes, c.dnc,
                          _iso(c.last_contact) if c.last_contact else None, at, c.created_by, at, c.created_by))
        fts_rows.append((c.id, document_tokens(c.name, c.company, c.email, c.wechat_id, c.city, c.tags, c.notes)))
        for i, (e164, raw) in enumerate(c.phones):
            phone_rows.append((len(phone_rows) + 1, c.id, e164, raw, phone_lib.reversed_digits(e164), 1 if i == 0 else 0, at))
        audit.append((at, c.created_by, "customers", c.id, "insert", None, None))
    ex("INSERT INTO customers (id, name, company, email, wechat_id, city, status, tags, notes, do_not_call,"
       " last_contact_at, created_at, created_by, updated_at, updated_by)"
       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", cust_rows)
    ex("INSERT INTO customer_phones (id, customer_id, e164, raw, digits_rev, is_main, created_at)"
       " VALUES (?, ?, ?, ?, ?, ?, ?)", phone_rows)
    ex("INSERT INTO customer_fts (rowid, tokens) VALUES (?, ?)", fts_rows)
    audit += [(r[6], b.customers[r[1] - 1].created_by, "customer_phones", r[0], "insert", None, None) for r in phone_rows]

    # calls and callbacks point at each other: calls first, their callback ids once the callbacks exist
    ex(_CALL_SQL, [c[:20] + [None] + c[21:] for c in b.calls])
    audit += [(c[25], c[27], "calls", c[10], "insert", None, None) for c in b.calls]
    audit += [(at, ADMIN_LOGIN, "calls", call_id, "update", json.dumps({"survey_score": None, "survey_at": None}),
               json.dumps({"survey_score": score, "survey_at": at})) for call_id, score, at in b.survey_audit]

    cb_rows = []
    for cb in b.callbacks:
        cb_rows.append((cb.id, cb.kind, cb.customer.id if cb.customer else None, cb.phone, cb.reason,
                        _iso(cb.first_due), _iso(cb.due), cb.priority, cb.owner.id if cb.owner else None, cb.status,
                        cb.source_call, cb.cancel_reason, _iso(cb.created), cb.created_by, _iso(cb.updated),
                        cb.updated_by, _iso(cb.closed) if cb.closed else None))
        audit.append((_iso(cb.created), cb.created_by, "callbacks", cb.id, "insert", None, None))
        if cb.status != "open" or cb.owner is not cb.was_owner or cb.due != cb.first_due:
            before, after = {}, {}
            if cb.status != "open":
                before.update(status="open", closed_at=None)
                after.update(status=cb.status, closed_at=_iso(cb.closed))
                if cb.cancel_reason:
                    before["cancel_reason"], after["cancel_reason"] = None, cb.cancel_reason
            if cb.owner is not cb.was_owner:
                before["owner_id"], after["owner_id"] = None, cb.owner.id
            if cb.due != cb.first_due:
                before["due_at"], after["due_at"] = _iso(cb.first_due), _iso(cb.due)
            audit.append((_iso(cb.updated), cb.updated_by, "callbacks", cb.id, "update",
                          json.dumps(before, ensure_ascii=False), json.dumps(after, ensure_ascii=False)))
    ex("INSERT INTO callbacks (id, kind, customer_id, phone_e164, reason, first_due_at, due_at, priority, owner_id,"
       " status, source_call_id, cancel_reason, created_at, created_by, updated_at, updated_by, closed_at)"
       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", cb_rows)
    ex("UPDATE calls SET callback_id = ? WHERE id = ?", [(c[20], c[10]) for c in b.calls if c[20] is not None])
    attempt_rows = [(i, *row) for i, row in enumerate(b.attempts, start=1)]
    ex("INSERT INTO callback_attempts (id, callback_id, at, agent_id, result, call_id, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
       attempt_rows)
    audit += [(r[2], b.agents[r[3] - 1].login, "callback_attempts", r[0], "insert", None, None) for r in attempt_rows]

    conduct_rows = [(i, *row) for i, row in enumerate(b.conduct, start=1)]
    ex("INSERT INTO conduct_events (id, agent_id, kind, occurred_on, points, note, entered_by, entered_at,"
       " appeal_status, appeal_reason, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", conduct_rows)
    audit += [(r[7], r[6], "conduct_events", r[0], "insert", None, None) for r in conduct_rows]
    audit += [(_iso(at), who, "conduct_events", event, "update", json.dumps(before, ensure_ascii=False),
               json.dumps(after, ensure_ascii=False)) for event, at, who, before, after in b.conduct_audit]

    status_rows = [(r[0], r[1], r[2], _iso(r[3]), _iso(r[4]) if r[4] is not None else None) for r in b.status_rows()]
    ex("INSERT INTO agent_status_log (agent_id, status, reason, started_at, ended_at) VALUES (?, ?, ?, ?, ?)",
       status_rows)

    audit.sort(key=lambda r: r[0])  # the audit log reads in time order
    ex(_AUDIT_SQL, audit)
    for topic in ("agents", "customers", "calls", "callbacks", "status"):
        tx.changed(topic)
    return DemoSummary(
        agents=len(b.agents), customers=len(cust_rows), phones=len(phone_rows), calls=len(b.calls),
        callbacks=len(cb_rows), open_callbacks=sum(1 for cb in b.callbacks if cb.status == "open"),
        attempts=len(attempt_rows), conduct_events=len(conduct_rows), status_rows=len(status_rows),
        demo_agent=DEMO_AGENT, seconds=0.0,
    )


def seed_demo(store, *, customers: int = 2000, agents: int = 12, days: int = 90, seed: int = 1) -> DemoSummary | None:
    """Fill an empty store with the demo; None (and nothing written) when it already has agents.

    `agents` front-line agents are split across two teams, each with a lead,
    plus the admin `admin`. "Now" is `store.clock()`.
    """
    if agents < 2:
        from store.errors import ValidationError

        raise ValidationError("agents", "agents: the demo needs at least 2 agents (one per team).")
    if customers < 1 or days < 1:
        from store.errors import ValidationError

        raise ValidationError("customers", "customers and days: give at least 1.")
    started = _time.perf_counter()
    if has_agents(store):
        return None
    builder = _Builder(store.clock(), customers, agents, days, seed)
    builder.make_agents()
    builder.make_customers()
    builder.simulate()
    with store.write(None) as tx:
        if tx.scalar("SELECT count(*) FROM agents"):
            return None  # another process seeded it while we were generating
        if tx.scalar("SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM calls)"):
            from store.errors import StoreError

            raise StoreError(f"{store.path} has customers or calls but no agents; the demo needs an empty store.")
        tx.audit_as = ADMIN_LOGIN
        summary = _insert(tx, builder)
    return DemoSummary(**{**summary.__dict__, "seconds": round(_time.perf_counter() - started, 2)})
