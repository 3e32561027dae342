"""CSV exports in the desk's language: Chinese column words in Chinese, column names in English, JSON keys
never translated; a customers export imports again whichever language wrote it (UTF-8 with BOM as Excel
saves it, GB18030), and the survey import reads the calls export's words."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from store import open_store
from store.access import ANY_ROLE
from store.agents import add_agent
from store.call_records import CallEntry
from store.callbacks import insert_callback
from store.calls import log_call
from store.customers import create_customer, find_by_phone
from store.export_headers import COLUMN_WORDS
from store.exporter import KINDS, open_export
from store.importer.headers import map_headers
from tui import i18n
from tui.cli import cli

NOTES = "第一行\n第二行, 带逗号和 \"引号\""
PHONES = {"张伟欣": "0755-8888 1234", "Ann Lee": "+1 (415) 555-0132", "刘䶮": "139 0013 9000"}


@pytest.fixture
def desk(team):
    create_customer(team, "lin", phones=[PHONES["张伟欣"], "13800138000"], name="张伟欣", company="华强", city="深圳",
                    email="zwx@example.cn", wechat_id="wxid_zwx", status="contracted", tags="vip,重点", notes=NOTES,
                    do_not_call=True)
    create_customer(team, "lin", phones=[PHONES["Ann Lee"]], name="Ann Lee", company="Globex")
    create_customer(team, "lin", phones=[PHONES["刘䶮"]], name="刘䶮", status="churned", notes="不在 GBK 里的字 😀")
    call = log_call(team, "li", CallEntry(number="13800138000", category="order", outcome="resolved", talk_s=60,
                                          notes="要发票", uniqueid="pbx-7"))
    with team.write("root", *ANY_ROLE) as tx:
        insert_callback(tx, due_at="2026-11-26T08:00:00Z", phone_e164="+8613900139000", owner="li", reason="回访")
    team.call = call
    return team


def run(store_path, lang, *args):
    res = CliRunner().invoke(cli, ["--db", str(store_path), "--agent", "root", "--lang", lang, *args])
    assert res.exit_code == 0, res.output
    return res


def header_of(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))


def test_chinese_desk_writes_chinese_words_english_desk_the_column_names(desk):
    for kind in KINDS:
        with open_export(desk, "root", kind) as export:
            columns = export.columns
        assert header_of(run(desk.path, "en", "export", kind).stdout) == columns
        words = header_of(run(desk.path, "zh_CN", "export", kind).stdout)
        assert len(words) == len(columns) and len(set(words)) == len(words)  # one word per column, none twice
        assert all(any("\u4e00" <= ch <= "\u9fff" for ch in w) for w in words), words  # every one in Chinese
        json_keys = json.loads(run(desk.path, "zh_CN", "export", kind, "--format", "json").stdout)[0]
        assert list(json_keys) == columns  # JSON keys are never translated


def test_the_words_are_the_desks_and_the_glossarys(desk):
    def word(kind, column):
        text = run(desk.path, "zh_CN", "export", kind).stdout
        with open_export(desk, "root", kind) as export:
            return header_of(text)[export.columns.index(column)]

    customers = {c: word("customers", c) for c in ("id", "name", "phones", "status", "do_not_call", "wechat_id")}
    assert customers == {"id": "客户编号", "name": "姓名", "phones": "电话", "status": "客户状态",
                         "do_not_call": "免打扰", "wechat_id": "微信号"}
    calls = {c: word("calls", c) for c in ("agent", "started_at", "notes", "wrap_s", "hold_s", "survey_score")}
    # 开始时间, not 来电时间: an outgoing call was no 来电; the call's notes are its 服务小结
    assert calls == {"agent": "坐席", "started_at": "开始时间", "notes": "服务小结", "wrap_s": "话后整理秒数",
                     "hold_s": "保持秒数", "survey_score": "满意度评分"}
    callbacks = {c: word("callbacks", c) for c in ("id", "owner", "due_at", "reason", "kind")}
    assert callbacks == {"id": "回电编号", "owner": "负责人", "due_at": "到期时间", "reason": "回电原因", "kind": "类型"}


def test_every_exported_column_has_a_word(desk):
    for kind in KINDS:
        with open_export(desk, "root", kind) as export:
            assert set(export.columns) <= set(COLUMN_WORDS[kind]), kind  # a new column needs its word too


def test_the_customer_import_maps_every_word_a_customers_export_writes(desk):
    with open_export(desk, "root", "customers") as export:
        columns = export.columns
    for lang in ("en", "zh_CN"):
        header = header_of(run(desk.path, lang, "export", "customers").stdout)
        mapping, ignored = map_headers(header)
        fields = {columns[i]: field for i, field in mapping.items()}
        assert fields == {"name": "name", "phones": "phone", "company": "company", "email": "email",
                          "wechat_id": "wechat_id", "city": "city", "status": "status", "tags": "tags",
                          "notes": "notes", "do_not_call": "do_not_call", "do_not_call_reason": "do_not_call_reason"}, lang
        # what the store keeps for itself is said to be left out, not quietly dropped
        assert len(ignored) == 10 and ("客户编号" in ignored) == (lang == "zh_CN")


def _record(store, name, actor="boss"):
    c = find_by_phone(store, actor, PHONES[name])
    return (c.name, c.company, c.email, c.wechat_id, c.city, c.status, c.tags, c.notes, c.do_not_call,
            [p.e164 for p in c.phones])


@pytest.mark.parametrize(("export_lang", "import_lang", "encoding"), [
    ("zh_CN", "zh_CN", None),  # a CSV file: UTF-8 with BOM, as Excel in China saves "CSV UTF-8"
    ("zh_CN", "en", "gb18030"),  # the GB18030 file a Chinese Excel saves, read on an English desk
    ("en", "zh_CN", None),
    ("en", "en", "gb18030"),
])
def test_a_customers_export_imports_again(desk, tmp_path, export_lang, import_lang, encoding):
    target = tmp_path / "customers.csv"
    run(desk.path, export_lang, "export", "customers", "-o", str(target), *(["--encoding", encoding] if encoding else []))
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == (encoding is None) and b"\r\n" in raw  # Excel's line ends
    assert ("姓名" in raw.decode(encoding or "utf-8-sig")) == (export_lang == "zh_CN")
    fresh = open_store(tmp_path / "fresh.db")
    try:
        add_agent(fresh, None, "boss", "Boss", "admin", None)
        res = CliRunner().invoke(cli, ["--db", str(fresh.path), "--agent", "boss", "--lang", import_lang,
                                       "import", "customers", str(target)])
        assert res.exit_code == 0, res.output
        assert ("导入 3" in res.output or "imported 3" in res.output) and not (tmp_path / "customers.rejects.csv").exists()
        for name in PHONES:
            assert _record(fresh, name) == _record(desk, name, "root"), name
        assert _record(fresh, "张伟欣")[7] == NOTES and _record(fresh, "刘䶮")[0] == "刘䶮"
    finally:
        fresh.close()


def test_an_excel_sheet_with_chinese_headers_imports(desk, tmp_path):
    """What a person saves from Excel: UTF-8 with BOM, CRLF, the words of their own sheet and the export's."""
    sheet = tmp_path / "sheet.csv"
    sheet.write_bytes("姓名,手机号码,公司,客户状态,标签,免打扰\r\n王芳,13700137000,华为,已签约,经销商,否\r\n"
                      .encode("utf-8-sig"))
    run(desk.path, "zh_CN", "import", "customers", str(sheet))
    c = find_by_phone(desk, "root", "13700137000")
    assert (c.name, c.company, c.status, c.tags, c.do_not_call) == ("王芳", "华为", "contracted", ("经销商",), False)


def test_the_survey_import_reads_the_calls_exports_words(desk, tmp_path):
    sheet = tmp_path / "surveys.csv"
    sheet.write_text(f"通话编号,满意度评分\n{desk.call},4\n", encoding="utf-8-sig")
    run(desk.path, "zh_CN", "import", "surveys", str(sheet))
    sheet.write_text("通话唯一标识（uniqueid）,满意度评分\npbx-7,5\n", encoding="gb18030")
    run(desk.path, "en", "import", "surveys", str(sheet))
    assert desk.conn.execute("SELECT survey_score FROM calls WHERE id = ?", (desk.call,)).fetchone() == (5,)
    sheet.write_text("编号,分数\n1,5\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["--db", str(desk.path), "--agent", "root", "import", "surveys", str(sheet)])
    assert res.exit_code == 1 and "满意度评分" in res.output and "编号, 分数" in res.output


def test_the_header_follows_the_language_of_the_command_not_an_earlier_one(desk):
    """--lang on the command decides, whatever language this process was in before."""
    i18n.set_language("zh_CN")
    try:
        assert header_of(run(desk.path, "en", "export", "calls").stdout)[0] == "id"
    finally:
        i18n.set_language("en")
