"""What each centre setting is called and means, as a lead reads it in F6's settings (g).

A setting added to store.settings.DEFAULTS gets its words here (tests/test_settings_screen.py
checks every one has them); the key stays the id the CLI and config use.
"""

from __future__ import annotations

import json

from screens.labels import case_severity_label, case_type_label, conduct_kind_label, scorecard_heading, weekday_label
from store.case_settings import WEEKDAY_KEYS
from tui.i18n import N_, _

WORDS: dict[str, tuple[str, str]] = {
    "timezone": (N_("Time zone"), N_("Days, weeks, periods and every time shown are the centre's, in this zone.")),
    "phone_region": (N_("Phone region"), N_("Numbers typed without +country are read as this region's.")),
    "ring_max_age_s": (N_("Ring shown for (s)"), N_("An older ring no longer pops up; it is shown as a missed call.")),
    "wrap_limit_s": (N_("Wrap-up limit (s)"), N_("Past this, the desk reminds the agent to save the call.")),
    "break_limit_s": (N_("Break limit (s)"), N_("Past this, the desk reminds the agent the break is over.")),
    "heartbeat_s": (N_("Heartbeat (s)"), N_("How often a desk says it is still open; a silent desk goes offline.")),
    "owner_grace_min": (N_("Overdue to pool (min)"),
                        N_("An owned callback overdue this long goes to the pool; 0: never.")),
    "return_visit_days_prospect": (N_("Return visit: prospects (days)"),
                                   N_("A return visit falls due this long after the last contact; 0: none.")),
    "return_visit_days_contracted": (N_("Return visit: contracted (days)"),
                                     N_("A return visit falls due this long after the last contact; 0: none.")),
    "return_visit_days_churned": (N_("Return visit: churned (days)"),
                                  N_("A return visit falls due this long after the last contact; 0: none.")),
    "fcr_window_days": (N_("First-call resolution window (days)"),
                        N_("A call counts as resolved first time if the customer does not call again about it within this.")),
    "callback_ontime_min": (N_("Callback on time within (min)"),
                            N_("A callback made within this of its first due time counts as on time.")),
    "callback_undo_min": (N_("Reopen a closed callback (min)"),
                          N_("An agent may reopen a callback they closed for this long; a lead at any time.")),
    "card_views_per_hour": (N_("Card views per hour"),
                            N_("An agent who opens more customer cards than this in an hour shows on the lead's wallboard; 0: never.")),
    "audit_retention_days": (N_("Audit log kept (days)"),
                             N_("Audit rows are kept at least this long (183 or more); an admin prunes older ones.")),
    "case_sla_hours": (N_("Case SLA (hours)"), N_("Hours to resolve a case, by type and severity.")),
    "sla_calendar": (N_("Case SLA calendar"),
                     N_("calendar: every hour counts; working-hours: only the working hours, less holidays.")),
    "case_working_hours": (N_("Case working hours"),
                           N_("The working hours of each weekday the SLA counts in (working-hours calendar).")),
    "case_reopen_days": (N_("Reopen a closed case (days)"), N_("A closed case may be reopened this long; 0: never.")),
    "case_reminder_hours": (N_("Case reminder (hours)"),
                            N_("A case not updated this long reminds its owner; 0: never.")),
    "kpi_targets": (N_("KPI targets"), N_("The figure each KPI is measured against (100 points when met).")),
    "kpi_weights": (N_("KPI weights"), N_("Each KPI's share of the score, in points; they add up to 100.")),
    "kpi_directions": (N_("KPI directions"), N_("Whether higher or lower is better for each KPI.")),
    "grade_thresholds": (N_("Grade thresholds"), N_("The least score for each grade; below the last: D.")),
    "bonus_coefficients": (N_("Bonus coefficients"), N_("What each grade multiplies the bonus by.")),
    "deduction_points": (N_("Deduction points"), N_("Points taken off the score for each conduct event, by kind.")),
}


def setting_name(key: str) -> str:
    return _(WORDS[key][0]) if key in WORDS else key


def setting_meaning(key: str) -> str:
    return _(WORDS[key][1]) if key in WORDS else ""


def entry_name(key: str, name: str) -> str:
    """An entry of an object setting in words: a KPI (kpi_weights' fcr_rate: FCR), a conduct event's kind;
    a grade (A, B, C) as it is."""
    if key.startswith("kpi_"):
        return scorecard_heading(name)
    if key == "case_sla_hours" and "-" in name:  # TYPE-SEVERITY: after-sales-major
        case_type, severity = name.rsplit("-", 1)
        return f"{case_type_label(case_type)} {case_severity_label(severity)}"
    if key == "case_working_hours" and name in WEEKDAY_KEYS:
        return weekday_label(WEEKDAY_KEYS.index(name))
    return conduct_kind_label(name) if key == "deduction_points" else name


def value_summary(value, key: str = "", with_ids: bool = False) -> str:
    """A value on one line, in words: an object as `name value, name value`, every entry shown; `with_ids`
    names each entry's id too, as the edit box takes it: `FCR (fcr_rate) 20`."""
    if isinstance(value, dict):
        def name(entry: str) -> str:
            words = entry_name(key, entry)
            return f"{words} ({entry})" if with_ids and words != entry else words

        return ", ".join(f"{name(k)} {direction_word(v) if key == 'kpi_directions' else value_summary(v)}"
                         for k, v in value.items())
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def direction_word(direction: str) -> str:
    # TRANSLATORS: a KPI's direction in the settings: a higher (lower) figure is better
    return {"higher": _("higher"), "lower": _("lower")}.get(direction, direction)


def scope_word(scope: str, team: str | None) -> str:
    """Where a setting's value comes from, in words: the team's own, the centre's, or the default."""
    if scope == "team":
        return _("team {team}").format(team=team)
    if scope == "centre":
        return _("the centre")
    return _("default")
