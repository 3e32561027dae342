"""A shared install, for real: OS accounts, the sudo rule `agentdesk host setup` installs, and the
store out of every agent's reach (tests/e2e/shared_host.py makes and removes the host)."""

from __future__ import annotations

import json
import os
import pwd
import sqlite3
import stat
import subprocess

import pytest


def error(done) -> str:
    return done.stderr.decode()


def test_setup_converts_the_old_group_writable_store_and_keeps_its_data(host):
    assert "converted" in host.setup_output and "visudo -c" in host.setup_output
    folder = host.store.parent.stat()
    assert stat.S_IMODE(folder.st_mode) == 0o700
    for path in host.store.parent.iterdir():
        mode = path.stat()
        assert stat.S_IMODE(mode.st_mode) == 0o600 and mode.st_uid == folder.st_uid, path
    assert host.whoami(host.users["admin"])["role"] == "admin"  # the old store's data, through the new rule
    assert host.run(None, "--agent", f"boss{host.suffix}", "agents", "list").returncode == 0
    runner = host.runner.stat()
    assert runner.st_uid == 0 and stat.S_IMODE(runner.st_mode) == 0o755
    sudoers = host.sudoers.read_text()
    assert f"%{host.group} ALL=({host.service}) NOPASSWD: {host.runner}" in sudoers and "env_reset" in sudoers


def test_each_account_acts_only_as_itself_proven_by_sudo(host):
    for role in ("admin", "agent"):
        login = host.users[role]
        me = host.whoami(login)
        assert me["login"] == login and me["bound"] is True
        assert me["proof"] == f"sudo uid={pwd.getpwnam(login).pw_uid} ({login})"


@pytest.mark.parametrize("args, env", [
    (["--agent", "ADMIN", "whoami"], {}),
    (["--agent=ADMIN", "whoami"], {}),
    (["--db", "/tmp/other.db", "whoami"], {}),
    (["whoami"], {"AGENTDESK_AGENT": "ADMIN"}),
    (["whoami"], {"AGENTDESK_DB": "/tmp/other.db"}),
    (["whoami"], {"AGENTDESK_NOW": "2026-11-26T06:00:00Z"}),
])
def test_naming_who_acts_or_the_store_is_refused_with_one_sentence(host, args, env):
    args = [a.replace("ADMIN", host.users["admin"]) for a in args]
    env = {k: v.replace("ADMIN", host.users["admin"]) for k, v in env.items()}
    done = host.run(host.users["agent"], *args, env=env)
    assert done.returncode == 1 and done.stdout == b""
    message = error(done).strip()
    assert message.startswith("Error: ") and "cannot be used on this host" in message and "\n" not in message


def test_an_agent_cannot_open_the_store_with_sqlite(host):
    probe = ("import sqlite3, sys\n"
             "try:\n"
             f"    sqlite3.connect('file:{host.store}?mode=ro', uri=True).execute('SELECT count(*) FROM audit_log')\n"
             "except sqlite3.Error as exc:\n"
             "    print('refused:', exc); sys.exit(3)\n")
    for role in ("agent", "admin", "outsider"):
        done = subprocess.run(["runuser", "-u", host.users[role], "--", "/usr/bin/python3", "-c", probe],
                              capture_output=True, text=True)
        assert done.returncode == 3 and "unable to open" in done.stdout, (role, done.stdout, done.stderr)
    # and not through the runner without sudo either: it is not the service account
    done = subprocess.run(["runuser", "-u", host.users["agent"], "--", str(host.runner), "whoami"],
                          capture_output=True, text=True)
    assert done.returncode == 1 and "service account" in done.stderr


def test_an_agent_cannot_make_themself_admin_nor_ring_nor_answer_surveys(host):
    agent = host.users["agent"]
    done = host.run(agent, "agents", "set", agent, "--role", "admin")
    assert done.returncode == 1 and "needs the role admin" in error(done)
    for args in (["ring", "13800138000", "--ext", "8001"], ["missed", "13800138000"],
                 ["survey", "--call", "1", "--score", "5"]):
        done = host.run(agent, *args)
        assert done.returncode == 1 and "phone system" in error(done), args
    assert host.whoami(agent)["role"] == "agent"


def test_the_phone_system_account_may_ring_but_not_export_nor_start_the_desk(host):
    pbx = host.users["pbx"]
    done = host.run(pbx, "ring", "13800138000", "--for", host.users["agent"])
    assert done.returncode == 0, error(done)
    for args in (["export", "customers"], ["agents", "list"], []):
        done = host.run(pbx, *args)
        assert done.returncode == 1 and "may run only: missed, ring" in error(done), args
    done = host.run(host.users["outsider"], "whoami")
    assert done.returncode == 1 and "not in the agents' group" in error(done)


def test_files_an_agent_names_are_opened_by_their_own_process(host):
    admin = host.users["admin"]
    home = host.home(admin)
    source = home / "customers.csv"
    source.write_text("name,phone\n张伟,13800138000\n坏号码,12\n", encoding="utf-8")
    os.chown(source, pwd.getpwnam(admin).pw_uid, -1)
    os.chmod(source, 0o600)  # the service account could not read it itself
    done = host.run(admin, "import", "customers", str(source), cwd=home)
    assert done.returncode == 0, error(done)
    rejects = home / "customers.rejects.csv"
    assert "坏号码" in rejects.read_text(encoding="utf-8") and rejects.stat().st_uid == source.stat().st_uid
    out = home / "customers-export.csv"
    done = host.run(admin, "export", "customers", "-o", str(out), cwd=home)
    assert done.returncode == 0, error(done)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf") and "张伟" in out.read_text(encoding="utf-8-sig")
    copy = home / "backup.db"
    done = host.run(admin, "backup", str(copy), cwd=home)
    assert done.returncode == 0, error(done)
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600 and copy.stat().st_uid == source.stat().st_uid
    with sqlite3.connect(copy) as db:
        assert db.execute("SELECT count(*) FROM customers").fetchone()[0] >= 1
    # a restore reads the backup in the admin's own process too (the service account could not read it)
    done = host.run(admin, "restore", str(copy), cwd=home)
    assert done.returncode == 0, error(done)
    kept = [p for p in host.store.parent.iterdir() if p.name.startswith(host.store.name + ".replaced-")]
    assert len(kept) == 1 and {p.stat().st_uid for p in (host.store, *kept)} == {pwd.getpwnam(host.service).pw_uid}
    assert stat.S_IMODE(host.store.stat().st_mode) == 0o600
    done = host.run(admin, "audit", "--table", "exports", "--format", "json")
    assert done.returncode == 0, error(done)
    assert any(r["after"]["kind"] == "restore" and r["after"]["filters"]["source"] == str(copy)
               for r in json.loads(done.stdout))
    # the audit rows name who acted and what proved it
    done = host.run(admin, "audit", "--table", "customers", "--format", "json")
    assert done.returncode == 0, error(done)
    rows = json.loads(done.stdout)
    uid = pwd.getpwnam(admin).pw_uid
    assert rows and {(r["actor"], r["proof"]) for r in rows} == {(admin, f"sudo uid={uid} ({admin})")}
    # a file the admin cannot write is refused for them, not written by the service account
    done = host.run(admin, "export", "customers", "-o", str(host.store.parent / "stolen.csv"), cwd=home)
    assert done.returncode == 1 and not (host.store.parent / "stolen.csv").exists()
