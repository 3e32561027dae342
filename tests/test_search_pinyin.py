"""Lookup by pinyin: initials and full pinyin of names, each reading of a surname, company initials."""

from __future__ import annotations

import pytest

from store.customers import (
    create_customer,
    lookup_customers,
    merge_customers,
    search_customers,
    update_customer,
)
from store.pinyin import query_key, search_keys


@pytest.fixture
def desk(team):
    ids = {
        "zwx": create_customer(team, "li", phones=["13800138000"], name="张伟欣", company="华为技术", city="深圳"),
        "zw": create_customer(team, "li", name="张伟", company="腾讯", city="北京"),
        "wx": create_customer(team, "li", name="王小欣", city="上海"),
        "zeng": create_customer(team, "li", name="曾志明"),
        "shan": create_customer(team, "li", name="单田芳"),
        "qiu": create_customer(team, "li", name="仇晓东"),
        "xie": create_customer(team, "li", name="解红梅"),
        "lv": create_customer(team, "li", name="吕布"),
        "anna": create_customer(team, "li", name="Anna", city="London"),
        "annabel": create_customer(team, "li", name="Annabel Lee"),
        "smith": create_customer(team, "li", name="Mary Smith", notes="Anna's sister"),
        "an_na": create_customer(team, "li", name="安娜"),
    }
    team.ids = ids
    return team


def names(s, query):
    return [c["name"] for c in search_customers(s, "wang", query)]


@pytest.mark.parametrize("query", ["zw", "zwx", "ZWX", "zhangwei", "zhang wei", "Zhang Wei", "zhangweixin", "zhang",
                                   "weixin", "wei xin", "xin"])
def test_a_chinese_name_by_initials_or_full_pinyin(desk, query):
    assert "张伟欣" in names(desk, query)


def test_whole_pinyin_or_initials_rank_before_a_prefix(desk):
    assert names(desk, "zw")[:2] == ["张伟", "张伟欣"]
    assert names(desk, "zhangwei")[:2] == ["张伟", "张伟欣"]
    found = search_customers(desk, "wang", "zwx")
    assert [(c["name"], c["match"]) for c in found] == [("张伟欣", "name")]
    assert {c["name"]: c["match"] for c in search_customers(desk, "wang", "zw")} == {"张伟": "name", "张伟欣": "prefix"}
    assert {c["name"]: c["match"] for c in search_customers(desk, "wang", "weixin")} == {"张伟欣": "other"}


def test_pinyin_is_precise(desk):
    assert names(desk, "zwz") == []
    assert names(desk, "weixinx") == []
    assert sorted(names(desk, "xin")) == ["张伟欣", "王小欣"]
    assert names(desk, "wxx") == ["王小欣"]
    assert names(desk, "lvbu") == names(desk, "lb") == ["吕布"]


@pytest.mark.parametrize("query,name", [
    ("zengzhiming", "曾志明"), ("cengzhiming", "曾志明"), ("zzm", "曾志明"), ("czm", "曾志明"),
    ("shantianfang", "单田芳"), ("dantianfang", "单田芳"), ("stf", "单田芳"), ("dtf", "单田芳"),
    ("qiuxiaodong", "仇晓东"), ("chouxiaodong", "仇晓东"), ("qxd", "仇晓东"), ("cxd", "仇晓东"),
    ("xiehongmei", "解红梅"), ("jiehongmei", "解红梅"), ("xhm", "解红梅"), ("jhm", "解红梅"),
])
def test_a_surname_with_several_readings_is_found_by_each(desk, query, name):
    assert names(desk, query) == [name]


def test_the_first_characters_readings_come_from_pypinyin():
    from pypinyin import Style, pinyin

    readings = {r for r in pinyin("朴", style=Style.NORMAL, heteronym=True)[0]}
    assert len(readings) > 1
    keys = {key for part, key in search_keys("朴树") if part == "n"}
    assert {r + "shu" for r in readings} <= keys


@pytest.mark.parametrize("query", ["hwjs", "hw", "huawei", "huaweijishu", "HWJS"])
def test_a_company_by_initials_or_pinyin(desk, query):
    found = search_customers(desk, "wang", query)
    assert [c["name"] for c in found][:1] == ["张伟欣"]
    assert found[0]["match"] == "prefix"


