"""F4 in a real terminal: the queue, a claim from the pool, and the CLI told who won."""

from __future__ import annotations

import subprocess
from datetime import timedelta

import pytest
from conftest import AGENTDESK, desk_command, fixed_store

from store.agents import add_agent
from store.callbacks import insert_callback
from store.clock import iso
from store.customers import create_customer


@pytest.fixture
def queue_db(tmp_path):
    path = tmp_path / "desk.db"
    store = fixed_store(path)
    now = store.clock()
    add_agent(store, None, "root", "Root Admin", "admin", None)
    add_agent(store, "root", "li", "李娜", "agent", "north", "8001")
    add_agent(store, "root", "wang", "王伟", "agent", "north", "8002")
    zhou = create_customer(store, "li", phones=["138 0013 8000"], name="[red]周杰[/red]")
    with store.write("li", "agent") as tx:
        insert_callback(tx, due_at=iso(now - timedelta(hours=1)), customer_id=zhou, owner="li", reason="late one")
        insert_callback(tx, due_at=iso(now + timedelta(hours=3)), customer_id=zhou, owner=None, reason="from the pool")
    store.close()
    return path


def test_claiming_from_the_pool_in_a_real_terminal(terminal, queue_db, tmp_path):
    terminal.start(*desk_command(queue_db, tmp_path))
    terminal.wait("Last 10 calls")
    terminal.keys("F4")
    terminal.wait("from the pool")
    screen = terminal.wait("late one")
    assert "My callbacks (1 of 1)" in screen and "Pool (1 of 1)" in screen
    late = next(line for line in screen.splitlines() if "late one" in line)
    assert late.split()[0] == "!!" and "[red]周杰[/red]" in late  # the overdue mark, the name shown literally
    terminal.keys("Tab", "c")
    screen = terminal.wait("My callbacks (2 of 2)")
    assert "Pool (0 of 0)" in screen and "The pool is empty." in screen
    lost = subprocess.run([str(AGENTDESK), "--db", str(queue_db), "--agent", "wang", "callbacks", "claim", "2"],
                          capture_output=True, text=True, timeout=60)
    assert lost.returncode == 3 and lost.stdout.strip() == "li" and "already claimed by li" in lost.stderr
    terminal.keys("C-q")
    terminal.wait("[exited with 0 ]")
