"""The queue reads use indexes: no scan of customers, calls, callbacks or their attempts and history."""

from __future__ import annotations

import pytest
from test_query_plans import desk, plan_of, scans, selects_sent  # noqa: F401 - `desk` is the shared fixture

from store import callbacks as cb
from store.settings import set_setting

# the tables (and the aliases the queries give them) that grow with the centre; agents is a few hundred rows
BIG = {"customers", "customer_phones", "calls", "callbacks", "callback_attempts", "callback_events", "b", "c", "cu", "p", "t", "e"}

QUEUE_READS = {
    "agent queue": lambda s: cb.agent_queue(s, "li"),
    "lead's team queue": lambda s: cb.team_queue(s, "lin"),
    "lead's team queue, one agent, overdue": lambda s: cb.team_queue(s, "lin", agent="wang", due="overdue"),
    "lead's team queue, pool, return visits": lambda s: cb.team_queue(s, "lin", agent="pool", kind="return-visit"),
    "admin's queue": lambda s: cb.team_queue(s, "root"),
    "grace move": lambda s: cb.apply_owner_grace(s, "li"),
    "history": lambda s: cb.get_callback(s, "li", 1),
}


@pytest.mark.parametrize("name", list(QUEUE_READS))
def test_queue_reads_use_an_index(desk, name):  # noqa: F811
    set_setting(desk, "root", "owner_grace_min", 600)
    statements = selects_sent(desk, lambda: QUEUE_READS[name](desk))
    assert statements
    problems = {}
    for sql in statements:
        bad = [line for line in scans(plan_of(desk, sql)) if line.split()[1] in BIG]
        if bad:
            problems[sql[:200]] = bad
    assert problems == {}


def test_the_detector_sees_a_scan_of_callbacks(desk):  # noqa: F811
    plan = plan_of(desk, "SELECT * FROM callbacks b WHERE b.reason = 'x'")
    assert [line for line in scans(plan) if line.split()[1] in BIG] == ["SCAN b"]


def test_the_grace_move_reads_open_callbacks_by_due_time(desk):  # noqa: F811
    set_setting(desk, "root", "owner_grace_min", 600)
    plan = "\n".join(line for sql in selects_sent(desk, lambda: cb.apply_owner_grace(desk, "li")) for line in plan_of(desk, sql))
    assert "callbacks_status_due (status=? AND due_at<?)" in plan