def test_latin_names_are_found_as_before(desk):
    found = search_customers(desk, "wang", "anna")
    assert found[0]["name"] == "Anna" and found[0]["match"] == "name"  # the exact name first
    by_name = {c["name"]: c["match"] for c in found}
    assert by_name == {"Anna": "name", "安娜": "name", "Annabel Lee": "prefix", "Mary Smith": "other"}
    assert names(desk, "annab") == ["Annabel Lee"]
    assert names(desk, "smith") == ["Mary Smith"]


def test_ordinary_searches_are_unchanged(desk):
    assert names(desk, "8000") == ["张伟欣"]
    assert names(desk, "138 0013 8000") == ["张伟欣"]
    assert names(desk, "伟欣") == ["张伟欣"]
    assert names(desk, "london") == ["Anna"]


def test_pinyin_keys_follow_every_change(desk):
    ids = desk.ids
    update_customer(desk, "li", ids["wx"], name="李小龙", company="嘉禾影业")
    assert names(desk, "wxx") == []
    assert names(desk, "lxl") == ["李小龙"]
    assert names(desk, "jhyy") == ["李小龙"]
    update_customer(desk, "li", ids["wx"], company="")
    assert names(desk, "jhyy") == []
    merge_customers(desk, "lin", ids["zw"], ids["zwx"])
    with desk.read(None) as tx:
        assert tx.scalar("SELECT count(*) FROM customer_pinyin WHERE customer_id = ?", (ids["zwx"],)) == 0
    assert names(desk, "zwx") == []
    assert names(desk, "zw") == ["张伟"]


def test_stored_keys_are_what_search_keys_computes(desk):
    with desk.read(None) as tx:
        for cid, name, company in tx.all("SELECT id, name, company FROM customers"):
            stored = sorted(tx.all("SELECT part, key FROM customer_pinyin WHERE customer_id = ?", (cid,)))
            assert stored == sorted(search_keys(name, company)), name


def test_filters_apply_to_pinyin_matches(desk):
    update_customer(desk, "li", desk.ids["zw"], status="contracted", tags="vip")
    rows = lookup_customers(desk, "wang", "zw", status="contracted", tag="vip")["rows"]
    assert [r["name"] for r in rows] == ["张伟"]


@pytest.mark.parametrize("text,key", [
    ("Zhang Wei", "zhangwei"), ("xi'an", "xian"), ("ｚｗ", "zw"), ("lü", "lv"), (" zw ", "zw"),
    ("zw1", None), ("张伟", None), ("", None), ("a" * 61, None), ("o'neil-smith", "oneilsmith"),
])
def test_query_key(text, key):
    assert query_key(text) == key


def test_keys_of_odd_names():
    assert search_keys("Anna Smith", "Globex") == []
    assert search_keys("张Anna伟") == search_keys("张伟")
    assert search_keys("李") == [("n", "li"), ("n", "l")]
    assert all(key.isascii() and key.isalpha() for _part, key in search_keys("𠮷野家" * 10, "㐀㐁公司"))


def test_pypinyin_is_not_imported_until_a_key_is_computed():
    import subprocess
    import sys

    code = ("import sys, store, store.search, store.customers, store.migrations; "
            "assert 'pypinyin' not in sys.modules, 'imported at start-up'")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_imported_customers_are_found_by_pinyin(team, tmp_path):
    from store.importer import import_customers

    path = tmp_path / "customers.csv"
    path.write_text("姓名,电话,公司\n曾志明,13800138000,深圳华强电子有限公司\n欧阳娜娜,13900139000,\n", encoding="utf-8")
    assert import_customers(team, "lin", path).imported == 2
    assert names(team, "zzm") == names(team, "czm") == names(team, "szhq") == ["曾志明"]
    assert names(team, "ouyang") == ["欧阳娜娜"]
    path.write_text("姓名,电话,公司\n曾志强,13800138000,华为技术\n", encoding="utf-8")
    result = import_customers(team, "lin", path)
    assert result.updated == 1
    assert names(team, "zzq") == names(team, "hwjs") == ["曾志强"]
    assert names(team, "zzm") == names(team, "szhq") == []
