"""Names in pinyin order: the sort key, and every write keeping it beside the name."""

from __future__ import annotations

import sqlite3

import pytest
from test_migrations import T0, build_old_store

from store import open_store
from store.agents import add_agent, set_agent
from store.customers import create_customer, lookup_customers, merge_customers, update_customer
from store.importer import import_customers
from store.name_order import sort_key

# code-point order is 安 张 李 王 白 陈; pinyin order is 安 白 陈 李 王 张
PINYIN_ORDER = ["安心", "白雪", "陈明", "李娜", "王芳", "张伟"]


def ordered(names):
    return sorted(names, key=sort_key)


def test_chinese_names_sort_by_pinyin_not_code_point():
    assert sorted(PINYIN_ORDER) != PINYIN_ORDER  # the test means something
    assert ordered(reversed(PINYIN_ORDER)) == PINYIN_ORDER
    assert ordered(["张", "李"]) == ["李", "张"]


def test_syllable_by_syllable_then_tone_then_character():
    assert ordered(["昂", "安娜"]) == ["安娜", "昂"]  # an|na before ang: a syllable ends before a letter follows
    assert ordered(["利群", "李", "黎明", "李娜"]) == ["黎明", "李", "李娜", "利群"]  # li2 < li3 < li4, 李 before 李娜
    assert ordered(["张伟", "章伟", "张三"]) == ["张三", "张伟", "章伟"]  # 张 and 章 (both zhang1) never interleave
    assert ordered(["吕布", "路人", "卢俊"]) == ["卢俊", "路人", "吕布"]  # lu2 < lu4 < lv3


def test_latin_names_fold_case_and_interleave_with_chinese_by_spelling():
    assert ordered(["bob", "Alice", "ALAN", "émile", "Bea"]) == ["ALAN", "Alice", "Bea", "bob", "émile"]
    assert ordered(["白雪", "Bob", "Anna", "Andy", "安", "Alice"]) == ["Alice", "安", "Andy", "Anna", "白雪", "Bob"]
    assert sort_key("Ｌｉ Ｌｅｉ") == sort_key("li lei")  # full-width letters are letters
    assert sort_key("  Anna   Lee ") == "anna lee"


def test_surnames_read_as_surnames():
    # 曾 zeng (not ceng, which would put him before 陈), 单 shan, 解 xie, 仇 qiu: as a surname is read
    assert ordered(["张伟", "曾伟", "陈明"]) == ["陈明", "曾伟", "张伟"]
    assert ordered(["沈冰", "单雄信", "邓超"]) == ["邓超", "单雄信", "沈冰"]
    assert ordered(["王芳", "解放", "张伟"]) == ["王芳", "解放", "张伟"]
    assert ordered(["仇英", "钱多", "陈明"]) == ["陈明", "钱多", "仇英"]  # chou would come before qian
    assert sort_key("单于").startswith("chan2")  # a compound surname keeps its own reading
    assert sort_key("解放").startswith("xie4") and sort_key("大解放").startswith("da4")  # only a name's first character


def test_odd_names_have_keys_and_an_order():
    assert sort_key("") == sort_key(None) == ""
    assert ordered(["𠮷野家", "张伟", "Zoe"]) == ["张伟", "Zoe", "𠮷野家"]  # a character with no pinyin goes last
    assert sort_key("李娜😀") == sort_key("李娜")
    assert len(sort_key("张" * 80)) <= 120


# -- every write keeps the key ------------------------------------------------------------------
NAMES = ["张伟", "Bob Smith", "李娜", "alice Wong", "安心", "曾志明", "王芳", "陈明", "白雪", "Anna Lee", "章伟", "李"]


@pytest.fixture
def archive(team):
    for i, name in enumerate(NAMES):
        create_customer(team, "lin", phones=[f"1390000{i:04d}"], name=name)
    return team


def test_every_write_keeps_the_sort_key(archive, tmp_path):
    def keys():
        with archive.read(None) as tx:
            return dict(tx.all("SELECT name, name_sort FROM customers"))

    assert keys() == {n: sort_key(n) for n in NAMES}
    cid = lookup_customers(archive, "lin", "张伟")["rows"][0]["id"]
    update_customer(archive, "lin", cid, name="安然")
    assert keys()["安然"] == sort_key("安然")
    keep = lookup_customers(archive, "lin", "章伟")["rows"][0]["id"]
    merge_customers(archive, "lin", keep, lookup_customers(archive, "lin", "李娜")["rows"][0]["id"])
    assert keys()["章伟"] == sort_key("章伟") and "李娜" not in keys()
    sheet = tmp_path / "import.csv"
    sheet.write_text("姓名,电话\n欧阳娜娜,13900009999\n单田芳,13900000003\n", encoding="utf-8-sig")
    import_customers(archive, "lin", sheet)  # one new, one renamed (13900000003 was alice Wong's)
    assert keys()["欧阳娜娜"] == sort_key("欧阳娜娜") and keys()["单田芳"].startswith("shan4")


# -- agents ----------------------------------------------------------------------------------------
@pytest.fixture
def floor(team):
    """Team north gains agents whose logins, names and code points disagree: a1 张伟, a2 白雪, a3 曾静, z9 安心."""
    for login, name in (("a1", "张伟"), ("a2", "白雪"), ("a3", "曾静"), ("z9", "安心")):
        add_agent(team, "root", login, name, "agent", "north")
    return team


def test_a_renamed_agent_moves(floor):
    set_agent(floor, "root", "a1", name="艾米")
    with floor.read(None) as tx:
        assert tx.scalar("SELECT name_sort FROM agents WHERE login = 'a1'") == sort_key("艾米")


# -- migration 10 ----------------------------------------------------------------------------------
def test_migration_10_fills_every_sort_key_in_batches(tmp_path, clock, monkeypatch):
    from store import name_order

    path = tmp_path / "old.db"
    build_old_store(path, 9)
    conn = sqlite3.connect(str(path))
    with conn:
        for i, name in enumerate(NAMES, start=2):
            conn.execute("INSERT INTO customers (id, name, created_at, created_by, updated_at, updated_by)"
                         " VALUES (?, ?, ?, 'root', ?, 'root')", (i, name, T0, T0))
        conn.execute("INSERT INTO agents (id, login, display_name, role, team, active, created_at, updated_at)"
                     " VALUES (3, 'lin', '林芳', 'lead', 'north', 1, ?, ?)", (T0, T0))
    conn.close()
    read = []
    real = name_order.sort_key
    monkeypatch.setattr(name_order, "BATCH", 4)
    monkeypatch.setattr(name_order, "sort_key", lambda n: read.append(n) or real(n))
    s = open_store(path, clock)
    try:
        assert sorted(read) == sorted(["张伟欣", *NAMES, "Root", "李娜", "林芳"])  # each row read once
        with s.read(None) as tx:
            assert all(key == real(name) for name, key in tx.all("SELECT name, name_sort FROM customers"))
            assert all(key == real(name) for name, key in tx.all("SELECT display_name, name_sort FROM agents"))
    finally:
        s.close()
    reopened = open_store(path, clock)
    reopened.close()
