"""How the store's slugs read on screen, in the current language (one literal `_()` each, for the catalogs)."""

from __future__ import annotations

from tui.format import NONE
from tui.i18n import _


def role_label(slug: str) -> str:
    return {"agent": _("agent"), "lead": _("lead"), "admin": _("admin")}.get(slug, slug)


def status_label(slug: str) -> str:
    return {
        "ready": _("ready"),
        "on-call": _("on call"),
        "wrap-up": _("wrap-up"),
        "break": _("on break"),
        "offline": _("offline"),
    }.get(slug, slug)


def category_label(slug: str) -> str:
    return {
        "consultation": _("consultation"),
        "order": _("order"),
        "complaint": _("complaint"),
        "after-sales": _("after-sales"),
        "shipping": _("shipping"),
        "billing": _("billing"),
        "feedback": _("feedback"),
        "return-visit": _("return visit"),
    }.get(slug, slug)


def outcome_label(slug: str) -> str:
    return {
        "resolved": _("resolved"),
        "escalated-tech": _("escalated: tech"),
        "escalated-sales": _("escalated: sales"),
        "escalated-manager": _("escalated: manager"),
        "callback-needed": _("callback needed"),
        "transferred": _("transferred"),
        "no-answer": _("no answer"),
        "wrong-number": _("wrong number"),
    }.get(slug, slug)


def escalation_target_label(slug: str) -> str:
    return {"tech": _("tech"), "sales": _("sales"), "manager": _("manager")}.get(slug, slug)


def channel_label(slug: str) -> str:
    return {"phone": _("phone"), "walk-in": _("walk-in"), "wechat": _("WeChat"), "email": _("e-mail")}.get(slug, slug)


def break_reason_label(slug: str) -> str:
    return {
        "lunch": _("lunch"),
        "rest": _("rest"),
        "meeting": _("meeting"),
        "training": _("training"),
        "other": _("other"),
    }.get(slug, slug)


def callback_kind_label(slug: str) -> str:
    return {"callback": _("callback"), "return-visit": _("return visit"), "missed-call": _("missed call")}.get(slug, slug)


def callback_status_label(slug: str) -> str:
    return {"open": _("open"), "done": _("done"), "cancelled": _("cancelled")}.get(slug, slug)


def attempt_result_label(slug: str) -> str:
    return {
        "reached": _("reached"),
        "no-answer": _("no answer"),
        "wrong-number": _("wrong number"),
        "call-later": _("call later"),
    }.get(slug, slug)


def callback_event_label(slug: str) -> str:
    return {
        "created": _("created"),
        "claimed": _("claimed"),
        "released": _("released to the pool"),
        "reassigned": _("reassigned"),
        "grace-moved": _("moved to the pool (owner grace)"),
        "rescheduled": _("rescheduled"),
        "attempt": _("attempt"),
        "completed": _("completed"),
        "cancelled": _("cancelled"),
        "reopened": _("reopened"),
    }.get(slug, slug)


def kpi_label(key: str) -> str:
    """A KPI in words (F5's table), and every other figure of an agent's KPI row (`agentdesk kpi`)."""
    return {
        "calls_handled": _("Calls handled"), "aht_s": _("Average handle time (s)"), "fcr_rate": _("First-call resolution"),
        "csat_avg": _("Satisfaction (avg)"), "csat_top2_rate": _("Satisfied (4-5)"),
        "callback_on_time_rate": _("Callbacks on time"), "complaints": _("Complaints"),
        "complaints_resolved": _("Complaints resolved"), "escalation_rate": _("Escalation rate"),
        "transfer_rate": _("Transfer rate"), "occupancy": _("Occupancy"), "calls_per_hour": _("Calls per hour"),
        "rating_avg": _("Rating (avg)"), "deductions": _("Deductions"),
        "agent": _("Agent"), "period_start": _("Period starts"), "period_end": _("Period ends (before)"),
        "talk_s": _("Talk time (s)"), "hold_s": _("Hold time (s)"), "wrap_s": _("Wrap-up time (s)"),
        "fcr_eligible": _("Calls counted for first-call resolution"), "fcr_resolved": _("Resolved at the first call"),
        "csat_n": _("Satisfaction surveys answered"), "callbacks_due": _("Callbacks due"),
        "callbacks_on_time": _("Callbacks made on time"), "score": _("Score"), "grade": _("Grade"), "rank": _("Rank"),
        "bonus_coefficient": _("Coefficient"), "closed": _("Period closed"),
        "cases_resolved": _("Cases resolved"), "cases_in_sla": _("Cases resolved within SLA"),
        "cases_in_sla_rate": _("Cases within SLA"), "cases_opened": _("Cases opened"),
        "case_chases": _("Chases per case"),
    }.get(key, key)


def staffing_label(key: str) -> str:
    """An input or figure of the staffing calculation (F6's staffing tab, `agentdesk staffing`)."""
    return {
        "calls": _("Calls offered"), "calls_offered": _("Calls offered"), "interval_min": _("Interval (min)"),
        "aht_s": _("AHT (s)"), "aht_s_in": _("AHT (s)"), "target_sl": _("Service level target"),
        "target_s": _("... answered within (s)"), "max_occupancy": _("Max occupancy"), "shrinkage": _("Shrinkage"),
        "agents_on_phones": _("Agents on phones"), "agents_scheduled": _("Agents to schedule"),
        "service_level": _("Expected service level"), "p_wait": _("P(wait)"), "asa_s": _("ASA (s)"),
        "occupancy": _("Occupancy"),
    }.get(key, key)


