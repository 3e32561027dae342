"""`agentdesk import customers`: messy real-world CSV files, through the store and the CLI."""

from __future__ import annotations

import csv
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from store import open_store
from store.customer_phones import CustomerPhone
from store.customers import count_customers, create_customer, find_by_phone, get_customer, search_customers
from store.errors import PermissionDenied, ValidationError
from store.importer import import_customers, rejects_path_for
from tui.cli import cli

ROOT = Path(__file__).resolve().parents[1]
TABLES = ("customers", "customer_phones", "customer_fts", "customer_pinyin", "audit_log", "change_log")


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def counts(store) -> dict:
    with store.read(None) as tx:
        return {t: tx.scalar(f"SELECT count(*) FROM {t}") for t in TABLES}


def read_rejects(path: Path, encoding: str = "utf-8-sig") -> list[dict]:
    with open(rejects_path_for(path), encoding=encoding, newline="") as fh:
        return list(csv.DictReader(fh))


def run_cli(store_path, *args, agent="root"):
    return CliRunner().invoke(cli, ["--db", str(store_path), "--agent", agent, "--lang", "en", *args])


@pytest.fixture
def csv_path(tmp_path):
    return tmp_path / "customers.csv"


# -- encodings and headers ----------------------------------------------------------
def test_utf8_with_bom_and_english_headers(team, csv_path):
    write(csv_path, "Name,Phone,Company,E-mail,WeChat,City,Notes,Status,Tags\r\n"
                    "Alice Wong,+86 138-0013-8000,Acme,alice@example.com,alicew,Shenzhen,likes email,Contracted,\"VIP, wholesale\"\r\n"
                    "Bob Li,139 0013 9000,,,,,,prospect,\r\n", "utf-8-sig")
    result = import_customers(team, "root", csv_path)
    assert (result.imported, result.updated, result.rejected) == (2, 0, 0)
    assert result.encoding == "utf-8-sig"
    assert result.rejects_path is None and not rejects_path_for(csv_path).exists()
    alice = find_by_phone(team, "root", "13800138000")
    assert alice.name == "Alice Wong"  # the BOM did not stick to the first header
    assert (alice.company, alice.email, alice.wechat_id, alice.city) == ("Acme", "alice@example.com", "alicew", "Shenzhen")
    assert alice.status == "contracted" and alice.tags == ("vip", "wholesale") and alice.notes == "likes email"
    assert alice.phones == (CustomerPhone(e164="+8613800138000", raw="+86 138-0013-8000", main=True),)
    assert alice.created_by == "root"


def test_gbk_file_with_chinese_headers_and_status_values(team, csv_path):
    text = ("姓名,电话,手机,公司,邮箱,微信,城市,备注,状态,标签\n"
            "张伟欣,0755-8888 1234,13800138000,深圳华强电子有限公司,zhang@example.cn,zwx88,深圳,老客户，季度回访,已签约,重点\n"
            "李娜,13900139000,,,,,北京,,准客户,\n"
            "王芳,13700137000,,,,,上海,,流失,\n")
    write(csv_path, text, "gbk")
    with pytest.raises(UnicodeDecodeError):
        csv_path.read_bytes().decode("utf-8")  # really not UTF-8
    result = import_customers(team, "lin", csv_path)
    assert result.encoding == "gb18030"
    assert (result.imported, result.updated, result.rejected) == (3, 0, 0)
    zhang = find_by_phone(team, "root", "+86 138 0013 8000")
    assert zhang.name == "张伟欣" and zhang.company == "深圳华强电子有限公司" and zhang.city == "深圳"
    assert zhang.status == "contracted" and zhang.notes == "老客户，季度回访" and zhang.tags == ("重点",)
    assert [p.e164 for p in zhang.phones] == ["+8675588881234", "+8613800138000"]  # both phone columns, 电话 first = main
    assert zhang.phones[0].main is True
    assert find_by_phone(team, "root", "13900139000").status == "prospect"
    assert find_by_phone(team, "root", "13700137000").status == "churned"
    # The search tokens were written: 伟 and 华强 find the imported customer.
    assert [c["name"] for c in search_customers(team, "root", "伟")] == ["张伟欣"]
    assert [c["name"] for c in search_customers(team, "root", "华强")] == ["张伟欣"]


