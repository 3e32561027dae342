"""`agentdesk audit`: who changed what and how their login was proven; `agentdesk audit prune` (admins)."""

from __future__ import annotations

import click

from tui.cli_env import pass_env
from tui.i18n import _


def register(cli) -> None:
    @cli.group("audit", invoke_without_command=True)
    @click.option("--table", metavar="TABLE", help="Only changes to this table (calls, customers, callbacks, settings ...).")
    @click.option("--by", metavar="LOGIN", help="Only changes made by this login.")
    @click.option("--since", metavar="WHEN", help="From this day (in the centre's time zone) or this time on.")
    @click.option("--limit", type=click.IntRange(1, 10_000), default=200, show_default=True, help="The newest this many rows.")
    @click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
    @click.pass_context
    def audit_group(ctx, table, by, since, limit, fmt):
        """The audit log, newest first: who changed what, and how their login was proven (leads: their team; admins: all)."""
        if ctx.invoked_subcommand is not None:
            return
        from screens.labels import audit_action_label
        from store.audit import list_audit
        from tui.output import emit_json, emit_table

        env = ctx.obj  # the Env of `agentdesk` (tui/cli_env.py)
        page = list_audit(env.store(), env.agent, table=table, by=by, since=since, limit=limit)
        if fmt == "json":
            emit_json([e.as_json() for e in page.entries])
            return
        rows = [{"at": e.at, "actor": e.actor, "proof": e.proof, "table_name": e.table_name, "row_id": e.row_id,
                 "action": audit_action_label(e.action), "change": e.change()} for e in page.entries]
        emit_table(rows, [("at", _("Time")), ("actor", _("By")), ("proof", _("Proven by")), ("table_name", _("Table")),
                          ("row_id", "#"), ("action", _("Action")), ("change", _("Change"))], when=env.local_time())
        if page.next is not None:
            click.echo(_("The newest {n} audit rows are shown; older ones: --since or --limit.").format(n=len(rows)))

    @audit_group.command("prune")
    @click.option("--before", required=True, metavar="YYYY-MM-DD",
                  help="Delete the audit rows older than this day (in the centre's time zone), past the retention period.")
    @click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
    @pass_env
    def audit_prune(env, before, fmt):
        """Delete audit rows past the retention period (admins; setting audit_retention_days); the prune is audited."""
        from store.audit_prune import prune_audit
        from tui.output import emit_json

        prunes = prune_audit(env.store(), env.agent, before)
        rows = sum(p.rows for p in prunes)
        if fmt == "json":
            emit_json({"before": prunes[0].cutoff, "rows": rows, "prunes": [p.as_json() for p in prunes]})
            return
        click.echo(_("{n} audit row(s) older than {day} deleted; the prune is in the audit log.").format(n=rows, day=before))