def customer_field_label(key: str) -> str:
    """A field of a customer's card."""
    return {
        "id": _("Id"), "name": _("Name"), "company": _("Company"), "email": _("E-mail"), "wechat_id": _("WeChat id"),
        "city": _("City"), "tags": _("Tags"), "phone": _("Phone"), "status": _("Status"), "do_not_call": _("Do not call"),
        "notes": _("Notes"), "last_contact_at": _("Last contact"), "last_changed": _("Last changed"),
    }.get(key, key)


def match_label(klass: str) -> str:
    """Why a customer was found (store.search's match classes, best first)."""
    return {"phone": _("phone number"), "name": _("name"), "prefix": _("start of a name"), "other": _("elsewhere"),
            "recent": _("recent contact")}.get(klass, klass)


def pref_label(key: str) -> str:
    """One of an agent's own preferences (`agentdesk prefs`)."""
    return {"language": _("Language"), "keymap": _("Keys")}.get(key, key)


def scorecard_heading(key: str) -> str:
    """Short column headings of the team scorecard (F6 and `agentdesk kpi --team`)."""
    return {
        "rank": _("Rank"), "agent": _("Agent"), "calls_handled": _("Calls"), "aht_s": _("AHT s"),
        "fcr_rate": _("FCR"), "csat_avg": _("CSAT"), "callback_on_time_rate": _("On time"),
        "occupancy": _("Occupancy"), "escalation_rate": _("Escalated"), "transfer_rate": _("Transferred"),
        "rating_avg": _("Rating"), "deductions": _("Deductions"), "score": _("Score"), "grade": _("Grade"),
        "bonus_coefficient": _("Coefficient"), "cases_in_sla_rate": _("Cases in SLA"), "case_chases": _("Chases"),
    }.get(key, key)


def customer_status_label(slug: str | None) -> str:
    return {
        None: _("all"), "prospect": _("prospect"), "contracted": _("contracted"), "churned": _("churned"),
    }.get(slug, slug or "")


def conduct_kind_label(slug: str) -> str:
    return {
        "missed-meeting": _("missed meeting"), "late": _("late"), "early-leave": _("left early"),
        "absence": _("absence"), "dress-code": _("dress code"), "hygiene": _("hygiene"),
    }.get(slug, slug)


def appeal_status_label(slug: str | None) -> str:
    return {None: "", "pending": _("appeal pending"), "accepted": _("appeal accepted"),
            "rejected": _("appeal rejected")}.get(slug, slug or "")


def audit_action_label(slug: str) -> str:
    return {"insert": _("created"), "update": _("changed"), "delete": _("deleted")}.get(slug, slug)


def direction_label(slug: str) -> str:
    return {"in": _("incoming"), "out": _("outgoing")}.get(slug, slug)


def yes_no(value: bool | None) -> str:
    return NONE if value is None else _("yes") if value else _("no")


def period_word(period: str) -> str:
    """A scorecard's period as a lead reads it: 'this month'; a named one ('2026-11') as it is."""
    return {"month": _("this month"), "last-month": _("last month"), "week": _("this week"),
            "today": _("today")}.get(period, period)


def case_status_label(slug: str) -> str:
    return {"open": _("being handled"), "waiting-department": _("waiting for department"),
            "waiting-customer": _("waiting for customer"), "resolved": _("resolved"),
            "closed": _("closed")}.get(slug, slug)


def case_type_label(slug: str) -> str:
    return {"complaint": _("complaint"), "after-sales": _("after-sales"), "request": _("request")}.get(slug, slug)


def case_severity_label(slug: str) -> str:
    return {"normal": _("normal"), "major": _("major")}.get(slug, slug)


def case_department_label(slug: str | None) -> str:
    return {"customer-service": _("customer service"), "tech": _("tech"), "sales": _("sales"),
            "manager": _("manager")}.get(slug or "", slug or "")


def case_event_label(slug: str) -> str:
    return {
        "opened": _("opened"), "note": _("note"), "reply": _("department reply"), "status": _("status changed"),
        "owner": _("reassigned"), "department": _("department changed"), "severity": _("severity changed"),
        "call": _("linked call"), "chase": _("chase (催办)"), "callback": _("update callback"),
        "attempt": _("callback attempt"), "told": _("customer told"), "closed": _("closed"),
        "reopened": _("reopened"),
    }.get(slug, slug)


def weekday_label(number: int) -> str:
    """A weekday (0 Monday) as a short word."""
    return (_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun"))[number]


def case_event_value(kind: str, value: str | None) -> str | None:
    """A case timeline entry's before/after in words (the desk's and `cases show`'s) (a login and a time stay as they are)."""
    if value is None:
        return None
    if kind in ("status", "opened", "reopened") or (kind == "closed" and value != "unreachable"):
        return case_status_label(value)
    if kind == "closed":
        return _("customer unreachable, approved")
    if kind in ("department", "reply"):
        return case_department_label(value)
    if kind == "severity":
        return case_severity_label(value)
    if kind in ("call", "chase"):
        return outcome_label(value)
    if kind == "attempt":
        return attempt_result_label(value)
    return value
