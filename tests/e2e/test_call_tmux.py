"""The call form in a real terminal (tmux via shared/tools/tui-drive) against real processes.

The README's fastest path saves the row it promises; a desk killed with
SIGKILL reopens its draft; `agentdesk ring` from another process pops the open
desk and an old ring shows as missed instead.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from datetime import timedelta

import pytest
from conftest import AGENTDESK, Terminal, desk_command, fixed_store

from store import drafts, rings
from store.agents import add_agent
from store.customers import create_customer
from store.status import set_status


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "desk.db"
    store = fixed_store(path)
    add_agent(store, None, "root", "Root Admin", "admin", None)
    add_agent(store, "root", "li", "李娜", "agent", "north", "8001")
    create_customer(store, "li", phones=["138 0013 8000"], name="张伟欣", company="Acme")
    set_status(store, "li", "ready")
    store.close()
    return path


def start_desk(terminal, db, tmp_path):
    terminal.start(*desk_command(db, tmp_path))
    terminal.wait("F1 Help")


def rows(db) -> list[tuple]:
    store = fixed_store(db)
    try:
        return store.conn.execute(
            "SELECT c.category, c.outcome, c.notes, cu.name, c.phone_e164, c.talk_s >= 0 FROM calls c"
            " LEFT JOIN customers cu ON cu.id = c.customer_id ORDER BY c.id").fetchall()
    finally:
        store.close()


def wait_for(predicate, seconds: float = 10, step: float = 0.1):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"not true after {seconds} s")


def test_readme_fastest_path_saves_the_row(terminal, db, tmp_path):
    start_desk(terminal, db, tmp_path)
    terminal.keys("F2")
    terminal.wait("type or paste a number")  # the form itself ("New call" is in the home footer too)
    terminal.type("13800138000")
    terminal.wait("张伟欣")  # the card popped
    terminal.keys("Enter", "c", "r")
    terminal.type("asked about prices")
    terminal.keys("C-s")
    terminal.wait("saved")
    assert wait_for(lambda: rows(db)) == [("consultation", "resolved", "asked about prices", "张伟欣", "+8613800138000", 1)]
    terminal.wait("Last 10 calls")  # back on the home screen, the call listed
    terminal.wait("consultation")


@pytest.fixture
def fast_db(db):
    """The store of `db` and the caller of the issue that found the type-ahead bug."""
    store = fixed_store(db)
    create_customer(store, "li", phones=["130 1469 2850"], name="王小明")
    store.close()
    return db


FASTEST_PATH = ["F2", "13014692850", "Enter", "c", "r", "burst note", "C-s"]


def test_fastest_path_typed_in_one_burst_saves_the_right_row(terminal, fast_db, tmp_path):
    start_desk(terminal, fast_db, tmp_path)
    terminal.wait("Last 10 calls")
    terminal.burst(*FASTEST_PATH)  # one terminal read: nothing waits for the screen
    terminal.wait("saved")
    assert wait_for(lambda: rows(fast_db)) == [("consultation", "resolved", "burst note", "王小明", "+8613014692850", 1)]


def test_fastest_path_at_30_ms_a_key_saves_the_right_row(terminal, fast_db, tmp_path):
    start_desk(terminal, fast_db, tmp_path)
    terminal.wait("Last 10 calls")
    keys = ["F2", *"13014692850", "Enter", "c", "r", *"paced note", "C-s"]
    terminal.paced(keys, 0.03)
    terminal.wait("saved")
    assert wait_for(lambda: rows(fast_db)) == [("consultation", "resolved", "paced note", "王小明", "+8613014692850", 1)]


def test_draft_survives_kill_9_and_reopens(terminal, db, tmp_path):
    start_desk(terminal, db, tmp_path)
    terminal.keys("F2")
    terminal.wait("type or paste a number")  # the form itself ("New call" is in the home footer too)
    terminal.type("13800138000")
    terminal.wait("张伟欣")
    terminal.keys("Enter", "p", "k")  # complaint, callback needed
    terminal.type("+2h")
    terminal.keys("Tab", "Tab")  # to the owner row, then the notes
    terminal.type("lid broken [bold]x[/]")

    def drafted():
        store = fixed_store(db)
        try:
            return drafts.load_draft(store, "li")
        finally:
            store.close()

    draft = wait_for(lambda: (d := drafted()) and d.get("notes") == "lid broken [bold]x[/]" and d, seconds=10)
    assert draft["number"] == "13800138000" and draft["due"] == "+2h" and draft["category"] == "complaint"
    pid = terminal.pid()
    os.kill(pid, signal.SIGKILL)
    terminal.wait("[exited with")

    # the next start, in a second session (the first stays, so the tmux server does not exit meanwhile)
    again = Terminal()
    try:
        start_desk(again, db, tmp_path)
        again.wait("Call in progress (restored;")
        again.wait("张伟欣")
        # (a second tmux session may come up at 80x24, the notes below the fold: the saved row proves them)
        assert "13800138000" in again.screen()
        again.keys("C-s")
        again.wait("saved")
        assert wait_for(lambda: rows(db))[0][:3] == ("complaint", "callback-needed", "lid broken [bold]x[/]")
    finally:
        again.stop()
    assert drafted() is None


@pytest.mark.perf
def test_ring_pops_an_open_desk_and_an_old_ring_does_not(terminal, db, tmp_path):
    start_desk(terminal, db, tmp_path)
    terminal.wait("Last 10 calls")
    # a ring that arrived 2 minutes ago (the PBX wrote it with its clock then): never pops
    store = fixed_store(db)
    real = store.clock
    store.clock = lambda: real() - timedelta(minutes=2)
    rings.record_ring(store, number="139 0000 1111", agent="li")
    store.close()
    terminal.wait("Missed ring")
    screen = terminal.screen()
    assert "Last 10 calls" in screen and "Incoming call" not in screen and "Talk 0:" not in screen

    done = subprocess.run([str(AGENTDESK), "--db", str(db), "ring", "138 0013 8000", "--ext", "8001", "--uniqueid", "pbx-9"],
                          capture_output=True, text=True, timeout=30)
    written = time.monotonic()
    assert done.returncode == 0, done.stderr
    terminal.wait("Incoming call")
    terminal.wait("张伟欣")
    took = time.monotonic() - written
    # perf: the desk polls every 0.75 s; four intervals hold on a loaded machine and fail if a poll is missed
    assert took < 3.0, took
    assert "138 0013 8000" in terminal.screen()
    terminal.keys("Escape")
    terminal.wait("Discard this call?")
    terminal.keys("y")
    terminal.wait("Last 10 calls")
    terminal.keys("F2")
    terminal.wait("Missed rings today (1): 139****1111")
