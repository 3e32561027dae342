"""`agentdesk customers find | list | show | merge` (do-not-call and the rest of personal data: tui/cli_privacy.py): the same store functions as the F3 lookup and the card."""

from __future__ import annotations

from dataclasses import replace

import click

from screens.labels import (
    callback_status_label,
    category_label,
    customer_field_label,
    customer_status_label,
    match_label,
    outcome_label,
    yes_no,
)
from store.vocab import CUSTOMER_STATUSES
from tui import cli_privacy, safe_text
from tui.cli_env import pass_env
from tui.cli_masks import masked
from tui.i18n import _


def register(cli) -> None:
    @cli.group("customers")
    def customers_group():
        """Find, show and merge customers in the archive."""

    cli_privacy.register(customers_group)

    @customers_group.command("find")
    @click.argument("query", nargs=-1)
    @click.option("--status", type=click.Choice(CUSTOMER_STATUSES), default=None, help="Only this status.")
    @click.option("--tag", default=None, help="Only customers with this tag.")
    @click.option("--limit", type=click.IntRange(1, 500), default=20, show_default=True)
    @click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
    @pass_env
    def find(env, query, status, tag, limit, fmt):
        """Customers matching QUERY (name, company, phone or suffix, e-mail, WeChat, city, notes,
        order or waybill number), best match first; no QUERY lists the newest contacts."""
        from store import customers
        from tui.output import emit_json, emit_table

        found = customers.lookup_customers(env.store(), env.agent, " ".join(query), limit, status=status, tag=tag)
        if found["too_wide"]:
            raise click.ClickException(_("an agent's lookup needs at least 2 characters or 4 digits of the caller; "
                                         "type more of the name or number."))
        found = masked(found, env.local_time())
        if fmt == "json":
            emit_json(found)
            return
        emit_table(
            found["rows"],
            [("id", _("Id")), ("name", _("Name")), ("company", _("Company")), ("status", _("Status")),
             ("main_phone", _("Main phone")), ("city", _("City")), ("last_contact_at", _("Last contact")),
             ("match", _("Match"))],
            when=env.local_time(), words={"status": customer_status_label, "match": match_label},
        )
        if found["more"]:
            click.echo(_("more matches than shown: narrow the query"), err=True)

    @customers_group.command("list")
    @click.option("--from", "start", default=None, metavar="NAME",
                  help="Begin at this name, its first characters or its pinyin (张, zh, Li).")
    @click.option("--after", type=int, default=None, metavar="ID",
                  help="The next page: after this customer (the id printed after the previous page).")
    @click.option("--limit", type=click.IntRange(1, 500), default=50, show_default=True)
    @click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
    @pass_env
    def list_(env, start, after, limit, fmt):
        """The customer archive in name order, a page at a time (leads and admins): Chinese names by
        pinyin (安 白 陈 李 王 张), Latin names among them by spelling, case aside."""
        from store import customers
        from tui.output import emit_json, emit_table

        page = masked(customers.list_customers(env.store(), env.agent, start=start, after=after, limit=limit),
                      env.local_time())
        if fmt == "json":
            emit_json(page)
            return
        emit_table(
            page["rows"],
            [("id", _("Id")), ("name", _("Name")), ("company", _("Company")), ("status", _("Status")),
             ("main_phone", _("Main phone")), ("city", _("City")), ("last_contact_at", _("Last contact"))],
            when=env.local_time(), words={"status": customer_status_label},
        )
        if page["next"]:
            click.echo(_("next page: --after {id}").format(id=page["next"]), err=True)

    @customers_group.command("show")
    @click.argument("customer_id", type=int)
    @click.option("--before", default=None, metavar="STARTED_AT,CALL_ID",
                  help="Calls older than this keyset cursor (the 'next' of the previous page).")
    @click.option("--call", "call_id", type=int, default=None, metavar="ID",
                  help="Agents: opened for your call of today with this customer.")
    @click.option("--callback", "callback_id", type=int, default=None, metavar="ID",
                  help="Agents: opened for your open callback for this customer.")
    @click.option("--lookup", "lookup", default=None, metavar="TEXT",
                  help="Agents: opened from a lookup (2+ characters or 4+ digits) that finds this customer.")
    @click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
    @click.option("--reveal", is_flag=True, help="Show the whole numbers (else masked: 138****8000); needs --reason.")
    @click.option("--reason", "reveal_reason", default=None, metavar="TEXT",
                  help="Why you need the whole numbers (recorded).")
    @pass_env
    def show(env, customer_id, before, call_id, callback_id, lookup, fmt, reveal, reveal_reason):
        """One customer's card: details, phones (masked unless --reveal), calls (a page), callbacks, open
        complaints. An agent says why it is open: --call, --callback or --lookup; each opening is audited."""
        from store import customers, reveals
        from store.card_views import CardReason, ReasonNeeded
        from tui.output import emit_json, emit_table

        given = [r for r in (call_id is not None and CardReason.call(call_id),
                             callback_id is not None and CardReason.callback(callback_id),
                             lookup is not None and CardReason.lookup(lookup)) if r]
        if len(given) > 1:
            raise click.UsageError(_("give one of --call, --callback and --lookup."))
        reason = given[0] if given else None
        if reveal_reason and not reveal:
            raise click.UsageError(_("--reason goes with --reveal."))
        if before:
            at, _sep, cursor_id = before.rpartition(",")
            if not at or not cursor_id.isdigit():
                raise click.BadParameter(_("give STARTED_AT,CALL_ID as printed in 'next'"), param_hint="--before")
        try:
            card, reason = customers.open_customer_card(env.store(), env.agent, customer_id, reason)
        except ReasonNeeded:
            if reason is not None:
                raise
            raise click.ClickException(_("an agent opens a customer's card for their work: add --call ID (your call "
                                         "of today with them), --callback ID (your open callback) or --lookup TEXT "
                                         "(2 or more characters, or 4 or more digits, that find them).")) from None
        if reveal:  # recorded before anything is shown; a missing reason is refused by the store
            reveals.reveal_customer_numbers(env.store(), env.agent, customer_id, reveal_reason or "")
        if before:
            page = customers.customer_calls(env.store(), env.agent, customer_id, before=(at, int(cursor_id)),
                                            reason=reason)
            card = replace(card, calls=page)
        when = env.local_time()
        if fmt == "json":
            emit_json(card.as_json() if reveal else masked(card.as_json(), when))
            return
        shown = {"tags": ", ".join(card.tags), "status": customer_status_label(card.status),
                 "do_not_call": yes_no(card.do_not_call)}
        flag = customers.do_not_call_flag(env.store(), env.agent, customer_id) if card.do_not_call else None
        if flag is not None:  # who and why
            shown["do_not_call"] = _("yes: {reason} ({by}, {at})").format(
                reason=flag.reason, by=flag.by or "-", at=when.full(flag.at) if flag.at else "-")
        details = [{"field": customer_field_label(key), "value": shown.get(key, getattr(card, key))}
                   for key in ("id", "name", "company", "status", "email", "wechat_id", "city", "tags", "do_not_call", "notes")]
        zoned = f"{customer_field_label('last_contact_at')} ({when.zone_name})"
        details.insert(-1, {"field": zoned, "value": when.full(card.last_contact_at)})
        change = card.last_change
        if change:
            details.append({"field": f"{customer_field_label('last_changed')} ({when.zone_name})",
                            "value": f"{change.by} {when.full(change.at)}"})
        emit_table(details, [("field", _("Field")), ("value", _("Value"))])
        phones = [p.as_json() for p in card.phones]
        emit_table(phones if reveal else masked(phones, when), [("e164", _("Number")), ("raw", _("As typed")), ("main", _("Main"))],
                   title=_("Phones"), words={"main": yes_no})
        emit_table(
            [c.as_json() for c in card.calls.calls],
            [("id", _("Id")), ("started_at", _("Started")), ("agent", _("Agent")), ("category", _("Category")),
             ("outcome", _("Outcome")), ("handle_s", _("Handle s")), ("note", _("Note"))],
            title=_("Calls"), when=when, words={"category": category_label, "outcome": outcome_label},
        )
        if card.calls.next:
            click.echo(_("older calls: --before {cursor}").format(cursor=",".join(map(str, card.calls.next))))
        emit_table([b.as_json() for b in card.callbacks], [("id", _("Id")), ("status", _("Status")), ("due_at", _("Due")),
                                                           ("owner", _("Owner")), ("reason", _("Reason"))],
                   title=_("Callbacks"), when=when, words={"status": callback_status_label})
        if card.open_complaints:
            emit_table([c.as_json() for c in card.open_complaints], [("id", _("Id")), ("started_at", _("Started")),
                                                                     ("outcome", _("Outcome")), ("note", _("Note"))],
                       title=_("Open complaints"), when=when, words={"outcome": outcome_label})
        for m in card.merged:
            click.echo(_("merged from #{id} {name} by {by} at {at} ({zone})").format(
                id=m.merged_from, name=safe_text.line(m.name), by=m.by, at=when.full(m.at), zone=when.zone_name))

    @customers_group.command("merge")
    @click.argument("keep", type=int)
    @click.argument("other", type=int)
    @click.option("--yes", is_flag=True, help="Merge after the preview without asking (leads and admins).")
    @click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
    @pass_env
    def merge(env, keep, other, yes, fmt):
        """Merge OTHER into KEEP (leads and admins): both records are shown side by side first; phones, calls,
        callbacks and notes move, whole; OTHER is deleted. --yes merges, a terminal asks, else nothing merges."""
        import sys

        from screens.merge_words import preview_headings, preview_rows
        from store import customers
        from tui.output import emit_json, emit_table

        store = env.store()
        preview = customers.merge_preview(store, env.agent, keep, other)
        if fmt == "json" and not yes:
            emit_json(preview.as_json())
        elif fmt != "json":
            headings = preview_headings(preview)
            keys = ("field", "keep", "other", "result")
            emit_table([dict(zip(keys, row)) for row in preview_rows(preview, env.local_time())],
                       list(zip(keys, headings)))
        if not yes:
            asked = sys.stdin.isatty() and sys.stdout.isatty()
            if not asked:
                raise click.ClickException(_("nothing merged: this is the preview; run it again with --yes to merge "
                                             "#{other} into #{keep}.").format(other=other, keep=keep))
            if not click.confirm(_("Merge #{other} into #{keep}? #{other} is deleted").format(other=other, keep=keep)):
                click.echo(_("nothing merged"))
                return
        result = customers.merge_customers(store, env.agent, keep, other)
        if fmt == "json":
            emit_json(result.as_json())
            return
        click.echo(_("merged #{other} into #{keep}: {phones} phones, {calls} calls, {callbacks} callbacks moved").format(
            other=other, keep=keep, phones=len(result.phones), calls=result.calls, callbacks=result.callbacks))
        if result.cancelled_return_visit:
            click.echo(_("callback #{id} cancelled: a duplicate open return visit").format(id=result.cancelled_return_visit))
