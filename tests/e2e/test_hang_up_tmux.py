"""A desk hung up on 0.2 s after typing (its terminal closed: SIGHUP; or SIGTERM) keeps what was typed:
the draft is written on the way out, not only once typing pauses for a second (NewCallScreen.DRAFT_DEBOUNCE_S),
and the desk ends its session as a clean exit does."""

from __future__ import annotations

import os
import signal
import time

import pytest
from conftest import Terminal, fixed_store
from test_call_tmux import start_desk, wait_for

from store import drafts
from store.agents import add_agent
from store.customers import create_customer
from store.status import set_status

NOTES = "typed then hung up"
HANG_UP_AFTER_S = 0.2


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "desk.db"
    store = fixed_store(path)
    add_agent(store, None, "root", "Root Admin", "admin", None)
    add_agent(store, "root", "li", "李娜", "agent", "north", "8001")
    create_customer(store, "li", phones=["138 0013 8000"], name="张伟欣")
    set_status(store, "li", "ready")
    store.close()
    return path


def type_a_call(terminal, seen: bool = False) -> None:
    """F2, a number, category, outcome and the notes in one burst; back 0.2 s after it, before the desk has
    necessarily handled it all (the keys it read are handled before the draft is written), or once it shows."""
    terminal.keys("F2")
    terminal.wait("type or paste a number")
    sent = time.monotonic()
    terminal.burst("13800138000", "Enter", "c", "r", NOTES)
    if seen:
        terminal.wait(NOTES, seconds=10)
    time.sleep(max(0.0, HANG_UP_AFTER_S - (time.monotonic() - sent)))


def assert_whole(draft: dict | None) -> None:
    assert draft is not None, draft
    assert (draft["number"], draft["category"], draft["outcome"], draft["notes"]) == (
        "13800138000", "consultation", "resolved", NOTES), draft


def draft_of(db) -> dict | None:
    store = fixed_store(db)
    try:
        return drafts.load_draft(store, "li")
    finally:
        store.close()


def open_sessions(db) -> int:
    store = fixed_store(db)
    try:
        return store.conn.execute("SELECT count(*) FROM desk_sessions WHERE ended_at IS NULL").fetchone()[0]
    finally:
        store.close()


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_closing_the_terminal_just_after_typing_keeps_the_draft(terminal, db, tmp_path):
    keeper = Terminal()  # keeps the tmux server up between the two desks
    keeper.start("sleep", "600")
    try:
        start_desk(terminal, db, tmp_path)
        pid = terminal.pid()
        type_a_call(terminal)
        terminal.stop()  # tmux kill-session: the pane's processes get SIGHUP, its terminal is gone
        wait_for(lambda: gone(pid), seconds=10)
        assert_whole(draft_of(db))
        assert open_sessions(db) == 0  # the session ended as on a clean exit, not left to time out

        again = Terminal()
        try:
            start_desk(again, db, tmp_path)
            again.wait("Call in progress (restored;")
            again.wait("张伟欣")
            again.keys("C-s")
            again.wait("saved")
        finally:
            again.stop()
    finally:
        keeper.stop()
    assert draft_of(db) is None


@pytest.mark.parametrize("hang_up", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_just_after_typing_keeps_the_draft_and_exits_cleanly(terminal, db, tmp_path, hang_up):
    start_desk(terminal, db, tmp_path)
    pid = terminal.pid()
    type_a_call(terminal)
    os.kill(pid, hang_up)
    screen = terminal.wait("[exited with", seconds=15)
    assert "[exited with 0 ]" in screen, screen  # a clean exit: the terminal given back, not a kill
    assert_whole(draft_of(db))
    assert open_sessions(db) == 0


def test_a_signal_after_the_call_was_saved_writes_no_draft(terminal, db, tmp_path):
    start_desk(terminal, db, tmp_path)
    pid = terminal.pid()
    type_a_call(terminal, seen=True)
    terminal.keys("C-s")
    terminal.wait("saved")
    os.kill(pid, signal.SIGTERM)
    terminal.wait("[exited with 0 ]", seconds=15)
    assert draft_of(db) is None  # the saved call does not come back on the next start
