"""The demo's cases (工单): the problems of the last days' calls that the desk would have opened as cases, each
opened and worked through the store's own functions (store/cases: notes, the department's reply, the update
callback, resolution, closing) with the store's clock set to the moment each step happened. So F12 shows
open, waiting, overdue, resolved and closed cases with their timelines, and a major complaint at its lead's.

The demo's past is loaded as history (store/history_load.py), which opens no case: a history import is the
past, not new problems. This runs after that load, on the calls of the last `CASE_DAYS` days.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from store import cases
from store.callbacks import record_attempt
from store.cases.opening import opens_case, type_of_category
from store.clock import iso, parse_iso
from store.errors import StoreError

CASE_DAYS = 7
MAJOR_SHARE = 0.08  # of the complaints

NOTES = {
    "en": ("Asked the customer for the order number and photos.", "Customer says the part arrived damaged.",
           "Checked the shipment: it left the warehouse late.", "Customer wants a reply by phone, not e-mail."),
    "zh_CN": ("已请客户提供订单号和照片。", "客户反映收到的配件有破损。", "查了物流：仓库发货晚了。", "客户希望电话回复，不要发邮件。"),
}
REPLIES = {
    "en": ("Tech: a replacement unit ships tomorrow.", "Sales: the price difference will be refunded.",
           "Tech: firmware fix confirmed, remote update done."),
    "zh_CN": ("技术部：明天补发新机。", "销售部：差价将退还客户。", "技术部：已确认固件问题，已远程升级。"),
}
RESOLUTIONS = {
    "en": ("Replacement sent and received.", "Refund of the difference paid.", "Fixed by a remote update."),
    "zh_CN": ("已补发新机，客户已签收。", "差价已退还。", "远程升级后问题解决。"),
}


@contextmanager
def clock_at(store, moment: datetime) -> Iterator[None]:
    """The store's "now" is `moment` for the steps inside (the demo runs alone on its new store)."""
    kept: Callable[[], datetime] = store.clock
    store.clock = lambda: moment
    try:
        yield
    finally:
        store.clock = kept


def seed_cases(store, language: str, seed: int) -> int:
    """Open and work the cases of the last CASE_DAYS days' calls; returns how many were opened."""
    rnd = random.Random(seed * 7919 + 18)
    now = store.clock()
    words = "zh_CN" if language == "zh_CN" else "en"
    calls = store.conn.execute(
        "SELECT c.id, a.login, c.started_at, c.talk_s, c.category, c.outcome FROM calls c JOIN agents a ON a.id = c.agent_id"
        " WHERE c.started_at >= ? AND c.customer_id IS NOT NULL ORDER BY c.started_at, c.id",
        (iso(now - timedelta(days=CASE_DAYS)),)).fetchall()
    opened = 0
    for call_id, login, started, talk_s, category, outcome in calls:
        if not opens_case(category, outcome):
            continue
        at = parse_iso(started) + timedelta(seconds=talk_s or 0)
        kind = type_of_category(category)
        severity = "major" if kind == "complaint" and rnd.random() < MAJOR_SHARE else "normal"
        with clock_at(store, at):
            case_id = cases.open_case(store, login, call_id=call_id, case_type=kind, severity=severity)
        opened += 1
        _work(store, login, case_id, at, now, rnd, words)
    return opened


def _work(store, login: str, case_id: int, opened: datetime, now: datetime, rnd: random.Random, words: str) -> None:
    """What happened to the case after it opened, step by step, as far as "now" (a step the store refuses, such
    as an update callback to a customer on the do-not-call list, ends the case's story there)."""
    case = cases.get_case(store, login, case_id)
    owner = case.owner
    steps = [(timedelta(minutes=rnd.randint(10, 90)), "note")]
    if case.department != "customer-service":
        steps.append((timedelta(hours=rnd.randint(3, 30)), "reply"))
    if rnd.random() < 0.65:
        steps.append((timedelta(hours=rnd.randint(20, 60)), "resolve"))
        if rnd.random() < 0.75:
            steps.append((timedelta(hours=rnd.randint(1, 20)), "tell"))
    at = opened
    for gap, step in steps:
        at = at + gap
        if at >= now:
            return
        try:
            with clock_at(store, at):
                _step(store, owner, case_id, step, at, rnd, words)
        except StoreError:
            return


def _step(store, owner: str, case_id: int, step: str, at: datetime, rnd: random.Random, words: str) -> None:
    if step == "note":
        cases.add_note(store, owner, case_id, rnd.choice(NOTES[words]))
    elif step == "reply":
        case = cases.get_case(store, owner, case_id)
        cases.record_reply(store, owner, case_id, case.department, rnd.choice(REPLIES[words]))
    elif step == "resolve":
        cases.change_status(store, owner, case_id, "resolved", resolution=rnd.choice(RESOLUTIONS[words]))
    else:  # the customer hears the answer on the update callback, and the case closes
        callback_id = cases.schedule_update_callback(store, owner, case_id, due_at=iso(at + timedelta(minutes=5)))
        with clock_at(store, at + timedelta(minutes=10)):
            record_attempt(store, owner, callback_id, "reached")
            cases.close_case(store, owner, case_id)
