"""Customer lookup ranked by match class, bounded so that no query materialises every match.

Classes, best first: an exact phone number; an exact name (then a name whose whole pinyin
or initials are the text: `zhangwei`, `zw` for 张伟); a name or company that starts with the
text, in characters or in pinyin (`zw`, `zhangwei` for 张伟欣, `hwjs` for 华为技术); any other
match (phone suffix, a word in name, company, e-mail, WeChat id, city, tags or notes, a name's
pinyin from a later character such as `weixin`, an order or waybill number recorded on a
call). Within a class the newest contact comes first; customers tied on it (never contacted, often) in name
order (store/customers/lookup.py), but never across two reads: an exact name stays before a pinyin one.

Every class reads at most CANDIDATES rows through an index, forced (INDEXED BY, CROSS JOIN
order) so that a status or tag filter never turns a lookup into a walk over every prospect (`customers_name_lower`,
`customers_company_lower`, `customer_phones_digits_rev`, `customer_pinyin_key`, `calls_order_no`, FTS5 ...), then
sorts them by last contact: a class with more matches than that is ordered among the
candidates read, and `LookupResult.more` tells the screen to ask for more letters.
Latin words shorter than PREFIX_MIN match FTS as whole words, not prefixes: FTS5 builds
the full doclist of a prefix before it returns one row ("a"* costs ~25 ms on 1M customers).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from store import phones as phone_lib
from store import settings as settings_lib
from store.db import Row, Tx
from store.pinyin import query_key
from store.text_chars import kept
from store.tokens import match_query
from store.vocab import CUSTOMER_STATUSES

CLASSES = ("phone", "name", "prefix", "other", "recent")
CANDIDATES = 300  # rows read per class at most
PREFIX_MIN = 3  # shortest latin word matched as an FTS prefix
MAX_QUERY = 500


@dataclass
class LookupResult:
    """Customer ids in ranked order with the class each matched in."""

    ranked: list[tuple[int, str]] = field(default_factory=list)
    more: bool = False  # some class had more matches than were read
    read_in: dict[int, int] = field(default_factory=dict)  # id -> which read ranked it: ties break only within one


def clean_query(text: object) -> str:
    """What the user typed, minus control characters, at most MAX_QUERY characters, trimmed."""
    raw = "" if text is None else str(text)[: MAX_QUERY * 2]
    return "".join(ch if kept(ch) else " " for ch in raw).strip()[:MAX_QUERY]


def name_key(text: str) -> str:
    """The key `lower(name)` gives in SQLite: only ASCII letters fold."""
    return "".join(chr(ord(ch) + 32) if "A" <= ch <= "Z" else ch for ch in " ".join(text.split()))


def _upper_bound(prefix: str) -> str | None:
    last = ord(prefix[-1])
    if last >= 0x10FFFF:
        return None
    return prefix[:-1] + chr(last + 1)


def _filters(status: str | None, tag: str | None) -> tuple[str, list[str]]:
    sql, params = "", []
    if status:
        sql += " AND c.status = ?"
        params.append(status)
    if tag:
        sql += " AND instr(',' || c.tags || ',', ',' || ? || ',') > 0"
        params.append(tag)
    return sql, params


def _pinyin(tx: Tx, part: str, key: str, high: str | None, where: str, fparams: list[str], cap: int) -> list[Row]:
    """Customers with a pinyin key of `part` equal to `key` (high None) or in [key, high)."""
    test = "y.key = ?" if high is None else "y.key >= ? AND y.key < ?"
    return tx.all(
        "SELECT c.id, c.last_contact_at FROM customer_pinyin y INDEXED BY customer_pinyin_key"
        f" CROSS JOIN customers c ON c.id = y.customer_id WHERE y.part = ? AND {test}{where} LIMIT ?",
        (part, key, *([] if high is None else [high]), *fparams, cap),
    )


def check_filters(status: str | None, tag: str | None) -> tuple[str | None, str | None]:
    status = (status or "").strip().lower() or None
    if status is not None and status not in CUSTOMER_STATUSES:
        status = None
    tag = clean_query(tag).lower().replace(",", "") or None
    return status, tag


def lookup(tx: Tx, text: str, limit: int, status: str | None = None, tag: str | None = None) -> LookupResult:
    """Ranked customer ids for `text` inside a read transaction; blank text lists the newest contacts."""
    status, tag = check_filters(status, tag)
    where, fparams = _filters(status, tag)
    query = clean_query(text)
    result = LookupResult()
    seen: set[int] = set()

    def take(rows: list[tuple[int, str | None]], klass: str, read_limit: int) -> None:
        if len(rows) >= read_limit:
            result.more = True
        rows = sorted(rows, key=lambda r: r[1] or "", reverse=True)
        read = len(set(result.read_in.values()))
        for cid, _last in rows:
            if cid in seen:
                continue
            if len(result.ranked) >= limit:
                result.more = True  # matches read but not shown: the page is full
                break
            seen.add(cid)
            result.ranked.append((cid, klass))
            result.read_in[cid] = read

    if not query:
        rows = tx.all(
            f"SELECT c.id, c.last_contact_at FROM customers c WHERE c.last_contact_at IS NOT NULL{where}"
            " ORDER BY c.last_contact_at DESC LIMIT ?",
            (*fparams, limit + 1),
        )
        take(rows, "recent", limit + 1)
        return result

    cap = max(CANDIDATES, limit)
    region = settings_lib.read(tx, "phone_region")
    digits = phone_lib.ascii_digits(query)
    only_digits = len(digits) >= 4 and len(digits) == len(
        "".join(ch for ch in query if not ch.isspace() and ch not in "+-()（）.")
    )

    # 1. exact phone, in any format
    phone = phone_lib.try_normalize(query, region) if len(digits) >= 5 and only_digits else None
    if phone is not None:
        take(tx.all(
            "SELECT c.id, c.last_contact_at FROM customer_phones p CROSS JOIN customers c ON c.id = p.customer_id"
            f" WHERE p.e164 = ?{where}",
            (phone.e164, *fparams),
        ), "phone", cap)

    # 2. exact name, newest contact first straight from customers_name_lower
    key = name_key(query)
    if len(result.ranked) < limit:
        take(tx.all(
            f"SELECT c.id, c.last_contact_at FROM customers c INDEXED BY customers_name_lower WHERE lower(c.name) = ?{where}"
            " ORDER BY c.last_contact_at DESC LIMIT ?",
            (key, *fparams, limit),
        ), "name", limit + 1)
    spelled = query_key(query)  # the text as pinyin: letters only, spaces and apostrophes dropped
    spelled_high = _upper_bound(spelled) if spelled else None
    if spelled and len(result.ranked) < limit:
        take(_pinyin(tx, "n", spelled, None, where, fparams, cap), "name", cap)

    # 3. name or company starting with the text
    high = _upper_bound(key)
    if high is not None and len(result.ranked) < limit:
        rows = tx.all(
            f"SELECT c.id, c.last_contact_at FROM customers c INDEXED BY customers_name_lower"
            f" WHERE lower(c.name) >= ? AND lower(c.name) < ?{where}"
            " LIMIT ?",
            (key, high, *fparams, cap),
        )
        rows += tx.all(
            "SELECT c.id, c.last_contact_at FROM customers c INDEXED BY customers_company_lower"
            f" WHERE lower(c.company) >= ? AND lower(c.company) < ? AND c.company <> ''{where} LIMIT ?",
            (key, high, *fparams, cap),
        )
        if spelled and spelled_high:
            rows += _pinyin(tx, "n", spelled, spelled_high, where, fparams, cap)
            rows += _pinyin(tx, "c", spelled, spelled_high, where, fparams, cap)
        take(rows, "prefix", cap)

    # 4. everything else: phone suffix, words anywhere, order and waybill numbers
    if len(result.ranked) < limit:
        rows = []
        if only_digits:
            low, top = phone_lib.suffix_range(digits)
            rows += tx.all(
                "SELECT c.id, c.last_contact_at FROM customer_phones p CROSS JOIN customers c ON c.id = p.customer_id"
                f" WHERE p.digits_rev >= ? AND p.digits_rev < ?{where} LIMIT ?",
                (low, top, *fparams, cap),
            )
        expression = match_query(query, min_prefix=PREFIX_MIN)
        if expression:
            rows += tx.all(
                "SELECT c.id, c.last_contact_at FROM customer_fts CROSS JOIN customers c ON c.id = customer_fts.rowid"
                f" WHERE customer_fts MATCH ?{where} LIMIT ?",
                (expression, *fparams, cap),
            )
        if spelled and spelled_high:
            rows += _pinyin(tx, "g", spelled, spelled_high, where, fparams, cap)
        if " " not in query and len(query) >= 4 and any(ch.isdigit() for ch in query):
            for number in dict.fromkeys((query, query.upper())):
                end = _upper_bound(number)
                if end is None:
                    continue
                for column in ("order_no", "waybill_no"):
                    # a page and one more: a number's prefix matches calls of unrelated customers in
                    # number order, and each one read is a random page of customers (cold: ~0.2 ms)
                    rows += tx.all(
                        f"SELECT c.id, c.last_contact_at FROM calls k CROSS JOIN customers c ON c.id = k.customer_id"
                        f" WHERE k.{column} >= ? AND k.{column} < ?{where} LIMIT ?",
                        (number, end, *fparams, limit + 1),
                    )
        take(rows, "other", cap)
    return result
