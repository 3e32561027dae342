"""The core CLI: agents, backup, where the store lives, and errors as one sentence (never a traceback).

Tested twice: through click's CliRunner (fast, in-process) and as real
subprocesses running `main()` exactly as the console script does.
"""

from __future__ import annotations

import ctypes
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from store import open_store
from store.agents import add_agent, set_agent
from store.call_records import CallEntry, NewCustomer
from store.calls import list_calls, log_call
from store.migrations import LATEST
from tui.cli import cli
from tui.i18n import set_language

REPO = Path(__file__).resolve().parent.parent
WRITER = Path(__file__).with_name("procs") / "writer.py"
MAIN = "from tui.cli import main; main()"


# -- helpers ------------------------------------------------------------------------
def clean_env(**extra) -> dict:
    """The environment of a fresh shell: no AGENTDESK_* variables, English, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AGENTDESK_", "LC_", "LANG"))}
    env["LANG"] = "C.UTF-8"
    env.update({k: str(v) for k, v in extra.items()})
    return env


def run(*args, env=None, preexec_fn=None, timeout=60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", MAIN, *map(str, args)],
        capture_output=True, text=True, cwd=str(REPO), env=env or clean_env(), preexec_fn=preexec_fn,
        timeout=timeout,
    )


def invoke(*args, env=None):
    """CliRunner with AGENTDESK_* unset (None removes a variable while invoking)."""
    base = {k: None for k in os.environ if k.startswith("AGENTDESK_")}
    base.update({"AGENTDESK_DB": None, "AGENTDESK_AGENT": None, "AGENTDESK_LANG": "en"})
    base.update(env or {})
    return CliRunner().invoke(cli, [str(a) for a in args], env=base, prog_name="agentdesk")


def assert_one_line_error(stdout: str, stderr: str, *needles: str) -> str:
    assert "Traceback" not in stdout and "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    line = lines[0]
    assert line.startswith("Error: ") and line.endswith("."), line
    for needle in needles:
        assert needle in line, line
    return line


def _drop_dac_override():
    """Run as root without CAP_DAC_OVERRIDE/READ_SEARCH/FOWNER, so file modes bind as for anyone else.

    Tests run as root, where chmod stops nothing; dropping these capabilities
    from the bounding set before exec makes the child an ordinary reader of
    modes while still uid 0 (so it can run the interpreter under /root).
    """
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2, 3):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


UNPRIVILEGED = _drop_dac_override if os.geteuid() == 0 else None


@pytest.fixture
def db(tmp_path, clock):
    """A store with admin root, lead lin, agent li and inactive agent old."""
    path = tmp_path / "desk.db"
    s = open_store(path, clock)
    add_agent(s, None, "root", "Root", "admin", None)
    add_agent(s, "root", "lin", "林芳", "lead", "north", "8000")
    add_agent(s, "root", "li", "李娜", "agent", "north", "8001")
    add_agent(s, "root", "old", "老王", "agent", "south")
    set_agent(s, "root", "old", active=False)
    s.close()
    return path


# -- agents: bootstrap, add, set, list ----------------------------------------------------
def test_first_agent_bootstrap_runner(tmp_path):
    path = tmp_path / "new.db"
    r = invoke("--db", path, "agents", "add", "lin", "--name", "Lin", "--role", "lead", "--team", "north")
    assert r.exit_code == 1
    assert_one_line_error(r.stdout, r.stderr, f"no store at {path}: create one with 'agentdesk init'")
    assert not path.exists()  # opening a path never makes a store (issue 16)
    r = invoke("--db", path, "init", "--admin", "boss", "--name", "Boss")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.strip() == f"created the store {path}; its first admin is boss"
    r = invoke("--db", path, "init", "--admin", "other")
    assert r.exit_code == 1
    assert_one_line_error(r.stdout, r.stderr, "already a store with agents")
    # after the first, only admins add agents
    r = invoke("--db", path, "--agent", "ghost", "agents", "add", "lin", "--name", "Lin", "--role", "lead", "--team", "north")
    assert r.exit_code == 1
    assert_one_line_error(r.stdout, r.stderr, "'ghost' is not an agent in this store")
    r = invoke("--db", path, "--agent", "boss", "agents", "add", "lin", "--name", "Lin", "--role", "lead", "--team", "north")
    assert r.exit_code == 0 and r.stdout.strip() == "added lin (lead, team north)"
    r = invoke("--db", path, "--agent", "lin", "agents", "add", "li", "--name", "Li", "--role", "agent", "--team", "north")
    assert r.exit_code == 1
    assert_one_line_error(r.stdout, r.stderr, "has the role lead; this needs the role admin")


def test_first_agent_bootstrap_subprocess(tmp_path):
    path = tmp_path / "new.db"
    r = run("--db", path, "agents", "add", "li", "--name", "Li", "--role", "agent", "--team", "north")
    assert r.returncode == 1
    assert_one_line_error(r.stdout, r.stderr, f"no store at {path}")
    r = run("--db", path, "--agent", "boss", "init", "--name", "Boss")  # the first admin: who acts
    assert (r.returncode, r.stdout.strip(), r.stderr) == (0, f"created the store {path}; its first admin is boss", "")
    r = run("--db", path, "--agent", "boss", "agents", "list", "--format", "json")
    assert r.returncode == 0 and json.loads(r.stdout) == [
        {"login": "boss", "display_name": "Boss", "role": "admin", "team": None, "extension": None, "active": True}
    ]


def test_agents_add_set_list_runner(db):
    r = invoke("--db", db, "--agent", "root", "agents", "add", "wang", "--name", "王伟", "--role", "agent", "--team", "north", "--ext", "8002")
    assert r.exit_code == 0 and r.stdout.strip() == "added wang (agent, team north)"
    r = invoke("--db", db, "--agent", "root", "agents", "set", "wang", "--role", "lead", "--team", "south", "--ext", "")
    assert r.exit_code == 0, r.stderr
    assert "wang" in r.stdout and "lead" in r.stdout and "south" in r.stdout
    r = invoke("--db", db, "--agent", "root", "agents", "set", "li", "--inactive")
    assert r.exit_code == 0
    r = invoke("--db", db, "--agent", "lin", "agents", "list", "--format", "json")
    assert r.exit_code == 0
    rows = {a["login"]: a for a in json.loads(r.stdout)}
    assert set(rows) == {"root", "lin", "li", "old", "wang"}
    assert rows["wang"] == {"login": "wang", "display_name": "王伟", "role": "lead", "team": "south", "extension": None, "active": True}
    assert rows["li"]["active"] is False and rows["li"]["extension"] == "8001"
    r = invoke("--db", db, "--agent", "lin", "agents", "list", "--team", "north", "--format", "json")
    assert sorted(a["login"] for a in json.loads(r.stdout)) == ["li", "lin"]
    # the table: a heading and one line per agent, cells shown literally
    r = invoke("--db", db, "--agent", "lin", "agents", "list")
    assert r.exit_code == 0
    for heading in ("Login", "Name", "Role", "Team", "Ext", "Active"):
        assert heading in r.stdout
    for login in rows:
        assert sum(login in line.split() or f" {login} " in line for line in r.stdout.splitlines()) >= 1
    assert "王伟" in r.stdout


def test_agents_table_shows_markup_literally(db):
    r = invoke("--db", db, "--agent", "root", "agents", "add", "mk", "--name", "[red]Evil[/red]", "--role", "agent", "--team", "north")
    assert r.exit_code == 0
    r = invoke("--db", db, "--agent", "root", "agents", "list")
    assert "[red]Evil[/red]" in r.stdout


def test_agents_conflict_exits_3(db):
    r = invoke("--db", db, "--agent", "root", "agents", "add", "li", "--name", "Li", "--role", "agent", "--team", "north")
    assert r.exit_code == 3
    assert_one_line_error(r.stdout, r.stderr, "an agent with login 'li' already exists")
    r = invoke("--db", db, "--agent", "root", "agents", "add", "li2", "--name", "Li", "--role", "agent", "--team", "north", "--ext", "8001")
    assert r.exit_code == 3
    assert_one_line_error(r.stdout, r.stderr, "extension 8001 already belongs to 'li'")


def test_store_errors_are_translated_at_the_edge(db, monkeypatch):
    """The CLI shows a store error through the translation function: the message id translated, then filled."""
    import gettext

    table = {
        "an agent with login '{login}' already exists; use 'agentdesk agents set {login}'.": "坐席 {login} 已存在。",
        "there is no agent with login '{login}'.": "没有坐席 {login}。",
    }

    class Catalog(gettext.NullTranslations):
        def gettext(self, message):
            return table.get(message, message)

    monkeypatch.setattr(gettext, "translation", lambda *args, **kwargs: Catalog())
    try:
        zh = {"AGENTDESK_LANG": "zh_CN"}  # English needs no catalog: a language with one loads the patched one
        r = invoke("--db", db, "--agent", "root", "agents", "add", "li", "--name", "Li", "--role", "agent", "--team", "north", env=zh)
        assert r.exit_code == 3 and "坐席 li 已存在。" in r.stderr
        r = invoke("--db", db, "--agent", "root", "agents", "set", "nobody", "--name", "N", env=zh)
        assert r.exit_code == 1 and "没有坐席 nobody。" in r.stderr
    finally:
        monkeypatch.undo()
        set_language("en")


def test_agents_validation_errors(db):
    r = invoke("--db", db, "--agent", "root", "agents", "add", "Bad Login!", "--name", "X", "--role", "agent", "--team", "n")
    assert r.exit_code == 1
    assert_one_line_error(r.stdout, r.stderr, "login: 'Bad Login!' is not a valid login")
    r = invoke("--db", db, "--agent", "root", "agents", "add", "noteam", "--name", "X", "--role", "agent")
    assert r.exit_code == 1
    assert_one_line_error(r.stdout, r.stderr, "team: a agent needs a team")
    r = invoke("--db", db, "--agent", "root", "agents", "set", "nobody", "--name", "X")
    assert r.exit_code == 1
    assert_one_line_error(r.stdout, r.stderr, "there is no agent with login 'nobody'")


def test_last_admin_cannot_step_down_cli(db):
    r = invoke("--db", db, "--agent", "root", "agents", "set", "root", "--inactive")
    assert r.exit_code == 1
    assert_one_line_error(r.stdout, r.stderr, "last active admin")


def test_agents_commands_subprocess(db):
    r = run("--db", db, "--agent", "root", "agents", "add", "wang", "--name", "王伟", "--role", "agent", "--team", "north", "--ext", "8002")
    assert r.returncode == 0 and r.stderr == ""
    r = run("--db", db, "--agent", "root", "agents", "set", "wang", "--inactive")
    assert r.returncode == 0 and "wang" in r.stdout
    r = run("--db", db, "--agent", "li", "agents", "list", "--format", "json")
    assert r.returncode == 0
    assert {a["login"]: a["active"] for a in json.loads(r.stdout)}["wang"] is False
    r = run("--db", db, "--agent", "li", "agents", "list")
    assert r.returncode == 0 and "王伟" in r.stdout and "Login" in r.stdout


def test_agent_comes_from_environment(db):
    r = run("--db", db, "agents", "list", "--format", "json", env=clean_env(AGENTDESK_AGENT="li"))
    assert r.returncode == 0, r.stderr
    r = run("--db", db, "agents", "list", env=clean_env(AGENTDESK_AGENT="ghost"))
    assert r.returncode == 1
    assert_one_line_error(r.stdout, r.stderr, "'ghost' is not an agent")
    # --agent wins over the environment
    r = run("--db", db, "--agent", "li", "agents", "list", env=clean_env(AGENTDESK_AGENT="ghost"))
    assert r.returncode == 0


def test_json_is_never_translated(db):
    r = invoke("--db", db, "--lang", "zh_CN", "--agent", "root", "agents", "list", "--format", "json")
    assert r.exit_code == 0
    assert set(json.loads(r.stdout)[0]) == {"login", "display_name", "role", "team", "extension", "active"}
    assert {a["role"] for a in json.loads(r.stdout)} == {"admin", "lead", "agent"}


# -- where the store lives -------------------------------------------------------------
def test_default_db_honours_agentdesk_db(tmp_path):
    path = tmp_path / "from-env.db"
    r = run("init", "--admin", "boss", "--name", "Boss",
            env=clean_env(AGENTDESK_DB=path, XDG_DATA_HOME=tmp_path / "xdg"))
    assert r.returncode == 0, r.stderr
    assert path.exists()
    assert not (tmp_path / "xdg").exists()
    # --db wins over AGENTDESK_DB
    other = tmp_path / "flag.db"
    r = run("--db", other, "init", "--admin", "boss", "--name", "Boss", env=clean_env(AGENTDESK_DB=path))
    assert r.returncode == 0 and other.exists()


def test_default_db_is_in_the_user_data_dir(tmp_path):
    xdg = tmp_path / "xdg"
    r = run("init", "--admin", "boss", "--name", "Boss", env=clean_env(XDG_DATA_HOME=xdg))
    assert r.returncode == 0, r.stderr
    path = xdg / "agentdesk" / "agentdesk.db"
    assert path.exists()
    conn = sqlite3.connect(str(path))
    try:
        assert conn.execute("SELECT login FROM agents").fetchall() == [("boss",)]
    finally:
        conn.close()
    r = run("--agent", "boss", "agents", "list", "--format", "json", env=clean_env(XDG_DATA_HOME=xdg))
    assert [a["login"] for a in json.loads(r.stdout)] == ["boss"]


def test_agentdesk_db_folder_is_not_created(tmp_path):
    """An explicit location is taken as given: a missing folder is an error, not silently made."""
    path = tmp_path / "typo" / "desk.db"
    r = run("agents", "list", env=clean_env(AGENTDESK_DB=path))
    assert r.returncode == 1
    assert_one_line_error(r.stdout, r.stderr, f"the folder {path.parent} does not exist")
    assert not path.parent.exists()


# -- errors: one sentence, non-zero, never a traceback -------------------------------------
def _not_sqlite(tmp_path):
    p = tmp_path / "notes.db"
    p.write_text("Meeting notes, not a database.\n" * 200, encoding="utf-8")
    return p


def _newer(tmp_path):
    p = tmp_path / "newer.db"
    open_store(p).close()
    conn = sqlite3.connect(str(p))
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()
    return p


ERROR_CASES = {
    "missing folder": (lambda tmp, db: ["--db", tmp / "nope" / "desk.db", "--agent", "root", "agents", "list"],
                       ["does not exist", "nope"]),
    "not a sqlite file": (lambda tmp, db: ["--db", _not_sqlite(tmp), "--agent", "root", "agents", "list"],
                          ["notes.db is not an agentdesk store"]),
    "a directory": (lambda tmp, db: ["--db", tmp, "--agent", "root", "agents", "list"], ["is a directory"]),
    "a file as folder": (lambda tmp, db: ["--db", db / "x.db", "--agent", "root", "agents", "list"], ["is a file, not a folder"]),
    "newer store": (lambda tmp, db: ["--db", _newer(tmp), "--agent", "root", "agents", "list"],
                    ["newer agentdesk", "upgrade agentdesk"]),
    "unknown agent": (lambda tmp, db: ["--db", db, "--agent", "ghost", "agents", "list"], ["'ghost' is not an agent in this store"]),
    "inactive agent": (lambda tmp, db: ["--db", db, "--agent", "old", "agents", "list"], ["agent 'old' is inactive"]),
    "refused role (add)": (lambda tmp, db: ["--db", db, "--agent", "li", "agents", "add", "x", "--name", "X", "--role", "agent", "--team", "n"],
                           ["agent 'li' has the role agent; this needs the role admin"]),
    "refused role (set)": (lambda tmp, db: ["--db", db, "--agent", "lin", "agents", "set", "li", "--inactive"],
                           ["agent 'lin' has the role lead; this needs the role admin"]),
    "refused role (backup)": (lambda tmp, db: ["--db", db, "--agent", "lin", "backup", tmp / "copy.db"],
                              ["agent 'lin' has the role lead; this needs the role admin"]),
    "backup exists": (lambda tmp, db: ["--db", db, "--agent", "root", "backup", db], ["already exists"]),
    "backup folder missing": (lambda tmp, db: ["--db", db, "--agent", "root", "backup", tmp / "nope" / "c.db"], ["does not exist"]),
}


@pytest.mark.parametrize("case", list(ERROR_CASES))
def test_errors_subprocess(tmp_path, db, case):
    make_args, needles = ERROR_CASES[case]
    r = run(*make_args(tmp_path, db))
    assert r.returncode == 1
    assert_one_line_error(r.stdout, r.stderr, *needles)
    assert r.stdout == ""


@pytest.mark.parametrize("case", list(ERROR_CASES))
def test_errors_runner(tmp_path, db, case):
    make_args, needles = ERROR_CASES[case]
    r = invoke(*make_args(tmp_path, db))
    assert r.exit_code == 1
    assert isinstance(r.exception, SystemExit)
    assert_one_line_error(r.stdout, r.stderr, *needles)


def test_errors_leave_the_store_unchanged(db, tmp_path):
    def state():
        conn = sqlite3.connect(str(db))
        try:
            return [conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in ("agents", "audit_log", "change_log")]
        finally:
            conn.close()

    before = state()
    for case in ("unknown agent", "inactive agent", "refused role (add)", "refused role (set)", "refused role (backup)"):
        make_args, _ = ERROR_CASES[case]
        assert run(*make_args(tmp_path, db)).returncode == 1
    assert state() == before
    assert not (tmp_path / "copy.db").exists()


# Read-only and unreadable locations. As root, chmod alone stops nothing, so the
# child runs without the capabilities that bypass file modes (see _drop_dac_override).
def _readonly_new(tmp):
    folder = tmp / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    return folder / "desk.db"


def _readonly_existing(tmp):
    folder = tmp / "ro-existing"
    folder.mkdir()
    s = open_store(folder / "desk.db")
    add_agent(s, None, "root", "Root", "admin", None)
    s.close()
    for suffix in ("-wal", "-shm"):
        Path(str(folder / "desk.db") + suffix).unlink(missing_ok=True)
    (folder / "desk.db").chmod(0o444)
    folder.chmod(0o555)
    return folder / "desk.db"


def _unreadable(tmp):
    path = tmp / "secret.db"
    s = open_store(path)
    s.close()
    path.chmod(0o000)
    return path


def _unreachable(tmp):
    folder = tmp / "closed"
    (folder / "inner").mkdir(parents=True)
    folder.chmod(0o000)
    return folder / "inner" / "desk.db"


PERMISSION_CASES = {
    "read-only folder, new store": (_readonly_new, ["init", "--admin", "boss", "--name", "B"],
                                    ["cannot create the store", "is read-only"]),
    "read-only folder and file": (_readonly_existing, ["--agent", "root", "agents", "add", "x", "--name", "X", "--role", "admin"],
                                  ["cannot write the store", "read-only"]),
    "unreadable file": (_unreadable, ["--agent", "root", "agents", "list"], ["cannot read the store", "permission denied"]),
    "unreachable folder": (_unreachable, ["--agent", "root", "agents", "list"], ["cannot reach the store", "Permission denied"]),
}


@pytest.fixture
def restore_modes(tmp_path):
    yield
    for p in sorted(tmp_path.rglob("*"), reverse=True):
        try:
            p.chmod(0o755)
        except OSError:
            pass
    for p in tmp_path.iterdir():
        p.chmod(0o755)


@pytest.mark.parametrize("case", list(PERMISSION_CASES))
def test_permission_errors_subprocess(tmp_path, restore_modes, case):
    make_path, args, needles = PERMISSION_CASES[case]
    path = make_path(tmp_path)
    r = run("--db", path, *args, preexec_fn=UNPRIVILEGED)
    assert r.returncode == 1
    assert_one_line_error(r.stdout, r.stderr, str(path), *needles)


def test_unprivileged_child_really_is_bound_by_modes(tmp_path, restore_modes):
    """Control: the child set-up above does make a 0555 folder unwritable."""
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    r = subprocess.run([sys.executable, "-c", f"open({str(folder / 'x')!r}, 'w')"],
                       capture_output=True, text=True, preexec_fn=UNPRIVILEGED)
    assert r.returncode == 1 and "PermissionError" in r.stderr


def test_read_only_file_still_reads(tmp_path, restore_modes):
    """A store someone may only read still lists agents; only writing is refused."""
    path = _readonly_existing(tmp_path)
    path.parent.chmod(0o755)  # the folder is writable, so the -shm file can be made
    r = run("--db", path, "--agent", "root", "agents", "list", "--format", "json", preexec_fn=UNPRIVILEGED)
    assert r.returncode == 0, r.stderr
    assert [a["login"] for a in json.loads(r.stdout)] == ["root"]


def test_help_and_usage_errors_have_no_traceback():
    r = run("--help")
    assert r.returncode == 0 and "agents" in r.stdout and "backup" in r.stdout
    r = run("agents", "add")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    r = run("agents", "add", "x", "--name", "X", "--role", "boss")
    assert r.returncode == 2 and "Traceback" not in r.stderr and "boss" in r.stderr


# -- backup ------------------------------------------------------------------------------
def test_backup_runner(db, tmp_path):
    s = open_store(db)
    log_call(s, "li", CallEntry(category="order", outcome="resolved", number="13800138000", new_customer=NewCustomer(name="张伟")))
    s.close()
    dest = tmp_path / "copy.db"
    r = invoke("--db", db, "--agent", "root", "backup", dest)
    assert r.exit_code == 0, r.stderr
    assert r.stdout.strip() == f"backed up to {dest} ({dest.stat().st_size} bytes)"
    copy = open_store(dest)
    try:
        assert len(list_calls(copy, "root")) == 1
        assert copy.conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
    finally:
        copy.close()


def _count(path, sql):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def test_backup_while_another_process_writes(db, tmp_path):
    go, stop = tmp_path / "go", tmp_path / "stop"
    go.touch()
    writer = subprocess.Popen(
        [sys.executable, str(WRITER), str(db), "li", "1", "0", str(go), str(stop)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=clean_env(WRITER_PAUSE_S="0.001", WRITER_NO_CHECKPOINT="1"),
    )
    try:
        deadline = time.monotonic() + 30
        while _count(db, "SELECT count(*) FROM calls") < 100:
            assert time.monotonic() < deadline, "writer did not start"
            time.sleep(0.02)
        committed_before = _count(db, "SELECT count(*) FROM calls")
        dest = tmp_path / "copy.db"
        r = run("--db", db, "--agent", "root", "backup", dest)
        assert r.returncode == 0, r.stderr
        assert r.stdout.startswith(f"backed up to {dest}")
        copied = _count(dest, "SELECT count(*) FROM calls")
        # the writer kept going after the copy was taken
        while _count(db, "SELECT count(*) FROM calls") < copied + 50:
            assert time.monotonic() < deadline, "writer stopped during the backup"
            time.sleep(0.02)
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    summary = json.loads(out)
    assert summary["errors"] == []
    final = _count(db, "SELECT count(*) FROM calls")
    assert committed_before <= copied < final
    conn = sqlite3.connect(str(dest))
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
        # one consistent moment: every call in the copy has its audit and change-log rows, nothing more
        assert conn.execute("SELECT count(*) FROM audit_log WHERE table_name = 'calls'").fetchone()[0] == copied
        assert conn.execute("SELECT count(*) FROM change_log WHERE topic = 'calls'").fetchone()[0] == copied
        ids = [r[0] for r in conn.execute("SELECT id FROM calls ORDER BY id")]
        assert ids == list(range(1, copied + 1))
    finally:
        conn.close()
    copy = open_store(dest)  # and the desk can open it
    try:
        assert len(list_calls(copy, "li", limit=100_000)) == copied
    finally:
        copy.close()


# -- the desk itself needs a terminal -------------------------------------------------------
def test_the_desk_without_a_terminal_says_so_and_exits(db):
    """`agentdesk` from a script or `ssh host agentdesk` (no tty) must not start a desk nobody can quit."""
    proc = subprocess.run(
        [sys.executable, "-c", MAIN, "--db", str(db), "--agent", "li"],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, cwd=str(REPO), env=clean_env(), timeout=60,
    )
    assert proc.returncode == 1
    line = assert_one_line_error(proc.stdout, proc.stderr, "the desk needs a terminal", "ssh -t")
    assert "customers find" in line
    res = invoke("--db", db, "--agent", "nobody")  # an unknown login is still named first
    assert res.exit_code == 1 and "nobody" in res.output
