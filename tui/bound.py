"""A bound run: the desk or a command running as the service account, for the login the operating
system proved. Started only by the root-owned runner script (`python -I -m tui.bound_runner ARGS`), which sudo
runs for members of the agents' group with the environment reset (tui/rebind.py starts it), or which an
SSH forced command runs with `--ssh-login LOGIN` written in the service account's authorized_keys.

Who acts comes from what the system vouches for, never from a flag or the environment:
- through sudo: SUDO_UID, set by sudo itself, names the OS account that ran it;
- through SSH: the key that opened the connection chose the forced command, and so the login.
The OS account is the agent with the same login, or the service login an admin mapped it to
(store/service_accounts.py), which may run only its verbs.
"""

from __future__ import annotations

import os
import pwd

from tui.binding import Binding
from tui.host_config import HostConfig
from tui.i18n import _

IDENTITY_OPTIONS = ("--agent", "--db")  # what names who acts or where the store is: never in a bound run
IDENTITY_VARIABLES = ("AGENTDESK_AGENT", "AGENTDESK_DB", "AGENTDESK_NOW")
VALUE_OPTIONS = ("--lang", "--agent", "--db")  # global options that take a value (the others are flags)


class Refused(Exception):
    """A bound run that cannot go on: one sentence saying why."""


def command_words(args: list[str]) -> list[str]:
    """The command a command line runs, without its global options: ['import', 'surveys', 'FILE'] ->
    the words from the first that is not an option (a value of --lang skipped)."""
    words, skip = [], False
    for i, arg in enumerate(args):
        if skip:
            skip = False
            continue
        if arg in VALUE_OPTIONS:
            skip = True
            continue
        if arg.startswith("-"):
            continue
        words = args[i:]
        break
    return words


def verb_of(args: list[str]) -> str:
    """'ring', 'import surveys', 'callbacks grace', … or '' for the desk itself."""
    words = [w for w in command_words(args) if not w.startswith("-")]
    two = " ".join(words[:2])
    from store.service_accounts import VERBS

    return two if two in VERBS else (words[0] if words else "")


def global_options(args: list[str]) -> list[str]:
    return args[: len(args) - len(command_words(args))]


def take_agent_option(args: list[str]) -> tuple[str | None, list[str]]:
    """root's `--agent LOGIN` (before the command) and the arguments without it."""
    head, words = global_options(args), command_words(args)
    for i, arg in enumerate(head):
        if arg == "--agent" and i + 1 < len(head):
            return head[i + 1], head[:i] + head[i + 2:] + words
        if arg.startswith("--agent="):
            return arg.split("=", 1)[1], head[:i] + head[i + 1:] + words
    return None, args


def refuse_identity_options(args: list[str], environ: dict[str, str], allowed: tuple[str, ...] = ()) -> None:
    """`--agent`, `--db` (before the command) and AGENTDESK_AGENT/DB/NOW name who acts or where the store
    is: in a bound run the system says both, so naming them is refused, not ignored."""
    for arg in global_options(args):
        name = arg.split("=", 1)[0]
        if name in IDENTITY_OPTIONS and name not in allowed:
            raise Refused(_("{option} cannot be used on this host: who acts is the account you signed in with, "
                            "and the store is the one the system configuration names.").format(option=name))
    for variable in IDENTITY_VARIABLES:
        if environ.get(variable):
            raise Refused(_("{variable} cannot be used on this host: who acts is the account you signed in "
                            "with, and the store and the clock are the system's; unset it.").format(variable=variable))


def prove(config: HostConfig, args: list[str], environ: dict[str, str]) -> tuple[str, str, list[str]]:
    """(OS account, proof, the arguments left) from what the system vouches for."""
    if os.geteuid() != config.service_uid:
        raise Refused(_("the bound runner must run as the service account '{user}'; start 'agentdesk' instead.")
                      .format(user=config.service_user))
    if args[:1] == ["--ssh-login"]:
        # written in authorized_keys by the administrator, so only a forced command can pass it: sudo (which
        # sets SUDO_UID) never may, and the service account's own real uid shows sshd started it
        if "SUDO_UID" in environ or os.getuid() != config.service_uid or "SSH_CONNECTION" not in environ or len(args) < 2:
            raise Refused(_("--ssh-login belongs in an SSH forced command in the service account's authorized_keys."))
        return args[1], f"ssh key {args[1]}", args[2:]
    uid = environ.get("SUDO_UID", "")
    if not uid.isdigit():
        raise Refused(_("start 'agentdesk' itself: it runs the desk through the host's sudo rule."))
    try:
        user = pwd.getpwuid(int(uid)).pw_name
    except KeyError:
        raise Refused(_("the account with uid {uid} has no name on this host.").format(uid=uid)) from None
    return user, f"sudo uid={uid} ({user})", args


def bind(config: HostConfig, args: list[str], environ: dict[str, str]) -> tuple[Binding, list[str]]:
    """Who acts, checked against what they ask to run."""
    from store import open_store
    from store.clock import system_clock
    from store.service_accounts import SERVICE_ONLY, service_for

    os_user, proof, rest = prove(config, args, environ)
    root = proof.startswith("sudo uid=0 ")
    refuse_identity_options(rest, environ, allowed=("--agent",) if root else ())
    verb = verb_of(rest)
    if verb in ("demo", "host"):
        raise Refused(_("'agentdesk {verb}' is not for a shared install's desks; the host's administrator runs "
                        "it as root.").format(verb=verb))
    if root:  # the host's administrator: may act as any agent (it could become any of them), audited as root
        login, rest = take_agent_option(rest)
        return Binding(login or "root", os_user, proof, config.store, any_login=True), rest
    store = open_store(config.store, system_clock, create=False)  # the first admin makes it: 'agentdesk init'
    try:
        service = service_for(store, os_user)
    finally:
        store.close()
    if service is not None:
        if verb not in service.verbs:
            raise Refused(_("the OS account '{user}' acts as the service login '{login}', which may run only: "
                            "{verbs}.").format(user=os_user, login=service.login, verbs=", ".join(service.verbs)))
        return Binding(service.login, os_user, proof, config.store, service.verbs), rest
    if verb in SERVICE_ONLY:
        raise Refused(_("'agentdesk {verb}' is the phone system's: only an OS account an admin mapped to it may "
                        "run it ('agentdesk services add').").format(verb=verb))
    return Binding(os_user, os_user, proof, config.store), rest
