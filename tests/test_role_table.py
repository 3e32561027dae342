"""README's "Who may do what" table, walked: every row tried as each role through the store.

`yes`/`all`: the role succeeds; `team`: it succeeds on its own team and another team's lead is refused; `no`:
refused with PermissionDenied and the store left as it was. The rows are read from README.md, so the table
and this test cannot drift apart: a row without an action here fails, and so does an action without a row.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from store import agent_prefs, agents, callbacks, calls, cases, customers, maintenance, restore, scorecard
from store import settings as settings_lib
from store.audit import list_audit
from store.audit_prune import prune_audit
from store.call_records import CallEntry
from store.card_views import CardReason
from store.errors import PermissionDenied
from store.kpi import agent_kpis, rebuild_rollups

README = Path(__file__).resolve().parent.parent / "README.md"
ACTOR = {"agent": "wang", "lead": "lin", "admin": "root"}  # north's agent and lead; li is the colleague acted on
OTHER_LEAD = "zhao"  # south's lead: refused where the table says `team`
TABLES = ("agents", "customers", "customer_phones", "settings", "team_settings", "calls", "callbacks",
          "callback_events", "callback_attempts", "audit_log", "period_closes", "agent_prefs", "cases", "case_events",
          "case_calendar_days")


def role_table() -> list[tuple[str, dict[str, str]]]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Who may do what"):]
    section = section[:section.index("\n### ", 5)]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[1].startswith("`"):
            rows.append((cells[1].strip("`"), dict(zip(("agent", "lead", "admin"), cells[2:]))))
    return rows


def _customer(s):
    found = customers.find_by_phone(s, "root", "13800138000")
    return found.id if found else customers.create_customer(s, "root", phones=["13800138000"], name="张伟欣")


def _own_callback(s, a):
    return callbacks.add_callback(s, a, due="+1h", customer_id=_customer(s), reason="x")


def _lis_callback(s):
    return callbacks.add_callback(s, "li", due="+1h", customer_id=_customer(s), reason="x")


def _claimed_missed_call(s, a):
    cid, _ = callbacks.record_missed_call(s, "root", "13900139000")
    callbacks.claim_callback(s, a, cid)
    return cid


def _tried(s, a):
    cid = _own_callback(s, a)
    callbacks.record_attempt(s, a, cid, "call-later")
    return cid


def _closed(s, a):
    cid = _tried(s, a)
    callbacks.complete_callback(s, a, cid)
    return cid


def _lis_case(s):
    return cases.open_case(s, "li", customer_id=_customer(s), case_type="request")


def _backup(s, a, tmp_path):
    return maintenance.backup(s, a, tmp_path / f"copy-{a}.db")


def _saved(s, a):
    """A backup to restore, taken by the admin whoever is to restore it."""
    path = s.path.with_name(f"saved-for-{a}.db")
    if not path.exists():
        maintenance.backup(s, "root", path)
    return path


TARGETS = {**settings_lib.DEFAULTS["kpi_targets"], "aht_s": 280}
# id -> (setup(store, actor) -> prepared, act(store, actor, prepared, tmp_path)); setup runs as whoever it needs
ACTIONS = {
    "customers.lookup": (lambda s, a: _customer(s),
                         lambda s, a, c, t: customers.open_customer_card(s, a, c, CardReason.lookup("张伟欣"))),
    "calls.log": (lambda s, a: _customer(s),
                  lambda s, a, c, t: calls.log_call(s, a, CallEntry(category="order", outcome="resolved", customer_id=c))),
    "kpi.own": (lambda s, a: None, lambda s, a, _, t: agent_kpis(s, a)),
    "kpi.colleague": (lambda s, a: None, lambda s, a, _, t: agent_kpis(s, a, "li")),
    "callbacks.cancel-own": (_own_callback, lambda s, a, c, t: callbacks.cancel_callback(s, a, c, "not needed")),
    "callbacks.cancel-colleague": (lambda s, a: _lis_callback(s),
                                   lambda s, a, c, t: callbacks.cancel_callback(s, a, c, "not needed")),
    "callbacks.cancel-pool": (lambda s, a: _claimed_missed_call(s, a if a == "wang" else "li"),
                              lambda s, a, c, t: callbacks.cancel_callback(s, a, c, "not needed")),
    "callbacks.done": (_tried, lambda s, a, c, t: callbacks.complete_callback(s, a, c)),
    "callbacks.reopen": (_closed, lambda s, a, c, t: callbacks.reopen_callback(s, a, c, "closed by mistake")),
    "customers.merge": (lambda s, a: (_customer(s), customers.create_customer(s, "root", phones=["13700137000"], name="张伟")),
                        lambda s, a, ids, t: customers.merge_customers(s, a, *ids)),
    "settings.team": (lambda s, a: None, lambda s, a, _, t: settings_lib.set_setting(
        s, a, "kpi_targets", TARGETS, team="north" if a == OTHER_LEAD or a == "root" else None)),
    "settings.centre": (lambda s, a: None, lambda s, a, _, t: settings_lib.set_setting(s, a, "phone_region", "US")),
    "audit.read": (lambda s, a: None, lambda s, a, _, t: list_audit(s, a, agent="li")),
    "audit.prune": (lambda s, a: None, lambda s, a, _, t: prune_audit(s, a, "2025-01-01")),
    "kpi.rebuild-rollups": (lambda s, a: None, lambda s, a, _, t: rebuild_rollups(s, a)),
    "period.close": (lambda s, a: None, lambda s, a, _, t: scorecard.close_period(s, a, "month", team="north")),
    "agents.add": (lambda s, a: None, lambda s, a, _, t: agents.add_agent(s, a, "newbie", "New", "agent", "north")),
    "backup": (lambda s, a: None, lambda s, a, _, t: _backup(s, a, t)),
    "check": (lambda s, a: None, lambda s, a, _, t: maintenance.check(s, a)),
    "restore": (_saved, lambda s, a, p, t: restore.restore(s, a, p)),
    "cases.work": (lambda s, a: _lis_case(s), lambda s, a, c, t: cases.add_note(s, a, c, "chased tech")),
    "cases.reassign": (lambda s, a: _lis_case(s), lambda s, a, c, t: cases.reassign_case(s, a, c, "wang")),
    "cases.calendar": (lambda s, a: None, lambda s, a, _, t: cases.import_calendar(s, a, "date,kind\n2026-10-01,holiday\n")),
    "prefs.own": (lambda s, a: None, lambda s, a, _, t: agent_prefs.set_language(s, a, "zh_CN", ("en", "zh_CN"))),
}
ROWS = role_table()


def snapshot(s) -> dict:
    with s.read(None) as tx:
        order = {"team_settings": "team, key", "case_calendar_days": "day"}  # tables without a rowid
        return {t: tx.all(f"SELECT * FROM {t} ORDER BY {order.get(t, 'rowid')}") for t in TABLES}


def test_the_table_and_the_actions_are_the_same_rows():
    assert len(ROWS) >= 15
    assert [r for r, _ in ROWS] == list(dict.fromkeys(r for r, _ in ROWS))  # each once
    assert {r for r, _ in ROWS} == set(ACTIONS)
    assert all(set(cells.values()) <= {"yes", "no", "team", "all"} for _, cells in ROWS)


@pytest.mark.parametrize("row,cells", ROWS, ids=[r for r, _ in ROWS])
@pytest.mark.parametrize("role", ["agent", "lead", "admin"])
def test_each_role_as_the_table_says(team, tmp_path, row, cells, role):
    setup, act = ACTIONS[row]
    actor = ACTOR[role]
    prepared = setup(team, actor)
    if cells[role] == "no":
        before = snapshot(team)
        with pytest.raises(PermissionDenied):
            act(team, actor, prepared, tmp_path)
        assert snapshot(team) == before
        assert not list(tmp_path.glob("copy-*.db"))
        return
    act(team, actor, prepared, tmp_path)
    if cells[role] == "team" and role == "lead":  # another team's lead is refused the same thing
        prepared = setup(team, OTHER_LEAD)
        before = snapshot(team)
        with pytest.raises(PermissionDenied):
            act(team, OTHER_LEAD, prepared, tmp_path)
        assert snapshot(team) == before


def test_the_parser_reads_the_cells_as_written():
    cells = dict(ROWS)
    assert cells["callbacks.cancel-pool"] == {"agent": "no", "lead": "team", "admin": "all"}
    assert re.fullmatch(r"[a-z.-]+", "callbacks.cancel-pool")
