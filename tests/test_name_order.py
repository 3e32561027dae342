"""Names in pinyin order: the sort key, the customer archive's pages, and every list of agents."""

from __future__ import annotations

import sqlite3

import pytest
from rich.text import Text
from test_migrations import T0, build_old_store

from screens.callback_rows import agent_choices
from store import open_store
from store.agents import add_agent, list_agents, set_agent
from store.callbacks import team_queue
from store.customers import create_customer, list_customers, lookup_customers, merge_customers, update_customer
from store.errors import NotFound, PermissionDenied
from store.importer import import_customers
from store.kpi import team_kpis
from store.name_order import sort_key
from store.wallboard import wallboard

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


# -- the customer archive, a page at a time ------------------------------------------------------
NAMES = ["张伟", "Bob Smith", "李娜", "alice Wong", "安心", "曾志明", "王芳", "陈明", "白雪", "Anna Lee", "章伟", "李"]


@pytest.fixture
def archive(team):
    for i, name in enumerate(NAMES):
        create_customer(team, "lin", phones=[f"1390000{i:04d}"], name=name)
    return team


def test_the_archive_lists_in_name_order(archive):
    expected = ["alice Wong", "安心", "Anna Lee", "白雪", "Bob Smith", "陈明", "李", "李娜", "王芳", "曾志明", "张伟", "章伟"]
    page = list_customers(archive, "lin", limit=500)
    assert [r["name"] for r in page["rows"]] == expected and page["next"] is None
    assert "name_sort" not in page["rows"][0] and page["rows"][0]["main_phone"].startswith("+86139")
    # pages of 5, each after the last one shown, give the same order once
    names, after = [], None
    while True:
        page = list_customers(archive, "lin", after=after, limit=5)
        names += [r["name"] for r in page["rows"]]
        after = page["next"]
        if after is None:
            break
    assert names == expected


def test_the_archive_starts_where_asked(archive):
    def first(start):
        return [r["name"] for r in list_customers(archive, "lin", start=start, limit=3)["rows"]]

    assert first("张") == ["张伟", "章伟"]
    assert first("zh") == ["张伟", "章伟"]
    assert first("Li") == ["李", "李娜", "王芳"]
    assert first("曾") == ["曾志明", "张伟", "章伟"]
    assert first("b") == ["白雪", "Bob Smith", "陈明"]


def test_the_archive_is_for_leads_and_admins(archive):
    with pytest.raises(PermissionDenied):
        list_customers(archive, "li")
    with pytest.raises(NotFound, match="#999"):
        list_customers(archive, "lin", after=999)


def test_every_write_keeps_the_sort_key(archive, tmp_path):
    def keys():
        with archive.read(None) as tx:
            return dict(tx.all("SELECT name, name_sort FROM customers"))

    assert keys() == {n: sort_key(n) for n in NAMES}
    cid = lookup_customers(archive, "lin", "张伟")["rows"][0]["id"]
    update_customer(archive, "lin", cid, name="安然")
    assert keys()["安然"] == sort_key("安然")
    assert [r["name"] for r in list_customers(archive, "lin", limit=2)["rows"]] == ["alice Wong", "安然"]
    keep = lookup_customers(archive, "lin", "章伟")["rows"][0]["id"]
    merge_customers(archive, "lin", keep, lookup_customers(archive, "lin", "李娜")["rows"][0]["id"])
    assert keys()["章伟"] == sort_key("章伟") and "李娜" not in keys()
    sheet = tmp_path / "import.csv"
    sheet.write_text("姓名,电话\n欧阳娜娜,13900009999\n单田芳,13900000003\n", encoding="utf-8-sig")
    import_customers(archive, "lin", sheet)  # one new, one renamed (13900000003 was alice Wong's)
    assert keys()["欧阳娜娜"] == sort_key("欧阳娜娜") and keys()["单田芳"].startswith("shan4")


def test_lookup_ties_read_in_name_order(archive):
    """Customers never contacted tie on recency: within a match class they read in name order."""
    rows = lookup_customers(archive, "lin", "伟")["rows"]
    assert [r["name"] for r in rows] == ["张伟", "章伟"]
    for i, name in enumerate(("王五", "Zed", "安七", "白六")):
        create_customer(archive, "lin", phones=[f"1370000{i:04d}"], name=name, company="华为")
    rows = lookup_customers(archive, "lin", "华为")["rows"]  # one class: the company starts with it
    assert [r["name"] for r in rows] == ["安七", "白六", "王五", "Zed"]


# -- agents ----------------------------------------------------------------------------------------
@pytest.fixture
def floor(team):
    """Team north gains agents whose logins, names and code points disagree: a1 张伟, a2 白雪, a3 曾静, z9 安心."""
    for login, name in (("a1", "张伟"), ("a2", "白雪"), ("a3", "曾静"), ("z9", "安心")):
        add_agent(team, "root", login, name, "agent", "north")
    return team


def test_agent_lists_are_in_name_order(floor):
    north = [a.display_name for a in list_agents(floor, "root", team="north")]
    assert north == ["林芳", "安心", "白雪", "李娜", "王伟", "曾静", "张伟"]  # the lead first, then by name
    assert [a.team for a in list_agents(floor, "root")][:2] == [None, "north"]
    board = [r["display_name"] for r in wallboard(floor, "lin")["agents"]]
    assert board == ["安心", "白雪", "李娜", "林芳", "王伟", "曾静", "张伟"]
    queue = team_queue(floor, "lin")
    assert [g.name for g in queue.groups] == ["安心", "白雪", "李娜", "林芳", "王伟", "曾静", "张伟", None]
    assert queue.agents == ("z9", "a2", "li", "lin", "wang", "a3", "a1")
    # F4's pickers (agent filter, reassign) in that order, each saying who it is; a name is text, not markup
    choices = agent_choices(queue.groups)
    assert [(str(label), login) for label, login in choices][:2] == [("安心 (z9)", "z9"), ("白雪 (a2)", "a2")]
    assert all(isinstance(label, Text) for label, _login in choices)


def test_scorecard_ties_are_in_name_order(floor):
    rows = team_kpis(floor, "lin", "month")
    assert len({(r["rank"]) for r in rows}) == 1  # nobody has worked: everyone shares a place
    assert [r["display_name"] for r in rows] == ["安心", "白雪", "李娜", "王伟", "曾静", "张伟"]


def test_a_renamed_agent_moves(floor):
    set_agent(floor, "root", "a1", name="艾米")
    assert [a.login for a in list_agents(floor, "root", team="north")][:3] == ["lin", "a1", "z9"]
    with floor.read(None) as tx:
        assert tx.scalar("SELECT name_sort FROM agents WHERE login = 'a1'") == sort_key("艾米")


def test_teams_are_in_name_order(team):
    for login, name, place in (("h1", "韩梅", "华南"), ("d1", "丁一", "东北"), ("b1", "包拯", "北京")):
        add_agent(team, "root", login, name, "agent", place)
    teams = list(dict.fromkeys(a.team for a in list_agents(team, "root") if a.team))
    assert teams == ["北京", "东北", "华南", "north", "south"]
    assert list(dict.fromkeys(r["team"] for r in team_kpis(team, "root", "month"))) == teams


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
        names = [r["name"] for r in list_customers(s, "root", limit=500)["rows"]]
        assert names[:4] == ["alice Wong", "安心", "Anna Lee", "白雪"] and names[-3:] == ["张伟", "张伟欣", "章伟"]
        assert [a.login for a in list_agents(s, "root", team="north")] == ["lin", "li"]
    finally:
        s.close()
    reopened = open_store(path, clock)
    reopened.close()
