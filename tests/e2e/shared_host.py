"""A throwaway shared install with real OS accounts, made as root: `agentdesk host setup` into a
temporary root of its own (its sudo rule in /etc/sudoers.d under a name of its own), an admin, an agent
and a phone-system account, all removed afterwards.

Every name carries a random suffix, so a run never meets another run's users."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from os_install import shared_install  # noqa: E402


def require_root_and_sudo() -> None:
    """These tests need what they test: root to make accounts, sudo and sshd to run through. `.ci/run`
    installs sudo and openssh-server; a run without them fails here, saying so."""
    missing = [tool for tool in ("sudo", "visudo", "useradd", "runuser") if shutil.which(tool) is None]
    if os.geteuid() != 0 or missing:
        raise AssertionError("the shared-host tests run as root with sudo installed (.ci/run does both; "
                             f"missing: {missing or 'root'})")


@dataclass
class Host:
    root: Path
    suffix: str
    python: Path
    agentdesk: Path
    config: Path
    store: Path
    runner: Path
    service: str
    group: str
    sudoers: Path
    users: dict[str, str] = field(default_factory=dict)  # role in the test -> OS login
    setup_output: str = ""

    def run(self, user: str | None, *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None,
            cwd: Path | None = None) -> subprocess.CompletedProcess:
        """`agentdesk ARGS` as the OS account `user` (None: root), with a clean environment as a login has."""
        environment = {"PATH": "/usr/bin:/bin:/usr/sbin:/sbin", "LANG": "C.UTF-8",
                       "AGENTDESK_SYSTEM_CONFIG": str(self.config), **(env or {})}
        prefix = ["runuser", "-u", user, "--"] if user else []
        return subprocess.run([*prefix, "env", "-i", *(f"{k}={v}" for k, v in environment.items()),
                               str(self.agentdesk), *args], input=stdin, capture_output=True, timeout=120,
                              cwd=str(cwd or self.root))

    def whoami(self, user: str) -> dict:
        done = self.run(user, "whoami", "--format", "json")
        assert done.returncode == 0, done.stderr.decode()
        return json.loads(done.stdout)

    def home(self, user: str) -> Path:
        """A folder of the user's own, for the files they name."""
        folder = self.root / "home" / user
        folder.mkdir(parents=True, exist_ok=True)
        shutil.chown(folder, user, user)
        os.chmod(folder, 0o700)
        return folder


def _sh(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True)


def make_host() -> Host:
    require_root_and_sudo()
    host = _new_host()
    try:
        _set_up(host)
    except BaseException:
        remove_host(host)
        raise
    return host


def _new_host() -> Host:
    suffix = secrets.token_hex(3)
    root = Path(tempfile.mkdtemp(prefix="agentdesk-host-", dir="/tmp"))
    os.chmod(root, 0o755)
    python = shared_install(root / "opt" / "agentdesk")
    host = Host(root, suffix, python, python.with_name("agentdesk"), root / "etc/agentdesk/config.toml",
                root / "srv/agentdesk/agentdesk.db", root / "usr/local/libexec/agentdesk-bound",
                f"ads{suffix}", f"adg{suffix}", Path(f"/etc/sudoers.d/agentdesk-test-{suffix}"))
    for role in ("admin", "agent", "pbx", "outsider"):
        host.users[role] = f"{role[:3]}{suffix}"
    return host


def _set_up(host: Host) -> None:
    suffix, root, python = host.suffix, host.root, host.python
    # a store installed the old way (docs/deploy.md before shared installs): a group-writable folder
    old = host.store.parent
    old.mkdir(parents=True)
    os.chmod(old, 0o2777)
    done = host.run(None, "--db", str(host.store), "init", "--admin", f"boss{suffix}", "--name", "王经理")
    assert done.returncode == 0, done.stderr.decode()
    os.chmod(host.store, 0o666)
    subprocess.run(["groupadd", "--system", host.group], check=True, capture_output=True)
    for role, login in host.users.items():
        groups = [] if role == "outsider" else ["-G", host.group]
        _sh("useradd", "-M", "-s", "/bin/sh", *groups, login)
    setup = subprocess.run(
        [str(host.agentdesk), "host", "setup", "--root", str(root), "--service-user", host.service,
         "--agents-group", host.group, "--store", str(host.store), "--sudoers", str(host.sudoers),
         "--python", str(python)],
        capture_output=True, text=True, env={"PATH": "/usr/bin:/bin:/usr/sbin:/sbin", "LANG": "C.UTF-8"})
    assert setup.returncode == 0, setup.stderr
    host.setup_output = setup.stdout
    boss = f"boss{suffix}"
    for args in (["agents", "add", host.users["admin"], "--name", "李娜", "--role", "admin"],
                 ["agents", "add", host.users["agent"], "--name", "王伟", "--role", "agent", "--team", "north"],
                 ["agents", "add", "pbx", "--name", "电话系统", "--role", "agent", "--team", "north"],
                 ["services", "add", host.users["pbx"], "--login", "pbx", "--verbs", "ring,missed"]):
        done = host.run(None, "--agent", boss, *args)
        assert done.returncode == 0, done.stderr.decode()


def remove_host(host: Host) -> None:
    for login in host.users.values():
        subprocess.run(["pkill", "-u", login], capture_output=True)
        subprocess.run(["userdel", login], capture_output=True)
    subprocess.run(["pkill", "-u", host.service], capture_output=True)
    subprocess.run(["userdel", host.service], capture_output=True)
    subprocess.run(["groupdel", host.group], capture_output=True)
    host.sudoers.unlink(missing_ok=True)
    shutil.rmtree(host.root, ignore_errors=True)
