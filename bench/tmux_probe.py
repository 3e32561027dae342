"""A program in a real terminal for bench/run.py: tmux on a private socket, keys in, and the time until
the screen shows what a key asked for.

The clock starts (time.perf_counter) just before `tmux send-keys` and stops at the first
`tmux capture-pane -p` that shows the expected text. The screen is polled in a tight loop (one
capture every POLL seconds, each capture itself a tmux round trip of a few ms), so a figure includes
the send, the program's work, its paint, tmux's parse of the paint and up to one poll: the same
overhead in the desk's figures and the bare app's, which is why the two are measured alike.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import time
import uuid
from collections.abc import Callable
from pathlib import Path

SOCKET = "agentdesk-bench-run"
POLL = 0.002  # seconds between captures (each capture takes a few ms on top)
COLS, ROWS = 120, 40


class NotShown(Exception):
    """What a probe waited for never reached the screen."""


def tmux(*args: str) -> str:
    done = subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True, timeout=30)
    if done.returncode != 0:
        raise NotShown(f"tmux {' '.join(args[:2])} failed: {done.stderr.strip()}")
    return done.stdout


class Pane:
    """One program in its own tmux session, 120x40."""

    def __init__(self, name: str = "bench") -> None:
        self.session = f"{name}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.started = 0.0

    def start(self, command: list[str]) -> float:
        """Start `command`; returns the perf_counter time just before tmux was asked to start it."""
        line = " ".join(shlex.quote(c) for c in command)
        self.started = time.perf_counter()
        for attempt in range(3):  # the server may be exiting as the last session closed: ask again
            try:
                self._new(line)
                break
            except NotShown:
                if attempt == 2:
                    raise
                time.sleep(0.2)
                self.started = time.perf_counter()
        tmux("set-option", "-t", self.session, "escape-time", "0")
        return self.started

    def _new(self, line: str) -> None:
        tmux("new-session", "-d", "-s", self.session, "-x", str(COLS), "-y", str(ROWS),
             f"env -u COLUMNS -u LINES TERM=xterm-256color COLORTERM=truecolor {line};"
             " echo '[exited with' $? ']'; sleep 600")

    def screen(self) -> str:
        return tmux("capture-pane", "-p", "-t", self.session)

    def send(self, key: str) -> float:
        """One key: a name (F2, Enter, C-s) or one character (sent literally). Returns the time just
        before the send."""
        args = ["-l", "\\;" if key == ";" else key] if len(key) == 1 else [key]
        start = time.perf_counter()
        tmux("send-keys", "-t", self.session, *args)
        return start

    def type(self, text: str) -> None:
        tmux("send-keys", "-t", self.session, "-l", text)

    def keys(self, *keys: str) -> None:
        """Keys at a person's pace (a lone Escape needs a moment, or it merges with the next key)."""
        for key in keys:
            tmux("send-keys", "-t", self.session, key)
            time.sleep(0.25 if key == "Escape" else 0.05)

    def until(self, shown: Callable[[str], bool] | str, seconds: float = 30.0) -> tuple[float, str]:
        """Poll until `shown` (text on screen, or a test of the screen) holds: (the time, the screen)."""
        test = (lambda s: shown in s) if isinstance(shown, str) else shown
        end = time.perf_counter() + seconds
        while True:
            screen = self.screen()
            now = time.perf_counter()
            if test(screen):
                return now, screen
            if now > end:
                raise NotShown(f"not on screen after {seconds} s:\n{screen}")
            if "[exited with" in screen:
                raise NotShown(f"the program ended:\n{screen}")
            time.sleep(POLL)

    def wait(self, shown: Callable[[str], bool] | str, seconds: float = 30.0) -> str:
        return self.until(shown, seconds)[1]

    def timed(self, key: str, shown: Callable[[str], bool] | str, seconds: float = 30.0) -> float:
        """Seconds from `key` sent to `shown` on screen."""
        start = self.send(key)
        return self.until(shown, seconds)[0] - start

    def program_pid(self, match: Callable[[str], bool] | None = None) -> int:
        """The process id of the program: the deepest descendant of the pane's shell whose command line
        `match`es (by default any), e.g. the python under sudo in a bound run."""
        pane = int(tmux("list-panes", "-t", self.session, "-F", "#{pane_pid}").strip())
        found, todo = pane, [pane]
        while todo:
            pid = todo.pop()
            children = Path(f"/proc/{pid}/task/{pid}/children")
            kids = [int(k) for k in children.read_text().split()] if children.exists() else []
            for kid in kids:
                if match is None or match(cmdline(kid)):
                    found = kid
                todo.append(kid)
        return found

    def stop(self) -> None:
        subprocess.run(["tmux", "-L", SOCKET, "kill-session", "-t", self.session], capture_output=True, timeout=30)


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def rss_mb(pid: int) -> float:
    """Resident memory (VmRSS of /proc/PID/status) in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise NotShown(f"no VmRSS for process {pid}")