def test_gb18030_header_aliases_are_case_and_space_insensitive(team, csv_path):
    write(csv_path, " NAME ,Phone 1,phone_2,客户状态\nEve,13800138000,13900139000,CHURNED\n", "gb18030")
    result = import_customers(team, "root", csv_path)
    assert result.imported == 1
    eve = find_by_phone(team, "root", "13900139000")
    assert eve.name == "Eve" and eve.status == "churned" and len(eve.phones) == 2


def test_wrong_encoding_flag_gives_clear_error(team, csv_path):
    write(csv_path, "姓名,电话\n张伟,13800138000\n", "gbk")
    before = counts(team)
    with pytest.raises(ValidationError) as err:
        import_customers(team, "root", csv_path, encoding="utf-8")
    message = str(err.value)
    assert "--encoding" in message and "utf-8" in message and "line 1" in message
    assert counts(team) == before
    res = run_cli(team.path, "import", "customers", str(csv_path), "--encoding", "utf-8")
    assert res.exit_code == 1
    assert "--encoding" in res.stderr and "Traceback" not in res.output
    assert isinstance(res.exception, SystemExit)  # a clean exit, not an escaped exception
    # With the right flag the same file imports.
    res = run_cli(team.path, "import", "customers", str(csv_path), "--encoding", "gbk")
    assert res.exit_code == 0 and res.stdout == "imported 1, updated 0, rejected 0\n"


def test_unknown_encoding_name_and_undecodable_file(team, csv_path):
    write(csv_path, "name,phone\nA,13800138000\n")
    with pytest.raises(ValidationError, match="--encoding: 'klingon'"):
        import_customers(team, "root", csv_path, encoding="klingon")
    csv_path.write_bytes(b"name,phone\nA,13800138000\nB\xff\x80,13900139000\n")  # neither UTF-8 nor GB18030
    with pytest.raises(ValidationError) as err:
        import_customers(team, "root", csv_path)
    assert "--encoding" in str(err.value) and "line 3" in str(err.value)
    assert count_customers(team) == 0


def test_file_without_name_column_names_the_expected_headers(team, csv_path):
    write(csv_path, "客户编号,电话\n1,13800138000\n")
    with pytest.raises(ValidationError) as err:
        import_customers(team, "root", csv_path)
    assert "no name column" in str(err.value) and "姓名" in str(err.value) and "name/" in str(err.value)
    write(csv_path, "")
    with pytest.raises(ValidationError, match="empty"):
        import_customers(team, "root", csv_path)


# -- rows ---------------------------------------------------------------------------
def test_bad_phones_are_rejected_with_their_physical_line_numbers(team, csv_path):
    write(csv_path, "姓名,电话,备注\n"          # line 1
                    "好人,13800138000,\n"        # 2
                    "\n"                          # 3 blank
                    "坏号,12345,第一\n"          # 4
                    "多行,13900139000,\"第一行\n第二行\"\n"  # 5-6: a quoted note over two lines
                    "没号,,\n"                    # 7
                    "坏号二,138001380001234,\n", "utf-8-sig")  # 8
    result = import_customers(team, "root", csv_path)
    assert (result.imported, result.updated, result.rejected) == (2, 0, 3)
    assert result.rejects_path == rejects_path_for(csv_path) == csv_path.with_name("customers.rejects.csv")
    rows = read_rejects(csv_path)
    assert [(r["line"], r["姓名"], r["电话"]) for r in rows] == [("4", "坏号", "12345"), ("7", "没号", ""), ("8", "坏号二", "138001380001234")]
    assert list(rows[0]) == ["姓名", "电话", "备注", "line", "reason"]
    assert "12345" in rows[0]["reason"] and "not a valid phone number" in rows[0]["reason"]
    assert "no phone number" in rows[1]["reason"]
    assert find_by_phone(team, "root", "13900139000").notes == "第一行\n第二行"


