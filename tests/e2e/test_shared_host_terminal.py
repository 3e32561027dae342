"""A shared install in a real terminal: the bound desk over sudo keeps the draft when the terminal is
closed or its sudo gets SIGTERM, even just after typing (sudo relays the signal; the desk writes the
draft on its way out), and agents connecting over SSH with a key each get the desk of that
key's login, whatever command they ask for (an sshd on 127.0.0.1 with its own configuration)."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest


def desk_as(host, user: str) -> list[str]:
    return ["runuser", "-u", user, "--", "env", "-i", "PATH=/usr/bin:/bin", "TERM=xterm-256color", "LANG=C.UTF-8",
            f"AGENTDESK_SYSTEM_CONFIG={host.config}", str(host.agentdesk)]


def bound_desk_gone(host) -> None:
    deadline = time.monotonic() + 10
    while subprocess.run(["pgrep", "-u", host.service, "-f", "tui.bound"], capture_output=True).returncode == 0:
        assert time.monotonic() < deadline, "the bound desk outlived its terminal"
        time.sleep(0.2)


def as_service(host, code: str) -> str:
    """Python run as the service account, on the store only it can open."""
    done = subprocess.run(["runuser", "-u", host.service, "--", "env", "-i", "PATH=/usr/bin:/bin", "LANG=C.UTF-8",
                           str(host.python), "-I", "-c", f"import os; os.umask(0o077); {code}"],
                          capture_output=True, text=True, timeout=60, cwd="/")
    assert done.returncode == 0, done.stderr
    return done.stdout


def draft_of(host, login: str) -> dict | None:
    return json.loads(as_service(host, "import json; from store import open_store, drafts; "
                                       f"print(json.dumps(drafts.load_draft(open_store({str(host.store)!r}), {login!r})))"))


def open_sessions(host, login: str) -> int:
    query = ("SELECT count(*) FROM desk_sessions s JOIN agents a ON a.id = s.agent_id"
             " WHERE s.ended_at IS NULL AND a.login = ?")
    return int(as_service(host, f"from store import open_store; store = open_store({str(host.store)!r}); "
                                f"print(store.conn.execute({query!r}, ({login!r},)).fetchone()[0])"))


def discard_draft_of(host, login: str) -> None:
    as_service(host, f"from store import open_store, drafts; drafts.discard_draft(open_store({str(host.store)!r}), {login!r})")


@pytest.mark.parametrize("hang_up", ["close", "SIGTERM"])
def test_a_bound_desk_hung_up_on_just_after_typing_keeps_the_draft(host, terminal, hang_up):
    """0.2 s after the burst, well inside the pause after which the draft is written and before the desk has
    necessarily handled every key: the hang-up handles the keys it read, then writes the draft."""
    agent = host.users["agent"]
    discard_draft_of(host, agent)  # another test's call kept as a draft would open instead of F2's form
    try:
        terminal.start(*desk_as(host, agent), cols=100, rows=30)
        terminal.wait(f"({agent})")
        terminal.keys("F2")
        terminal.wait("Number")
        sent = time.monotonic()
        terminal.burst("13800138000", "Enter", "c", "r", "typed just before the hang-up")
        time.sleep(max(0.0, 0.2 - (time.monotonic() - sent)))
        if hang_up == "close":
            terminal.stop()  # the terminal closes: a hang-up for everything in it, sudo relays its own
        else:
            sudo = subprocess.run(["pgrep", "-o", "-u", "root", "-U", agent, "-x", "sudo"], capture_output=True, text=True)
            os.kill(int(sudo.stdout.split()[0]), signal.SIGTERM)  # the agent's own sudo, which relays it
        bound_desk_gone(host)
        draft = draft_of(host, agent)
        assert draft is not None and draft["notes"] == "typed just before the hang-up", draft
        assert (draft["number"], draft["category"], draft["outcome"]) == ("13800138000", "consultation", "resolved")
        assert open_sessions(host, agent) == 0  # the bound desk ended its session on the way out
    finally:
        discard_draft_of(host, agent)


def test_closing_the_terminal_of_a_bound_desk_keeps_the_draft(host, terminal):
    agent = host.users["agent"]
    terminal.start(*desk_as(host, agent), cols=100, rows=30)
    terminal.wait(f"({agent})")
    terminal.keys("F2")
    terminal.wait("Number")
    terminal.burst("13800138000", "Enter", "c", "r", "typed before the window closed")
    terminal.wait("typed before the window closed")
    time.sleep(2.5)  # the draft is written when typing pauses
    terminal.stop()  # the terminal closes: a hang-up for everything in it
    bound_desk_gone(host)
    terminal.start(*desk_as(host, agent), cols=100, rows=30)
    screen = terminal.wait("typed before the window closed")
    assert "restored" in screen


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def sshd(host):
    """sshd on 127.0.0.1 letting two keys in as the service account, each forced to its agent's desk."""
    folder = host.root / "ssh"
    folder.mkdir()
    # sshd's StrictModes refuses keys under a world-writable folder such as /tmp: these live under /etc
    keys = Path(f"/etc/ssh/agentdesk-test-{host.suffix}")
    keys.mkdir()
    os.chmod(folder, 0o755)
    os.chmod(keys, 0o755)
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(folder / "host_key")], check=True)
    lines, clients = [], {}
    for role in ("admin", "agent"):
        login = host.users[role]
        key = folder / f"client_{login}"
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", login, "-f", str(key)], check=True)
        public = key.with_suffix(".pub").read_text().strip()
        lines.append(f'command="{host.runner} --ssh-login {login}",restrict,pty {public}')
        clients[login] = key
    (keys / host.service).write_text("\n".join(lines) + "\n")
    os.chmod(keys / host.service, 0o644)
    port = _free_port()
    config = folder / "sshd_config"
    config.write_text(f"Port {port}\nListenAddress 127.0.0.1\nHostKey {folder / 'host_key'}\nPidFile {folder / 'pid'}\n"
                      f"AuthorizedKeysFile {keys}/%u\nUsePAM yes\nPasswordAuthentication no\n"
                      f"KbdInteractiveAuthentication no\nStrictModes yes\nAllowUsers {host.service}\n")
    Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
    server = subprocess.Popen(["/usr/sbin/sshd", "-D", "-e", "-f", str(config)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 10
    while True:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        assert server.poll() is None and time.monotonic() < deadline, "sshd did not start"
        time.sleep(0.1)
    yield port, clients
    server.terminate()
    _out, log = server.communicate(timeout=10)
    shutil.rmtree(keys, ignore_errors=True)
    print(log)  # what sshd said, shown when a test here fails


def ssh_command(host, port: int, key: Path, *remote: str, tty: bool = True) -> list[str]:
    return ["ssh", "-tt" if tty else "-T", "-i", str(key), "-p", str(port), "-o", "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR",
            f"{host.service}@127.0.0.1", *remote]


def test_each_ssh_key_opens_the_desk_of_its_own_login(host, sshd, terminal):
    port, clients = sshd
    for login, key in clients.items():
        # what the client asks to run is ignored: the key's forced command is the desk of its login
        terminal.start(*ssh_command(host, port, key, shlex.join(["agentdesk", "--agent", host.users["admin"]])),
                       cols=100, rows=30)
        screen = terminal.wait(f"({login})")
        other = next(name for name in clients if name != login)
        assert f"({other})" not in screen
        terminal.keys("C-q")
        time.sleep(1)
        if "Quit the desk?" in terminal.screen():  # the call the sudo desk kept as a draft: keep it
            terminal.keys("Enter")
        terminal.wait("[exited with")
        terminal.stop()


def test_without_a_terminal_the_ssh_desk_says_so_and_runs_nothing_else(host, sshd):
    port, clients = sshd
    key = clients[host.users["agent"]]
    done = subprocess.run(ssh_command(host, port, key, "agentdesk", "whoami", tty=False), capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 1 and "needs a terminal" in done.stderr, (done.stdout, done.stderr)
    assert host.users["agent"] not in done.stdout  # `whoami` did not run: the forced command did
