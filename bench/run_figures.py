"""The figures of bench/run.py, each measured in tmux on the desk and on the bare app (bench/bare_app.py).

A figure is a Row: the desk's samples, the bare app's samples of the same measurement in the same
run (None where there is no bare counterpart, e.g. a store call), a unit and the issue's target.
Every latency is key sent -> expected text on screen (bench/tmux_probe.py).
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tmux_probe import NotShown, Pane, rss_mb

ROOT = Path(__file__).resolve().parents[1]
BARE = ROOT / "bench" / "bare_app.py"
BARE_TITLE = "bare textual app ready"
PLACEHOLDER = "Name, company, phone"  # the F3 box's placeholder (the box is empty)
SETTLE = 0.3  # seconds left between a probe's set-up keys and the key it times


@dataclass
class Row:
    figure: str
    desk: list[float]
    bare: list[float] | None
    unit: str  # "ms", "s" or "MB"
    target: str = ""
    note: str = ""
    failed: str = ""


@dataclass
class Ctx:
    db: Path
    agentdesk: Path
    python: Path
    tmp: Path
    values: object  # run_store.Values
    now_text: str
    reset: Callable[[], None] = lambda: None  # before each desk starts: no call left open by the last
    rows: list[Row] = field(default_factory=list)

    def desk_command(self) -> list[str]:
        return ["env", f"AGENTDESK_CONFIG={self.tmp / 'none.toml'}", "AGENTDESK_LANG=en",
                f"AGENTDESK_NOW={self.now_text}", str(self.agentdesk), "--db", str(self.db),
                "--agent", self.values.login]

    def bare_command(self) -> list[str]:
        return [str(self.python), str(BARE)]


def desk_home(screen: str) -> bool:
    return "calls logged today" in screen and "F1 Help" in screen


def bare_home(screen: str) -> bool:
    return BARE_TITLE in screen and "echo:" in screen


def echoed(text: str):
    want = ("echo: " + text).rstrip()
    return lambda screen: any(line.rstrip() == want for line in screen.splitlines())


def one_line(exc: BaseException) -> str:
    """An exception as a table cell: its type and first line."""
    first = (str(exc).splitlines() or [""])[0].replace("|", "/")
    return f"{type(exc).__name__}: {first[:90]}"


def quit_pane(pane: Pane) -> None:
    """Ctrl+Q; a desk on a call asks first, and the bench's call is discarded (d): closed with the question
    open, the desk would keep the call as a draft (the hang-up), and the next desk started on this store
    would open it again instead of its home screen."""
    try:
        pane.send("C-q")
        _, screen = pane.until(lambda s: "[exited with" in s or "discard the call" in s, 3)
        if "[exited with" not in screen:
            pane.send("d")
            pane.until("[exited with", 5)
    except NotShown:
        pass
    pane.stop()


# -- cold start ----------------------------------------------------------------------------------
def cold_starts(command: list[str], home, key: str, key_shown, runs: int, pid_match=None, settle: float = 2.0,
                before: Callable[[], None] = lambda: None):
    """(start -> home shown, start -> first key's result shown, RSS after `settle` s idle), `runs` times.
    The first key is sent the moment the home screen shows."""
    to_home, to_key, rss = [], [], []
    for _ in range(runs):
        before()
        pane = Pane("cold")
        try:
            start = pane.start(command)
            shown, _screen = pane.until(home, 60)
            pane.send(key)
            handled, _screen = pane.until(key_shown, 30)
            to_home.append(shown - start)
            to_key.append(handled - start)
            time.sleep(settle)
            rss.append(rss_mb(pane.program_pid(pid_match)))
        finally:
            quit_pane(pane)
    return to_home, to_key, rss


def cold_rows(ctx: Ctx, runs: int, label: str = "unbound", desk_command=None, pid_match=None, bare=None):
    """The cold-start and idle-memory rows; returns the bare app's figures for reuse (bound rows)."""
    desk = cold_starts(desk_command or ctx.desk_command(), desk_home, "F2", "type or paste a number", runs, pid_match,
                       before=ctx.reset if desk_command is None else lambda: None)
    bare = bare or cold_starts(ctx.bare_command(), bare_home, "x", echoed("x"), runs)
    ctx.rows.append(Row(f"cold start to home screen, {label}", desk[0], bare[0], "s", "≤ 1.3× bare"))
    ctx.rows.append(Row(f"cold start to first key handled, {label}", desk[1], bare[1], "s", "≤ 1.3× bare"))
    ctx.rows.append(Row(f"RSS of one idle desk, {label}, 2 s after its first key", desk[2], bare[2], "MB",
                        "≤ 1.3× bare"))
    return bare


# -- keystrokes on the bare app --------------------------------------------------------------------
def bare_keys(ctx: Ctx, queries: list[str], last_only: bool = False) -> list[float]:
    """Each key of each query typed into the bare app's box, key -> its echo shown (or only each
    query's last key, the rest typed first, as for F2)."""
    pane = Pane("bare")
    took: list[float] = []
    try:
        pane.start(ctx.bare_command())
        pane.until(bare_home, 60)
        for query in queries:
            pane.send("C-u")
            pane.until(echoed(""))
            if last_only:
                pane.type(query[:-1])
                pane.until(echoed(query[:-1]))
                time.sleep(SETTLE)
            for end in range(len(query) - 1 if last_only else 0, len(query)):
                took.append(pane.timed(query[end], echoed(query[: end + 1])))
    finally:
        quit_pane(pane)
    return took


# -- keystrokes on the desk ------------------------------------------------------------------------
def f2_card(pane: Pane, numbers: list[tuple[str, str]]) -> list[float]:
    """On the call form: every digit but the last typed, then last digit -> the caller's card shown."""
    pane.keys("F2")
    pane.until("type or paste a number")
    time.sleep(SETTLE)  # the box has the focus
    took = []
    for digits, name in numbers:
        pane.send("C-u")
        pane.until(lambda s, n=name: n not in s and "Number type or paste" in s)
        pane.type(digits[:-1])
        pane.until(f"Number {digits[:-1]}")
        time.sleep(SETTLE)
        if name in pane.screen():
            continue  # shown before the last digit: not this figure
        took.append(pane.timed(digits[-1], name))
    return took


def _box(lines: list[str]) -> str | None:
    """The text in the F3 box: the middle line of the box drawn with ▊ … ▎."""
    for i, line in enumerate(lines):
        if "▊▔" in line and i + 1 < len(lines):
            text = lines[i + 1].strip(" ▊▎")
            return "" if text.startswith(PLACEHOLDER) else text
    return None


def box_is(text: str):
    return lambda screen: _box(screen.splitlines()) == text


def lookup_shows(prefix: str, found: dict):
    names = [str(r["name"])[:10] for r in found["rows"][:3]]

    def test(screen: str) -> bool:
        lines = screen.splitlines()
        if _box(lines) != prefix:
            return False
        if found.get("too_wide"):
            return "Type at least 2 characters" in screen
        if not names:
            return "No customer matches" in screen
        head = next((i for i, line in enumerate(lines) if line.split()[:2] == ["Name", "Company"]), None)
        return head is not None and all(
            len(lines) > head + 1 + i and lines[head + 1 + i].strip().startswith(n) for i, n in enumerate(names))

    return test


def f3_keys(pane: Pane, queries: list[str], expected) -> list[float]:
    """On the F3 lookup: each key of each query -> the box showing it and its results shown."""
    took = []
    for query in queries:
        pane.send("C-u")
        pane.until(box_is(""))
        time.sleep(SETTLE)
        for end in range(len(query)):
            prefix = query[: end + 1]
            took.append(pane.timed(query[end], lookup_shows(prefix, expected(prefix))))
    return took


def open_big_card(pane: Pane, number: str, name: str, runs: int) -> list[float]:
    """From the F3 results for the customer's number, Enter -> their card with its first page of calls."""
    took = []
    pane.send("C-u")
    time.sleep(SETTLE)
    pane.type(number)
    pane.until(name)
    for _ in range(runs):
        time.sleep(SETTLE)
        took.append(pane.timed("Enter", lambda s: name in s and "Calls, page 1" in s))
        pane.keys("Escape")
        pane.until(lambda s: "Calls, page 1" not in s and "Status: all" in s)
    return took


SAVED = re.compile(r"Call #(\d+) saved\.")
CLAIMED = re.compile(r"Callback #(\d+) is yours\.")


def _new_id(pattern: re.Pattern, seen: set[str]):
    return lambda screen: any(m not in seen for m in pattern.findall(screen))


def save_calls(pane: Pane, numbers: list[tuple[str, str]], seen: set[str]) -> list[float]:
    """The call form filled (number, card, consultation, resolved, a note), then Ctrl+S -> "Call #N saved."."""
    took = []
    for i, (digits, name) in enumerate(numbers):
        pane.keys("F2")
        pane.until("type or paste a number")
        time.sleep(SETTLE)
        pane.type(digits)
        pane.until(name)
        pane.keys("Enter", "c", "r")
        note = f"bench save {i}"
        pane.type(note)
        pane.until(note)
        time.sleep(SETTLE)
        took.append(pane.timed("C-s", _new_id(SAVED, seen)))
        seen.update(SAVED.findall(pane.screen()))
        pane.until("calls logged today")
    return took


def claim_callbacks(pane: Pane, runs: int, seen: set[str]) -> list[float]:
    """F4, the pool, then C -> "Callback #N is yours." for the pool's current row, `runs` times."""
    pane.keys("F4")
    pane.until("Pool (")
    time.sleep(SETTLE)  # the queue has its rows and the focus before Tab moves it to the pool
    pane.keys("Tab")
    took = []
    for _ in range(runs):
        time.sleep(SETTLE)
        took.append(pane.timed("c", _new_id(CLAIMED, seen)))
        seen.update(CLAIMED.findall(pane.screen()))
    pane.keys("Escape")
    return took


def start_desk(ctx: Ctx) -> Pane:
    ctx.reset()
    pane = Pane("desk")
    pane.start(ctx.desk_command())
    pane.until(desk_home, 60)
    return pane


def note(text: str) -> None:
    print(text, file=sys.stderr, flush=True)
