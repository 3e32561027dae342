"""What desks read of cases: mine, my team's (leads), the overdue, filters, overdue first then by due time,
paged in SQL; the status line's counts and the reminder of a case not updated within case_reminder_hours."""

from __future__ import annotations

import pytest

from store import cases
from store.customers import create_customer
from store.errors import ValidationError
from store.settings import set_setting


@pytest.fixture
def desk(team, clock):
    """li: an after-sales case (due in 72 h), a complaint (48 h); wang: a request; chen (south): a complaint.
    Then 50 hours pass: li's complaint and chen's are overdue."""
    wu = create_customer(team, "li", phones=["139 0013 8001"], name="吴敏")
    team.ids = {
        "li-after": cases.open_case(team, "li", customer_id=wu, case_type="after-sales"),
        "li-complaint": cases.open_case(team, "li", customer_id=wu, case_type="complaint"),
        "wang-request": cases.open_case(team, "wang", customer_id=wu, case_type="request"),
        "chen-complaint": cases.open_case(team, "chen", customer_id=wu, case_type="complaint"),
    }
    clock.advance(hours=50)
    return team


def ids(page):
    return [c.id for c in page.rows]


def test_mine_lists_overdue_first_then_by_due_time(desk):
    page = cases.list_cases(desk, "li", scope="mine")
    assert ids(page) == [desk.ids["li-complaint"], desk.ids["li-after"]]
    assert [c.overdue for c in page.rows] == [True, False]


def test_overdue_comes_first_even_when_a_resolved_case_is_due_earlier(desk):
    cases.change_status(desk, "li", desk.ids["li-complaint"], "resolved", resolution="fixed")
    page = cases.list_cases(desk, "li", scope="mine")
    assert ids(page) == [desk.ids["li-complaint"], desk.ids["li-after"]]  # resolved is not overdue
    assert [c.overdue for c in page.rows] == [False, False]
    assert ids(cases.list_cases(desk, "li", scope="mine", status="open")) == [desk.ids["li-after"]]


def test_the_team_s_and_the_overdue_by_role(desk):
    team = cases.list_cases(desk, "lin", scope="team")
    assert ids(team) == [desk.ids["li-complaint"], desk.ids["li-after"], desk.ids["wang-request"]]
    assert ids(cases.list_cases(desk, "lin", scope="overdue")) == [desk.ids["li-complaint"]]
    assert ids(cases.list_cases(desk, "root", scope="overdue")) == [desk.ids["li-complaint"], desk.ids["chen-complaint"]]
    assert ids(cases.list_cases(desk, "wang", scope="overdue")) == []  # an agent's overdue: their own
    assert desk.ids["chen-complaint"] not in ids(cases.list_cases(desk, "li", scope="all"))


def test_filters_by_type_department_severity_and_status(desk):
    cases.change_department(desk, "li", desk.ids["li-after"], "tech")
    cases.change_severity(desk, "wang", desk.ids["wang-request"], "major")
    assert ids(cases.list_cases(desk, "lin", scope="team", case_type="complaint")) == [desk.ids["li-complaint"]]
    assert ids(cases.list_cases(desk, "lin", scope="team", department="tech")) == [desk.ids["li-after"]]
    assert ids(cases.list_cases(desk, "lin", scope="team", severity="major")) == [desk.ids["wang-request"]]
    assert ids(cases.list_cases(desk, "lin", scope="team", status="closed")) == []
    with pytest.raises(ValidationError) as refused:
        cases.list_cases(desk, "lin", scope="team", severity="huge")
    assert refused.value.field == "severity"


def test_pages_come_from_sql_with_the_next_offset(desk):
    first = cases.list_cases(desk, "root", scope="all", limit=3)
    assert len(first.rows) == 3 and first.next_offset == 3
    rest = cases.list_cases(desk, "root", scope="all", limit=3, offset=first.next_offset)
    assert len(rest.rows) == 1 and rest.next_offset is None
    assert set(ids(first)) | set(ids(rest)) == set(desk.ids.values())


def test_each_list_reads_an_index_and_the_overdue_ones_need_no_sort(desk):
    statements: list[str] = []
    desk.trace(statements.append)
    try:
        for actor, scope in (("li", "mine"), ("lin", "team"), ("lin", "overdue"), ("root", "overdue")):
            cases.list_cases(desk, actor, scope=scope)
    finally:
        desk.trace(None)
    listed = [s for s in statements if s.lstrip().startswith("SELECT") and "FROM cases c" in s and "LIMIT" in s]
    with desk.read_connection() as conn:
        plans = [" ".join(r[3] for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}")) for sql in listed]
    assert len(plans) == 4
    assert "cases_owner_status_due" in plans[0]
    assert "cases_team" in plans[1]
    assert "cases_team_active_due" in plans[2] and "TEMP B-TREE" not in plans[2]
    assert "cases_active_due" in plans[3] and "TEMP B-TREE" not in plans[3]


def test_counts_and_one_reminder_per_quiet_spell(desk, clock):
    counts = cases.case_counts(desk, "li")
    assert (counts.open, counts.overdue, counts.reminders) == (2, 1, 2)  # 50 h without an update, 24 h allowed
    assert counts.to_remind == (desk.ids["li-after"], desk.ids["li-complaint"])
    assert cases.mark_reminded(desk, "li", counts.to_remind + (desk.ids["wang-request"],)) == 2  # not wang's
    again = cases.case_counts(desk, "li")
    assert (again.reminders, again.to_remind) == (2, ())
    cases.add_note(desk, "li", desk.ids["li-after"], "chased tech")
    assert cases.case_counts(desk, "li").reminders == 1
    clock.advance(hours=25)
    assert cases.case_counts(desk, "li").to_remind == (desk.ids["li-after"],)  # quiet again since the note
    set_setting(desk, "root", "case_reminder_hours", 0)
    assert cases.case_counts(desk, "li").reminders == 0
