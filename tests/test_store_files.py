"""Issue 16, "foreign files": what is not an agentdesk store is refused before anything is written to it.

A path with no store, or a file with no tables (what a killed backup left), becomes a store only by an
explicit command (`agentdesk init`, `agentdesk demo`); another program's SQLite file is refused untouched
(not even switched to WAL); a migration that fails says so in a sentence.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from test_cli_core import assert_one_line_error, invoke
from test_migrations import build_old_store

from store import open_store
from store.errors import StoreUnavailable


def _state(path: Path) -> tuple[bytes, int, list[str]]:
    """The file's bytes, its mtime and its neighbours: what 'left as it was' means here."""
    return path.read_bytes(), path.stat().st_mtime_ns, sorted(p.name for p in path.parent.iterdir())


def _no_tables(path: Path) -> Path:
    """A SQLite file with pages but no tables, as a backup killed part-way leaves it."""
    conn = sqlite3.connect(str(path))
    conn.execute("CREATE TABLE t (x)")
    conn.execute("DROP TABLE t")
    conn.commit()
    conn.close()
    assert path.stat().st_size > 0
    return path


def _foreign(path: Path, version: int = 0, journal: str = "delete") -> Path:
    """Another program's SQLite file (a rollback journal, as most programs leave theirs, or WAL)."""
    conn = sqlite3.connect(str(path))
    conn.execute(f"PRAGMA journal_mode = {journal}")
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('keep me')")
    if version:
        conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    return path


# -- a path never becomes a store by being opened --------------------------------------
@pytest.mark.parametrize("args", [["--agent", "root", "info"], ["--agent", "root", "agents", "list"], []],
                         ids=["info", "agents list", "the desk"])
def test_a_missing_store_is_refused_and_not_made(tmp_path, args):
    path = tmp_path / "typo.db"
    r = invoke("--db", path, *args)
    assert r.exit_code == 1
    assert_one_line_error(r.stdout, r.stderr, f"no store at {path}: create one with 'agentdesk init' "
                                              "(or 'agentdesk demo')")
    assert list(tmp_path.iterdir()) == []


def test_a_file_with_no_tables_is_refused_not_turned_into_a_store(tmp_path):
    path = _no_tables(tmp_path / "half-copy.db")
    before = _state(path)
    r = invoke("--db", path, "--agent", "root", "info")
    assert r.exit_code == 1
    assert_one_line_error(r.stdout, r.stderr, f"{path} holds no tables", "move it away")
    assert _state(path) == before
    with pytest.raises(StoreUnavailable, match="holds no tables"):
        open_store(path, create=False)
    assert _state(path) == before


def test_the_default_store_is_not_made_by_a_first_command(tmp_path):
    r = invoke("--agent", "root", "agents", "list", env={"XDG_DATA_HOME": str(tmp_path / "xdg")})
    assert r.exit_code == 1
    assert_one_line_error(r.stdout, r.stderr, "no store at", "agentdesk init")
    assert not (tmp_path / "xdg").exists()


def test_init_makes_the_store_and_its_first_admin(tmp_path):
    path = tmp_path / "new.db"
    r = invoke("--db", path, "--agent", "boss", "init")
    assert (r.exit_code, r.stdout.strip()) == (0, f"created the store {path}; its first admin is boss")
    r = invoke("--db", path, "--agent", "boss", "agents", "list", "--format", "json")
    assert r.exit_code == 0 and '"role": "admin"' in r.stdout and '"display_name": "boss"' in r.stdout


def test_the_library_creates_only_when_asked(tmp_path):
    with pytest.raises(StoreUnavailable, match="no store at"):
        open_store(tmp_path / "a.db", create=False)
    assert not (tmp_path / "a.db").exists()
    open_store(tmp_path / "a.db").close()  # the library's default: tests and benches make stores freely
    open_store(tmp_path / "a.db", create=False).close()


# -- another program's SQLite file ---------------------------------------------------------
@pytest.mark.parametrize("version,journal", [(0, "delete"), (3, "delete"), (0, "wal")],
                         ids=["no version", "its own user_version", "in WAL mode"])
def test_another_program_s_database_is_refused_untouched(tmp_path, version, journal):
    path = _foreign(tmp_path / "crm.sqlite", version, journal)
    before = _state(path)
    r = invoke("--db", path, "--agent", "root", "info")
    assert r.exit_code == 1
    assert_one_line_error(r.stdout, r.stderr, f"{path} is another program's SQLite database (tables: notes, users)")
    assert _state(path) == before  # no table added, not switched to WAL, no -wal or -shm beside it
    for create in (True, False):  # not even the library, asked to create, touches it
        with pytest.raises(StoreUnavailable, match="another program's"):
            open_store(path, create=create)
    assert _state(path) == before
    conn = sqlite3.connect(str(path))
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == journal
    assert conn.execute("SELECT body FROM notes").fetchall() == [("keep me",)]
    conn.close()


