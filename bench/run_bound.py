"""bench/run.py's bound rows: the desk started by an OS account of a shared install, through the host's
sudo rule (tui/rebind.py: `agentdesk` runs itself again as the service account with `sudo -n`).

As root with no --bound-user: a throwaway shared install in a temporary root, made and removed exactly as
the shared-host tests make theirs (tests/e2e/shared_host.py: `agentdesk host setup`, its own service
account, group, sudo rule and agent accounts). Its store is the install's own new store (an admin, two
agents), not the bench store: the rows measure what the sudo hop and a bound start add.
With --bound-user LOGIN: that account of an existing install (/etc/agentdesk), started with runuser when
root, directly when it is the current account. Otherwise the rows are skipped, the reason printed.
Memory is the python under sudo (the bound desk itself), not sudo or the agent's launcher.
"""

from __future__ import annotations

import getpass
import os
import shutil
import sys
from pathlib import Path

import run_figures as rf

ROOT = Path(__file__).resolve().parents[1]
LOGIN_ENV = ["PATH=/usr/local/bin:/usr/bin:/bin", "TERM=xterm-256color", "LANG=C.UTF-8"]


def is_bound_python(command: str) -> bool:
    return "tui.bound" in command and "sudo" not in command.split()[0]


def _skip(ctx: rf.Ctx, reason: str) -> None:
    rf.note(f"bound rows skipped: {reason}")
    for label in ("cold start to home screen, bound", "cold start to first key handled, bound",
                  "RSS of one idle desk, bound"):
        ctx.rows.append(rf.Row(label, [], None, "s" if label.startswith("cold") else "MB", failed=f"skipped: {reason}"))


def bound_rows(ctx: rf.Ctx, args, bare_cold) -> None:
    if args.no_bound:
        _skip(ctx, "--no-bound")
        return
    if args.bound_user:
        agentdesk = shutil.which("agentdesk", path="/usr/local/bin:/usr/bin:/bin") or str(ctx.agentdesk)
        if os.geteuid() == 0:
            command = ["runuser", "-u", args.bound_user, "--", "env", "-i", *LOGIN_ENV, agentdesk]
        elif args.bound_user == getpass.getuser():
            command = ["env", "-i", *LOGIN_ENV, agentdesk]
        else:
            _skip(ctx, f"--bound-user {args.bound_user} is not this account and this is not root")
            return
        _measure(ctx, args, bare_cold, command, f"bound: {args.bound_user}")
        return
    if os.geteuid() != 0:
        _skip(ctx, "not root (a throwaway shared install needs root); pass --bound-user LOGIN of an existing one")
        return
    missing = [t for t in ("sudo", "visudo", "useradd", "runuser") if shutil.which(t) is None]
    if missing:
        _skip(ctx, f"missing {', '.join(missing)}")
        return
    sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "e2e")]
    from shared_host import make_host, remove_host

    rf.note("setting up a throwaway shared install (agentdesk host setup) ...")
    try:
        host = make_host()
    except Exception as exc:  # noqa: BLE001
        _skip(ctx, f"the shared install could not be made: {rf.one_line(exc)}")
        return
    try:
        agent = host.users["agent"]
        command = ["runuser", "-u", agent, "--", "env", "-i", *LOGIN_ENV,
                   f"AGENTDESK_SYSTEM_CONFIG={host.config}", str(host.agentdesk)]
        _measure(ctx, args, bare_cold, command, "bound: throwaway install, its new store")
    finally:
        remove_host(host)


def _measure(ctx: rf.Ctx, args, bare_cold, command: list[str], note: str) -> None:
    rf.note(f"measuring: cold starts, {note}")
    before = len(ctx.rows)
    try:
        rf.cold_rows(ctx, args.runs, "bound", desk_command=command, pid_match=is_bound_python, bare=bare_cold)
    except Exception as exc:  # noqa: BLE001
        _skip(ctx, rf.one_line(exc))
        return
    for row in ctx.rows[before:]:
        row.note = note
