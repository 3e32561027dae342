"""bench/soak.py: the short soak CI runs (4 desk processes, 10 s) holds, and its checker is not vacuous:
given a journal or a store with a lost write or a duplicate owner, it reports them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from store import open_store
from store.agents import add_agent
from store.call_records import CallEntry
from store.callbacks import claim_callback, complete_callback, insert_callback, record_attempt
from store.calls import log_call

ROOT = Path(__file__).resolve().parents[1]
SOAK = ROOT / "bench" / "soak.py"
sys.path.insert(0, str(ROOT / "bench"))

import soak_report  # noqa: E402


def _soak(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess, dict]:
    out = tmp_path / "soak.json"
    done = subprocess.run([sys.executable, str(SOAK), "--db", str(tmp_path / "soak.db"), "--json", str(out), *args],
                          capture_output=True, text=True, timeout=600, cwd=ROOT)
    return done, json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}


def test_short_soak_four_desks_ten_seconds_loses_nothing_and_owns_each_callback_once(tmp_path):
    done, summary = _soak(tmp_path, "--procs", "4", "--seconds", "10")
    assert done.returncode == 0, done.stdout + done.stderr
    assert summary["errors"] == [] and summary["lost"] == [] and summary["duplicates"] == []
    assert "errors 0, lost writes 0, duplicate owners 0" in done.stdout
    counts, checked = summary["counts"], summary["checked"]
    # the run really did each thing (each desk's first save, search and claim fall inside the 10 s, however
    # late a loaded machine runs them), and the checker really looked at each write
    assert counts["saves"] >= 4 and counts["searches"] >= 4 and counts["claims"] >= 1
    assert counts["completed"] == counts["claims"]
    assert counts["import rows"] == 3000 and counts["backups"] == 1
    assert checked["saves"] == counts["saves"] and checked["claims"] == counts["claims"]
    assert checked["completions"] == counts["completed"] and checked["imports"] == 1
    assert summary["procs"] == 4 and set(summary["latency"]) >= {"save", "claim", "complete", "search", "import", "backup"}


def test_find_writers_runs_flat_out_steps_and_names_n(tmp_path):
    done, result = _soak(tmp_path, "--find-writers", "--seconds", "2", "--max-procs", "2", "--threshold-ms", "100000",
                         "--import-rows", "10")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "writers per host before waits begin: 2" in done.stdout
    assert result["writers"] == 2 and result["steps"][0]["desks"] == 2
    assert result["steps"][0]["save"]["n"] > 4  # flat out: more than one save per desk in 2 s


def _journal(folder: Path, name: str, *entries: dict) -> None:
    with open(folder / f"{name}.jsonl", "a", encoding="utf-8") as fh:
        fh.writelines(json.dumps(e) + "\n" for e in entries)


def _store_with_one_of_each(tmp_path: Path) -> tuple[Path, Path, int, int]:
    """A store where desk a saved a call with its token and claimed, tried and completed callback 1; the honest
    journal of that. Returns (db, folder, call id, callback id)."""
    db, folder = tmp_path / "desk.db", tmp_path / "journal"
    folder.mkdir()
    s = open_store(db)
    add_agent(s, None, "root", "Root", "admin", None)
    add_agent(s, "root", "a", "Desk A", "agent", "north")
    add_agent(s, "root", "b", "Desk B", "agent", "north")
    call_id = log_call(s, "a", CallEntry(category="order", outcome="resolved", notes="soak a:1:tok1"))
    with s.write("root") as tx:
        cb = insert_callback(tx, due_at="2099-01-01T00:00:00Z", phone_e164="+8613900000001", reason="soak")
        open_cb = insert_callback(tx, due_at="2099-01-01T00:00:00Z", phone_e164="+8613900000002", reason="soak")
    claim_callback(s, "a", cb)
    record_attempt(s, "a", cb, "no-answer")
    complete_callback(s, "a", cb)
    claim_callback(s, "b", open_cb)
    s.close()
    _journal(folder, "a", {"save": call_id, "token": "a:1:tok1"}, {"claim": cb}, {"done": cb})
    _journal(folder, "b", {"claim": open_cb})
    return db, folder, call_id, cb


def test_checker_passes_an_honest_journal(tmp_path):
    db, folder, _call, _cb = _store_with_one_of_each(tmp_path)
    found = soak_report.check(db, folder)
    assert found.lost == [] and found.duplicates == []
    assert found.checked == {"saves": 1, "claims": 2, "completions": 1, "imports": 0}


def test_checker_finds_lost_writes_in_a_doctored_journal(tmp_path):
    db, folder, call_id, cb = _store_with_one_of_each(tmp_path)
    _journal(folder, "a", {"save": call_id + 7, "token": "a:2:gone"},  # a call the store never got
             {"save": call_id, "token": "a:3:other"})  # an id that holds another save
    _journal(folder, "b", {"done": cb + 1})  # b's callback is still open
    found = soak_report.check(db, folder)
    assert len(found.lost) == 3, found.lost
    assert any(f"call #{call_id + 7}" in line and "not in the store" in line for line in found.lost)
    assert any("a:3:other" in line for line in found.lost)
    assert any(f"callback #{cb + 1} completed by b" in line for line in found.lost)
    assert found.duplicates == []


def test_checker_finds_a_callback_two_journals_claimed(tmp_path):
    db, folder, _call, cb = _store_with_one_of_each(tmp_path)
    _journal(folder, "b", {"claim": cb})  # b also says it won the callback a owns
    found = soak_report.check(db, folder)
    assert len(found.duplicates) == 1 and f"callback #{cb}:" in found.duplicates[0], found.duplicates


def test_checker_finds_a_second_claim_in_the_store(tmp_path):
    db, folder, _call, cb = _store_with_one_of_each(tmp_path)
    s = open_store(db)
    with s.write("root") as tx:  # a second claim event, to another agent: what a broken claim would leave
        b_id = tx.scalar("SELECT id FROM agents WHERE login = 'b'")
        tx.execute("INSERT INTO callback_events (callback_id, at, actor, event, to_owner_id) VALUES (?, ?, 'b', 'claimed', ?)",
                   (cb, tx.now, b_id))
    s.close()
    found = soak_report.check(db, folder)
    assert len(found.duplicates) == 1 and "'b'" in found.duplicates[0] and "'a'" in found.duplicates[0], found.duplicates


def test_checker_finds_an_import_that_lost_customers(tmp_path):
    db, folder, _call, _cb = _store_with_one_of_each(tmp_path)
    _journal(folder, "importer", {"imported": 5, "updated": 0, "rejected": 0, "company": "Nowhere Ltd"})
    found = soak_report.check(db, folder)
    assert found.lost == ["the import created 5 customers; the store holds 0"]


def test_soak_exits_non_zero_on_an_error_and_on_a_finding(tmp_path, monkeypatch, capsys):
    import soak

    # a desk whose every save is refused (no such number): errors, reported and failing the run
    real_setup = soak.setup

    def bad_numbers(*args, **kwargs):
        plan = real_setup(*args, **kwargs)
        plan["phones"] = ["12"]
        return plan

    monkeypatch.setattr(soak, "setup", bad_numbers)
    args = ["--procs", "1", "--seconds", "2", "--flat-out", "--import-rows", "5"]
    assert soak.main([*args, "--db", str(tmp_path / "a.db")]) == 1
    out = capsys.readouterr().out
    assert "errors 0," not in out and "save: ValidationError" in out
    monkeypatch.setattr(soak, "setup", real_setup)
    assert soak.main([*args, "--db", str(tmp_path / "b.db")]) == 0
    assert "errors 0, lost writes 0, duplicate owners 0" in capsys.readouterr().out
    # the checker's findings fail the run too
    monkeypatch.setattr(soak.soak_report, "check", lambda db, folder: soak_report.Findings(lost=["call #1 is gone"]))
    assert soak.main([*args, "--db", str(tmp_path / "c.db")]) == 1
    assert "lost write: call #1 is gone" in capsys.readouterr().out


def test_timings_split_by_whether_the_import_was_running():
    desk = {"times": {"save": [0.004, 0.9, 0.005]}, "starts": {"save": [1.0, 10.5, 30.0]}, "counts": {"saves": 3},
            "errors": []}
    importer = {"times": {"import": [5.0]}, "starts": {"import": [10.0]}, "counts": {}, "errors": ["x"]}
    times, counts, errors = soak_report.merge([desk, importer])
    assert times["save"] == [0.004, 0.9, 0.005] and times["save, import on"] == [0.9]
    assert times["save, import off"] == [0.004, 0.005] and counts == {"saves": 3} and errors == ["x"]
    assert "save, import on" in soak_report.table(times)
