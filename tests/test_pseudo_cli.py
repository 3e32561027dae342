"""Issue 13, "no string escapes translation": every `agentdesk` command under the pseudo-locale.

Each command and subcommand runs once on a copy of the small seeded store (tests/pseudo_seed.py), as the
agent who may run it, and its --help is read too. Every message of the catalog prints "⟦accented⟧"
(tests/pseudo_locale.py), so once the seeded data and what the command line itself is made of are taken
out, an ASCII letter left came from a string that never went through `_`.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from contextlib import closing

import click
import pytest
from click.testing import CliRunner
from pseudo_locale import build_catalog, escaped, install
from pseudo_seed import USER_DATA, seed_file

from demo import DEMO_AGENT
from store import duetime, open_store
from store import settings as settings_lib
from store.audit import list_audit
from store.service_accounts import VERBS
from tui.cli import cli

# (exit code, acting agent, arguments): "{tmp}" is the test's folder. On the seeded store: callbacks 1 and 2
# are li's, 3 is in the pool, 4 is wang's return visit, 5 was done by li; conduct event 1 (li's) is appealed,
# 2 is wang's; customers 1 and 3 are both 张伟 (a duplicate), 2 is 吴敏; calls 1-8.
RUNS: list[tuple] = [
    (1, "li"),  # the desk itself: no terminal here, it says so
    (0, "root", "agents", "list"), (0, "root", "agents", "add", "zhou", "--name", "周杰", "--role", "agent", "--team", "北区"),
    (0, "root", "agents", "set", "wang", "--inactive"), (0, "root", "backup", "{tmp}/copy.db"), (0, "root", "info"),
    (0, "root", "--db", "{tmp}/fresh.db", "init"), (1, "root", "--db", "{tmp}/none.db", "info"),
    (1, "root", "--db", "{tmp}/new.csv", "info"), (0, "root", "check"), (1, "lin", "check"),
    (0, "root", "restore", "{tmp}/saved.db"), (1, "root", "restore", "{tmp}/surveys.csv"),
    (0, "li", "callbacks", "list"), (0, "li", "callbacks", "list", "--pool"), (0, "lin", "callbacks", "list", "--all"),
    (0, "li", "callbacks", "list", "--status", "done"),
    (0, "li", "callbacks", "add", "--number", "13900139000", "--due", "+2h", "--reason", "报价"),
    (0, "li", "callbacks", "claim", "3"), (3, "wang", "callbacks", "claim", "2"),
    (0, "li", "callbacks", "attempt", "2", "--result", "no-answer", "--due", "+1h"),
    (1, "li", "callbacks", "complete", "2"),  # no attempt yet: refused
 (0, "li", "callbacks", "cancel", "2", "--reason", "不需要了"),
    (0, "li", "callbacks", "reopen", "5", "--reason", "还没好"),
    (0, "li", "callbacks", "reschedule", "2", "--due", "tomorrow 10:00"), (1, "li", "callbacks", "reschedule", "2", "--due", "x"),
    (0, "li", "callbacks", "release", "2"), (0, "lin", "callbacks", "reassign", "2", "3", "--to", "pool"),
    (0, "li", "callbacks", "show", "5"), (0, "lin", "callbacks", "grace"), (0, "lin", "return-visits", "generate"),
    (0, "li", "calls", "add", "--number", "13800138000", "--category", "order", "--outcome", "resolved", "--notes", "下单"),
    (0, "li", "calls", "list"), (0, "lin", "calls", "list"),
    (1, "li", "calls", "add", "--number", "13700137000", "--direction", "out", "--category", "order", "--outcome", "resolved"),
    (0, "li", "customers", "do-not-call", "2", "--reason", "客户要求"), (0, "li", "customers", "do-not-call", "3", "--off"),
    (1, "li", "customers", "do-not-call", "2"), (0, "lin", "customers", "show", "3"),
    (0, "li", "customers", "show", "1", "--lookup", "张伟", "--reveal", "--reason", "核对号码"),
    (1, "li", "customers", "show", "1", "--lookup", "张伟", "--reveal"),
    (0, "root", "customers", "export-data", "2", "-o", "{tmp}/wu.json"),
    (0, "root", "customers", "erase", "2", "--reason", "本人来电要求"), (1, "li", "customers", "erase", "1", "--reason", "x"),
    (0, "lin", "conduct", "add", "li", "--kind", "late", "--date", "2026-11-20", "--note", "迟到"),
    (0, "lin", "conduct", "list"), (0, "wang", "conduct", "appeal", "2", "--reason", "堵车"),
    (0, "lin", "conduct", "decide", "1", "accept"),
    (0, "li", "customers", "find", "张伟"), (0, "li", "customers", "find", "13800138000"), (1, "li", "customers", "find"),
    (1, "li", "customers", "find", "张伟", "--limit", "50"), (0, "lin", "customers", "find"),
    (1, "li", "customers", "show", "1"), (0, "li", "customers", "show", "1", "--lookup", "张伟"),
    (0, "li", "customers", "show", "1", "--call", "1"), (0, "li", "customers", "show", "2", "--callback", "1"),
    (1, "li", "customers", "show", "2", "--call", "1"), (1, "li", "customers", "show", "1", "--lookup", "张"),
    (1, "li", "customers", "show", "99"), (1, "lin", "customers", "merge", "1", "3"), (0, "lin", "customers", "merge", "1", "3", "--yes"),
    (0, "root", "--db", "{tmp}/demo.db", "demo", "--customers", "5", "--agents", "2", "--days", "1", "--no-launch"),
    (0, "lin", "export", "calls", "-o", "{tmp}/calls.csv"), (0, "lin", "export", "customers", "-o", "{tmp}/customers.csv"),
    (0, "lin", "export", "callbacks", "-o", "{tmp}/callbacks.json", "--format", "json"),
    (0, "lin", "export", "callbacks", "--since", "2030-01-01", "--destination", "{tmp}/relayed.csv"),
    (0, "lin", "import", "customers", "{tmp}/new.csv"), (0, "lin", "import", "surveys", "{tmp}/surveys.csv"),
    (0, "li", "kpi"), (0, "lin", "kpi", "--team"), (0, "lin", "kpi", "--for", "li", "--period", "2026-W48"),
    (1, "li", "kpi", "--for", "wang"), (0, "root", "kpi", "rebuild-rollups"), (1, "lin", "kpi", "rebuild-rollups"),
    (0, "lin", "staffing", "--calls", "100", "--aht-s", "180"), (0, "lin", "staffing", "--from-history", "--aht-s", "180"),
    (0, "li", "missed", "13700137000"), (0, "li", "missed", "13800138000"), (0, "li", "ring", "13800138000", "--ext", "8001"),
    (0, "lin", "period", "close", "last-month"), (1, "lin", "period", "reopen", "month", "--reason", "算错了"),
    (0, "lin", "rate", "wang", "--period", "month", "--initiative", "3", "--teamwork", "3", "--innovation", "3",
     "--learning", "3", "--communication", "3"),
    (0, "lin", "report", "weekly"), (0, "lin", "report", "weekly", "--week", "2026-W48", "--format", "csv"),
    (0, "lin", "settings", "show"), (0, "lin", "settings", "set", "kpi_weights.fcr_rate", "20"),
    (0, "lin", "settings", "show", "--team", "北区"), (1, "lin", "settings", "set", "phone_region", "US"),
    (0, "root", "settings", "set", "kpi_targets.aht_s", "280", "--team", "北区"), (1, "lin", "settings", "unset", "kpi_targets"),
    (1, "root", "settings", "unset", "kpi_weights", "--team", "北区"),
    (1, "lin", "settings", "set", "kpi_weights.fcr_rate", "30"), (0, "lin", "survey", "--call", "1", "--score", "5"),
    (1, "li", "survey", "--call", "1", "--score", "5"),
    (0, "li", "whoami"), (0, "lin", "customers", "list"), (0, "lin", "customers", "list", "--from", "张"),
    (0, "root", "services", "add", "pbx", "--login", "zhao", "--verbs", "ring,missed"), (0, "root", "services", "list"),
    (1, "root", "services", "remove", "pbx"),
    (0, "lin", "audit"), (0, "root", "audit", "--table", "callbacks", "--limit", "5"), (0, "root", "audit", "prune", "--before", "2025-01-01"),
    (0, "li", "prefs"), (0, "li", "prefs", "set", "keymap", "help=f9"), (0, "li", "prefs", "show"),
    (0, "li", "prefs", "unset", "keymap"),
    # cases 1 (li: call 3, 张伟's complaint to the manager), 2 (wang: call 4), 3 (li: call 5, 吴敏's after-sales), 4
    (0, "li", "cases", "list"), (0, "lin", "cases", "list", "--team"), (0, "lin", "cases", "list", "--overdue"),
    (0, "li", "cases", "show", "1"), (0, "li", "cases", "open", "--customer", "2", "--type", "request"),
    (3, "li", "cases", "open", "--call", "3", "--type", "complaint"), (0, "li", "cases", "note", "1", "客户又来电"),
    (0, "wang", "cases", "reply", "1", "--department", "tech", "换主板"),
    (0, "li", "cases", "status", "3", "resolved", "--resolution", "已退款"),
    (1, "li", "cases", "assign", "1", "--to", "wang"), (0, "lin", "cases", "assign", "1", "--to", "wang"),
    (0, "li", "cases", "department", "3", "sales", "--note", "报价"), (0, "li", "cases", "severity", "3", "major"),
    (0, "li", "cases", "told", "1", "--note", "微信"), (0, "li", "cases", "link", "1", "--call", "1"),
    (0, "li", "cases", "callback", "1", "--due", "+2h"), (1, "li", "cases", "close", "1"),
    (1, "lin", "cases", "close", "1", "--unreachable"), (3, "li", "cases", "reopen", "1", "--reason", "又坏了"),
    (0, "li", "cases", "counts"), (0, "root", "cases", "calendar", "import", "{tmp}/holidays.csv"),
    (0, "root", "cases", "calendar", "show"),
]
# `host setup` makes OS accounts and a sudo rule on the machine it runs on: its --help is read below, and
# tests/e2e/test_shared_host.py runs it on a real host
NOT_RUN = {("host", "setup")}
# What the lines printed hold that is no word of ours: the ISO weeks and UTC times the store names (a
# keyset cursor to type back, a week), a value typed back in a refusal ('x'), the due times store.duetime
# reads (its examples), the centre's settings as stored, and in `settings show` each setting's id, as
# `settings set` takes it (the ids of an object's entries are in brackets after their words); further down,
# the commands a service account may run, named as they are typed, and a command line to start the desk.
SYNTAX = [r"\d{4}-W\d{2}", r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", r"[A-Za-z]",
          r"(?<=⟦)[a-z][a-z_]*(?:\.[a-z_]+)?(?=:)",  # a refusal's leading field id: tests/test_pseudo_desk.py FIELD
          *(rf"\(?{re.escape(key)}\)?" for key in settings_lib.DEFAULTS),
          *(rf"\({re.escape(k)}\)" for v in settings_lib.DEFAULTS.values() if isinstance(v, dict) for k in v),
          r"\((?:language|keymap)\)"]  # the ids `prefs set` takes, after their words
SETTING_VALUES = [v for v in settings_lib.DEFAULTS.values() if isinstance(v, str)]


@pytest.fixture(scope="module")
def pseudo_dir(tmp_path_factory):
    return build_catalog(tmp_path_factory.mktemp("locale"))


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    return seed_file(tmp_path_factory.mktemp("seed") / "desk.db")


@pytest.fixture
def run(seeded, tmp_path, monkeypatch, pseudo_dir):
    """`agentdesk --db <a copy of the seeded store> --agent WHO ...` in the pseudo-locale; returns what it printed."""
    shutil.copy(seeded, tmp_path / "desk.db")
    shutil.copy(seeded, tmp_path / "saved.db")  # a backup to restore
    (tmp_path / "new.csv").write_text("姓名,电话,城市\n郑强,13600136000,广州\n", encoding="utf-8")
    (tmp_path / "surveys.csv").write_text("call_id,score\n3,4\n", encoding="utf-8")
    (tmp_path / "holidays.csv").write_text("date,kind,note\n2026-10-01,holiday,国庆节\n2026-10-11,班,调休\n",
                                           encoding="utf-8")
    install(monkeypatch, pseudo_dir)

    def invoke(code: int, agent: str, *args: str) -> str:
        store = [] if "--db" in args else ["--db", str(tmp_path / "desk.db")]
        argv = [*store, "--agent", agent, *(a.format(tmp=tmp_path) for a in args)]
        result = CliRunner(env={"COLUMNS": "200"}).invoke(cli, argv, prog_name="agentdesk")
        assert result.exit_code == code, result.output
        return result.output

    return invoke


def _commands(command=cli, path=()):
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from _commands(sub, (*path, name))


COMMANDS = dict(_commands())


def test_every_command_is_run():
    leaves = [path for path, command in COMMANDS.items()  # and the groups that run alone (audit, prefs)
              if path and (not getattr(command, "commands", None) or command.invoke_without_command)]
    ran = {args[i:i + len(path)] for args in RUNS for path in leaves for i in range(2, len(args))}
    assert [path for path in leaves if path not in ran and path not in NOT_RUN] == []


@pytest.mark.parametrize("args", RUNS, ids=[" ".join(args[1:]) for args in RUNS])
def test_every_word_a_command_prints_is_translated(run, args, tmp_path):
    printed = run(*args)
    with sqlite3.connect(tmp_path / "desk.db") as conn:  # `info` lists the store's tables by their names
        tables = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    # `audit` shows each row's proof as the process that wrote it was told it (sudo uid=..., unbound os=...) and
    # each change in the data's own words (status: open → done)
    with closing(open_store(tmp_path / "desk.db")) as store:
        audited = [(e.proof, e.change()) for e in list_audit(store, "root", limit=10_000).entries]
    proofs, changes = {proof for proof, _c in audited}, {change for _p, change in audited}
    # zhou: the login added; pbx: the OS account mapped; agent01: the demo's agent, the command line to start it
    demo = f"agentdesk --db {tmp_path / 'demo.db'} --agent {DEMO_AGENT}"
    data = [*USER_DATA, "zhou", "pbx", "help=f9", DEMO_AGENT, demo, *SETTING_VALUES, *tables, *proofs, *changes,
            duetime.EXAMPLES, *VERBS, "agentdesk"]
    found = escaped(printed, data, [*SYNTAX, rf"{re.escape(str(tmp_path))}/[\w./-]*"])  # the files it wrote
    assert not found, "\n".join(["escaped translation:", *found, "", printed])


def help_syntax(path: tuple[str, ...]) -> list[str]:
    """What --help shows of the command line itself: the usage line, each option as typed with its metavar
    and choices ('--role [agent|lead|admin]'), the subcommands' names and the defaults shown."""
    ctx = click.Context(cli, info_name="agentdesk")
    for depth in range(len(path)):
        ctx = click.Context(COMMANDS[path[: depth + 1]], info_name=path[depth], parent=ctx)
    command = ctx.command
    shown = [f"{ctx.command_path} {' '.join(command.collect_usage_pieces(ctx))}", *getattr(command, "commands", {})]
    for param in command.get_params(ctx):
        if record := param.get_help_record(ctx):
            shown.append(record[0])
        if getattr(param, "show_default", False) and param.default not in (None, ""):
            shown.append(str(param.default))
    return shown


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) or "agentdesk" for p in COMMANDS])
def test_every_help_is_translated(path, monkeypatch, pseudo_dir):
    install(monkeypatch, pseudo_dir)
    result = CliRunner(env={"COLUMNS": "200"}).invoke(cli, [*path, "--help"], prog_name="agentdesk")
    assert result.exit_code == 0, result.output
    found = escaped(result.output, help_syntax(path), [r"[A-Za-z]"])  # x in [1<=x<=5]
    assert not found, "\n".join(["escaped translation:", *found, "", result.output])


def test_the_version_is_translated(monkeypatch, pseudo_dir):
    install(monkeypatch, pseudo_dir)
    result = CliRunner().invoke(cli, ["--version"], prog_name="agentdesk")
    assert result.exit_code == 0 and escaped(result.output, ["agentdesk"]) == [], result.output
