"""`agentdesk host setup`, run once as root: a shared install where who acts is proven by the OS.

1. the agents' group and the service account (a system account, its password locked);
2. the store's folder, the service account's alone (0700), and its files (0600): a store installed the
   old way (a group-writable folder, docs/deploy.md before this) is converted in place, backups too;
3. the runner, a root-owned script that starts the bound desk (`python -I -m tui.bound_runner`): isolated
   mode, so no PYTHON* variable, user site or working folder can bring code in;
4. the system configuration naming the store, with identity = "os";
5. a sudoers drop-in, checked with `visudo -c` before it is put in place: members of the agents'
   group may run exactly the runner as the service account, without a password, the environment reset.

Each step says what it did; run again, it changes only what is not yet so.
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tui.host_config import HostConfig
from tui.i18n import _


class SetupFailed(Exception):
    """A step that could not be done: one sentence."""


@dataclass(frozen=True)
class SetupPlan:
    root: Path  # "/" on a real host; a test's own folder otherwise
    service_user: str = "agentdesk"
    agents_group: str = "agentdesk"
    store: Path | None = None  # default: <root>/var/lib/agentdesk/agentdesk.db
    sudoers: Path | None = None  # default: <root>/etc/sudoers.d/agentdesk
    python: Path = Path(sys.executable)

    def under_root(self, path: str) -> Path:
        return self.root / path.lstrip("/")

    @property
    def store_path(self) -> Path:
        return self.store or self.under_root("/var/lib/agentdesk/agentdesk.db")

    @property
    def config_path(self) -> Path:
        return self.under_root("/etc/agentdesk/config.toml")

    @property
    def runner_path(self) -> Path:
        return self.under_root("/usr/local/libexec/agentdesk-bound")

    @property
    def sudoers_path(self) -> Path:
        return self.sudoers or self.under_root("/etc/sudoers.d/agentdesk")


def _run(*command: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SetupFailed(_("{command} failed: {error}").format(command=" ".join(command),
                                                               error=(result.stderr or result.stdout).strip()))


def _group(plan: SetupPlan, said: list[str]) -> None:
    try:
        grp.getgrnam(plan.agents_group)
    except KeyError:
        _run("groupadd", "--system", plan.agents_group)
        said.append(_("created the agents' group {group}").format(group=plan.agents_group))


def _service_user(plan: SetupPlan, said: list[str]) -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(plan.service_user)
    except KeyError:
        pass
    # a shell, so that an SSH forced command can run (sshd starts it through the shell); no password
    _run("useradd", "--system", "--user-group", "--home-dir", str(plan.store_path.parent), "--no-create-home",
         "--shell", "/bin/sh", plan.service_user)
    said.append(_("created the service account {user} (system account, no password)").format(user=plan.service_user))
    return pwd.getpwnam(plan.service_user)


def _own(path: Path, user: pwd.struct_passwd, mode: int) -> None:
    os.chown(path, user.pw_uid, user.pw_gid)
    os.chmod(path, mode)


def _store_folder(plan: SetupPlan, user: pwd.struct_passwd, said: list[str]) -> None:
    folder = plan.store_path.parent
    existed = folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    for parent in (folder.parent, *folder.parent.parents):  # the path to it must be traversable
        if parent == Path("/") or parent == plan.root.parent:
            break
        os.chmod(parent, os.stat(parent).st_mode | 0o001)  # others may pass through, not list
    _own(folder, user, 0o700)
    files = [p for p in folder.rglob("*") if p.is_file()]
    for path in files:  # the store, its -wal and -shm, backups
        _own(path, user, 0o600)
    for path in (p for p in folder.rglob("*") if p.is_dir()):
        _own(path, user, 0o700)
    if existed and files:
        said.append(_("converted {folder}: its {count} files are now {user}'s alone (folder 0700, files 0600)")
                    .format(folder=folder, count=len(files), user=plan.service_user))
    else:
        said.append(_("made the store's folder {folder}, {user}'s alone (0700)").format(folder=folder,
                                                                                     user=plan.service_user))


def _write_root_file(path: Path, text: str, mode: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    for parent in (path.parent, *path.parent.parents):
        if parent == Path("/"):
            break
        os.chmod(parent, os.stat(parent).st_mode | 0o001)  # others may pass through, not list
    fd, temporary = tempfile.mkstemp(dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.chown(temporary, 0, 0)
    os.chmod(temporary, mode)
    os.replace(temporary, path)


def runner_text(plan: SetupPlan) -> str:
    return ("#!/bin/sh\n"
            "# written by 'agentdesk host setup': the desk as the service account, for the login sudo proved\n"
            f"AGENTDESK_SYSTEM_CONFIG='{plan.config_path}'\n"
            "export AGENTDESK_SYSTEM_CONFIG\n"
            f"exec '{plan.python}' -I -m tui.bound_runner \"$@\"\n")


def sudoers_text(plan: SetupPlan) -> str:
    runner = plan.runner_path
    return ("# written by 'agentdesk host setup': agents run exactly the desk as the service account\n"
            f"Defaults!{runner} env_reset\n"
            f"%{plan.agents_group} ALL=({plan.service_user}) NOPASSWD: {runner}\n")


def _sudoers(plan: SetupPlan, said: list[str]) -> None:
    if not shutil.which("visudo"):
        raise SetupFailed(_("sudo is not installed: install it (apt-get install sudo), then run this again."))
    path = plan.sudoers_path
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".agentdesk-")  # visudo reads it as root
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(sudoers_text(plan))
        os.chmod(temporary, 0o440)
        _run("visudo", "-c", "-q", "-f", temporary)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    said.append(_("installed the sudo rule {path} (checked with visudo -c): members of {group} run the desk as {user}")
                .format(path=path, group=plan.agents_group, user=plan.service_user))


def _check_runnable(plan: SetupPlan) -> None:
    """The service account must be able to run this agentdesk: its Python and its code readable by all."""
    result = subprocess.run(["runuser", "-u", plan.service_user, "--", str(plan.python), "-I", "-c", "import tui.bound_runner"],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SetupFailed(_("the service account {user} cannot run agentdesk with {python}: install it where every "
                            "account can read it (python3 -m venv /opt/agentdesk, then pip install there) and run "
                            "this again with that Python.").format(user=plan.service_user, python=plan.python))


def set_up(plan: SetupPlan) -> list[str]:
    """Every step, in order; what was done, one line each."""
    if os.geteuid() != 0:
        raise SetupFailed(_("'agentdesk host setup' must run as root (sudo agentdesk host setup)."))
    said: list[str] = []
    _group(plan, said)
    user = _service_user(plan, said)
    _store_folder(plan, user, said)
    _check_runnable(plan)
    _write_root_file(plan.runner_path, runner_text(plan), 0o755)
    said.append(_("wrote the runner {path} (root's, 0755)").format(path=plan.runner_path))
    config = HostConfig(plan.config_path, plan.store_path, "os", plan.service_user, plan.agents_group, plan.runner_path)
    _write_root_file(plan.config_path, config.render(), 0o644)
    said.append(_("wrote the system configuration {path}: the store {store}, identity = os")
                .format(path=plan.config_path, store=plan.store_path))
    _sudoers(plan, said)
    said.append(_("next: add each agent's OS account to {group} (usermod -aG {group} LOGIN); they type "
                  "'agentdesk' as before").format(group=plan.agents_group))
    return said
