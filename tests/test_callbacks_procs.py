"""Real OS processes racing on callbacks: claims decided once, return visits created once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from test_concurrency import wait_until_ready

from store import open_store
from store.agents import add_agent
from store.callbacks import insert_callback
from store.customers import insert_customer

WORKER = Path(__file__).with_name("procs") / "callback_worker.py"


def _env():
    return {k: v for k, v in os.environ.items() if not k.startswith("AGENTDESK_")}


def _run_all(args_by_login: dict[str, list[str]], go: Path) -> list[dict]:
    procs = [
        subprocess.Popen([sys.executable, str(WORKER), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, env=_env())
        for args in args_by_login.values()
    ]
    wait_until_ready(go, list(args_by_login), procs)
    go.touch()
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=180)
        assert p.returncode == 0, stderr
        summary = json.loads(stdout)
        assert summary["errors"] == [], summary["errors"][:1]
        out.append(summary)
    return out


def test_eight_processes_claiming_the_same_500_callbacks(tmp_path):
    db, go = tmp_path / "desk.db", tmp_path / "go"
    s = open_store(db)
    add_agent(s, None, "root", "Root", "admin", None)
    logins = [f"agent{n}" for n in range(8)]
    for n, login in enumerate(logins):
        add_agent(s, "root", login, f"Agent {n}", "agent", "north")
    with s.write("root") as tx:
        for i in range(500):
            insert_callback(tx, due_at="2030-01-01T00:00:00Z", phone_e164=f"+86139{i:08d}", reason=f"r{i}")
    s.close()

    summaries = _run_all({login: ["claim", str(db), login, str(n), "500", str(go)] for n, login in enumerate(logins)}, go)

    s = open_store(db)
    try:
        with s.read(None) as tx:
            owners = dict(tx.all("SELECT b.id, a.login FROM callbacks b LEFT JOIN agents a ON a.id = b.owner_id"))
            claims = tx.all("SELECT callback_id, count(*) FROM callback_events WHERE event = 'claimed' GROUP BY callback_id")
        assert len(owners) == 500 and None not in owners.values()  # every callback has exactly one owner
        assert {cid for cid, n in claims} == set(owners) and {n for _, n in claims} == {1}  # claimed once each
        wins: dict[int, str] = {}
        for summary in summaries:
            for cid in summary["won"]:
                assert cid not in wins, f"#{cid} won by {wins.get(cid)} and {summary['login']}"
                wins[cid] = summary["login"]
            # each loser was told the real holder
            for cid, holder in summary["lost"].items():
                assert holder == owners[int(cid)] and holder != summary["login"]
            assert len(summary["won"]) + len(summary["lost"]) == 500
        assert wins == owners  # each process's wins are exactly the callbacks it ends up owning
        assert len({login for login in wins.values()}) >= 2  # the processes really raced
    finally:
        s.close()


def test_return_visit_generation_by_several_processes_creates_each_visit_once(tmp_path):
    db, go = tmp_path / "desk.db", tmp_path / "go"
    s = open_store(db)
    add_agent(s, None, "root", "Root", "admin", None)
    leads = [f"lead{n}" for n in range(4)]
    for n, login in enumerate(leads):
        add_agent(s, "root", login, f"Lead {n}", "lead", "north")
    now = s.clock()
    with s.write("root") as tx:
        for i in range(3000):
            status = ("contracted", "prospect", "churned")[i % 3]
            cid = insert_customer(tx, {"name": f"客户{i}", "status": status}, [f"139{i:08d}"], "CN")
            # contracted: every other one last contacted 40 days ago (due), the rest 5 days ago (not yet)
            days = 40 if i % 2 == 0 else 5
            tx.execute("UPDATE customers SET last_contact_at = strftime('%Y-%m-%dT%H:%M:%SZ', ?, ?) WHERE id = ?",
                       (tx.now, f"-{days} days", cid))
    expected = {cid for cid in range(1, 3001) if (cid - 1) % 3 == 0 and (cid - 1) % 2 == 0}
    s.close()

    summaries = _run_all({login: ["generate", str(db), login, str(go), "200"] for login in leads}, go)

    s = open_store(db)
    try:
        with s.read(None) as tx:
            visits = tx.all("SELECT customer_id, owner_id, status FROM callbacks WHERE kind = 'return-visit'")
            audit = tx.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'callbacks' AND action = 'insert'")
            events = tx.scalar("SELECT count(*) FROM callback_events WHERE event = 'created'")
        assert sorted(v[0] for v in visits) == sorted(expected)  # each due customer once, nobody else
        assert {(v[1], v[2]) for v in visits} == {(None, "open")}  # in the pool
        assert sum(r["created"] for r in summaries) == len(expected)
        assert sum(1 for r in summaries if r["created"]) >= 1
        assert audit == events == len(expected)
        assert now  # the store's clock was the real one
    finally:
        s.close()
