"""Cases (工单, issue 18): a problem that cannot be solved on the call lives until the customer hears the answer.

Every function taking `store, actor` is one transaction acting as `actor` (a login: the CLI's and the desk's
identity, never a flag), raising StoreError subclasses with a sentence (NotFound, PermissionDenied,
ValidationError naming its field, Conflict). Rows are frozen dataclasses (store/case_records.py): `Case`
(every column, owner login/name, customer name, `overdue`, `timeline` of `CaseEvent`s from get_case),
`CasePage`, `CaseCounts`. Writes add timeline entries (`case_events`), audit rows, and the change-log topic
`cases`.

Opening (opening.py)
- automatic: store.calls.insert_call calls `after_call_saved` in the call's transaction: a call whose outcome
  is escalated-*, or whose category is complaint or after-sales and outcome not resolved, no-answer or
  wrong-number, opens a case (`opens_case`); its `CallEntry.case_id` links it to that open case instead
  (a chase, 催办, when incoming). Type from the category, department from the outcome; a major complaint goes
  to a lead of the team at once.
- `open_case(store, actor, *, call_id=None, customer_id=None, case_type, severity="normal", summary="") -> int`
- `link_call(store, actor, case_id, call_id) -> Case`; `customer_open_cases(store, actor, customer_id)`
  lists what to offer.

Working it (commands.py): each `-> Case` (the case after the change)
- `add_note(store, actor, case_id, text)`, `record_reply(store, actor, case_id, department, text)`
- `change_status(store, actor, case_id, status, resolution=None)` (not closed: close_case)
- `reassign_case(store, actor, case_id, to)` (leads: their team's, to an active agent of their team; admins)
- `change_department(store, actor, case_id, department, text="")`, `change_severity(store, actor, case_id, severity)`
- `mark_told(store, actor, case_id, text="")`
- `schedule_update_callback(store, actor, case_id, *, due=None, due_at=None, reason="") -> int` (a callback;
  its attempts join the timeline, a reached one tells the customer)

Closing (closing.py)
- `close_case(store, actor, case_id, resolution=None, unreachable=False) -> Case`: resolved, with a resolution,
  and a contact with the customer since the resolution; or (leads, admins) `unreachable` after unreached
  attempts on 3 local days, the approval recorded.
- `reopen_case(store, actor, case_id, reason) -> Case`: within `case_reopen_days` of closing.
- `contacted_since(tx, case_id, since)`, `unreached_days(tx, case_id, since)`.

Reading (reads.py)
- `list_cases(store, actor, *, scope="mine"|"team"|"overdue"|"all", status=None|"all"|STATUS, case_type=None,
  department=None, severity=None, limit=50, offset=0) -> CasePage` (overdue first, then due time)
- `get_case(store, actor, case_id) -> Case` (with its timeline)
- `case_counts(store, actor) -> CaseCounts` (the status line); `mark_reminded(store, actor, case_ids) -> int`

SLA (sla.py) and calendar (calendar.py)
- `add_working_hours(start, hours, zone, weekly, holidays, workdays)` (pure), `due_at_for(tx, opened_at, type,
  severity)`; settings `case_sla_hours`, `sla_calendar`, `case_working_hours`, `case_reopen_days`,
  `case_reminder_hours` (store/case_settings.py).
- `import_calendar(store, actor, csv_text) -> int` (admins), `calendar_days(store, actor, since="")`.

Who: an agent works on their own and their team's cases, a lead on their team's, an admin on all
(store/case_timeline.py `may_work`); closing and reopening: the owner, a lead of the team, an admin
(`may_decide`); linking a call: whoever took it.
"""

from store.case_records import Case, CaseCounts, CaseEvent, CasePage
from store.cases.calendar import CalendarDay, calendar_days, import_calendar
from store.cases.closing import close_case, contacted_since, reopen_case, unreached_days
from store.cases.commands import (
    add_note,
    change_department,
    change_severity,
    change_status,
    mark_told,
    reassign_case,
    record_reply,
    schedule_update_callback,
)
from store.cases.opening import link_call, open_case, opens_case
from store.cases.reads import SCOPES, case_counts, customer_open_cases, get_case, list_cases, mark_reminded
from store.cases.sla import add_working_hours, due_at_for

__all__ = [
    "SCOPES", "CalendarDay", "Case", "CaseCounts", "CaseEvent", "CasePage", "add_note", "add_working_hours",
    "calendar_days", "case_counts", "change_department", "change_severity", "change_status", "close_case",
    "contacted_since", "customer_open_cases", "due_at_for", "get_case", "import_calendar", "link_call",
    "list_cases", "mark_reminded", "mark_told", "open_case", "opens_case", "reassign_case", "record_reply",
    "reopen_case", "schedule_update_callback", "unreached_days",
]
