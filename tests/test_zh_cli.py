"""`agentdesk` in 简体中文: --help of every command, listings and errors; JSON stays English keys."""

from __future__ import annotations

import json
import os
import re

import pytest
from click.testing import CliRunner

from store import open_store
from store.agents import add_agent
from tui import i18n
from tui.cli import cli
from tui.cli_help import TranslatedHelp, help_text

CHINESE = re.compile(r"[\u3400-\u9fff]")


def invoke(*args, **env):
    """CliRunner with no AGENTDESK_* or locale variable but those given (None removes one)."""
    base = {k: None for k in os.environ if k.startswith(("AGENTDESK_", "LC_", "LANG"))}
    base.update(env)
    return CliRunner().invoke(cli, [str(a) for a in args], env=base, prog_name="agentdesk")


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "desk.db"
    store = open_store(path)
    add_agent(store, None, "root", "Root Admin", "admin", None)
    add_agent(store, "root", "li", "李娜", "agent", "north", "8001")
    store.close()
    return path


def _commands(command=cli, path=()):
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from _commands(sub, (*path, name))


ALL_COMMANDS = [path for path, _c in _commands()]


def test_every_command_translates_its_help():
    assert [" ".join(path) for path, c in _commands() if not isinstance(c, TranslatedHelp)] == []


@pytest.mark.parametrize("args", [("--lang", "zh_CN", "--help"), ("--help", "--lang", "zh_CN"), ("-h", "--lang=zh")])
def test_top_level_help_is_chinese_wherever_lang_stands(args):
    r = invoke(*args)
    assert r.exit_code == 0, r.output
    for words in ("用法：agentdesk", "客服坐席工作台", "选项", "命令", "显示此帮助并退出。", "显示版本并退出。", "数据库文件",
                  "添加、修改和列出坐席", "在客户档案中查找、查看和合并客户。"):
        assert words in r.stdout, words
    assert "Show this message" not in r.stdout and "Options" not in r.stdout


@pytest.mark.parametrize("path", ALL_COMMANDS[1:], ids=[" ".join(p) for p in ALL_COMMANDS[1:]])
def test_every_subcommands_help_is_chinese(path):
    i18n.set_language("zh_CN")  # what the help below is compared with
    command = dict(_commands())[path]
    r = invoke("--lang", "zh_CN", *path, "--help")
    assert r.exit_code == 0, r.output
    out = " ".join(r.stdout.split())  # click wraps long lines
    assert out.startswith("用法：agentdesk " + " ".join(path))
    texts = [help_text(command.help)] + [help_text(p.help) for p in command.params
                                         if getattr(p, "help", None) and not getattr(p, "hidden", False)]
    for text in filter(None, texts):
        translated = i18n._(text)
        assert CHINESE.search(translated), text
        assert translated.split()[0][:8] in out, text
        assert text.split("\n")[0] not in r.stdout, text


def test_lists_are_chinese_and_json_keeps_english_keys(db):
    r = invoke("--db", db, "--agent", "root", "--lang", "zh", "agents", "list")
    assert r.exit_code == 0, r.output
    for words in ("登录名", "姓名", "角色", "班组", "分机", "在职", "李娜", "是"):
        assert words in r.stdout, words
    r = invoke("--db", db, "--agent", "root", "--lang", "zh", "agents", "list", "--format", "json")
    rows = json.loads(r.stdout)
    assert set(rows[1]) >= {"login", "display_name", "role", "team", "extension", "active"}
    assert (rows[1]["login"], rows[1]["role"]) == ("li", "agent")
    assert not CHINESE.search(r.stdout.replace("李娜", ""))


def test_errors_are_chinese_with_their_error_word(db):
    r = invoke("--db", db, "--agent", "root", "--lang", "zh_CN", "agents", "set", "nobody", "--name", "X")
    assert r.exit_code == 1
    assert r.stderr.strip() == "错误：没有登录名为 'nobody' 的坐席。"
    r = invoke("--db", db, "--agent", "root", "agents", "set", "nobody", "--name", "X", AGENTDESK_LANG="en")
    assert r.stderr.strip() == "Error: there is no agent with login 'nobody'."


@pytest.mark.parametrize("env", [{"AGENTDESK_LANG": "zh"}, {"LANG": "zh_CN.UTF-8"}, {"LC_ALL": "zh_CN.UTF-8"},
                                 {"LC_MESSAGES": "zh_Hans_CN"}, {"AGENTDESK_LANG": "zh-Hans"}])
def test_the_environment_chooses_chinese(db, env):
    r = invoke("--db", db, "--agent", "root", "agents", "list", **env)
    assert r.exit_code == 0 and "登录名" in r.stdout


@pytest.mark.parametrize("env", [{"LANG": "C"}, {"LANG": "POSIX"}, {"LC_ALL": "C.UTF-8", "LANG": "zh_CN.UTF-8"},
                                 {"AGENTDESK_LANG": "en", "LANG": "zh_CN.UTF-8"}, {}])
def test_c_posix_and_en_choose_english(db, env):
    r = invoke("--db", db, "--agent", "root", "agents", "list", **env)
    assert r.exit_code == 0 and "Login" in r.stdout and r.stderr == ""


def test_lang_beats_the_environment(db):
    r = invoke("--db", db, "--agent", "root", "--lang", "en", "agents", "list", AGENTDESK_LANG="zh_CN")
    assert "Login" in r.stdout
    r = invoke("--db", db, "--agent", "root", "--lang", "zh_CN", "agents", "list", LANG="C")
    assert "登录名" in r.stdout


@pytest.mark.parametrize("args", [("agents", "list"), ("--help",), ("agents", "list", "--help")])
def test_an_unknown_language_says_once_on_stderr_that_it_is_english(db, args):
    r = invoke("--db", db, "--agent", "root", "--lang", "fr", *args)
    assert r.exit_code == 0, r.output
    assert r.stderr.splitlines() == ["agentdesk has no translation for 'fr' (from --lang); the interface is in English."]
    assert "Login" in r.stdout or "Usage:" in r.stdout
    r = invoke("--db", db, "--agent", "root", "agents", "list", LANG="de_DE.UTF-8")
    assert r.stderr.splitlines() == ["agentdesk has no translation for 'de_DE.UTF-8' (from LANG); the interface is in English."]
