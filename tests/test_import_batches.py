"""The import's transactions are short (a time budget, not a row count) and a malformed line says how far it got."""

from __future__ import annotations

import pytest
from fixed_time import Ticks
from test_import import read_rejects, run_cli, write

from store.customers import count_customers
from store.errors import ValidationError
from store.importer import import_customers


@pytest.fixture
def csv_path(tmp_path):
    return tmp_path / "customers.csv"


def rows_per_transaction(store, run) -> list[int]:
    """Customer rows inserted by each write transaction of `run()`."""
    per_tx: list[int] = []

    def seen(statement: str) -> None:
        if statement == "BEGIN IMMEDIATE":
            per_tx.append(0)
        elif statement.startswith("INSERT INTO customers "):
            per_tx[-1] += 1

    store.conn.set_trace_callback(seen)
    try:
        run()
    finally:
        store.conn.set_trace_callback(None)
    return [n for n in per_tx if n]


def test_a_batch_takes_no_more_rows_once_its_time_is_up(team, csv_path):
    """With 1/64 s between clock readings and a 4/64 s budget a transaction holds 4 rows, however many
    the batch read ahead; rejects, counts and progress stay right across the short transactions."""
    lines = ["name,phone"] + [f"c{i},1380000{i:04d}" for i in range(12)]
    lines[7] = "bad,12345"  # line 8: rejected in the middle of a transaction
    write(csv_path, "\n".join(lines) + "\n")
    seen = []
    result = None

    def run() -> None:
        nonlocal result
        result = import_customers(team, "root", csv_path, batch_size=500, batch_s=4 / 64, pause_s=0,
                                  timer=Ticks(1 / 64), progress=lambda done, total: seen.append(done))

    assert rows_per_transaction(team, run) == [4, 3, 4]  # 4 rows each, the second with the rejected one
    assert result is not None and (result.imported, result.rejected, result.rows) == (11, 1, 12)
    assert [r["line"] for r in read_rejects(csv_path)] == ["8"]
    assert seen == [0, 4, 8, 12, 12]  # records committed so far, after each transaction
    assert count_customers(team) == 11


def test_the_default_budget_bounds_a_transaction_not_a_row_count(team, csv_path):
    """A slow machine (here: 31 ms per clock reading) gets fewer rows per transaction, never 500."""
    write(csv_path, "name,phone\n" + "".join(f"c{i},1380000{i:04d}\n" for i in range(20)))
    per_tx = rows_per_transaction(team, lambda: import_customers(team, "root", csv_path, pause_s=0, timer=Ticks(1 / 32)))
    assert per_tx == [2] * 10  # 35 ms: the reading before a third row (62 ms) ends it


def test_a_malformed_line_says_how_many_rows_were_imported_before_it(team, csv_path):
    huge = "x" * 200_000  # over the csv module's field limit: csv.Error
    write(csv_path, "name,phone\nA,13800138000\nB,13900139000\nbad,12345\nC,13700137000\n"
                    f"D,13600136000,{huge}\nE,13500135000\n")
    with pytest.raises(ValidationError) as err:
        import_customers(team, "root", csv_path)
    text = str(err.value)
    assert text.startswith("line 6: the CSV is malformed (field larger than field limit")
    assert "after 3 new and 0 updated customers from the rows before it (1 rejected)" in text
    assert count_customers(team) == 3  # the rows before it are in, E is not
    res = run_cli(team.path, "import", "customers", str(csv_path))
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert "after 0 new and 3 updated customers" in res.stderr  # again: the same rows update, none twice
    assert count_customers(team) == 3


def test_the_pause_after_a_long_hold_outlasts_the_sleep_a_waiting_desk_has_reached():
    """SQLite's busy handler sleeps longer the longer it waits (up to 100 ms): after a transaction that
    held the lock long, the pause is longer too, so the desk that waited wakes inside it."""
    from store.connection import pause_after_hold

    assert pause_after_hold(0.04, 0.03) == pytest.approx(0.03)  # a desk that waited 40 ms sleeps 20-25 ms at a time
    assert pause_after_hold(0.2, 0.03) == pytest.approx(0.055)  # ... 50 ms after 128 ms
    assert pause_after_hold(3.0, 0.03) == pytest.approx(0.105)  # ... 100 ms after 228 ms
    assert pause_after_hold(3.0, 0) == 0  # tests ask for none
