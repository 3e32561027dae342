"""KPIs on hand-built stores: every expected value is worked out here, next to the data."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from store import conduct, kpi, scorecard
from store.call_records import CallEntry
from store.callbacks import insert_callback
from store.calls import log_call, update_call
from store.customers import create_customer
from store.errors import Conflict, PermissionDenied, ValidationError
from store.kpi_settings import set_from_text
from store.periods import parse_period
from store.settings import DEFAULTS
from store.surveys import record_survey

SHANGHAI = ZoneInfo("Asia/Shanghai")
CFG = dict(DEFAULTS)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)


@pytest.fixture
def customers(team):
    a = create_customer(team, "li", phones=["138 0013 8000"], name="Alpha")
    b = create_customer(team, "li", phones=["138 0013 8001"], name="Beta")
    return a, b


def call(store, who, day, customer=None, category="order", outcome="resolved", direction="in", number=None, **kw):
    fields = dict(category=category, outcome=outcome, direction=direction, started_at=day, talk_s=100, hold_s=10, wrap_s=20)
    if outcome.startswith("escalated"):
        fields["escalation_reason"] = "needs the manager"
    fields.update(kw)
    if customer is not None:
        fields["customer_id"] = customer
    if number:
        fields["number"] = number
    return log_call(store, who, CallEntry(**fields))


# -- zero denominators -------------------------------------------------------------------------
def test_no_activity_gives_nulls_never_zero_rates(team):
    row = kpi.agent_kpis(team, "li", None, "month")
    assert list(row) == list(kpi.KPI_KEYS)
    assert row["calls_handled"] == 0 and row["talk_s"] == 0
    for key in ("aht_s", "fcr_rate", "csat_avg", "csat_top2_rate", "callback_on_time_rate", "escalation_rate",
                "transfer_rate", "occupancy", "calls_per_hour", "rating_avg", "score", "grade", "rank",
                "bonus_coefficient"):
        assert row[key] is None, key
    assert row["closed"] is False


# -- calls, FCR, CSAT, complaints, escalation, transfer ----------------------------------------
def test_call_figures_worked_by_hand(team, customers):
    a, b = customers
    c1 = call(team, "li", "2026-11-10T02:00:00Z", a)                       # eligible; A calls again on the 12th: not resolved
    c2 = call(team, "li", "2026-11-12T02:00:00Z", a)                       # eligible; next A order call is 9 days later: resolved
    call(team, "li", "2026-11-13T02:00:00Z", b, "complaint", "escalated-manager")  # eligible, not resolved; complaint
    call(team, "li", "2026-11-13T03:00:00Z", b, "consultation", direction="out")   # outbound: not eligible
    call(team, "li", "2026-11-14T03:00:00Z", None, "consultation", number="139 0013 8009")  # unknown caller: not eligible
    call(team, "li", "2026-11-15T03:00:00Z", a, "feedback")                 # feedback: not eligible
    c7 = call(team, "li", "2026-11-20T02:00:00Z", b, "complaint")          # eligible, resolved; complaint resolved
    call(team, "li", "2026-11-21T02:00:00Z", a, "order", "transferred")     # eligible, not resolved; transferred
    for call_id, score in ((c1, 5), (c2, 3), (c7, 4)):
        record_survey(team, "lin", score, call_id=call_id)
    row = kpi.agent_kpis(team, "li", None, "2026-11")
    assert row["calls_handled"] == 8
    assert (row["talk_s"], row["hold_s"], row["wrap_s"]) == (800, 80, 160)
    assert row["aht_s"] == 130.0                     # (800 + 80 + 160) / 8
    assert (row["fcr_eligible"], row["fcr_resolved"], row["fcr_rate"]) == (5, 2, 0.4)
    assert (row["csat_n"], row["csat_avg"], row["csat_top2_rate"]) == (3, 4.0, 0.6667)  # (5+3+4)/3; 2 of 3 are 4 or 5
    assert (row["complaints"], row["complaints_resolved"]) == (2, 1)
    assert row["escalation_rate"] == 0.125 and row["transfer_rate"] == 0.125  # 1 of 8 each
    # the records behind FCR: the five eligible calls, c1 marked with its repeat call
    records = kpi.kpi_records(team, "li", None, "fcr_rate", "2026-11")
    assert [r.resolved for r in records] == [False, True, False, True, False]
    assert records[0].repeat_call_id == c2


def test_fcr_window_setting_counts(team, customers):
    a, _ = customers
    call(team, "li", "2026-11-10T02:00:00Z", a)
    call(team, "wang", "2026-11-13T02:00:00Z", a)  # a repeat 3 days later, taken by someone else
    assert kpi.agent_kpis(team, "li", None, "2026-11")["fcr_resolved"] == 0
    set_from_text(team, "root", "fcr_window_days", "2")
    assert kpi.agent_kpis(team, "li", None, "2026-11")["fcr_resolved"] == 1


def test_period_edges_are_local_midnight(team, customers):
    a, _ = customers
    call(team, "li", "2026-10-31T15:59:59Z", a)  # 23:59:59 on Oct 31 in Shanghai
    call(team, "li", "2026-10-31T16:00:00Z", a)  # 00:00:00 on Nov 1 in Shanghai
    call(team, "li", "2026-11-30T16:00:00Z", a)  # 00:00 on Dec 1
    assert kpi.agent_kpis(team, "li", None, "2026-10")["calls_handled"] == 1
    assert kpi.agent_kpis(team, "li", None, "2026-11")["calls_handled"] == 1
    assert kpi.agent_kpis(team, "li", None, "2026-11-01..2026-11-01")["calls_handled"] == 1
    assert kpi.agent_kpis(team, "li", None, "2026-10-31..2026-11-01")["calls_handled"] == 2


def test_period_parsing():
    now = at("2026-11-26T02:00:00Z")
    assert parse_period("week", now, SHANGHAI).label == "2026-W48"
    w = parse_period("2026-W47", now, SHANGHAI)
    assert (str(w.first), str(w.last), w.start, w.end) == ("2026-11-16", "2026-11-22", "2026-11-15T16:00:00Z", "2026-11-22T16:00:00Z")
    assert parse_period("today", at("2026-11-25T16:30:00Z"), SHANGHAI).label == "2026-11-26"  # 00:30 local
    assert parse_period("last-month", now, SHANGHAI).label == "2026-10"
    assert parse_period("2026-12", now, SHANGHAI).end == "2026-12-31T16:00:00Z"
    for bad in ("2026-13", "2026-W60", "soon", "2026-11-05..2026-11-01"):
        with pytest.raises(ValidationError):
            parse_period(bad, now, SHANGHAI)


# -- occupancy and calls per hour --------------------------------------------------------------
def test_occupancy_from_status_time(team):
    with team.write(None) as tx:
        li = tx.scalar("SELECT id FROM agents WHERE login = 'li'")
        for status, start, end in (("ready", "2026-11-25T01:00:00Z", "2026-11-25T02:00:00Z"),
                                   ("break", "2026-11-25T02:00:00Z", "2026-11-25T02:30:00Z"),
                                   ("on-call", "2026-11-25T02:30:00Z", "2026-11-25T03:00:00Z"),
                                   ("ready", "2026-11-24T15:30:00Z", "2026-11-24T16:30:00Z")):  # half before the day
            tx.insert("agent_status_log", {"agent_id": li, "status": status, "started_at": start, "ended_at": end})
    call(team, "li", "2026-11-25T01:10:00Z", None, "consultation", number="139 0013 8009", talk_s=1200, hold_s=0, wrap_s=0)
    call(team, "li", "2026-11-25T02:35:00Z", None, "consultation", number="139 0013 8009", talk_s=600, hold_s=100, wrap_s=200)
    row = kpi.agent_kpis(team, "li", None, "2026-11-25")
    # working: 3600 ready + 1800 on call + 1800 ready after local midnight = 7200 s; break does not count
    assert row["occupancy"] == 0.2917        # (1200 + 600 + 100 + 200) / 7200
    assert row["calls_per_hour"] == 1.0      # 2 calls / 2 hours


# -- callbacks: owner at the first due time ----------------------------------------------------
def test_callbacks_due_and_on_time_ignore_reschedules_and_grace_moves(team, customers, clock):
    a, _ = customers

    def cb(due, owner):
        with team.write("lin", "lead") as tx:
            return insert_callback(tx, due_at=due, customer_id=a, owner=owner)

    def change(callback_id, when, **values):
        clock.now = at(when)
        with team.write("lin", "lead") as tx:
            tx.update("callbacks", callback_id, values)

    clock.now = at("2026-11-19T00:00:00Z")
    on_time = cb("2026-11-20T02:00:00Z", "li")
    moved = cb("2026-11-21T02:00:00Z", "li")
    claimed = cb("2026-11-22T02:00:00Z", None)
    graced = cb("2026-11-23T02:00:00Z", "li")
    reassigned = cb("2026-11-24T02:00:00Z", "wang")
    change(on_time, "2026-11-20T02:15:00Z", status="done", closed_at="2026-11-20T02:15:00Z")   # exactly +15 min
    change(moved, "2026-11-20T09:00:00Z", due_at="2026-11-22T02:00:00Z")                         # rescheduled
    change(moved, "2026-11-22T02:05:00Z", status="done", closed_at="2026-11-22T02:05:00Z")       # late by the first due
    change(claimed, "2026-11-21T08:00:00Z", owner_id=team.conn.execute("SELECT id FROM agents WHERE login='li'").fetchone()[0])
    change(claimed, "2026-11-22T02:01:00Z", status="done", closed_at="2026-11-22T02:01:00Z")
    change(graced, "2026-11-23T02:30:00Z", owner_id=None)                                         # grace move to the pool
    change(reassigned, "2026-11-24T03:00:00Z", owner_id=team.conn.execute("SELECT id FROM agents WHERE login='li'").fetchone()[0])
    clock.now = at("2026-11-26T02:00:00Z")
    li = kpi.agent_kpis(team, "li", None, "2026-11")
    assert (li["callbacks_due"], li["callbacks_on_time"], li["callback_on_time_rate"]) == (4, 2, 0.5)
    assert kpi.agent_kpis(team, "wang", None, "2026-11")["callbacks_due"] == 1
    records = kpi.kpi_records(team, "li", None, "callbacks_due", "2026-11")
    assert [(r.id, r.on_time) for r in records] == [(on_time, True), (moved, False), (claimed, True), (graced, False)]


# -- deductions --------------------------------------------------------------------------------
def test_three_lates_and_early_leaves_and_withdrawn_appeals(team):
    for kind, day in (("late", "2026-11-02"), ("early-leave", "2026-11-03"), ("late", "2026-11-04"),
                      ("late", "2026-11-05"), ("early-leave", "2026-11-06")):
        conduct.add_event(team, "lin", "li", kind, day)
    conduct.add_event(team, "lin", "li", "hygiene", "2026-11-07", "desk")
    conduct.add_event(team, "lin", "li", "missed-meeting", "2026-11-08")
    absence = conduct.add_event(team, "lin", "li", "absence", "2026-11-09")
    # 5 lates/early leaves: one full 3 (−1), hygiene −2, meeting −1, absence −1
    assert kpi.agent_kpis(team, "li", None, "2026-11")["deductions"] == 5
    conduct.appeal(team, "li", absence, "I was on approved leave")
    assert kpi.agent_kpis(team, "li", None, "2026-11")["deductions"] == 5  # pending still counts
    conduct.decide(team, "lin", absence, "accept")
    assert kpi.agent_kpis(team, "li", None, "2026-11")["deductions"] == 4
    # a sixth late-or-early completes the second three
    conduct.add_event(team, "lin", "li", "late", "2026-11-10")
    assert kpi.agent_kpis(team, "li", None, "2026-11")["deductions"] == 5
    # settings changed later do not rewrite history; new events carry the new points
    set_from_text(team, "root", "deduction_points.hygiene", "5")
    assert kpi.agent_kpis(team, "li", None, "2026-11")["deductions"] == 5
    conduct.add_event(team, "lin", "li", "hygiene", "2026-11-11")
    assert kpi.agent_kpis(team, "li", None, "2026-11")["deductions"] == 10


def test_conduct_roles(team):
    with pytest.raises(PermissionDenied):
        conduct.add_event(team, "li", "wang", "late", "2026-11-02")
    with pytest.raises(PermissionDenied):
        conduct.add_event(team, "zhao", "li", "late", "2026-11-02")  # another team's lead
    event = conduct.add_event(team, "lin", "li", "late", "2026-11-02")
    with pytest.raises(PermissionDenied):
        conduct.appeal(team, "wang", event, "not mine")
    conduct.appeal(team, "li", event, "bus")
    with pytest.raises(Conflict):
        conduct.appeal(team, "li", event, "again")
    with pytest.raises(PermissionDenied):
        conduct.decide(team, "li", event, "accept")
    assert [e.id for e in conduct.list_events(team, "wang")] == []
    assert [e.id for e in conduct.list_events(team, "li")] == [event]
    audit = team.conn.execute("SELECT count(*) FROM audit_log WHERE table_name = 'conduct_events' AND row_id = ?", (event,)).fetchone()[0]
    assert audit == 2  # entered, appealed


# -- score, grade, rank, coefficient -----------------------------------------------------------
def test_score_drops_null_kpis_and_scales_back():
    f = {"fcr_rate": 0.6, "csat_avg": None, "aht_s": 600, "callback_on_time_rate": None, "occupancy": 0.8,
         "escalation_rate": 0, "transfer_rate": 0.1, "rating_avg": None, "deductions": 2}
    # fcr 20×0.6/0.75 = 16; aht 15×300/600 = 7.5; occupancy 10×1 = 10; escalation 0 → full 5; transfer 5×0.05/0.1 = 2.5
    # 41 points of the 55 weight left → 41 × 100 / 55 = 74.545…; minus 2 deducted = 72.55
    assert kpi.score_of(f, CFG) == 72.55
    assert kpi.grade_of(72.55, CFG) == "C"
    assert kpi.score_of({**f, "deductions": 500}, CFG) == 0.0
    assert kpi.score_of({k: None for k in f} | {"deductions": 3}, CFG) is None
    assert [kpi.grade_of(s, CFG) for s in (90, 89.99, 80, 70, 69.99, None)] == ["A", "B", "B", "C", "D", None]
    assert kpi.score_of({**f, "fcr_rate": 0.9}, CFG) == round((20 + 7.5 + 10 + 5 + 2.5) * 100 / 55 - 2, 2)  # capped at 1


def test_rank_ties_share_a_rank():
    assert kpi.rank_of({1: 90.0, 2: 80.0, 3: 80.0, 4: 70.0, 5: None}) == {1: 1, 2: 2, 3: 2, 4: 4, 5: None}


def test_team_scorecard_ranks_and_coefficients(team, customers):
    a, b = customers
    call(team, "li", "2026-11-10T02:00:00Z", a)
    call(team, "wang", "2026-11-10T03:00:00Z", b)
    rows = {r["agent"]: r for r in kpi.team_kpis(team, "lin", "2026-11")}
    assert set(rows) == {"li", "wang"}  # the lead is not ranked
    assert rows["li"]["score"] == rows["wang"]["score"] == 100.0
    assert rows["li"]["rank"] == rows["wang"]["rank"] == 1
    assert rows["li"]["bonus_coefficient"] == 1.2
    conduct.add_event(team, "lin", "wang", "hygiene", "2026-11-11")
    rows = {r["agent"]: r for r in kpi.team_kpis(team, "lin", "2026-11")}
    assert (rows["li"]["rank"], rows["wang"]["rank"], rows["wang"]["score"]) == (1, 2, 98.0)
    set_from_text(team, "root", "bonus_coefficients.A", "1.5")
    assert kpi.agent_kpis(team, "li", None, "2026-11")["bonus_coefficient"] == 1.5


def test_ratings_average_and_replace(team):
    conduct.rate(team, "lin", "li", "2026-11", initiative=5, teamwork=4, innovation=3, learning=4, communication=4, note="ok")
    assert kpi.agent_kpis(team, "li", None, "2026-11")["rating_avg"] == 4.0
    conduct.rate(team, "lin", "li", "2026-11", initiative=5, teamwork=5, innovation=5, learning=5, communication=4)
    assert kpi.agent_kpis(team, "li", None, "2026-11")["rating_avg"] == 4.8
    assert kpi.agent_kpis(team, "li", None, "2026-W47")["rating_avg"] is None  # the month's rating is not a week's
    with pytest.raises(ValidationError):
        conduct.rate(team, "lin", "li", "2026-11", initiative=6, teamwork=5, innovation=5, learning=5, communication=4)
    with pytest.raises(PermissionDenied):
        conduct.rate(team, "wang", "li", "2026-11", initiative=5, teamwork=5, innovation=5, learning=5, communication=4)


# -- who may see what --------------------------------------------------------------------------
def test_agents_see_only_themselves_and_leads_their_team(team):
    with pytest.raises(PermissionDenied):
        kpi.agent_kpis(team, "li", "wang", "month")
    with pytest.raises(PermissionDenied):
        kpi.agent_kpis(team, "lin", "chen", "month")
    with pytest.raises(PermissionDenied):
        kpi.team_kpis(team, "li", "month")
    with pytest.raises(PermissionDenied):
        kpi.team_kpis(team, "lin", "month", team="south")
    assert kpi.agent_kpis(team, "root", "chen", "month")["agent"] == "chen"
    assert {r["team"] for r in kpi.team_kpis(team, "root", "month")} == {"north", "south"}


# -- closing a period --------------------------------------------------------------------------
def test_closed_period_is_frozen_until_reopened(team, customers):
    a, _ = customers
    first = call(team, "li", "2026-11-10T02:00:00Z", a)
    scorecard.close_period(team, "lin", "2026-11", notes={"li": "steady month; plan: fewer holds"})
    before = kpi.agent_kpis(team, "li", None, "2026-11")
    assert before["closed"] is True and before["calls_handled"] == 1
    call(team, "li", "2026-11-11T02:00:00Z", a, talk_s=1000)
    update_call(team, "li", first, outcome="transferred")
    conduct.add_event(team, "lin", "li", "hygiene", "2026-11-12")
    after = kpi.agent_kpis(team, "li", None, "2026-11")
    assert after == before
    rows = kpi.team_kpis(team, "lin", "2026-11")
    assert {r["agent"]: r["review_note"] for r in rows}["li"] == "steady month; plan: fewer holds"
    with pytest.raises(Conflict):
        scorecard.close_period(team, "lin", "2026-11")
    with pytest.raises(PermissionDenied):
        scorecard.close_period(team, "li", "2026-10")
    scorecard.reopen_period(team, "lin", "2026-11", reason="a call was logged late")
    live = kpi.agent_kpis(team, "li", None, "2026-11")
    assert (live["closed"], live["calls_handled"], live["deductions"], live["transfer_rate"]) == (False, 2, 2, 0.5)
    reopen_audit = team.conn.execute("SELECT actor, after FROM audit_log WHERE table_name = 'period_closes' AND action = 'update'").fetchall()
    assert reopen_audit[0][0] == "lin" and "a call was logged late" in reopen_audit[0][1]


def test_scorecard_sort_and_export(team, customers):
    a, b = customers
    call(team, "li", "2026-11-10T02:00:00Z", a, talk_s=500)
    call(team, "wang", "2026-11-10T03:00:00Z", b, talk_s=100)
    rows = kpi.team_kpis(team, "lin", "2026-11")
    assert [r["agent"] for r in scorecard.sort_rows(rows, "aht_s")] == ["wang", "li"]
    assert [r["agent"] for r in scorecard.sort_rows(rows, "aht_s", descending=True)] == ["li", "wang"]
    assert [r["agent"] for r in rows] == ["wang", "li"]  # by rank: wang's shorter AHT scores higher
    assert [r["agent"] for r in scorecard.sort_rows(rows, "csat_avg", descending=True)] == ["wang", "li"]  # all None: kept
    csv_text = scorecard.export(rows, "csv")
    assert csv_text.splitlines()[0].startswith("agent,display_name,calls_handled,")
    assert len(csv_text.splitlines()) == 3
    import json

    assert [r["agent"] for r in json.loads(scorecard.export(rows, "json"))] == [r["agent"] for r in rows]
    md = scorecard.export(rows, "md").splitlines()
    assert md[0].startswith("| agent | display_name |") and "| — |" in md[2]


def test_weights_must_sum_to_100(team):
    with pytest.raises(ValidationError) as err:
        set_from_text(team, "lin", "kpi_weights.fcr_rate", "30")
    assert "100" in str(err.value)
    new = dict(DEFAULTS["kpi_weights"], fcr_rate=30, csat_avg=10)
    import json

    assert set_from_text(team, "lin", "kpi_weights", json.dumps(new))["fcr_rate"] == 30
    with pytest.raises(PermissionDenied):
        set_from_text(team, "li", "kpi_targets.aht_s", "200")
    with pytest.raises(ValidationError):
        set_from_text(team, "lin", "kpi_targets.aht_s", "0")


# -- the F5 panel: one read ----------------------------------------------------------------------
def test_panel_reads_everything_in_one_transaction_and_agrees_with_each_read(team, customers, clock):
    a, b = customers
    call(team, "li", "2026-11-10T02:00:00Z", a)
    call(team, "li", "2026-11-12T02:00:00Z", b, outcome="transferred")
    conduct.add_event(team, "lin", "li", "hygiene", "2026-11-05", "desk")
    conduct.rate(team, "lin", "li", "2026-11", initiative=5, teamwork=4, innovation=3, learning=4, communication=4)
    names = ("calls_handled", "aht_s", "fcr_rate", "csat_avg")
    statements = []
    team.trace(statements.append)
    try:
        panel = kpi.kpi_panel(team, "lin", "li", "2026-11", names, 30, clock())
    finally:
        team.trace(None)
    assert [s for s in statements if s.startswith("BEGIN")] == ["BEGIN"]
    assert panel["row"] == kpi.agent_kpis(team, "lin", "li", "2026-11")
    assert panel["series"] == kpi.daily_series(team, "lin", "li", names, 30, clock())
    assert panel["deductions"] == kpi.kpi_records(team, "lin", "li", "deductions", "2026-11")
    assert panel["ratings"] == conduct.list_ratings(team, "lin", "li", "2026-11")
    assert panel["targets"] == CFG["kpi_targets"]
    # aht 130 s against 300 (lower is better): met; fcr 1 resolved of 2 against 0.75: missed;
    # transfers 1 of 2 against 0.05: missed
    assert (panel["marks"]["aht_s"], panel["marks"]["fcr_rate"], panel["marks"]["transfer_rate"]) == ("met", "missed", "missed")
    assert panel["marks"]["csat_avg"] is None
    with pytest.raises(PermissionDenied):
        kpi.kpi_panel(team, "wang", "li", "2026-11")


def test_target_marks_met_close_missed():
    cfg = {**CFG, "kpi_targets": {**CFG["kpi_targets"], "fcr_rate": 0.8, "aht_s": 300}}
    assert kpi.target_marks({"fcr_rate": 0.8, "aht_s": 300}, cfg) == {
        **{k: None for k in CFG["kpi_targets"]}, "fcr_rate": "met", "aht_s": "met"}
    assert kpi.target_marks({"fcr_rate": 0.73}, cfg)["fcr_rate"] == "close"  # 91 % of 0.8
    assert kpi.target_marks({"fcr_rate": 0.71}, cfg)["fcr_rate"] == "missed"
    assert kpi.target_marks({"aht_s": 333}, cfg)["aht_s"] == "close"  # 300 / 333 = 0.9009
    assert kpi.target_marks({"aht_s": 334}, cfg)["aht_s"] == "missed"
    assert kpi.target_marks({"aht_s": 0}, cfg)["aht_s"] == "met"
