"""`agentdesk cases ...`: the case list and detail (工单) without the desk, on the store functions the screens use."""

from __future__ import annotations

import click

from screens.labels import (
    case_department_label,
    case_event_label,
    case_event_value,
    case_severity_label,
    case_status_label,
    case_type_label,
)
from store.vocab import CASE_DEPARTMENTS, CASE_SEVERITIES, CASE_STATUSES, CASE_TYPES
from tui.cli_env import pass_env
from tui.i18n import _

SETTABLE = tuple(s for s in CASE_STATUSES if s != "closed")
WORDS = {"status": case_status_label, "type": case_type_label, "severity": case_severity_label,
         "department": case_department_label}




def _said(case) -> str:
    return _("case #{id}: {status}, {department}, owner {owner}").format(
        id=case.id, status=case_status_label(case.status), department=case_department_label(case.department),
        owner=case.owner)


def register(cli) -> None:  # noqa: C901 - one small function per command
    @cli.group("cases")
    def cases_group():
        """Cases (工单): problems worked until the customer hears the answer."""

    @cases_group.command("list")
    @click.option("--mine", "scope", flag_value="mine", default=True, help="Your cases (the default).")
    @click.option("--team", "scope", flag_value="team", help="Your team's cases (an admin: all).")
    @click.option("--overdue", "scope", flag_value="overdue", help="Past due and still being worked.")
    @click.option("--all", "scope", flag_value="all", help="Every case you may see.")
    @click.option("--status", type=click.Choice([*CASE_STATUSES, "all"]), default=None,
                  help="One status, or all (default: every status but closed).")
    @click.option("--type", "case_type", type=click.Choice(CASE_TYPES), default=None)
    @click.option("--department", type=click.Choice(CASE_DEPARTMENTS), default=None)
    @click.option("--severity", type=click.Choice(CASE_SEVERITIES), default=None)
    @click.option("--limit", type=click.IntRange(1, 1000), default=50)
    @click.option("--offset", type=click.IntRange(0), default=0)
    @click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
    @pass_env
    def cases_list(env, scope, status, case_type, department, severity, limit, offset, fmt):
        """Cases, overdue first, then by due time."""
        from store import cases
        from tui.output import emit_json, emit_table

        page = cases.list_cases(env.store(), env.agent, scope=scope, status=status, case_type=case_type,
                                department=department, severity=severity, limit=limit, offset=offset)
        if fmt == "json":
            emit_json({"cases": [c.as_json() for c in page.rows], "next_offset": page.next_offset})
            return
        rows = [{**c.as_json(), "late": _("overdue") if c.overdue else ""} for c in page.rows]
        emit_table(rows, [("id", "#"), ("due_at", _("Due")), ("late", ""), ("status", _("Status")),
                          ("type", _("Type")), ("severity", _("Severity")), ("department", _("Department")),
                          ("customer_name", _("Customer")), ("owner", _("Owner")), ("summary", _("Summary"))],
                   when=env.local_time(), words=WORDS)
        if page.next_offset is not None:
            click.echo(_("more: --offset {offset}").format(offset=page.next_offset))

    @cases_group.command("show")
    @click.argument("case_id")
    @click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
    @pass_env
    def cases_show(env, case_id, fmt):
        """One case and its timeline."""
        from store import cases
        from tui.output import emit_json, emit_table

        case = cases.get_case(env.store(), env.agent, case_id)
        if fmt == "json":
            emit_json(case.as_json())
            return
        when = env.local_time()
        click.echo(_("#{id} {type} {severity} {status}, {department}, owner {owner}, due {due} ({zone})").format(
            id=case.id, type=case_type_label(case.type), severity=case_severity_label(case.severity),
            status=case_status_label(case.status), department=case_department_label(case.department),
            owner=case.owner, due=when.full(case.due_at), zone=when.zone_name))
        rows = [{**e.as_json(), "before": case_event_value(e.kind, e.before), "after": case_event_value(e.kind, e.after)}
                for e in case.timeline]
        emit_table(rows,
                   [("at", _("When")), ("actor", _("By")), ("kind", _("Event")), ("before", _("From")),
                    ("after", _("To")), ("text", _("Note"))], when=when, words={"kind": case_event_label})

    @cases_group.command("open")
    @click.option("--call", "call_id", type=int, default=None, help="The call it comes from.")
    @click.option("--customer", "customer_id", type=int, default=None, help="The customer it is for.")
    @click.option("--type", "case_type", type=click.Choice(CASE_TYPES), required=True)
    @click.option("--severity", type=click.Choice(CASE_SEVERITIES), default="normal")
    @click.option("--summary", default="", help="One line on the problem.")
    @pass_env
    def cases_open(env, call_id, customer_id, case_type, severity, summary):
        """Open a case from a call or for a customer."""
        from store import cases

        if (call_id is None) == (customer_id is None):
            raise click.UsageError(_("give --call or --customer."))
        case_id = cases.open_case(env.store(), env.agent, call_id=call_id, customer_id=customer_id,
                                  case_type=case_type, severity=severity, summary=summary)
        click.echo(_said(cases.get_case(env.store(), env.agent, case_id)))

    @cases_group.command("note")
    @click.argument("case_id")
    @click.argument("text")
    @pass_env
    def cases_note(env, case_id, text):
        """Add a note to the timeline."""
        from store import cases

        click.echo(_said(cases.add_note(env.store(), env.agent, case_id, text)))

    @cases_group.command("reply")
    @click.argument("case_id")
    @click.argument("text")
    @click.option("--department", type=click.Choice(CASE_DEPARTMENTS), required=True)
    @pass_env
    def cases_reply(env, case_id, text, department):
        """Record what a department answered."""
        from store import cases

        click.echo(_said(cases.record_reply(env.store(), env.agent, case_id, department, text)))

    @cases_group.command("status")
    @click.argument("case_id")
    @click.argument("status", type=click.Choice(SETTABLE), metavar="STATUS")
    @click.option("--resolution", default=None, help="How it was resolved (needed for resolved).")
    @pass_env
    def cases_status(env, case_id, status, resolution):
        """Change the status (closing: cases close)."""
        from store import cases

        click.echo(_said(cases.change_status(env.store(), env.agent, case_id, status, resolution)))

    @cases_group.command("assign")
    @click.argument("case_id")
    @click.option("--to", "to", required=True, metavar="LOGIN")
    @pass_env
    def cases_assign(env, case_id, to):
        """Give a case to another agent (leads: their team)."""
        from store import cases

        click.echo(_said(cases.reassign_case(env.store(), env.agent, case_id, to)))

    @cases_group.command("department")
    @click.argument("case_id")
    @click.argument("department", type=click.Choice(CASE_DEPARTMENTS), metavar="DEPARTMENT")
    @click.option("--note", default="")
    @pass_env
    def cases_department(env, case_id, department, note):
        """Hand the work to another department; the owner stays accountable."""
        from store import cases

        click.echo(_said(cases.change_department(env.store(), env.agent, case_id, department, note)))

    @cases_group.command("severity")
    @click.argument("case_id")
    @click.argument("severity", type=click.Choice(CASE_SEVERITIES))
    @pass_env
    def cases_severity(env, case_id, severity):
        """Normal or major; the due time follows."""
        from store import cases

        click.echo(_said(cases.change_severity(env.store(), env.agent, case_id, severity)))

    @cases_group.command("told")
    @click.argument("case_id")
    @click.option("--note", default="", help="How they were told (WeChat, e-mail, in person).")
    @pass_env
    def cases_told(env, case_id, note):
        """The customer was told of progress."""
        from store import cases

        click.echo(_said(cases.mark_told(env.store(), env.agent, case_id, note)))

    @cases_group.command("link")
    @click.argument("case_id")
    @click.option("--call", "call_id", type=int, required=True)
    @pass_env
    def cases_link(env, case_id, call_id):
        """Link a saved call to an open case (the customer chasing it: 催办)."""
        from store import cases

        click.echo(_said(cases.link_call(env.store(), env.agent, case_id, call_id)))

    @cases_group.command("callback")
    @click.argument("case_id")
    @click.option("--due", required=True, metavar="WHEN", help="As in the call form: +30m, tomorrow 10:00, mon 9.")
    @click.option("--reason", default="")
    @pass_env
    def cases_callback(env, case_id, due, reason):
        """Schedule a callback to update the customer."""
        from store import cases

        callback_id = cases.schedule_update_callback(env.store(), env.agent, case_id, due=due, reason=reason)
        click.echo(_("callback #{id} added").format(id=callback_id))

    @cases_group.command("close")
    @click.argument("case_id")
    @click.option("--resolution", default=None, help="The answer (else the one recorded when resolved).")
    @click.option("--unreachable", is_flag=True,
                  help="Close unheard after 3 unreached attempts on 3 days (leads and admins: your approval).")
    @pass_env
    def cases_close(env, case_id, resolution, unreachable):
        """Close a resolved case once the customer has heard the answer."""
        from store import cases

        click.echo(_said(cases.close_case(env.store(), env.agent, case_id, resolution, unreachable)))

    @cases_group.command("reopen")
    @click.argument("case_id")
    @click.option("--reason", required=True, help="Why it is open again (kept in its timeline and the audit log).")
    @pass_env
    def cases_reopen(env, case_id, reason):
        """Open a closed case again within case_reopen_days."""
        from store import cases

        click.echo(_said(cases.reopen_case(env.store(), env.agent, case_id, reason)))

    @cases_group.command("counts")
    @click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
    @pass_env
    def cases_counts(env, fmt):
        """Your open, overdue and quiet cases (the status line)."""
        from dataclasses import asdict

        from store import cases
        from tui.output import emit_json

        counts = cases.case_counts(env.store(), env.agent)
        if fmt == "json":
            emit_json(asdict(counts))
            return
        click.echo(_("open {open}, overdue {overdue}, not updated lately {reminders}").format(
            open=counts.open, overdue=counts.overdue, reminders=counts.reminders))

    @cases_group.group("calendar")
    def calendar_group():
        """The working-hours calendar: holidays and make-up working days (调休)."""

    @calendar_group.command("import")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False))
    @pass_env
    def calendar_import(env, file):
        """Import CSV rows date,kind[,hours][,note] (kind holiday or workday; admins)."""
        from pathlib import Path

        from store import cases

        n = cases.import_calendar(env.store(), env.agent, Path(file).read_text(encoding="utf-8"))
        click.echo(_("{n} calendar day(s) imported").format(n=n))

    @calendar_group.command("show")
    @click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
    @pass_env
    def calendar_show(env, fmt):
        """The holidays and make-up working days."""
        from dataclasses import asdict

        from store import cases
        from tui.output import emit_json, emit_table

        days = cases.calendar_days(env.store(), env.agent)
        if fmt == "json":
            emit_json([asdict(d) for d in days])
            return
        kinds = {"holiday": _("holiday"), "workday": _("make-up working day (调休)")}
        emit_table([asdict(d) for d in days], [("day", _("Date")), ("kind", _("Kind")), ("hours", _("Hours")),
                                               ("note", _("Note"))], words={"kind": lambda k: kinds.get(k, k)})
