"""`agentdesk` started by an agent on a shared install: run it again through the host's sudo rule, as
the service account that alone can open the store (tui/bound.py is what runs there).

The service account opens no file an agent names: this process, the agent's own, opens them and
hands them over as standard input or output:
    backup DEST                 the backup comes back on stdout, written to DEST here (0600)
    export KIND -o FILE         the export comes back on stdout, written to FILE here
    import customers FILE       FILE goes in on stdin; the rejected rows come back on stdout, to FILE.rejects.csv
    import surveys FILE         FILE goes in on stdin
    restore FILE                FILE (a backup) goes in on stdin
A backup or export relayed so also names FILE (--destination, as this process resolves it) for the
audit row the bound run writes.
Everything else (the desk first) replaces this process with sudo, so the terminal, its signals and
its hang-up reach the desk directly.
"""

from __future__ import annotations

import grp
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tui.bound import Refused, command_words, global_options, refuse_identity_options
from tui.host_config import HostConfig, HostConfigError, read_host_config
from tui.i18n import _


@dataclass
class Relay:
    """What this process opens for the bound one: the arguments it passes, and its stdin and stdout."""

    args: list[str]
    stdin: Path | None = None
    stdout: Path | None = None
    stdout_only_if_any: bool = False  # the rejects file: written only when a row was rejected


def _pop_option(args: list[str], names: tuple[str, ...]) -> str | None:
    """Remove `-o FILE` / `--output FILE` / `--output=FILE` from args; its value."""
    for i, arg in enumerate(args):
        if arg in names and i + 1 < len(args):
            value = args[i + 1]
            del args[i:i + 2]
            return value
        for name in names:
            if name.startswith("--") and arg.startswith(name + "="):
                del args[i]
                return arg.split("=", 1)[1]
    return None


def _destination(path: str) -> list[str]:
    """The file this process writes, named to the bound one for its audit row (it sees only stdout)."""
    return ["--destination", str(Path(path).expanduser().absolute())]


def plan(args: list[str]) -> Relay:
    """How the file arguments of a command line travel (see the module's docstring)."""
    words = command_words(args)
    head = args[: len(args) - len(words)]
    names = [w for w in words if not w.startswith("-")]
    rest = list(words)
    if names[:1] == ["backup"] and len(names) >= 2 and names[1] != "-":
        rest[rest.index(names[1])] = "-"
        return Relay(head + rest + _destination(names[1]), stdout=Path(names[1]).expanduser())
    if names[:1] == ["export"]:
        output = _pop_option(rest, ("-o", "--output"))
        if output and output != "-":
            fmt = _pop_option(list(rest), ("--format",)) or "csv"
            if fmt == "csv" and not any(a == "--encoding" or a.startswith("--encoding=") for a in rest):
                rest += ["--encoding", "utf-8-sig"]  # what a CSV file gets by default: UTF-8 with BOM, for Excel
            return Relay(head + rest + _destination(output), stdout=Path(output).expanduser())
        return Relay(args)
    if names[:1] == ["restore"] and len(names) >= 2 and names[1] != "-":  # the agent's file, read here
        source = Path(names[1]).expanduser()
        rest[rest.index(names[1])] = "-"
        return Relay(head + rest + ["--source-name", str(source.absolute())], stdin=source)
    if names[:2] in (["import", "customers"], ["import", "surveys"]) and len(names) >= 3 and names[2] != "-":
        source = Path(names[2]).expanduser()
        rest[rest.index(names[2])] = "-"
        if names[1] == "customers":
            rejects = source.with_name(source.stem + ".rejects.csv")
            return Relay(head + rest, stdin=source, stdout=rejects, stdout_only_if_any=True)
        return Relay(head + rest, stdin=source)
    return Relay(args)


def _check_member(config: HostConfig) -> None:
    try:
        gid = grp.getgrnam(config.agents_group).gr_gid
    except KeyError:
        raise Refused(_("the agents' group '{group}' does not exist on this host; ask its administrator to run "
                        "'agentdesk host setup'.").format(group=config.agents_group)) from None
    if gid not in os.getgroups() and os.getgid() != gid:
        raise Refused(_("your account is not in the agents' group '{group}' on this host: ask its administrator "
                        "(usermod -aG {group} LOGIN, then sign in again).").format(group=config.agents_group))


def _take_name(partial: Path, name: Path) -> None:
    """The complete copy takes its name: never over a file that appeared meanwhile."""
    try:
        os.link(partial, name)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links
        if name.exists():
            raise FileExistsError(17, os.strerror(17), str(name)) from None
        os.rename(partial, name)


def run_bound(config: HostConfig, args: list[str]) -> None:
    """Refuse what names who acts, then run through sudo; does not return."""
    root = os.geteuid() == 0
    refuse_identity_options(args, dict(os.environ), allowed=("--agent",) if root else ())
    if not root:
        _check_member(config)
    relay = plan(args)
    command = ["sudo", "-n", "-u", config.service_user, str(config.runner), *relay.args]
    if relay.stdin is None and relay.stdout is None:
        os.execvp("sudo", command)
    stdin = open(relay.stdin, "rb") if relay.stdin else None  # noqa: SIM115 - closed below
    try:
        if relay.stdout is None:
            sys.exit(subprocess.run(command, stdin=stdin).returncode)
        if relay.stdout.exists() and not relay.stdout_only_if_any:
            raise Refused(_("{file} already exists; choose a new file name.").format(file=relay.stdout))
        # opened here, as the agent (0600), and handed over as the desk's stdout: it streams, whatever its size.
        # A copy goes under a temporary name beside its own and takes it only once complete (issue 16)
        target = relay.stdout if relay.stdout_only_if_any else relay.stdout.with_name(
            f".{relay.stdout.name}.partial-{os.getpid()}")
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | (0 if relay.stdout_only_if_any else os.O_EXCL)
        try:
            with os.fdopen(os.open(target, flags, 0o600), "wb") as out:
                code = subprocess.run(command, stdin=stdin, stdout=out).returncode
            written = target.stat().st_size
            if not relay.stdout_only_if_any and code == 0:
                _take_name(target, relay.stdout)
        finally:
            if target != relay.stdout:
                target.unlink(missing_ok=True)
        if relay.stdout_only_if_any and written == 0:
            relay.stdout.unlink()  # no rejected row
        elif relay.stdout_only_if_any or code == 0:  # (a copy that did not complete left nothing under its name)
            said = (_("rejected rows, with line numbers and reasons: {path}") if relay.stdout_only_if_any
                    else _("written to {path}"))
            print(said.format(path=relay.stdout), file=sys.stderr)
        sys.exit(code)
    finally:
        if stdin is not None:
            stdin.close()


def rebind_if_shared(args: list[str]) -> None:
    """On a host with a system configuration, an agent's `agentdesk` runs bound (does not return). So
    does root's, so that what it writes stays the service account's (root may name --agent: it can become
    anyone anyway; with --db it works on that other file as it is). The service account itself, which
    owns the store, and hosts without a configuration run as they are."""
    try:
        config = read_host_config()
        if config is None or os.geteuid() == config.service_uid:
            return
        if os.geteuid() == 0 and (any(a.split("=", 1)[0] == "--db" for a in global_options(args))
                                  or command_words(args)[:1] == ["host"]):
            return
        run_bound(config, args)
    except (Refused, HostConfigError) as exc:
        print(_("Error: {message}").format(message=exc), file=sys.stderr)
        sys.exit(1)
    except OSError as exc:
        print(_("Error: {message}").format(message=f"{exc.filename or ''}: {exc.strerror or exc}"), file=sys.stderr)
        sys.exit(1)
