"""Issue 16, "backups and restores": a backup killed part-way leaves nothing under its name; `agentdesk check`
reports; `agentdesk restore FILE` verifies the backup, waits for no desk, and keeps the store it replaces."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_cli_core import assert_one_line_error, invoke

from store import desk_sessions, maintenance, open_store
from store import restore as restore_lib
from store.agents import add_agent, list_agents
from store.audit import list_audit
from store.errors import Conflict, StoreUnavailable
from store.migrations import LATEST
from tui.cli import cli
from tui.rebind import plan

REPO = Path(__file__).resolve().parent.parent

SLOW_BACKUP = """
import sys, time
sys.path.insert(0, {repo!r})
from store import maintenance, open_store
s = open_store({path!r})
s.conn.set_progress_handler(lambda: time.sleep(0.005) or 0, 100)  # a store big enough to take a while
print("started", flush=True)
maintenance.backup(s, "root", {dest!r})
"""


def _copies(folder: Path, dest: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if dest.name in p.name)


def _is_whole_backup(path: Path) -> bool:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return (conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                and conn.execute("SELECT count(*) FROM agents").fetchone()[0] == 6)
    finally:
        conn.close()


# -- a backup is whole or absent ---------------------------------------------------------------
def test_a_backup_killed_part_way_leaves_nothing_under_its_name(team, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    dest = folder / "nightly.db"
    script = SLOW_BACKUP.format(repo=str(REPO), path=str(team.path), dest=str(dest))
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert proc.stdout is not None and proc.stdout.readline() == b"started\n", proc.stderr.read()
        deadline = time.monotonic() + 30
        while not _copies(folder, dest):  # the copy has begun
            assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read()
            time.sleep(0.001)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert not dest.exists()  # only the hidden partial copy may stay, under its process's own name
    assert maintenance.backup(team, "root", dest) > 0  # the retry is not told "already exists"
    assert _is_whole_backup(dest)
    assert _copies(folder, dest) == ["nightly.db"]  # the killed run's partial copy was cleared away


def test_a_backup_that_fails_part_way_leaves_nothing(team, tmp_path):
    dest = tmp_path / "copy.db"
    calls = []
    team.conn.set_progress_handler(lambda: calls.append(1) or len(calls) > 20, 100)  # interrupted mid-copy
    try:
        with pytest.raises(sqlite3.OperationalError, match="interrupted"):
            maintenance.backup(team, "root", dest)
    finally:
        team.conn.set_progress_handler(None, 100)
    assert len(calls) > 20
    assert _copies(tmp_path, dest) == []
    maintenance.backup(team, "root", dest)
    assert _is_whole_backup(dest)


def test_a_copy_that_fails_its_check_is_not_put_in_place(team, tmp_path, monkeypatch):
    dest = tmp_path / "copy.db"

    def damaged(path, latest):
        raise StoreUnavailable("the copy {path} is damaged ({reason}).", path=path, reason="test")

    monkeypatch.setattr(maintenance, "check_copy", damaged)
    with pytest.raises(StoreUnavailable, match="damaged"):
        maintenance.backup(team, "root", dest)
    assert _copies(tmp_path, dest) == []


def test_backup_to_stdout_still_works(team, tmp_path):
    team.close()
    r = invoke("--db", team.path, "--agent", "root", "backup", "-")
    assert r.exit_code == 0, r.stderr
    out = tmp_path / "from-stdout.db"
    out.write_bytes(r.stdout_bytes)
    assert _is_whole_backup(out)


# -- check ---------------------------------------------------------------------------------------
def test_check_says_a_sound_store_is_sound(team):
    team.close()
    r = invoke("--db", team.path, "--agent", "root", "check")
    assert (r.exit_code, r.stderr) == (0, "")
    assert r.stdout.strip() == f"{team.path}: the integrity and foreign-key checks found nothing wrong"


def test_check_lists_each_problem_in_a_sentence(team):
    team.close()
    raw = sqlite3.connect(str(team.path))  # foreign keys are off on a plain connection: what a stray tool does
    raw.execute("INSERT INTO callback_events (callback_id, at, actor, event) VALUES (999, '2026-01-01', 'x', 'created')")
    raw.commit()
    raw.close()
    r = invoke("--db", team.path, "--agent", "root", "check")
    assert r.exit_code == 1
    assert r.stdout.strip() == "callback_events row 1 refers to a row of callbacks that does not exist."
    assert_one_line_error("", r.stderr, f"{team.path}: 1 problem(s) found (listed above)")
    r = invoke("--db", team.path, "--agent", "lin", "check")
    assert r.exit_code == 1
    assert_one_line_error(r.stdout, r.stderr, "this needs the role admin")


# -- restore ----------------------------------------------------------------------------------------
def _backup_then_change(team, tmp_path) -> Path:
    source = tmp_path / "saved" / "monday.db"
    source.parent.mkdir()
    maintenance.backup(team, "root", source)
    add_agent(team, "root", "newbie", "新人", "agent", "north")  # after the backup: the restore takes it away
    return source


def _logins(path: Path) -> list[str]:
    s = open_store(path, create=False)
    try:
        return sorted(a.login for a in list_agents(s, "root"))
    finally:
        s.close()


def test_restore_puts_the_backup_in_place_and_keeps_the_store_it_replaced(team, tmp_path):
    source = _backup_then_change(team, tmp_path)
    path = team.path
    done = restore_lib.restore(team, "root", source)
    assert done.kept_as == path.with_name("desk.db.replaced-" + team.clock().strftime("%Y%m%d-%H%M%S"))
    assert "newbie" not in _logins(path)
    assert "newbie" in _logins(done.kept_as)
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith(".")) == []  # no temporary copy left
    restored = open_store(path, create=False)
    kept = open_store(done.kept_as, create=False)
    try:
        row = next(r for r in list_audit(restored, "root", table="exports").entries if '"restore"' in json.dumps(r.after))
        assert row.actor == "root" and row.after["destination"] == str(path)
        assert row.after["filters"] == {"source": str(source), "replaced": str(done.kept_as)}
        row = next(r for r in list_audit(kept, "root", table="exports").entries if "restore-replaced" in json.dumps(r.after))
        assert row.after["destination"] == str(done.kept_as)  # the replaced store's own log says where it went
    finally:
        restored.close()
        kept.close()


def test_restore_is_refused_while_a_desk_is_running(team, tmp_path):
    source = _backup_then_change(team, tmp_path)
    session = desk_sessions.start_desk(team, "li", "desk-7", 4242)
    before = sorted(p.name for p in team.path.parent.iterdir())
    with pytest.raises(Conflict, match=r"1 desk\(s\) are running on this store \(li@desk-7\)"):
        restore_lib.restore(team, "root", source)
    assert sorted(p.name for p in team.path.parent.iterdir()) == before
    assert "newbie" in [a.login for a in list_agents(team, "root")]
    desk_sessions.end_desk(team, "li", session)  # quit: the restore may go ahead
    restore_lib.restore(team, "root", source)
    assert "newbie" not in _logins(team.path)


def _too_new(path: Path) -> Path:
    conn = sqlite3.connect(str(path))
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.commit()
    conn.close()
    return path


def _foreign(path: Path) -> Path:
    path.unlink()
    conn = sqlite3.connect(str(path))
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    return path


def _truncated(path: Path) -> Path:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


@pytest.mark.parametrize("spoil,needle", [(_too_new, "written by a newer agentdesk"),
                                          (_foreign, "another program's SQLite database"),
                                          (_truncated, "monday.db is not a SQLite database file")], ids=["too new", "foreign", "truncated"])
def test_restore_refuses_a_backup_that_is_not_whole(team, tmp_path, spoil, needle):
    source = spoil(_backup_then_change(team, tmp_path))
    before = sorted(p.name for p in team.path.parent.iterdir())
    with pytest.raises(StoreUnavailable, match=needle):
        restore_lib.restore(team, "root", source)
    assert sorted(p.name for p in team.path.parent.iterdir()) == before
    team.close()
    assert "newbie" in _logins(team.path)


def _cli(*args, stdin: bytes | None = None):
    """The command line in this process, at the suite's fixed time (AGENTDESK_NOW stays set)."""
    return CliRunner().invoke(cli, [str(a) for a in args], input=stdin, env={"AGENTDESK_DB": None, "AGENTDESK_LANG": "en"})


