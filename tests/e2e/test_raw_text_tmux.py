"""Control sequences already in the store never reach a real terminal: the bytes the desk sends to a
tmux pane hold none of them, and the window title stays the terminal's own (tui/safe_text.py)."""

from __future__ import annotations

import re
import sqlite3
from datetime import timedelta

import pytest
from conftest import desk_command, fixed_store

from store.agents import add_agent
from store.call_records import CallEntry
from store.calls import log_call
from store.clock import iso
from store.customers import create_customer
from store.status import set_status

# each sequence carries its own marker, so a leak names the field it came from
NAME = "Zorro\x1b[2JNAMECLEAR\x1b]0;NAMETITLE\x07"
COMPANY = "Acme\x9b2JCOMPANYCSI\x00COMPANYNUL"
NOTES = "card note\x1b]2;NOTESTITLE\x07\x1b[2JNOTESCLEAR"
CALL_NOTES = "call note\x1b[2JCALLCLEAR\x1b]0;CALLTITLE\x07"
LEAKS = [b"\x1b[2JNAMECLEAR", b"\x1b]0;NAMETITLE", b"\xc2\x9b2JCOMPANYCSI", b"\x00COMPANYNUL", b"\x1b]2;NOTESTITLE",
         b"\x1b[2JNOTESCLEAR", b"\x1b[2JCALLCLEAR", b"\x1b]0;CALLTITLE"]


@pytest.fixture
def hostile_db(tmp_path):
    """li's customer Zorro with a call of today; then name, company, notes and the call's notes are
    overwritten with sqlite3 directly, as an older version or another program could have written them."""
    path = tmp_path / "desk.db"
    store = fixed_store(path)
    now = store.clock()
    add_agent(store, None, "root", "Root Admin", "admin", None)
    add_agent(store, "root", "li", "李娜", "agent", "north", "8001")
    cid = create_customer(store, "li", phones=["138 0013 8000"], name="Zorro")
    log_call(store, "li", CallEntry(customer_id=cid, category="order", outcome="resolved",
                                    started_at=iso(now - timedelta(seconds=90)), talk_s=150, notes="x"))
    set_status(store, "li", "ready")
    store.close()
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE customers SET name = ?, company = ?, notes = ? WHERE id = ?", (NAME, COMPANY, NOTES, cid))
        con.execute("UPDATE calls SET notes = ? WHERE customer_id = ?", (CALL_NOTES, cid))
    con.close()
    return path


def test_no_control_sequence_from_the_store_reaches_the_terminal(terminal, hostile_db, tmp_path):
    sent = tmp_path / "pane.bytes"
    terminal.start(*desk_command(hostile_db, tmp_path))
    terminal.record(sent)
    title = terminal.title()
    terminal.wait("F1 Help")
    terminal.wait("Zorro␛[2JNAMECLEAR")  # home: the last calls, the escape made visible

    terminal.keys("F3")
    terminal.wait("Status: all")
    terminal.type("Zorro")
    terminal.wait("COMPANYCSI")  # the lookup list
    lookup = terminal.screen()
    assert "Acme␛[2JCOMPANYCSI" in lookup  # the C1 CSI made visible as its 7-bit form

    terminal.keys("Enter")
    terminal.wait("Phones (a: add")  # the card: its title, its fields, its calls
    terminal.wait("CALLCLEAR")
    card = terminal.screen()
    assert "Zorro␛[2JNAMECLEAR" in card  # the title
    assert "card note]2;NOTESTITLE[2JNOTESCLEAR" in card  # the notes field: as saving would store them
    assert terminal.title() == title

    terminal.keys("Escape")
    terminal.wait_gone("Phones (a: add")
    terminal.keys("F2")
    terminal.wait("Your calls today")
    terminal.wait("call note␛[2JCALLCLEAR")  # the call table of today
    assert terminal.title() == title

    terminal.keys("C-q")
    terminal.wait("Quit the desk?")  # the new call's form is open
    terminal.keys("d")
    terminal.wait("[exited with 0 ]")
    data = sent.read_bytes()
    assert "Zorro␛[2JNAMECLEAR".encode() in data and b"COMPANYCSI" in data  # the recording holds the screens
    assert [leak for leak in LEAKS if leak in data] == []
    own = re.sub(rb"\x1b\]22;[a-z-]*\x07", b"", data)  # Textual's own OSC 22 (the pointer's shape) ends in BEL
    assert b"\x00" not in data and b"\x07" not in own and b"\xc2\x9b" not in data
    assert "TITLE" not in terminal.title()