def test_rejects_file_keeps_the_input_encoding(team, csv_path):
    write(csv_path, "姓名,电话\n坏号,12345\n", "gbk")
    import_customers(team, "root", csv_path)
    rows = read_rejects(csv_path, encoding="gbk")
    assert rows[0]["姓名"] == "坏号" and rows[0]["line"] == "2"


def test_bad_cells_other_than_phones_are_rejected(team, csv_path):
    write(csv_path, "name,phone,email,status\n"
                    "A,13800138000,not-an-email,\n"
                    "B,13900139000,,vip\n"
                    ",13700137000,,\n"
                    "C,13600136000,,,extra,cells\n")
    result = import_customers(team, "root", csv_path)
    assert (result.imported, result.rejected) == (0, 4)
    reasons = {r["line"]: r["reason"] for r in read_rejects(csv_path)}
    assert "e-mail" in reasons["2"]
    assert "status: 'vip'" in reasons["3"] and "已签约" in reasons["3"]
    assert "name: required" in reasons["4"]
    assert "unquoted comma" in reasons["5"]
    assert count_customers(team) == 0


def test_duplicate_phone_in_different_formats_makes_one_customer(team, csv_path):
    write(csv_path, "name,phone\n"
                    "张伟,138 0013 8000\n"
                    "张伟,+86 138-0013-8000\n"
                    "张伟,0086 13800138000\n"
                    "张伟,１３８００１３８０００\n")
    result = import_customers(team, "root", csv_path, batch_size=2)  # the duplicates straddle a batch boundary
    assert (result.imported, result.updated, result.rejected) == (1, 3, 0)
    assert count_customers(team) == 1
    assert [p.e164 for p in find_by_phone(team, "root", "13800138000").phones] == ["+8613800138000"]
    # The same number twice in one row is one phone, too.
    write(csv_path, "name,电话,手机\n李四,13900139000,+86 139 0013 9000\n")
    assert import_customers(team, "root", csv_path).imported == 1
    assert len(find_by_phone(team, "root", "13900139000").phones) == 1


def test_blank_lines_are_skipped(team, csv_path):
    write(csv_path, "\r\nname,phone\r\n\r\n,\r\nA,13800138000\r\n   ,  \r\n\r\nB,13900139000\r\n\r\n")
    result = import_customers(team, "root", csv_path)
    assert (result.imported, result.updated, result.rejected, result.rows) == (2, 0, 0, 2)


def test_existing_customer_is_updated_by_phone(team, csv_path):
    cid = create_customer(team, "li", phones=["13800138000"], name="张伟", company="旧公司", city="北京", notes="keep me")
    write(csv_path, "姓名,电话,手机,公司,城市,备注,状态\n"
                    "张伟,+86 138-0013-8000,13900139000,新公司,,,已签约\n")
    before = counts(team)
    result = import_customers(team, "lin", csv_path)
    assert (result.imported, result.updated, result.rejected) == (0, 1, 0)
    c = get_customer(team, "root", cid)
    assert c.company == "新公司" and c.status == "contracted"
    assert c.city == "北京" and c.notes == "keep me"  # empty cells leave fields alone
    assert [(p.e164, p.main) for p in c.phones] == [("+8613800138000", True), ("+8613900139000", False)]
    assert c.updated_by == "lin"
    assert count_customers(team) == 1
    assert [x["id"] for x in search_customers(team, "root", "新公司")] == [cid]  # tokens follow the update
    assert search_customers(team, "root", "旧公司") == []
    after = counts(team)
    assert after["change_log"] > before["change_log"]
    with team.read(None) as tx:
        audit = tx.all("SELECT actor, table_name, action FROM audit_log WHERE id > ? ORDER BY id", (before["audit_log"],))
    assert ("lin", "customers", "update") in audit and ("lin", "customer_phones", "insert") in audit


