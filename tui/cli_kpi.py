"""KPIs, staffing, conduct, ratings, period close, settings and the weekly report from the command line."""

from __future__ import annotations

import click

from screens.labels import period_word
from tui.cli_env import pass_env
from tui.cli_subject import ForGroup, for_option
from tui.format import NONE, duration
from tui.i18n import _

KPI_FORMATS = click.Choice(["table", "json"])


def _show(value) -> str:
    return NONE if value is None else str(value)


def register(cli) -> None:
    @cli.group("kpi", cls=ForGroup, invoke_without_command=True)
    @for_option(help="Whose KPIs (default: yours; a lead: anyone in the team).")
    @click.option("--team", "team_flag", is_flag=True, help="The whole team's scorecard (leads and admins).")
    @click.option("--team-name", default=None, metavar="TEAM", help="An admin names the team.")
    @click.option("--period", default="month", help="today|week|month|last-month|YYYY-MM|YYYY-Www|FROM..TO")
    @click.option("--format", "fmt", type=KPI_FORMATS, default="table")
    @click.pass_context
    def kpi_cmd(ctx, subject, team_flag, team_name, period, fmt):
        """One agent's KPIs (yourself by default) or the team scorecard."""
        if ctx.invoked_subcommand is not None:
            return
        env = ctx.obj  # the Env of `agentdesk` (tui/cli_env.py)
        from screens.labels import case_type_label, kpi_label, scorecard_heading, yes_no
        from store import kpi
        from tui.output import emit_json, emit_table

        if team_flag or team_name:
            rows = kpi.team_kpis(env.store(), env.agent, period, team_name)
            if fmt == "json":
                emit_json([{k: r[k] for k in kpi.KPI_KEYS} for r in rows])
                return
            emit_table([{k: _show(v) for k, v in r.items()} for r in rows],
                       [(k, scorecard_heading(k)) for k in ("rank", "agent", "calls_handled", "aht_s", "fcr_rate",
                        "csat_avg", "callback_on_time_rate", "occupancy", "rating_avg", "deductions", "score", "grade",
                        "bonus_coefficient")])
            return
        row = kpi.agent_kpis(env.store(), env.agent, subject, period)
        if fmt == "json":
            emit_json(row)
            return
        when = env.local_time()
        shown = {"period_start": f"{when.full(row['period_start'])} ({when.zone_name})",
                 "period_end": f"{when.full(row['period_end'])} ({when.zone_name})", "closed": yes_no(row["closed"])}
        medians = kpi.case_resolve_medians(env.store(), env.agent, subject, period)  # beside the KPIs, not scored
        emit_table([{"kpi": kpi_label(k), "value": shown.get(k, _show(row[k]))} for k in kpi.KPI_KEYS]
                   + [{"kpi": _("Median time to resolve ({type})").format(type=case_type_label(t)), "value": duration(s)}
                      for t, s in medians.items()],
                   [("kpi", _("KPI")), ("value", _("Value"))])

    @kpi_cmd.command("rebuild-rollups")
    @pass_env
    def kpi_rebuild(env):
        """Recompute the daily KPI rollups from the calls (admins; after a bulk load or to check them)."""
        from store import kpi

        rows = kpi.rebuild_rollups(env.store(), env.agent)
        click.echo(_("KPI rollups rebuilt: {n} agent-day rows.").format(n=rows))

    @cli.command("staffing")
    @click.option("--calls", type=float, default=None, help="Calls offered in the interval.")
    @click.option("--interval-min", type=float, default=None, help="Interval length [default: 30; 60 from history].")
    @click.option("--aht-s", type=float, default=None)
    @click.option("--target-sl", type=float, default=0.8, show_default=True)
    @click.option("--target-s", type=float, default=20, show_default=True)
    @click.option("--max-occupancy", type=float, default=0.85, show_default=True)
    @click.option("--shrinkage", type=float, default=0.3, show_default=True)
    @click.option("--from-history", is_flag=True, help="Calls offered (answered + missed) and AHT from history.")
    @click.option("--weekday", default="mon", show_default=True, help="mon..sun (with --from-history).")
    @click.option("--hour", type=int, default=10, show_default=True, help="Local hour 0-23 (with --from-history).")
    @click.option("--weeks", type=int, default=8, show_default=True, help="Weeks to look back (with --from-history).")
    @click.option("--format", "fmt", type=KPI_FORMATS, default="table")
    @pass_env
    def staffing_cmd(env, calls, interval_min, aht_s, target_sl, target_s, max_occupancy, shrinkage, from_history,
                     weekday, hour, weeks, fmt):
        """Erlang C: agents needed for an interval (inputs typed, or --from-history for a weekday and hour)."""
        from screens.labels import staffing_label
        from store.errors import ValidationError
        from store.staffing import history_inputs, staff
        from tui.output import emit_json, emit_table

        if from_history:
            h = history_inputs(env.store(), env.agent, weekday, hour, weeks)
            calls = h["calls_offered"] if calls is None else calls
            interval_min = h["interval_min"] if interval_min is None else interval_min
            aht_s = h["aht_s"] if aht_s is None else aht_s
        for name, value in (("calls", calls), ("aht_s", aht_s)):
            if value is None:
                raise ValidationError(name, _("{name}: required (or use --from-history with history to draw on).")
                                      .format(name=name))
        result = staff(calls, interval_min or 30, aht_s, target_sl, target_s, max_occupancy, shrinkage).as_json()
        if from_history:
            result = {"calls_offered": calls, "interval_min": interval_min, "aht_s_in": aht_s, **result}
        if fmt == "json":
            emit_json(result)
            return
        emit_table([{"k": staffing_label(k), "v": round(v, 4) if isinstance(v, float) else v} for k, v in result.items()],
                   [("k", _("Figure")), ("v", _("Value"))])

    # -- conduct ---------------------------------------------------------------------------------
    @cli.group("conduct")
    def conduct_group():
        """Point deductions for conduct, and their appeals."""

    @conduct_group.command("add")
    @click.argument("login")
    @click.option("--kind", type=click.Choice(["missed-meeting", "late", "early-leave", "absence", "dress-code", "hygiene"]),
                  required=True)
    @click.option("--date", "day", required=True, metavar="YYYY-MM-DD")
    @click.option("--note", default="")
    @pass_env
    def conduct_add(env, login, kind, day, note):
        """Record a conduct event for an agent of your team (leads and admins)."""
        from store import conduct

        event_id = conduct.add_event(env.store(), env.agent, login, kind, day, note)
        click.echo(_("conduct event #{id} recorded").format(id=event_id))

    @conduct_group.command("list")
    @for_option(help="Only this agent's events (default: all you may see).", refuse_login_argument=True)
    @click.option("--format", "fmt", type=KPI_FORMATS, default="table")
    @pass_env
    def conduct_list(env, subject, fmt):
        """Conduct events you may see (agents: their own)."""
        from screens.labels import appeal_status_label, conduct_kind_label
        from store import conduct
        from tui.output import emit_json, emit_table

        rows = [e.as_json() for e in conduct.list_events(env.store(), env.agent, subject)]
        if fmt == "json":
            emit_json(rows)
            return
        emit_table(rows, [("id", "#"), ("agent", _("Agent")), ("occurred_on", _("Date")), ("kind", _("Kind")),
                          ("points", _("Points")), ("note", _("Note")), ("appeal_status", _("Appeal"))],
                   words={"kind": conduct_kind_label, "appeal_status": appeal_status_label})

    @conduct_group.command("appeal")
    @click.argument("event_id", type=int)
    @click.option("--reason", required=True)
    @pass_env
    def conduct_appeal(env, event_id, reason):
        """Appeal one of your deductions."""
        from store import conduct

        conduct.appeal(env.store(), env.agent, event_id, reason)
        click.echo(_("appeal of #{id} sent").format(id=event_id))

    @conduct_group.command("decide")
    @click.argument("event_id", type=int)
    @click.argument("decision", type=click.Choice(["accept", "reject"]))
    @pass_env
    def conduct_decide(env, event_id, decision):
        """Accept (withdraw the deduction) or reject an appeal (leads and admins)."""
        from screens.labels import appeal_status_label
        from store import conduct

        event = conduct.decide(env.store(), env.agent, event_id, decision)
        click.echo(_("appeal of #{id}: {status}").format(id=event_id, status=appeal_status_label(event.appeal_status)))

    @cli.command("rate")
    @click.argument("login")
    @click.option("--period", required=True)
    @click.option("--initiative", type=int, required=True)
    @click.option("--teamwork", type=int, required=True)
    @click.option("--innovation", type=int, required=True)
    @click.option("--learning", type=int, required=True)
    @click.option("--communication", type=int, required=True)
    @click.option("--note", default="")
    @pass_env
    def rate_cmd(env, login, period, initiative, teamwork, innovation, learning, communication, note):
        """Rate an agent 1-5 on five dimensions for a period (leads and admins)."""
        from store import conduct

        conduct.rate(env.store(), env.agent, login, period, initiative=initiative, teamwork=teamwork,
                     innovation=innovation, learning=learning, communication=communication, note=note)
        click.echo(_("rated {login} for {period}").format(login=login, period=period_word(period)))

    # -- periods ---------------------------------------------------------------------------------
    @cli.group("period")
    def period_group():
        """Close (freeze) and reopen a team's assessment period."""

    @period_group.command("close")
    @click.argument("period")
    @click.option("--team", default=None, help="An admin names the team.")
    @click.option("--note", "notes", multiple=True, metavar="LOGIN=TEXT", help="Review note for one agent (repeatable).")
    @pass_env
    def period_close(env, period, team, notes):
        """Freeze the team scorecard of PERIOD as it stands, with review notes."""
        from store import scorecard
        from store.errors import ValidationError

        parsed = {}
        for item in notes:
            if "=" not in item:
                raise ValidationError("note", _("note: write LOGIN=TEXT."))
            login, text = item.split("=", 1)
            parsed[login.strip()] = text
        scorecard.close_period(env.store(), env.agent, period, team, parsed)
        click.echo(_("{period} closed").format(period=period_word(period)))

    @period_group.command("reopen")
    @click.argument("period")
    @click.option("--team", default=None)
    @click.option("--reason", required=True)
    @pass_env
    def period_reopen(env, period, team, reason):
        """Reopen a closed period (audited)."""
        from store import scorecard

        scorecard.reopen_period(env.store(), env.agent, period, team, reason)
        click.echo(_("{period} reopened").format(period=period_word(period)))

    # -- settings --------------------------------------------------------------------------------
    @cli.group("settings")
    def settings_group():
        """Show and change the centre's settings."""

    @settings_group.command("show")
    @click.option("--team", default=None, help="As that team's agents are scored: its own targets and weights.")
    @click.option("--format", "fmt", type=KPI_FORMATS, default="table")
    @pass_env
    def settings_show(env, team, fmt):
        """Every setting, its value and where the value comes from (team, centre, default)."""
        from screens.setting_words import scope_word, setting_name, value_summary
        from store import settings
        from tui.output import emit_json, emit_table

        values = settings.get_settings(env.store(), env.agent, team)
        if fmt == "json":
            emit_json(values)
            return
        scopes = settings.setting_scopes(env.store(), env.agent, team)
        emit_table([{"name": setting_name(k), "key": k, "value": value_summary(v, k, with_ids=True),
                     "scope": scope_word(scopes[k], team)} for k, v in sorted(values.items())],
                   [("name", _("Setting")), ("key", _("Setting id")), ("value", _("Value")), ("scope", _("Set for"))])

    @settings_group.command("set")
    @click.argument("key")
    @click.argument("value")
    @click.option("--team", default=None, help="A team's own kpi_targets or kpi_weights (a lead: always their own team's).")
    @pass_env
    def settings_set(env, key, value, team):
        """Change a setting: admins the centre's, leads their team's targets and weights. VALUE is JSON for objects;
        KEY.ENTRY changes one entry."""
        from screens.setting_words import setting_name, value_summary
        from store import kpi_settings

        stored = kpi_settings.set_from_text(env.store(), env.agent, key, value, team)
        key = key.split(".")[0]
        click.echo(_("{name} ({key}): {value}").format(name=setting_name(key), key=key,
                                                       value=value_summary(stored, key, with_ids=True)))

    @settings_group.command("unset")
    @click.argument("key")
    @click.option("--team", default=None, help="The team whose own value goes (a lead: their own team).")
    @pass_env
    def settings_unset(env, key, team):
        """Drop a team's own targets or weights: the centre's apply to its agents again."""
        from screens.setting_words import setting_name, value_summary
        from store import settings

        stored = settings.unset_team_setting(env.store(), env.agent, key, team)
        click.echo(_("{name} ({key}): the centre's again: {value}").format(
            name=setting_name(key), key=key, value=value_summary(stored, key, with_ids=True)))

    # -- report ----------------------------------------------------------------------------------
    @cli.group("report")
    def report_group():
        """Reports: the weekly summary."""

    @report_group.command("weekly")
    @click.option("--week", default=None, metavar="YYYY-Www", help="ISO week (default: last week).")
    @click.option("--format", "fmt", type=click.Choice(["md", "json", "csv"]), default="md")
    @pass_env
    def report_weekly(env, week, fmt):
        """The weekly summary of complaints, feedback, callbacks, return visits and calls (leads and admins)."""
        from store import reports
        from tui import safe_text
        from tui.output import terminal_json

        when = env.local_time()
        reader = reports.Reader(translate=_, moment=when.full, zone=when.zone_name)
        text = reports.render(reports.weekly_summary(env.store(), env.agent, week), fmt, reader)
        if fmt == "md":  # read on a terminal: no control character of a note reaches it (csv is for files)
            text = safe_text.shown(text, multiline=True)
        elif fmt == "json":
            text = terminal_json(text)
        click.echo(text, nl=False)
