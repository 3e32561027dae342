"""The fixed vocabularies: slugs stored in the database and used by the CLI."""

ROLES = ("agent", "lead", "admin")
CUSTOMER_STATUSES = ("prospect", "contracted", "churned")
DIRECTIONS = ("in", "out")
CHANNELS = ("phone", "walk-in", "wechat", "email")
CATEGORIES = (
    "consultation",
    "order",
    "complaint",
    "after-sales",
    "shipping",
    "billing",
    "feedback",
    "return-visit",
)
OUTCOMES = (
    "resolved",
    "escalated-tech",
    "escalated-sales",
    "escalated-manager",
    "callback-needed",
    "transferred",
    "no-answer",
    "wrong-number",
)
ESCALATION_TARGETS = ("tech", "sales", "manager")
CALLBACK_KINDS = ("callback", "return-visit", "missed-call")
CALLBACK_STATUSES = ("open", "done", "cancelled")
ATTEMPT_RESULTS = ("reached", "no-answer", "wrong-number", "call-later")
AGENT_STATUSES = ("ready", "on-call", "wrap-up", "break", "offline")
BREAK_REASONS = ("lunch", "rest", "meeting", "training", "other")
CONDUCT_KINDS = ("missed-meeting", "late", "early-leave", "absence", "dress-code", "hygiene")
CASE_TYPES = ("complaint", "after-sales", "request")
CASE_SEVERITIES = ("normal", "major")
CASE_DEPARTMENTS = ("customer-service", "tech", "sales", "manager")
CASE_STATUSES = ("open", "waiting-department", "waiting-customer", "resolved", "closed")
CASE_ACTIVE_STATUSES = ("open", "waiting-department", "waiting-customer")  # being worked: may be overdue
CASE_EVENT_KINDS = ("opened", "note", "reply", "status", "owner", "department", "severity", "call", "chase",
                    "callback", "attempt", "told", "closed", "reopened")
SLA_CALENDARS = ("calendar", "working-hours")
CHANGE_TOPICS = ("calls", "callbacks", "customers", "rings", "status", "settings", "agents", "cases")
