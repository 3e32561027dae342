"""bench/soak.py's checker and table: the journals against the store, and the timings per action.

`check(db, folder)` reads every `<name>.jsonl` journal in `folder` and the store, and returns the lost
writes and the duplicate owners it finds:

- a lost write: a call a desk journalled as saved that the store lacks (no such id, another agent, or
  its note without the unique token); a claim or a completion journalled that the store does not show;
  fewer customers from the import than the importer was told it created.
- a duplicate owner: a callback claimed by two agents: two journals won it, or the store has more than
  one 'claimed' event for it, or its claim events, attempts and owner name more than one agent.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from store import open_store

ACTIONS = ("save", "search", "pool list", "claim", "attempt", "complete", "import", "backup")
SPLIT = ("save", "search", "claim")  # also shown split by whether the import was running


@dataclass
class Findings:
    lost: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)  # journal entries looked up, by kind


def read_journals(folder: Path) -> dict[str, list[dict[str, Any]]]:
    """{process name: its journal entries}."""
    out: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(Path(folder).glob("*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        out[path.stem] = [json.loads(line) for line in lines if line.strip()]
    return out


def check(db: str | Path, folder: str | Path) -> Findings:
    journals = read_journals(Path(folder))
    found = Findings()
    saves = [(name, e["save"], e["token"]) for name, entries in journals.items() for e in entries if "save" in e]
    claims: dict[int, set[str]] = defaultdict(set)
    done: dict[int, str] = {}
    imports = [e for entries in journals.values() for e in entries if "imported" in e]
    for name, entries in journals.items():
        for e in entries:
            if "claim" in e:
                claims[int(e["claim"])].add(name)
            if "done" in e:
                done[int(e["done"])] = name
    scope_file = Path(folder) / "run-callbacks.txt"  # the run's own callbacks; without it, every callback in the store
    scope = set(json.loads(scope_file.read_text(encoding="utf-8"))) if scope_file.exists() else None
    found.checked = {"saves": len(saves), "claims": sum(len(v) for v in claims.values()), "completions": len(done),
                     "imports": len(imports)}
    store = open_store(db)
    try:
        with store.read(None) as tx:
            calls = {}
            for i in range(0, len(saves), 500):
                ids = [s[1] for s in saves[i:i + 500]]
                marks = ",".join("?" * len(ids))
                calls.update({r[0]: (r[1], r[2]) for r in tx.all(
                    f"SELECT c.id, a.login, c.notes FROM calls c JOIN agents a ON a.id = c.agent_id WHERE c.id IN ({marks})",
                    ids)})
            callbacks = {r[0]: (r[1], r[2]) for r in tx.all(
                "SELECT b.id, a.login, b.status FROM callbacks b LEFT JOIN agents a ON a.id = b.owner_id")}
            claimed_by: dict[int, list[str]] = defaultdict(list)
            for cb_id, login in tx.all(
                    "SELECT e.callback_id, a.login FROM callback_events e LEFT JOIN agents a ON a.id = e.to_owner_id"
                    " WHERE e.event = 'claimed'"):
                claimed_by[cb_id].append(login)
            tried_by: dict[int, set[str]] = defaultdict(set)
            for cb_id, login in tx.all(
                    "SELECT t.callback_id, a.login FROM callback_attempts t JOIN agents a ON a.id = t.agent_id"):
                tried_by[cb_id].add(login)
            imported = {e["company"]: tx.scalar("SELECT count(*) FROM customers WHERE company = ?", (e["company"],))
                        for e in imports}
    finally:
        store.close()
    for name, call_id, token in saves:
        row = calls.get(call_id)
        if row is None:
            found.lost.append(f"call #{call_id} saved by {name} is not in the store")
        elif row[0] != name or token not in (row[1] or ""):
            found.lost.append(f"call #{call_id} saved by {name} holds {row[0]}'s call without token {token}")
    for cb_id, names in claims.items():
        owner, _status = callbacks.get(cb_id, (None, None))
        if cb_id not in callbacks or not claimed_by.get(cb_id) or owner not in names:
            found.lost.append(f"callback #{cb_id} claimed by {', '.join(sorted(names))}: the store's owner is {owner}")
    for cb_id, name in done.items():
        if callbacks.get(cb_id, (None, None))[1] != "done":
            found.lost.append(f"callback #{cb_id} completed by {name} is not done in the store")
    for e in imports:
        if imported[e["company"]] < e["imported"]:
            found.lost.append(f"the import created {e['imported']} customers; the store holds {imported[e['company']]}")
    for cb_id in sorted(set(claims) | set(claimed_by) | set(tried_by)):
        if scope is not None and cb_id not in scope and cb_id not in claims:
            continue
        owner = callbacks.get(cb_id, (None, None))[0]
        agents = set(claims.get(cb_id, ())) | set(claimed_by.get(cb_id, ())) | tried_by.get(cb_id, set())
        agents |= {owner} if owner and (cb_id in claims or cb_id in claimed_by) else set()
        if len(claims.get(cb_id, ())) > 1 or len(claimed_by.get(cb_id, ())) > 1 or len(agents) > 1:
            found.duplicates.append(
                f"callback #{cb_id}: journals {sorted(claims.get(cb_id, ()))}, claimed events {claimed_by.get(cb_id, [])},"
                f" attempts by {sorted(tried_by.get(cb_id, ()))}, owner {owner}")
    return found


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def read_summaries(folder: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(folder).glob("*.json"))]


def merge(summaries: list[dict[str, Any]]) -> tuple[dict[str, list[float]], dict[str, int], list[str]]:
    """(all timings by action, all counts, all errors) of a run's processes. Saves and searches are also
    split by whether they began while the import ran: "save, import on" and "save, import off"."""
    times: dict[str, list[float]] = defaultdict(list)
    counts: dict[str, int] = defaultdict(int)
    errors: list[str] = []
    windows = [(st, st + d) for s in summaries for st, d in zip(s.get("starts", {}).get("import", []),
                                                                s["times"].get("import", []))]
    for s in summaries:
        for action, values in s["times"].items():
            times[action].extend(values)
            if windows and action in SPLIT:
                for start, took in zip(s.get("starts", {}).get(action, []), values):
                    during = any(low <= start <= high for low, high in windows)
                    times[f"{action}, import {'on' if during else 'off'}"].append(took)
        for what, n in s["counts"].items():
            counts[what] += n
        errors.extend(s["errors"])
    return dict(times), dict(counts), errors


def latency(values_s: list[float]) -> dict[str, float]:
    ms = [v * 1000 for v in values_s]
    return {"n": len(ms), "p50_ms": pct(ms, 50), "p99_ms": pct(ms, 99), "max_ms": max(ms)} if ms else {"n": 0}


def table(times: dict[str, list[float]]) -> str:
    lines = [f"{'action':<20} {'n':>7} {'p50 ms':>9} {'p99 ms':>9} {'max ms':>9}"]
    for action in [a for a in ACTIONS if a in times] + sorted(set(times) - set(ACTIONS)):
        row = latency(times[action])
        lines.append(f"{action:<20} {row['n']:>7} {row['p50_ms']:>9.1f} {row['p99_ms']:>9.1f} {row['max_ms']:>9.1f}")
    return "\n".join(lines)


def report(summary: dict[str, Any]) -> str:
    """The run's text report: the totals, then the table."""
    c = summary["counts"]
    head = [
        f"{summary['procs']} desks, {summary['seconds']:g} s{' flat out' if summary['flat_out'] else ''}"
        f" ({summary['wall_s']:.1f} s wall), store {summary['db']}",
        f"saves {c.get('saves', 0)}, claims {c.get('claims', 0)} (lost races {c.get('claims lost to another desk', 0)},"
        f" completed {c.get('completed', 0)}), searches {c.get('searches', 0)},"
        f" imported rows {c.get('import rows', 0)}, backups {c.get('backups', 0)}",
        f"errors {len(summary['errors'])}, lost writes {len(summary['lost'])}, duplicate owners {len(summary['duplicates'])}",
        "",
        table(summary["times"]),
    ]
    for title, items in (("error", summary["errors"]), ("lost write", summary["lost"]),
                         ("duplicate owner", summary["duplicates"])):
        head.extend(f"{title}: {item}" for item in items[:10])
    return "\n".join(head)
