"""Pinyin search keys for customer names and companies, stored in customer_pinyin.

Chinese users look a person up as they would type the name in an IME: initials
(`zwx`, `zw` for 张伟欣) or full pinyin (`zhangwei`, `weixin`). Each customer gets
a few keys, each one string of ASCII letters, so a prefix search is a range on
the index customer_pinyin_key:

- part 'n', the name from its first character: its full pinyin and its initials,
  once for every reading of the first character that pypinyin's heteronym data
  gives (曾 zeng and ceng, 单 shan and dan, 仇 qiu and chou, 解 xie and jie: a
  surname often reads unlike the word);
- part 'g', the name from each later character: full pinyin (`weixin`, `xin`);
- part 'c', the company from its first character: full pinyin and initials (`hwjs`).

Only Han characters give syllables; other characters are left out, and a name
without any has no keys. The characters after the first take their most common
reading (pypinyin reads the run as a phrase). pypinyin is imported on the first
key computed, never at import time; a lookup reads keys and needs none of it.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from functools import lru_cache

PARTS = ("n", "g", "c")
MAX_CHARS = 20  # Han characters of a name or company that give keys
MAX_QUERY = 60  # longest pinyin query read
MAX_READINGS = 4  # readings of a name's first character
BATCH = 5000  # customers a migration reads and writes at a time
FILL_CACHE_KIB = 65_536  # the page cache while a migration fills the keys
INSERT = "INSERT INTO customer_pinyin (customer_id, part, key) VALUES (?, ?, ?)"

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_SYLLABLE = re.compile(r"^[a-z]+$")
_QUERY_JOINERS = re.compile(r"[\s'’·\-]+")


def _han(text: str) -> str:
    return "".join(_HAN.findall(unicodedata.normalize("NFKC", text or "")))[:MAX_CHARS]


def _clean(syllable: str) -> str:
    syllable = syllable.lower().replace("ü", "v")
    return syllable if _SYLLABLE.match(syllable) else ""


def _syllables(han: str) -> list[str]:
    """The most common reading of each character, read as a phrase; '' where pypinyin has none."""
    from pypinyin import Style, lazy_pinyin

    read = lazy_pinyin(han, style=Style.NORMAL)
    if len(read) != len(han):  # characters it does not know come back as one item: read one by one
        read = [lazy_pinyin(ch, style=Style.NORMAL)[0] for ch in han]
    return [_clean(s) for s in read]


@lru_cache(maxsize=4096)
def _readings(ch: str) -> tuple[str, ...]:
    """Every reading pypinyin knows for one character, without tones."""
    from pypinyin import Style, pinyin

    found = pinyin(ch, style=Style.NORMAL, heteronym=True)
    return tuple(dict.fromkeys(r for r in (_clean(s) for s in (found[0] if found else [])) if r))


def search_keys(name: str, company: str = "") -> list[tuple[str, str]]:
    """The (part, key) pairs stored for a customer with this name and company, without repeats."""
    keys: dict[tuple[str, str], None] = {}
    han = _han(name)
    if han:
        syllables = _syllables(han)
        rest_full = "".join(syllables[1:])
        rest_initials = "".join(s[:1] for s in syllables[1:])
        firsts = [r for r in dict.fromkeys([syllables[0], *_readings(han[0])]) if r][:MAX_READINGS]
        for first in firsts:
            keys[("n", first + rest_full)] = None
            keys[("n", first[0] + rest_initials)] = None
        for i in range(1, len(syllables)):
            later = "".join(syllables[i:])
            if later:
                keys[("g", later)] = None
    han = _han(company)
    if han:
        syllables = _syllables(han)
        for key in ("".join(syllables), "".join(s[:1] for s in syllables)):
            if key:
                keys[("c", key)] = None
    return [k for k in keys if k[1]]


def query_key(text: str) -> str | None:
    """What a lookup matches against pinyin keys: letters only, folded (`Zhang Wei` -> `zhangwei`), or None."""
    folded = _QUERY_JOINERS.sub("", unicodedata.normalize("NFKC", text or "").lower()).replace("ü", "v")
    if not folded or len(folded) > MAX_QUERY or not _SYLLABLE.match(folded):
        return None
    return folded


def key_rows(customer_id: int, name: str, company: str) -> list[tuple[int, str, str]]:
    """customer_pinyin rows (customer_id, part, key) for one customer."""
    return [(customer_id, part, key) for part, key in search_keys(name, company)]


def rewrite_keys(conn: sqlite3.Connection, customer_id: int, name: str | None, company: str | None) -> None:
    """Replace one customer's keys inside the caller's transaction (None name: the customer is gone)."""
    conn.execute("DELETE FROM customer_pinyin WHERE customer_id = ?", (customer_id,))
    if name is not None:
        conn.executemany(INSERT, key_rows(customer_id, name, company or ""))


def fill_keys(conn: sqlite3.Connection) -> None:
    """Keys for every customer, BATCH customers at a time in id order: bounded memory on any store.

    The page cache grows to FILL_CACHE_KIB meanwhile (the index takes each key in random order;
    with the desk's 16 MiB it spends a sixth more CPU and twice the time on the bench store)."""
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = -{FILL_CACHE_KIB}")
    try:
        last = 0
        while True:
            batch: list[tuple[int, str, str]] = conn.execute(
                "SELECT id, name, company FROM customers WHERE id > ? ORDER BY id LIMIT ?", (last, BATCH)
            ).fetchall()
            if not batch:
                return
            conn.executemany(INSERT, [r for cid, name, company in batch for r in key_rows(cid, name, company)])
            last = batch[-1][0]
    finally:
        conn.execute(f"PRAGMA cache_size = {int(cache)}")