def test_restore_on_the_command_line_from_a_file_and_from_stdin(team, tmp_path):
    source = _backup_then_change(team, tmp_path)
    team.close()
    r = _cli("--db", team.path, "--agent", "lin", "restore", source)
    assert r.exit_code == 1
    assert_one_line_error(r.stdout, r.stderr, "this needs the role admin")
    r = _cli("--db", team.path, "--agent", "root", "restore", source)
    assert r.exit_code == 0, r.stderr
    kept = team.path.with_name("desk.db.replaced-" + team.clock().strftime("%Y%m%d-%H%M%S"))
    assert r.stdout.strip() == (f"restored {team.path} from the backup (schema {LATEST}: 0 customers, 0 calls); the "
                                f"store it replaced is kept as {kept}")
    assert "newbie" not in _logins(team.path)
    again = open_store(team.path, create=False)
    add_agent(again, "root", "later", "后来", "agent", "north")
    again.close()
    r = _cli("--db", team.path, "--agent", "root", "restore", "-", stdin=source.read_bytes())
    assert r.exit_code == 0, r.stderr
    assert r.stdout.strip().endswith(f"kept as {kept}-2")  # a second restore in the same second keeps both
    assert "later" not in _logins(team.path) and "later" in _logins(Path(f"{kept}-2"))


