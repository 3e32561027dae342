"""How cases read on screen: the list's columns and cells, the filters the list's keys cycle through, and
a timeline entry in words (the case list, screens/cases.py; the detail, screens/case_detail.py; the card and
the call form's pop, which list a customer's open cases)."""

from __future__ import annotations

from rich.text import Text

from screens.labels import (
    case_department_label,
    case_event_label,
    case_event_value,
    case_severity_label,
    case_status_label,
    case_type_label,
)
from store.case_records import Case, CaseEvent
from store.vocab import CASE_DEPARTMENTS, CASE_SEVERITIES, CASE_STATUSES, CASE_TYPES
from tui.format import ARROW, NONE, OVERDUE, SEP, LocalTime, clean, user_text
from tui.i18n import N_, _

# (key, heading, width: cells or a time form); the summary takes what is left
# a major case says so in its type cell ("complaint, major"); an overdue one is marked in the first column
LIST_COLUMNS = (
    ("mark", "", 2), ("id", N_("Case"), 4), ("due", N_("Due"), "short"), ("status", N_("Status"), 22),
    ("type", N_("Type"), 18), ("department", N_("Department"), 16), ("customer", N_("Customer"), 10),
    ("owner", N_("Owner"), 8), ("summary", N_("Summary"), 28),
)
LIST_FLEX = {"status": 6, "type": 4, "department": 4, "customer": 6, "owner": 4, "summary": 6}
TIMELINE_COLUMNS = (("at", N_("Date"), "dated"), ("who", N_("Who"), 8), ("what", N_("What"), 20),
                    ("text", N_("Details"), 60))
TIMELINE_FLEX = {"who": 5, "what": 14, "text": 20}

OVERDUE_STYLE = "bold red"
# each filter key cycles through None (any) and the values, in this order
FILTERS: dict[str, tuple[str | None, ...]] = {
    "status": (None, *CASE_STATUSES, "all"),
    "case_type": (None, *CASE_TYPES),
    "department": (None, *CASE_DEPARTMENTS),
    "severity": (None, *CASE_SEVERITIES),
}


def filter_words(name: str, value: str | None) -> str:
    """One filter as the list's heading says it."""
    if name == "status":
        return {None: _("not closed"), "all": _("every status")}.get(value) or case_status_label(value or "")
    if value is None:
        return _("any")
    return {"case_type": case_type_label, "department": case_department_label,
            "severity": case_severity_label}[name](value)


def next_value(name: str, value: str | None) -> str | None:
    values = FILTERS[name]
    return values[(values.index(value) + 1) % len(values)] if value in values else values[0]


def status_text(case: Case) -> Text:
    text = Text(case_status_label(case.status))
    if case.overdue:
        text.append(" " + _("(overdue)"), style="bold")
    return text


def type_text(case: Case) -> Text:
    text = Text(case_type_label(case.type))
    if case.severity == "major":
        text.append(_(", ") + case_severity_label("major"), style="bold")
    return text


def list_cells(case: Case, when: LocalTime, owner: bool = True) -> list:
    """The list's cells; `owner` False leaves the owner's out (my own cases: always me)."""
    cells = [
        Text(OVERDUE if case.overdue else " ", style=OVERDUE_STYLE),
        Text(f"#{case.id}"),
        Text(when.short(case.due_at), style="bold" if case.overdue else ""),  # the list's form: no weekday
        Text(case_status_label(case.status)),
        type_text(case),
        Text(case_department_label(case.department)),
        user_text(case.customer_name or NONE),
        user_text(case.owner_name or case.owner),
        user_text(case.summary),
    ]
    return cells if owner else cells[:-2] + cells[-1:]


def case_line(case: Case, when: LocalTime) -> str:
    """A customer's open case in one line (the card, the call form's pop)."""
    line = _("#{id} {type}, {status}, due {due}").format(
        id=case.id, type=case_type_label(case.type), status=case_status_label(case.status), due=when.dated(case.due_at))
    if case.overdue:
        line += " " + _("(overdue)")
    if case.severity == "major":
        line += " " + case_severity_label("major")
    return line




def event_cells(event: CaseEvent, when: LocalTime) -> list:
    """When, who, what (the kind, the call or callback it names) and the details: the values it moved between,
    then what was written."""
    what = case_event_label(event.kind)
    if event.call_id:
        what += " " + _("(call #{id})").format(id=event.call_id)
    elif event.callback_id:
        what += " " + _("(callback #{id})").format(id=event.callback_id)
    before, after = case_event_value(event.kind, event.before), case_event_value(event.kind, event.after)
    moved = f"{before} {ARROW} {after}" if before and after else after or ""
    details = Text()
    details.append(clean(moved), style="bold")
    if event.text:
        details.append((SEP if moved else "") + clean(event.text))
    return [Text(when.dated(event.at)), user_text(event.actor), Text(clean(what)), details]
