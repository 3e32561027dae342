"""The small store the pseudo-locale tests look at, and every piece of user data in it.

Names, companies, notes, reasons and teams are Chinese, so they hold no ASCII letter; what must be ASCII
(logins, an e-mail, a WeChat id) is listed in USER_DATA, which the tests take off the screen before
they look for text that escaped translation. Numbers, dates and times hold no letter at all.
"""

from __future__ import annotations

from store import callbacks as cb
from store import conduct
from store.agents import add_agent
from store.call_records import CallbackRequest, CallEntry
from store.calls import log_call
from store.customers import create_customer
from store.status import set_status

LOGINS = ("root", "lin", "li", "wang", "zhao", "chen")
EMAIL, WECHAT = "zhangwei@example.cn", "zw_1980"
USER_DATA = [*LOGINS, EMAIL, WECHAT]


def seed(store) -> None:
    """Two teams, three customers, calls of today and of this month, callbacks open, overdue, in the
    pool and done, conduct events with an appeal, a rating, the agents' statuses."""
    add_agent(store, None, "root", "管理员", "admin", None)
    add_agent(store, "root", "lin", "林芳", "lead", "北区", "8000")
    add_agent(store, "root", "li", "李娜", "agent", "北区", "8001")
    add_agent(store, "root", "wang", "王伟", "agent", "北区", "8002")
    add_agent(store, "root", "zhao", "赵磊", "lead", "南区", "8100")
    add_agent(store, "root", "chen", "陈静", "agent", "南区", "8101")
    zhang = create_customer(store, "li", phones=["138 0013 8000", "021 6234 5678"], name="张伟", company="华为技术有限公司",
                            city="深圳", email=EMAIL, wechat_id=WECHAT, tags="重要,老客户", notes="喜欢下午来电",
                            status="contracted")
    wu = create_customer(store, "li", phones=["139 0013 9000"], name="吴敏", company="小米科技", city="北京",
                         notes="只接受短信通知")
    create_customer(store, "li", phones=["137 0013 7000"], name="张伟强", city="上海", status="prospect", do_not_call=True)
    for i, (customer, category, outcome) in enumerate([
        (zhang, "order", "resolved"), (zhang, "complaint", "escalated-manager"), (wu, "after-sales", "callback-needed"),
        (wu, "consultation", "resolved"),
    ]):
        log_call(store, "li", CallEntry(customer_id=customer, category=category, outcome=outcome, notes=f"第{i}次来电，问发票",
                                        order_no=f"2026112600{i}", started_at=f"2026-11-26T0{i}:10:00Z", talk_s=125 + i,
                                        hold_s=10, wrap_s=30, escalation_reason="客户要求找经理" if i == 1 else None,
                                        callback=CallbackRequest(due="+2h", reason="回电确认退款") if i == 2 else None))
        log_call(store, "wang", CallEntry(customer_id=customer, category=category, outcome=outcome, notes="上周的来电",
                                          escalation_reason="客户要求找经理" if i == 1 else None, started_at=f"2026-11-1{i}T03:00:00Z", talk_s=300))
    with store.write("lin", "lead") as tx:  # overdue: an hour ago
        cb.insert_callback(tx, due_at="2026-11-26T01:00:00Z", customer_id=zhang, owner="li", reason="逾期的回电")
    cb.add_callback(store, "lin", customer_id=wu, due="+10m", owner="pool", reason="确认地址")
    cb.add_callback(store, "lin", customer_id=wu, due="+3h", owner="wang", reason="回访满意度", kind="return-visit")
    done = cb.add_callback(store, "li", customer_id=zhang, due="+1h", reason="已办好")
    cb.record_attempt(store, "li", done, "call-later")  # done needs a try first
    cb.complete_callback(store, "li", done, note="已经解决")
    hygiene = conduct.add_event(store, "lin", "li", "hygiene", "2026-11-05", "桌面不整洁")
    conduct.add_event(store, "lin", "wang", "late", "2026-11-06", "迟到十分钟")
    conduct.appeal(store, "li", hygiene, "当天已经打扫")
    conduct.rate(store, "lin", "li", None, initiative=4, teamwork=5, innovation=3, learning=4, communication=5,
                 note="本月表现很好")
    set_status(store, "li", "ready")
    set_status(store, "wang", "break", "lunch")


def seed_file(path):
    """A store at `path` with the seed in it, closed; returns the path (tests copy it)."""
    from fixed_time import FIXED_NOW

    from store import open_store
    from store.clock import FixedClock

    store = open_store(path, FixedClock(FIXED_NOW))
    seed(store)
    store.close()
    return path
