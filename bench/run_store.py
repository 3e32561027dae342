"""What bench/run.py takes from the store before it measures: an agent, real values to type (numbers,
names, pinyin initials, phone suffixes, order numbers), a customer with 2,000 calls, pool callbacks.

Read in the bench's own process on the same file the desk opens (the bench's fixed "now"); the only
writes are the 2,000-call customer when the store has none (made once, then found again).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timezone

from store import open_store
from store.call_records import CallEntry
from store.clock import FixedClock

BENCH_NOW = datetime(2026, 11, 26, 6, 0, tzinfo=timezone.utc)  # bench/build_store.py's "now"
NOW_TEXT = BENCH_NOW.strftime("%Y-%m-%dT%H:%M:%SZ")  # as AGENTDESK_NOW takes it
BIG_NAME = "Bench Twothousand"  # the customer with 2,000 calls the bench makes when the store has none
BIG_CALLS = 2000


@dataclass
class Values:
    login: str
    lead: str
    admin: str
    numbers: list[tuple[str, str]] = field(default_factory=list)  # (national digits, customer name)
    queries: dict[str, list[str]] = field(default_factory=dict)  # kind -> queries typed key by key
    big_number: str = ""  # national digits of the customer with 2,000 calls
    big_name: str = ""
    big_calls: int = 0


def open_bench(path):
    return open_store(path, FixedClock(BENCH_NOW))


def pick(path, per_kind: int, numbers: int, seed: int = 7) -> Values:
    rng = random.Random(seed)
    store = open_bench(path)
    try:
        with store.read(None) as tx:
            login = tx.scalar("SELECT login FROM agents WHERE role = 'agent' AND active = 1 ORDER BY id LIMIT 1")
            team = tx.scalar("SELECT team FROM agents WHERE login = ?", (login,))
            lead = tx.scalar("SELECT login FROM agents WHERE role = 'lead' AND team = ?", (team,)) or login
            admin = tx.scalar("SELECT login FROM agents WHERE role = 'admin' ORDER BY id LIMIT 1")
            values = Values(login, lead, admin)
            top = tx.scalar("SELECT max(id) FROM customer_phones")
            top_call = tx.scalar("SELECT max(id) FROM calls")
            names: set[str] = set()
            while len(values.numbers) < numbers:
                row = tx.one("SELECT p.e164, c.name FROM customer_phones p JOIN customers c ON c.id = p.customer_id"
                             " WHERE p.id >= ? AND p.e164 LIKE '+861%' LIMIT 1", (rng.randint(1, top),))
                if row and row[1] not in names and len(row[1]) >= 2:
                    names.add(row[1])
                    values.numbers.append((row[0][3:], row[1]))
            values.queries = _queries(tx, rng, per_kind, top, top_call)
    finally:
        store.close()
    return values


def _queries(tx, rng, per_kind: int, top_phone: int, top_call: int) -> dict[str, list[str]]:
    from pypinyin import Style, lazy_pinyin

    top = tx.scalar("SELECT max(id) FROM customers")
    kinds: dict[str, list[str]] = {k: [] for k in ("Latin name", "1 Chinese char", "2 Chinese chars",
                                                   "pinyin initials", "phone suffix", "order number")}
    for _ in range(per_kind * 200):
        if all(len(v) >= per_kind for v in kinds.values()):
            break
        name = tx.scalar("SELECT name FROM customers WHERE id >= ? LIMIT 1", (rng.randint(1, top),)) or ""
        if name.isascii() and len(kinds["Latin name"]) < per_kind:
            kinds["Latin name"].append(name.split()[0])
        elif not name.isascii():
            for kind, query in (("1 Chinese char", name[:1]), ("2 Chinese chars", name[:2]),
                                ("pinyin initials", "".join(s[0] for s in lazy_pinyin(name, style=Style.NORMAL)))):
                if len(kinds[kind]) < per_kind:
                    kinds[kind].append(query)
        phone = tx.scalar("SELECT e164 FROM customer_phones WHERE id >= ? LIMIT 1", (rng.randint(1, top_phone),))
        if phone and len(kinds["phone suffix"]) < per_kind:
            kinds["phone suffix"].append(phone[-4:])
        order = tx.scalar("SELECT order_no FROM calls WHERE id >= ? AND order_no IS NOT NULL"
                          " AND customer_id IS NOT NULL LIMIT 1", (rng.randint(1, top_call),))
        if order and len(kinds["order number"]) < per_kind:
            kinds["order number"].append(order)
    return kinds


def big_customer(path, values: Values, calls: int = BIG_CALLS) -> None:
    """The customer with the most calls, if it has `calls`; else the bench's own customer, made once
    with that many calls (saved through the store's own call API, as desks save them)."""
    from store.calls import log_call
    from store.customers import create_customer

    store = open_bench(path)
    try:
        with store.read(None) as tx:  # saved by another agent: the measured agent's day and month stay as built
            other = tx.scalar("SELECT login FROM agents WHERE role = 'agent' AND active = 1 AND login != ?"
                              " ORDER BY id DESC LIMIT 1", (values.login,))
            row = tx.one("SELECT c.id, c.name, count(*) FROM customers c JOIN calls k ON k.customer_id = c.id"
                         " WHERE c.name = ? GROUP BY c.id", (BIG_NAME,))
            if row is None:
                row = tx.one("SELECT customer_id, NULL, count(*) n FROM calls WHERE customer_id IS NOT NULL"
                             " GROUP BY customer_id HAVING n >= ? LIMIT 1", (calls,))
        if row is None:
            number = "139" + f"{random.Random(BIG_CALLS).randint(0, 10**8 - 1):08d}"
            cid = create_customer(store, other, phones=[number], name=BIG_NAME)
            for i in range(calls):
                log_call(store, other, CallEntry(number=number, category="order", outcome="resolved",
                                                        talk_s=60 + i % 300, notes=f"bench call {i + 1}"))
            row = (cid, BIG_NAME, calls)
        with store.read(None) as tx:
            name = row[1] or tx.scalar("SELECT name FROM customers WHERE id = ?", (row[0],))
            e164 = tx.scalar("SELECT e164 FROM customer_phones WHERE customer_id = ? AND is_main = 1", (row[0],))
        values.big_name, values.big_number, values.big_calls = name, e164[3:], row[2]
    finally:
        store.close()


def reset(path, login: str) -> None:
    """No call left open by the last desk: its draft discarded, the agent ready (each desk starts on home)."""
    from store.drafts import discard_draft
    from store.status import current_status, set_status

    store = open_bench(path)
    try:
        discard_draft(store, login)
        if current_status(store, login).get("status") != "ready":
            set_status(store, login, "ready")
    finally:
        store.close()


def expected_results(path, login: str):
    """A function of a query: what the F3 screen should show for it (from lookup_customers itself)."""
    from store.customers import lookup_customers

    store = open_bench(path)
    cache: dict[str, dict] = {}

    def found(query: str) -> dict:
        if query not in cache:
            cache[query] = lookup_customers(store, login, query)
        return cache[query]

    return found, store
