"""`agentdesk callbacks ...` and `agentdesk return-visits generate`: the F4 queue without the desk."""

from __future__ import annotations

from dataclasses import asdict

import click

from screens.labels import attempt_result_label, callback_event_label, callback_kind_label, callback_status_label
from store.vocab import ATTEMPT_RESULTS
from tui.cli_env import pass_env
from tui.cli_masks import masked
from tui.i18n import _


def register(cli) -> None:
    @cli.group("callbacks")
    def callbacks_group():
        """List, add, claim and work callbacks."""

    @callbacks_group.command("list")
    @click.option("--mine", "scope", flag_value="mine", default=True, help="Your callbacks (the default).")
    @click.option("--pool", "scope", flag_value="pool", help="The shared pool.")
    @click.option("--all", "scope", flag_value="all", help="Everything you may see: yours (a lead: the team's) and the pool.")
    @click.option("--status", type=click.Choice(["open", "done", "cancelled"]), default="open")
    @click.option("--limit", type=click.IntRange(1, 10_000), default=200)
    @click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
    @pass_env
    def callbacks_list(env, scope, status, limit, fmt):
        """Callbacks by due time."""
        from store import callbacks
        from tui.output import emit_json, emit_table

        rows = callbacks.list_callbacks(env.store(), env.agent, scope=scope, status=status, limit=limit)
        when = env.local_time()
        if fmt == "json":
            emit_json(masked([r.as_json() for r in rows], when))
            return
        shown = [{**asdict(r), "who": r.customer_name or (when.masked(r.phone) if r.phone else ""),
                  "owner_shown": r.owner or _("pool")} for r in rows]
        emit_table(shown, [("id", "#"), ("due_at", _("Due")), ("kind", _("Kind")), ("who", _("Customer")),
                          ("reason", _("Reason")), ("owner_shown", _("Owner")), ("priority", _("Priority")),
                          ("attempts", _("Attempts"))], when=when, words={"kind": callback_kind_label})

    @callbacks_group.command("add")
    @click.option("--number", default=None, help="The number to call back.")
    @click.option("--customer", "customer_id", type=int, default=None, help="Customer id.")
    @click.option("--due", required=True, metavar="WHEN", help="As in the call form: +30m, tomorrow 10:00, mon 9, 2026-12-01 14:30.")
    @click.option("--owner", default="me", metavar="me|pool|LOGIN", show_default=True)
    @click.option("--reason", required=True)
    @click.option("--priority", type=click.IntRange(1, 3), default=2, help="1 high, 2 normal, 3 low.")
    @click.option("--kind", type=click.Choice(["callback", "return-visit"]), default="callback")
    @pass_env
    def callbacks_add(env, number, customer_id, due, owner, reason, priority, kind):
        """Schedule a callback for a number or a customer."""
        from store import callbacks

        if not number and customer_id is None:
            raise click.UsageError(_("give --number or --customer."))
        callback_id = callbacks.add_callback(env.store(), env.agent, due=due, number=number, customer_id=customer_id,
                                             owner=owner, reason=reason, priority=priority, kind=kind)
        click.echo(_("callback #{id} added").format(id=callback_id))

    @callbacks_group.command("claim")
    @click.argument("callback_id", type=int)
    @pass_env
    def callbacks_claim(env, callback_id):
        """Take a callback from the pool (exit 3 and the holder's login when someone else has it)."""
        from store import callbacks

        callbacks.claim_callback(env.store(), env.agent, callback_id)
        click.echo(_("callback #{id} is yours").format(id=callback_id))

    @callbacks_group.command("attempt")
    @click.argument("callback_id", type=int)
    @click.option("--result", type=click.Choice(ATTEMPT_RESULTS), required=True)
    @click.option("--note", default="")
    @click.option("--due", default=None, metavar="WHEN", help="Try again then (not with --result reached).")
    @pass_env
    def callbacks_attempt(env, callback_id, result, note, due):
        """Record a try at a callback; reached completes it."""
        from store import callbacks

        cb = callbacks.record_attempt(env.store(), env.agent, callback_id, result, note=note, due=due)
        click.echo(_("callback #{id}: {result} recorded; it is {status}").format(
            id=callback_id, result=attempt_result_label(result), status=callback_status_label(cb.status)))

    @callbacks_group.command("complete")
    @click.argument("callback_id", type=int)
    @click.option("--note", default="")
    @pass_env
    def callbacks_complete(env, callback_id, note):
        """Mark a callback done."""
        from store import callbacks

        callbacks.complete_callback(env.store(), env.agent, callback_id, note)
        click.echo(_("callback #{id} done").format(id=callback_id))

    @callbacks_group.command("cancel")
    @click.argument("callback_id", type=int)
    @click.option("--reason", required=True)
    @pass_env
    def callbacks_cancel(env, callback_id, reason):
        """Cancel a callback, saying why."""
        from store import callbacks

        callbacks.cancel_callback(env.store(), env.agent, callback_id, reason)
        click.echo(_("callback #{id} cancelled").format(id=callback_id))

    @callbacks_group.command("reopen")
    @click.argument("callback_id", type=int)
    @click.option("--reason", required=True, help="Why it is open again (kept in its history and the audit log).")
    @pass_env
    def callbacks_reopen(env, callback_id, reason):
        """Open a done or cancelled callback again: whoever closed it within callback_undo_min minutes, a lead any time."""
        from store import callbacks

        callbacks.reopen_callback(env.store(), env.agent, callback_id, reason)
        click.echo(_("callback #{id} is open again").format(id=callback_id))

    @callbacks_group.command("reschedule")
    @click.argument("callback_id", type=int)
    @click.option("--due", required=True, metavar="WHEN")
    @pass_env
    def callbacks_reschedule(env, callback_id, due):
        """Move a callback's due time."""
        from store import callbacks

        due_at = callbacks.reschedule_callback(env.store(), env.agent, callback_id, due=due)
        when = env.local_time()
        click.echo(_("callback #{id} now due {when} ({zone})").format(id=callback_id, when=when.full(due_at),
                                                                      zone=when.zone_name))

    @callbacks_group.command("release")
    @click.argument("callback_id", type=int)
    @pass_env
    def callbacks_release(env, callback_id):
        """Give a callback back to the pool."""
        from store import callbacks

        callbacks.release_callback(env.store(), env.agent, callback_id)
        click.echo(_("callback #{id} is back in the pool").format(id=callback_id))

    @callbacks_group.command("reassign")
    @click.argument("callback_ids", type=int, nargs=-1, required=True)
    @click.option("--to", "to", required=True, metavar="LOGIN|pool")
    @pass_env
    def callbacks_reassign(env, callback_ids, to):
        """Give callbacks to an agent or the pool (leads: their team)."""
        from store import callbacks

        moved = callbacks.reassign_callbacks(env.store(), env.agent, callback_ids, None if to == "pool" else to)
        click.echo(_("{n} callback(s) moved to {to}").format(n=moved, to=_("the pool") if to == "pool" else to))

    @callbacks_group.command("show")
    @click.argument("callback_id", type=int)
    @click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
    @pass_env
    def callbacks_show(env, callback_id, fmt):
        """One callback and its history."""
        from store import callbacks
        from tui.output import emit_json, emit_table

        cb = callbacks.get_callback(env.store(), env.agent, callback_id)
        if fmt == "json":
            emit_json(masked({**cb.as_json(), "history": [h.as_json() for h in cb.history]}, env.local_time()))
            return
        when = env.local_time()
        click.echo(_("#{id} {kind} {status} due {due} ({zone}) owner {owner}").format(
            id=cb.id, kind=callback_kind_label(cb.kind), status=callback_status_label(cb.status), due=when.full(cb.due_at),
            zone=when.zone_name, owner=cb.owner or _("pool")))
        def row(h) -> dict:
            out = h.as_json()
            if h.event == "attempt":  # the note leads with the result's slug: in words, as the desk's history
                result, _sep, note = (h.note or "").partition(": ")
                out["note"] = attempt_result_label(result) + (f" ({note})" if note else "")
            return out

        emit_table([row(h) for h in cb.history], [("at", _("When")), ("actor", _("By")), ("event", _("Event")),
                                   ("from_owner", _("From")), ("to_owner", _("To")), ("due_at", _("Due")),
                                   ("note", _("Note"))], when=when, words={"event": callback_event_label})

    @callbacks_group.command("grace")
    @pass_env
    def callbacks_grace(env):
        """Move owned callbacks overdue by more than owner_grace_min to the pool now."""
        from store import callbacks

        moved = callbacks.apply_owner_grace(env.store(), env.agent)
        click.echo(_("{n} callback(s) moved to the pool").format(n=moved))

    @cli.group("return-visits")
    def return_visits_group():
        """Return visits (回访) owed by customer status (settings return_visit_days_*)."""

    @return_visits_group.command("generate")
    @click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
    @pass_env
    def return_visits_generate(env, fmt):
        """Create the return visits now due (leads and admins); safe to run from several desks at once."""
        from store import callbacks
        from tui.output import emit_json

        summary = callbacks.generate_return_visits(env.store(), env.agent)
        if fmt == "json":
            emit_json(summary)
            return
        click.echo(_("{n} return visit(s) created in {s:.1f} s").format(n=summary["created"], s=summary["seconds"]))
