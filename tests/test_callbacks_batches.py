"""Bulk callback writers keep their transactions short: the return-visit generator sizes its ranges by
how long the last one held the lock, the grace moves stop at a time budget. No wall clock: fake timers."""

from __future__ import annotations

import sqlite3

from fixed_time import Ticks

from store import callbacks as cb
from store.customers import create_customer
from store.settings import set_setting


def test_return_visit_ranges_shrink_to_the_time_budget(team, store_path, clock):
    for i in range(120):
        create_customer(team, "li", phones=[f"139 0000 {i:04d}"], name=f"c{i}", status="contracted")
    clock.advance(days=31)  # all 120 owe a return visit
    # the timer says a transaction took 1 ms per visit it created (read after its COMMIT on another connection)
    other = sqlite3.connect(str(store_path))
    try:
        def timer() -> float:
            return other.execute("SELECT count(*) FROM callbacks").fetchone()[0] / 1000

        took: list[float] = []
        real = cb.return_visits._return_visits_in_range

        def counted(tx, intervals, low, high):
            made = real(tx, intervals, low, high)
            took.append(made / 1000)
            return made

        cb.return_visits._return_visits_in_range = counted
        try:
            result = cb.generate_return_visits(team, "lin", chunk=40, pause_s=0, tx_s=0.01, timer=timer)
        finally:
            cb.return_visits._return_visits_in_range = real
    finally:
        other.close()
    assert result["created"] == 120
    assert took[0] == 0.04  # the first range: 40 ids, 40 ms
    assert all(t <= 0.01 for t in took[1:]), took  # then sized to the 10 ms budget
    assert result["longest_tx_s"] == 0.04


def test_grace_moves_a_backlog_in_short_transactions(team, clock):
    zhou = create_customer(team, "li", phones=["138 0013 8000"], name="周杰", status="contracted")
    late = [cb.add_callback(team, "li", due="+10m", customer_id=zhou, reason=f"late {i}") for i in range(10)]
    set_setting(team, "root", "owner_grace_min", 30)
    clock.advance(minutes=45)
    begins: list[str] = []
    team.conn.set_trace_callback(lambda s: begins.append(s) if s == "BEGIN IMMEDIATE" else None)
    try:
        # 1/64 s per clock reading, a 4/64 s budget: 4 moves per transaction
        moved = cb.apply_owner_grace(team, "li", tx_s=4 / 64, pause_s=0, timer=Ticks(1 / 64))
    finally:
        team.conn.set_trace_callback(None)
    assert moved == 10
    assert len(begins) == 3  # 4 + 4 + 2
    assert all(cb.get_callback(team, "li", c).owner is None for c in late)
    assert [e.event for e in cb.get_callback(team, "li", late[-1]).history].count("grace-moved") == 1
