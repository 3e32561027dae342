"""A case's due time: SLA hours in calendar hours, or in the working-hours calendar (weekly hours, holidays,
调休 make-up working days) read in the centre's zone; the CSV import of the calendar and the settings' checks."""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

import pytest

from store import cases
from store.case_settings import DEFAULTS
from store.cases.sla import add_working_hours, weekly_spans
from store.clock import iso
from store.customers import create_customer
from store.errors import PermissionDenied, ValidationError
from store.settings import set_from_text, set_setting

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
NINE_TO_SIX = weekly_spans(DEFAULTS["case_working_hours"])  # Monday to Friday 09:00-18:00


def local(zone, *args):
    return datetime(*args, tzinfo=zone)


def test_friday_evening_with_8_working_hours_lands_on_monday():
    due = add_working_hours(local(SHANGHAI, 2026, 11, 27, 17, 30), 8, SHANGHAI, NINE_TO_SIX)
    assert due.astimezone(SHANGHAI) == local(SHANGHAI, 2026, 11, 30, 16, 30)
    assert due.tzinfo == timezone.utc


def test_a_holiday_is_skipped():
    due = add_working_hours(local(SHANGHAI, 2026, 11, 27, 17, 30), 8, SHANGHAI, NINE_TO_SIX,
                            holidays=frozenset({date(2026, 11, 30)}))
    assert due.astimezone(SHANGHAI) == local(SHANGHAI, 2026, 12, 1, 16, 30)


def test_a_make_up_saturday_counts():
    due = add_working_hours(local(SHANGHAI, 2026, 11, 27, 17, 30), 8, SHANGHAI, NINE_TO_SIX,
                            workdays={date(2026, 11, 28): ((time(9), time(18)),)})
    assert due.astimezone(SHANGHAI) == local(SHANGHAI, 2026, 11, 28, 16, 30)


def test_opened_before_hours_waits_for_the_start_and_a_lunch_break_is_not_counted():
    weekly = weekly_spans({**DEFAULTS["case_working_hours"], "mon": "09:00-12:00,13:00-18:00"})
    due = add_working_hours(local(SHANGHAI, 2026, 11, 30, 7, 0), 4, SHANGHAI, weekly)
    assert due.astimezone(SHANGHAI) == local(SHANGHAI, 2026, 11, 30, 14, 0)


def test_in_a_dst_zone_the_hours_are_the_wall_clock_s_and_the_long_day_counts_its_25_hours():
    # New York leaves daylight time on Sunday 2026-11-01: Friday 17:00 EDT + 2 working hours = Monday 10:00 EST
    due = add_working_hours(local(NEW_YORK, 2026, 10, 30, 17, 0), 2, NEW_YORK, NINE_TO_SIX)
    assert due == datetime(2026, 11, 2, 15, 0, tzinfo=timezone.utc)
    round_the_clock = weekly_spans(dict.fromkeys(DEFAULTS["case_working_hours"], "00:00-24:00"))
    due = add_working_hours(local(NEW_YORK, 2026, 11, 1, 0, 0), 25, NEW_YORK, round_the_clock)
    assert due == datetime(2026, 11, 2, 5, 0, tzinfo=timezone.utc)  # Monday 00:00 EST: Sunday had 25 hours
    due = add_working_hours(local(NEW_YORK, 2026, 11, 1, 0, 0), 24, NEW_YORK, round_the_clock)
    assert due.astimezone(NEW_YORK) == local(NEW_YORK, 2026, 11, 1, 23, 0)  # 24 real hours: 23:00 on the wall


def test_a_calendar_without_working_hours_is_refused_in_a_sentence():
    with pytest.raises(ValidationError) as refused:
        add_working_hours(local(SHANGHAI, 2026, 11, 27, 9), 1, SHANGHAI, {})
    assert refused.value.field == "sla_calendar" and "ten years" in str(refused.value)


@pytest.fixture
def customer(team):
    return create_customer(team, "li", phones=["139 0013 8001"], name="吴敏")


def test_calendar_hours_by_default_from_the_sla_of_type_and_severity(team, customer):
    normal = cases.open_case(team, "li", customer_id=customer, case_type="complaint")
    major = cases.open_case(team, "li", customer_id=customer, case_type="after-sales", severity="major")
    assert cases.get_case(team, "root", normal).due_at == "2026-11-28T02:00:00Z"  # 48 h after Thursday 10:00
    assert cases.get_case(team, "root", major).due_at == "2026-11-27T02:00:00Z"  # 24 h


def test_working_hours_with_an_imported_holiday_in_the_centre_s_zone(team, customer, clock):
    set_setting(team, "root", "sla_calendar", "working-hours")
    set_from_text(team, "root", "case_sla_hours.request-normal", "8")
    assert cases.import_calendar(team, "root", "date,kind,note\n2026-11-30,holiday,test\n2026-12-05,班,调休\n") == 2
    clock.now = local(SHANGHAI, 2026, 11, 27, 17, 30).astimezone(timezone.utc)
    case_id = cases.open_case(team, "li", customer_id=customer, case_type="request")
    assert cases.get_case(team, "li", case_id).due_at == iso(local(SHANGHAI, 2026, 12, 1, 16, 30))
    assert [(d.day, d.kind) for d in cases.calendar_days(team, "li")] == [("2026-11-30", "holiday"),
                                                                          ("2026-12-05", "workday")]


def test_the_calendar_import_refuses_a_bad_row_whole_and_is_for_admins(team):
    with pytest.raises(ValidationError) as refused:
        cases.import_calendar(team, "root", "date,kind\n2026-10-01,holiday\n2026-10-02,party\n")
    assert str(refused.value) == "row 3: kind: 'party' is neither holiday nor workday."
    assert cases.calendar_days(team, "root") == ()
    with pytest.raises(PermissionDenied):
        cases.import_calendar(team, "lin", "date,kind\n2026-10-01,holiday\n")


@pytest.mark.parametrize(("key", "value"), [
    ("case_sla_hours", {"complaint-normal": 48}),
    ("sla_calendar", "business"),
    ("case_working_hours", {**DEFAULTS["case_working_hours"], "mon": "18:00-09:00"}),
    ("case_reopen_days", -1),
    ("case_reminder_hours", "soon"),
])
def test_bad_case_settings_are_refused_naming_the_setting(team, key, value):
    with pytest.raises(ValidationError) as refused:
        set_setting(team, "root", key, value)
    assert key in str(refused.value)


def test_one_sla_entry_changes_and_the_due_time_follows_it(team, customer):
    set_from_text(team, "root", "case_sla_hours.complaint-major", "12")
    case_id = cases.open_case(team, "li", customer_id=customer, case_type="complaint", severity="major")
    assert cases.get_case(team, "root", case_id).due_at == "2026-11-26T14:00:00Z"
