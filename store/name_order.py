"""The order of people's names: Chinese by pinyin, Latin letters without case, the two interleaved by spelling.

`sort_key(name)` is stored beside each name it orders (customers.name_sort, agents.name_sort; migration
10), so a page of 1M customers in name order is an index range, and compared as a plain string
(SQLite BINARY, Python str), so SQL and Python order alike. The key, piece by piece:

- a Han character: its pinyin syllable, its tone (1-5, 5 the neutral tone) and the character itself
  (张伟 -> `zhang1张wei3伟`). The tone digit ends each syllable and sorts before every letter, so names
  compare syllable by syllable as in a dictionary (安娜 `an1…` before 昂 `ang2`); the same syllable
  orders by tone, then by character, so 张 and 章 (both zhang1) never interleave;
- a name's first character reads as a surname (曾 zeng, 单 shan, 解 xie, 仇 qiu …, SURNAME_READINGS),
  unless pypinyin reads it as part of a compound surname (单于 chanyu, 尉迟 yuchi, 万俟 moqi);
- a Latin letter: folded (NFKC, lower case, accents dropped: `Émile` -> `emile`); a digit stays;
- anything else (spaces, punctuation, emoji) is one space, and so is the step between Latin and Han.

So Latin and Chinese names interleave by their spelling: Alice < 安 (an1) < Andy < Anna < 白 (bai2) <
Bob < 陈 < 李 < 王 < 张. A character pypinyin cannot read keeps only itself, after every letter.
ü is spelt v (lv3 for 吕), as people type it, so 吕 follows 路 (lu4) and 卢 (lu2).
pypinyin is imported on the first key computed, never at import time.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from functools import lru_cache

MAX_KEY = 120  # characters of a key kept; names differing only after that order by id
BATCH = 5000  # rows a migration reads and writes at a time

# Surnames that read unlike the character's everyday word (the reading 百家姓 gives the surname)
SURNAME_READINGS = {
    "曾": "zeng1", "单": "shan4", "解": "xie4", "仇": "qiu2", "区": "ou1", "朴": "piao2", "查": "zha1",
    "盖": "ge3", "华": "hua4", "乐": "yue4", "覃": "qin2", "缪": "miao4", "翟": "zhai2", "种": "chong2",
    "秘": "bi4", "召": "shao4", "繁": "po2", "员": "yun4", "重": "chong2", "折": "she2", "任": "ren2",
    "纪": "ji3", "那": "na1", "都": "du1", "过": "guo1", "句": "gou1", "薄": "bo2", "蔚": "yu4", "隗": "wei3",
    "能": "nai4", "牟": "mou2", "洗": "xian3",
}

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")
_READING = re.compile(r"^[a-z]+[1-5]$")


def _latin(text: str) -> str:
    """Letters folded, accents dropped, digits kept; every other run one space."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFKD", text.casefold()):
        if unicodedata.combining(ch):
            continue
        out.append(ch if ch.isalnum() else " ")
    return "".join(out)


@lru_cache(maxsize=1024)
def _default_reading(ch: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(ch, style=Style.TONE3, neutral_tone_with_five=True)[0]


def _han_pieces(run: str, first: bool) -> list[str]:
    """`syllable tone character` for each character of a run of Han characters."""
    from pypinyin import Style, lazy_pinyin

    read = lazy_pinyin(run, style=Style.TONE3, neutral_tone_with_five=True)
    if len(read) != len(run):  # characters it does not know come back as one item: read one by one
        read = [_default_reading(ch) for ch in run]
    if first and run[0] in SURNAME_READINGS and read[0] == _default_reading(run[0]):
        read[0] = SURNAME_READINGS[run[0]]
    return [(r if _READING.match(r) else "") + ch for r, ch in zip(read, run)]


def sort_key(name: str | None) -> str:
    """The string that orders `name` among others (see the module's docstring)."""
    text = unicodedata.normalize("NFKC", name or "").strip()
    pieces: list[str] = []
    at = 0
    for match in _HAN.finditer(text):
        pieces.append(_latin(text[at:match.start()]))
        pieces.append("".join(_han_pieces(match.group(), first=not text[:match.start()].strip())))
        at = match.end()
    pieces.append(_latin(text[at:]))
    return " ".join(" ".join(pieces).split())[:MAX_KEY]


def fill_name_keys(conn: sqlite3.Connection) -> None:
    """name_sort of every customer (from name) and agent (from display_name): migration 10's fill."""
    _fill(conn, "customers", "name")
    _fill(conn, "agents", "display_name")


def _fill(conn: sqlite3.Connection, table: str, column: str) -> None:
    """BATCH rows at a time in id order: bounded memory on any store, inside the migration's transaction."""
    last = 0
    while True:
        batch: list[tuple[int, str]] = conn.execute(
            f"SELECT id, {column} FROM {table} WHERE id > ? ORDER BY id LIMIT ?", (last, BATCH)
        ).fetchall()
        if not batch:
            return
        conn.executemany(f"UPDATE {table} SET name_sort = ? WHERE id = ?", [(sort_key(n), i) for i, n in batch])
        last = batch[-1][0]


@lru_cache(maxsize=256)
def team_key(team: str | None) -> tuple[bool, str]:
    """Where a team goes among teams (by its name's key; no team first, as SQL orders NULL)."""
    return (team is not None, sort_key(team))