def test_row_whose_phones_belong_to_two_customers_is_rejected(team, csv_path):
    a = create_customer(team, "root", phones=["13800138000"], name="甲")
    b = create_customer(team, "root", phones=["13900139000"], name="乙")
    write(csv_path, "姓名,电话,手机,公司\n合并,13800138000,13900139000,新公司\n丙,13700137000,,\n")
    result = import_customers(team, "root", csv_path)
    assert (result.imported, result.updated, result.rejected) == (1, 0, 1)
    [row] = read_rejects(csv_path)
    assert row["line"] == "2" and f"#{a}" in row["reason"] and f"#{b}" in row["reason"]
    assert get_customer(team, "root", a).company == "" and get_customer(team, "root", b).company == ""
    assert len(get_customer(team, "root", a).phones) == 1


def test_export_round_trip_headers_import(team, csv_path):
    """A file in the export's own layout (wechat_id, phones joined with ';', do_not_call) imports."""
    write(csv_path, "id,name,phones,wechat_id,tags,do_not_call,created_at\n"
                    "7,Ann,+8613800138000;+8613900139000,ann_wx,\"a,b\",1,2026-01-01T00:00:00Z\n")
    assert import_customers(team, "root", csv_path).imported == 1
    ann = find_by_phone(team, "root", "13900139000")
    assert ann.wechat_id == "ann_wx" and ann.tags == ("a", "b") and ann.do_not_call is True
    assert len(ann.phones) == 2


# -- roles, dry run, batches, size ---------------------------------------------------
def test_agent_may_not_import(team, csv_path):
    write(csv_path, "name,phone\nA,13800138000\n")
    before = counts(team)
    with pytest.raises(PermissionDenied, match="lead or admin"):
        import_customers(team, "li", csv_path)
    assert counts(team) == before
    res = run_cli(team.path, "import", "customers", str(csv_path), agent="li")
    assert res.exit_code == 1
    assert "has the role agent" in res.stderr and "Traceback" not in res.output
    assert count_customers(team) == 0


def test_dry_run_writes_nothing_but_counts_like_the_real_run(team, csv_path):
    a = create_customer(team, "root", phones=["13800138000"], name="甲")
    create_customer(team, "root", phones=["13900139000"], name="乙")
    write(csv_path, "姓名,电话,手机,公司\n"
                    "甲,+86 138 0013 8000,,新公司\n"   # updates 甲
                    "丙,13700137000,,\n"              # new
                    "丙,137-0013-7000,13600136000,\n"  # the same new customer again
                    "丁,13600136000,13900139000,\n"   # 丙 (earlier row) and 乙: two customers
                    "戊,12345,,\n")                    # bad phone
    before = counts(team)
    version = team.data_version()
    dry = import_customers(team, "root", csv_path, dry_run=True)
    assert dry.dry_run is True
    assert counts(team) == before and team.data_version() == version
    assert get_customer(team, "root", a).company == ""
    assert [r["line"] for r in read_rejects(csv_path)] == ["5", "6"]  # the rejects file is still written
    rejects_path_for(csv_path).unlink()
    real = import_customers(team, "root", csv_path)
    assert (dry.imported, dry.updated, dry.rejected) == (real.imported, real.updated, real.rejected) == (1, 2, 2)
    assert [r["line"] for r in read_rejects(csv_path)] == ["5", "6"]
    assert get_customer(team, "root", a).company == "新公司"

    res = run_cli(team.path, "import", "customers", str(csv_path), "--dry-run")
    assert res.exit_code == 0
    assert res.stdout == "imported 0, updated 3, rejected 2\n"
    assert "dry run" in res.stderr and "customers.rejects.csv" in res.stderr


def test_each_batch_commits_on_its_own(team, csv_path, store_path):
    lines = ["name,phone"] + [f"c{i},1380000{i:04d}" for i in range(1200)]
    write(csv_path, "\n".join(lines) + "\n")
    seen = []
    other = open_store(store_path)  # another desk's connection
    try:
        def progress(done, total):
            seen.append((done, total, count_customers(other)))

        result = import_customers(team, "root", csv_path, batch_size=500, batch_s=3600, pause_s=0, progress=progress)
    finally:
        other.close()
    assert result.imported == 1200
    # After each batch another connection already sees that batch: it was committed.
    assert seen[:4] == [(0, 1200, 0), (500, 1200, 500), (1000, 1200, 1000), (1200, 1200, 1200)]
    with team.read(None) as tx:
        stamps = tx.all("SELECT DISTINCT created_by FROM customers")
    assert stamps == [("root",)]


