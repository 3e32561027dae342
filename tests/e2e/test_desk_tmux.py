"""The desk in a real terminal (tmux): start, help, close, quit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import desk_command, fixed_store

from store.agents import add_agent
from store.call_records import CallEntry
from store.callbacks import insert_callback
from store.calls import log_call
from store.clock import iso
from store.customers import create_customer
from store.status import set_status


@pytest.fixture
def desk_db(tmp_path):
    """A store on the suite's fixed clock: li has two calls today (one with a markup-looking name) and an overdue callback."""
    path = tmp_path / "desk.db"
    store = fixed_store(path)
    now = store.clock()
    add_agent(store, None, "root", "Root Admin", "admin", None)
    add_agent(store, "root", "li", "李娜", "agent", "north", "8001")
    marked = create_customer(store, "li", phones=["138 0013 8000"], name="[red]x[/red]")
    log_call(store, "li", CallEntry(customer_id=marked, category="order", outcome="resolved", started_at=iso(now - timedelta(seconds=90)), talk_s=150, hold_s=20, wrap_s=15))
    log_call(store, "li", CallEntry(number="139 0013 8002", category="complaint", outcome="escalated-manager", escalation_reason="refund refused", started_at=iso(now - timedelta(seconds=60)), talk_s=400))
    with store.write("li", "agent") as tx:
        insert_callback(tx, due_at=iso(now - timedelta(hours=1)), customer_id=marked, owner="li")
    set_status(store, "li", "ready")
    store.close()
    return path


def test_desk_starts_shows_help_and_quits_in_a_real_terminal(terminal, desk_db, tmp_path):
    terminal.start(*desk_command(desk_db, tmp_path))
    terminal.wait("Last 10 calls")
    terminal.wait("escalated: manager")
    terminal.wait("^q Quit")  # the footer is drawn once the bindings settle
    screen = terminal.screen()
    lines = screen.splitlines()
    assert "李娜 (li)" in lines[0] and "1 overdue" in lines[0]
    assert "[red]x[/red]" in screen  # a name that looks like markup shows as typed
    assert "3:05" in screen and "6:40" in screen
    footer = [line for line in lines if line.strip()][-1]
    assert "F1 Help" in footer and "^q Quit" in footer

    terminal.keys("F1")
    terminal.wait("Everywhere")
    help_screen = terminal.screen()
    assert "F1, ?" in help_screen and "closes this help" in help_screen

    terminal.keys("Escape")
    terminal.wait_gone("Everywhere")
    assert "Last 10 calls" in terminal.screen()

    terminal.keys("C-q")
    terminal.wait("[exited with 0 ]")
