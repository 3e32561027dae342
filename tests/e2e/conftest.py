"""The `terminal` fixture: a program in a real terminal: tmux on a private socket, keys in, screen text out.

The same verbs as shared/tools/tui-drive, kept in the repository so the
end-to-end tests need nothing beside it but tmux.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from fixed_time import FIXED_NOW, NOW_TEXT

from store import open_store
from store.clock import FixedClock

SOCKET = "agentdesk-tests"
AGENTDESK = Path(sys.executable).with_name("agentdesk")


def fixed_store(path):
    """The store as the test's own process opens it: on the same fixed clock as every desk it starts."""
    return open_store(path, FixedClock(FIXED_NOW))


def desk_command(db, tmp_path, login: str = "li", *args: str) -> list[str]:
    """`agentdesk` for `login` on `db`, its environment on the command line: the tmux server may be older
    than this test, and carry another test's variables (or COLUMNS=80) into every pane."""
    return ["env", "-u", "COLUMNS", "-u", "LINES", f"AGENTDESK_CONFIG={tmp_path / 'none.toml'}", "AGENTDESK_LANG=en",
            f"AGENTDESK_NOW={NOW_TEXT}", str(AGENTDESK), "--db", str(db), "--agent", login, *args]


class Terminal:
    """One program in its own tmux session."""

    def __init__(self) -> None:
        self.session = f"e2e-{os.getpid()}-{uuid.uuid4().hex[:8]}"

    def _tmux(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True, timeout=30)
        if check and done.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def start(self, *command: str, cols: int = 120, rows: int = 40) -> None:
        line = " ".join(shlex.quote(c) for c in command)
        self._tmux(
            "new-session", "-d", "-s", self.session, "-x", str(cols), "-y", str(rows),
            # the server keeps the environment of whoever started it: never let a stale size leak in
            f"env -u COLUMNS -u LINES TERM=xterm-256color COLORTERM=truecolor {line};"
            " echo '[exited with' $? ']'; sleep 600",
        )
        self._tmux("set-option", "-t", self.session, "escape-time", "0")

    def keys(self, *keys: str) -> None:
        # a lone Escape needs a moment before the next key, or the two merge into Alt+key
        for key in keys:
            self._tmux("send-keys", "-t", self.session, key)
            time.sleep(0.2 if key == "Escape" else 0.05)

    def burst(self, *keys: str) -> None:
        """Every key in one `send-keys`: the program reads them as one burst, as a paste or a fast
        typist far ahead of the screen delivers them. A key name (Enter, C-s) or literal text."""
        self._tmux("send-keys", "-t", self.session, *keys)

    def paced(self, keys: list[str], every: float) -> None:
        """One key every `every` seconds (a fast typist: 0.03 s), each name or character sent alone."""
        for key in keys:
            self._tmux("send-keys", "-t", self.session, *(["-l", key] if len(key) == 1 else [key]))
            time.sleep(every)

    def type(self, text: str) -> None:
        self._tmux("send-keys", "-t", self.session, "-l", text)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.session)

    def record(self, path: Path) -> None:
        """From now on, append every byte the program sends to its terminal to `path` (tmux pipe-pane)."""
        path.write_bytes(b"")
        self._tmux("pipe-pane", "-o", "-t", self.session, f"cat >> {shlex.quote(str(path))}")

    def title(self) -> str:
        """The window title as the program left it (OSC 0 and OSC 2 set it)."""
        return self._tmux("display-message", "-p", "-t", self.session, "#{pane_title}").strip()

    def wait(self, text: str, seconds: float = 30) -> str:
        end = time.monotonic() + seconds
        while True:
            screen = self.screen()
            if text in screen:
                return screen
            if time.monotonic() > end:
                raise AssertionError(f"{text!r} not on screen after {seconds} s; the screen is:\n{screen}")
            time.sleep(0.1)

    def wait_gone(self, text: str, seconds: float = 30) -> None:
        end = time.monotonic() + seconds
        while text in self.screen():
            if time.monotonic() > end:
                raise AssertionError(f"{text!r} still on screen after {seconds} s:\n{self.screen()}")
            time.sleep(0.1)

    def pid(self) -> int:
        """The program's process id (child of the pane's shell), to kill it as a crash would."""
        pane = self._tmux("list-panes", "-t", self.session, "-F", "#{pane_pid}").strip()
        children = subprocess.run(["pgrep", "-P", pane], capture_output=True, text=True).stdout.split()
        return int(children[0])

    def stop(self) -> None:
        self._tmux("kill-session", "-t", self.session, check=False)


@pytest.fixture(scope="session")
def host():
    """A shared install with real OS accounts (tests/e2e/shared_host.py), made once, removed after."""
    from shared_host import make_host, remove_host

    made = make_host()
    try:
        yield made
    finally:
        remove_host(made)


@pytest.fixture
def terminal():
    if shutil.which("tmux") is None:
        pytest.fail("the real-terminal tests need tmux on PATH (apt-get install tmux)")
    term = Terminal()
    yield term
    term.stop()