def test_an_agentdesk_store_still_opens(tmp_path):
    path = tmp_path / "desk.db"
    open_store(path).close()
    open_store(path, create=False).close()
    r = invoke("--db", path, "init", "--admin", "root")  # a store with no agents yet: init adds its first admin
    assert r.exit_code == 0, r.stderr
    r = invoke("--db", path, "--agent", "root", "info")
    assert r.exit_code == 0, r.stderr


# -- a migration that fails ------------------------------------------------------------------
def test_a_failed_migration_is_one_sentence_on_the_command_line(tmp_path):
    path = tmp_path / "old.db"
    build_old_store(path, 6)
    raw = sqlite3.connect(str(path))
    raw.execute("CREATE INDEX callbacks_closed_at ON callbacks (closed_at)")  # migration 7 makes it
    raw.close()
    r = invoke("--db", path, "--agent", "root", "info")
    assert r.exit_code == 1
    line = assert_one_line_error(r.stdout, r.stderr, f"could not bring the store {path} up to schema 7",
                                 "left as it was (schema 6)")
    assert line.index("could not bring") < line.index("index callbacks_closed_at already exists")


def _keep_writing(path: str, stop: str) -> None:
    """Another desk: small writes, a TRUNCATE checkpoint now and then (the -wal empty, yet the file open)."""
    import os
    import sqlite3 as sq

    conn = sq.connect(path, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 10000")
    n = 0
    while not os.path.exists(stop):
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO change_log (topic, row_id, at, actor) VALUES ('settings', ?, '2026-11-26T06:00:00Z', 'root')",
                     (n,))
        conn.execute("COMMIT")
        n += 1
        if n % 5 == 0:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def test_a_store_a_desk_is_writing_is_read_through_its_wal_not_as_immutable(tmp_path, monkeypatch):
    """An empty -wal (just checkpointed) beside the file does not mean no one has it open: read as immutable,
    a store another desk writes that moment looked 'not a SQLite database' to a second desk or a command."""
    from store import store_file

    path = tmp_path / "desk.db"
    store = open_store(path)
    store.checkpoint()  # the -wal is empty now, and the store is still open
    assert path.with_name("desk.db-wal").stat().st_size == 0
    uris: list[str] = []
    real = sqlite3.connect
    monkeypatch.setattr(store_file.sqlite3, "connect", lambda name, **kw: uris.append(name) or real(name, **kw))
    assert store_file.look(path).is_store
    assert uris and not any("immutable" in u for u in uris)
    store.close()


def test_opening_a_store_another_process_is_writing_never_fails(tmp_path):
    import multiprocessing

    path = tmp_path / "busy.db"
    open_store(path).close()
    stop = tmp_path / "stop"
    writer = multiprocessing.get_context("spawn").Process(target=_keep_writing, args=(str(path), str(stop)))
    writer.start()
    try:
        for _ in range(150):
            open_store(path, create=False).close()
    finally:
        stop.touch()
        writer.join(30)
    assert writer.exitcode == 0


def _write_once_and_close(path: str) -> None:
    import sqlite3 as sq

    conn = sq.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO change_log (topic, row_id, at, actor) VALUES ('settings', 1, '2026-11-26T06:00:00Z', 'root')")
    conn.execute("COMMIT")
    conn.close()  # the last connection, if it can lock the file alone: checkpoints and removes the -wal and -shm


def test_looking_at_a_store_keeps_this_process_s_locks_on_it(tmp_path):
    """A second store opened in a process that has one open (a bench, a command's helper) looks at the file
    first; reading its header through a file of its own and closing it dropped the process's SQLite locks,
    so another process's close removed the WAL under the open store: every read after was 'disk I/O error'."""
    import multiprocessing


    path = tmp_path / "shared.db"
    first = open_store(path)
    try:
        with first.read(None) as tx:
            assert tx.scalar("SELECT count(*) FROM agents") == 0
        open_store(path, create=False).close()  # the look before it opens
        other = multiprocessing.get_context("spawn").Process(target=_write_once_and_close, args=(str(path),))
        other.start()
        other.join(30)
        assert other.exitcode == 0
        assert path.with_name("shared.db-wal").exists()  # the open store still holds the file: the WAL stays
        with first.read(None) as tx:
            assert tx.scalar("SELECT count(*) FROM change_log WHERE topic = 'settings' AND row_id = 1") == 1
    finally:
        first.close()