@pytest.mark.perf
def test_ten_thousand_rows_import_in_reasonable_time(team, csv_path):
    lines = ["姓名,电话,公司,城市,状态"] + [
        f"客户{i},13{i % 10}{i:08d},公司{i % 97},城市{i % 13},{('已签约', '准客户', '流失')[i % 3]}" for i in range(10_000)
    ]
    write(csv_path, "\r\n".join(lines) + "\r\n", "gb18030")
    started = time.perf_counter()
    result = import_customers(team, "root", csv_path)
    elapsed = time.perf_counter() - started
    assert (result.imported, result.updated, result.rejected) == (10_000, 0, 0)
    assert count_customers(team) == 10_000
    assert find_by_phone(team, "root", "13900009999").name == "客户9999"
    assert elapsed < 20, f"10,000 rows took {elapsed:.1f} s"


# -- the CLI ---------------------------------------------------------------------------
def test_cli_prints_exactly_the_summary(team, csv_path):
    write(csv_path, "name,phone\nA,13800138000\nB,bad\n")
    res = run_cli(team.path, "import", "customers", str(csv_path))
    assert res.exit_code == 0, res.output
    assert res.stdout == "imported 1, updated 0, rejected 1\n"
    assert str(rejects_path_for(csv_path)) in res.stderr
    res = run_cli(team.path, "import", "customers", str(csv_path))
    assert res.stdout == "imported 0, updated 1, rejected 1\n"


def test_cli_missing_file_is_one_clear_error(team, tmp_path):
    res = run_cli(team.path, "import", "customers", str(tmp_path / "nope.csv"))
    assert res.exit_code != 0 and "does not exist" in res.output and "Traceback" not in res.output


def test_progress_bar_only_on_a_terminal(team, csv_path, tmp_path):
    import os
    import pty

    write(csv_path, "name,phone\n" + "".join(f"c{i},1370000{i:04d}\n" for i in range(1200)))
    base = [sys.executable, "-c", "from tui.cli import main; main()", "--db", str(team.path), "--agent", "root", "--lang", "en",
            "import", "customers", str(csv_path)]
    master, slave = pty.openpty()
    proc = subprocess.Popen(base, stdin=slave, stdout=slave, stderr=slave, cwd=ROOT,
                            env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "100"})
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    assert proc.wait(timeout=60) == 0
    assert b"Importing" in out and b"1200/1200" in out  # the bar was drawn on the terminal
    assert b"imported 1200, updated 0, rejected 0" in out
    # Piped (not a terminal): only the summary.
    piped = subprocess.run(base, capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert piped.stdout == "imported 0, updated 1200, rejected 0\n"


def test_real_subprocess_import(team, csv_path):
    write(csv_path, "姓名,电话,状态\n张伟,13800138000,已签约\n李娜,13900139000,准客户\n李娜,+86 139 0013 9000,\n", "gbk")
    base = [sys.executable, "-c", "from tui.cli import main; main()", "--db", str(team.path), "--lang", "en"]
    proc = subprocess.run([*base, "--agent", "root", "import", "customers", str(csv_path)],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "imported 2, updated 1, rejected 0\n"
    assert find_by_phone(team, "root", "13800138000").status == "contracted"
    proc = subprocess.run([*base, "--agent", "li", "import", "customers", str(csv_path)],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("Error: ") and proc.stderr.count("\n") == 1
    proc = subprocess.run([*base, "--agent", "root", "import", "customers", str(csv_path), "--encoding", "utf-8"],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 1 and "--encoding" in proc.stderr and "Traceback" not in proc.stderr


def test_store_modules_import_without_click_rich_or_textual():
    code = ("import sys, store.importer, store.exporter; "
            "print(sorted(m for m in ('click', 'rich', 'textual', 'tui') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
