"""Phone-system hooks and headless call logging: ring, missed, calls, survey."""

from __future__ import annotations

import click

from screens.labels import category_label, outcome_label
from store.vocab import CATEGORIES, CHANNELS, DIRECTIONS, OUTCOMES
from tui.cli_env import pass_env
from tui.cli_masks import masked
from tui.cli_subject import for_option
from tui.i18n import _


def register(cli) -> None:
    @cli.command("ring")
    @click.argument("number")
    @for_option(help="The agent rung (or --ext).")
    @click.option("--ext", metavar="EXT", help="The extension rung.")
    @click.option("--uniqueid", metavar="ID", help="The phone system's call id.")
    @click.option("--line", metavar="NAME", help="Line or queue name.")
    @pass_env
    def ring(env, number, subject, ext, uniqueid, line):
        """Record an incoming call for an agent: their desk pops the call form."""
        from store import rings

        # the phone system's own login when it has one (a shared install always does: the system proves it)
        actor = env.agent if env.agent_given or env.binding is not None else None
        ring_id = rings.record_ring(env.store(), actor, number=number, agent=subject, extension=ext, uniqueid=uniqueid,
                                    line=line)
        click.echo(_("ring #{id} queued").format(id=ring_id))

    @cli.command("missed")
    @click.argument("number")
    @click.option("--uniqueid", metavar="ID")
    @click.option("--queue", metavar="NAME")
    @pass_env
    def missed(env, number, uniqueid, queue):
        """Record an abandoned or unanswered call: a pool callback, once per number."""
        from store import callbacks

        callback_id, created = callbacks.record_missed_call(env.store(), env.agent, number, uniqueid, queue)
        if created:
            click.echo(_("callback #{id} added to the pool").format(id=callback_id))
        else:
            click.echo(_("callback #{id} is already open for this number").format(id=callback_id))

    @cli.group("calls")
    def calls_group():
        """Log and list calls without the desk."""

    @calls_group.command("add")
    @click.option("--number", default="", help="Caller's number (empty for walk-in, WeChat, e-mail).")
    @click.option("--customer", "customer_id", type=int, default=None, help="Customer id, when there is no number.")
    @click.option("--category", type=click.Choice(CATEGORIES), required=True)
    @click.option("--outcome", type=click.Choice(OUTCOMES), required=True)
    @click.option("--direction", type=click.Choice(DIRECTIONS), default="in")
    @click.option("--channel", type=click.Choice(CHANNELS), default="phone")
    @click.option("--talk", "talk_s", type=int, default=0, help="Talk seconds.")
    @click.option("--hold", "hold_s", type=int, default=0, help="Hold seconds.")
    @click.option("--wrap", "wrap_s", type=int, default=0, help="Wrap-up seconds.")
    @click.option("--notes", default="")
    @click.option("--escalation-reason", default=None)
    @click.option("--order-no", default=None)
    @click.option("--waybill-no", default=None)
    @click.option("--uniqueid", default=None)
    @click.option("--recording", "recording_url", default=None, help="Recording link.")
    @pass_env
    def calls_add(env, **fields):
        """Log a call with the same checks as the call form."""
        from store import calls
        from store.call_records import CallEntry

        call_id = calls.log_call(env.store(), env.agent, CallEntry(**fields))
        click.echo(_("call #{id} saved").format(id=call_id))

    @calls_group.command("list")
    @for_option(help="Only this agent's calls (default: every call you may see).")
    @click.option("--limit", type=int, default=50)
    @click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
    @pass_env
    def calls_list(env, subject, limit, fmt):
        """The newest calls you may see (agents: own; leads: team)."""
        from store import calls
        from tui.output import emit_json, emit_table

        rows = masked([c.as_json() for c in calls.list_calls(env.store(), env.agent, agent=subject, limit=limit)],
                      env.local_time())
        if fmt == "json":
            emit_json(rows)
            return
        emit_table(rows, [("id", "#"), ("started_at", _("Started")), ("agent", _("Agent")),
                          ("customer_name", _("Customer")), ("category", _("Category")),
                          ("outcome", _("Outcome")), ("talk_s", _("Talk s"))], when=env.local_time(),
                   words={"category": category_label, "outcome": outcome_label})

    @cli.command("survey")
    @click.option("--call", "call_id", type=int, default=None)
    @click.option("--uniqueid", default=None)
    @click.option("--score", type=click.IntRange(1, 5), required=True)
    @pass_env
    def survey(env, call_id, uniqueid, score):
        """Record the customer's post-call survey answer (1-5)."""
        from store import surveys

        found = surveys.record_survey(env.store(), env.agent, score, call_id=call_id, uniqueid=uniqueid)
        click.echo(_("survey {score} saved on call #{id}").format(score=score, id=found))