def test_a_bound_run_reads_the_backup_in_the_agent_s_own_process(tmp_path):
    relay = plan(["restore", str(tmp_path / "monday.db")])
    assert relay.args == ["restore", "-", "--source-name", str(tmp_path / "monday.db")]
    assert relay.stdin == tmp_path / "monday.db" and relay.stdout is None


def _relay_backup(tmp_path, monkeypatch, code: int) -> Path:
    """A bound run's backup relayed to DEST (tui/rebind.py), the bound process faked: it writes part of a copy
    to its stdout, then exits with `code`."""
    from tui import rebind
    from tui.host_config import HostConfig

    def bound_process(command, stdin=None, stdout=None):
        stdout.write(b"SQLite format 3\x00" + b"half a copy")
        stdout.flush()
        return subprocess.CompletedProcess(command, code)

    monkeypatch.setattr(rebind.subprocess, "run", bound_process)
    monkeypatch.delenv("AGENTDESK_NOW", raising=False)  # a bound run refuses it
    monkeypatch.setattr(rebind, "_check_member", lambda config: None)
    config = HostConfig(tmp_path / "config.toml", tmp_path / "store.db", "os", "svc", "grp", tmp_path / "runner")
    dest = tmp_path / "mine" / "nightly.db"
    dest.parent.mkdir()
    with pytest.raises(SystemExit) as done:
        rebind.run_bound(config, ["backup", str(dest)])
    assert done.value.code == code
    return dest


def test_a_relayed_backup_that_fails_leaves_nothing_under_its_name(tmp_path, monkeypatch):
    dest = _relay_backup(tmp_path, monkeypatch, 1)
    assert list(dest.parent.iterdir()) == []
    (tmp_path / "again").mkdir()
    dest = _relay_backup(tmp_path / "again", monkeypatch, 0)
    assert [p.name for p in dest.parent.iterdir()] == ["nightly.db"]
    assert dest.read_bytes().endswith(b"half a copy") and oct(dest.stat().st_mode & 0o777) == "0o600"


def test_a_restore_that_fails_at_the_swap_puts_the_old_store_back(team, tmp_path, monkeypatch):
    source = _backup_then_change(team, tmp_path)
    files = lambda: sorted(p.name for p in team.path.parent.iterdir() if not p.name.endswith(("-wal", "-shm")))  # noqa: E731
    before = files()  # (the store's -wal and -shm go when the restore closes it: its WAL was checkpointed)
    real_rename = os.rename

    def rename(old, new):
        if Path(old).name.startswith(".desk.db.restoring-"):
            raise OSError(5, "Input/output error", str(old))
        real_rename(old, new)

    monkeypatch.setattr(restore_lib.os, "rename", rename)
    with pytest.raises(OSError):
        restore_lib.restore(team, "root", source)
    assert files() == before
    assert "newbie" in _logins(team.path)
