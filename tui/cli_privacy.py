"""Personal data: `agentdesk customers do-not-call | erase | export-data`; the store decides who may and audits it."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tui.cli_env import pass_env
from tui.i18n import _


def register(customers_group) -> None:
    @customers_group.command("do-not-call")
    @click.argument("customer_id", type=int)
    @click.option("--reason", default=None, metavar="TEXT", help="Why they may not be called (required to set the flag).")
    @click.option("--off", is_flag=True, help="Take the customer off the do-not-call list.")
    @pass_env
    def do_not_call(env, customer_id, reason, off):
        """Put a customer on the do-not-call list (no outgoing call, callback or attempt), or take them off."""
        from store import customers

        customers.set_do_not_call(env.store(), env.agent, customer_id, not off, reason)
        if off:
            click.echo(_("customer #{id} may be called again").format(id=customer_id))
        else:
            click.echo(_("customer #{id} is on the do-not-call list").format(id=customer_id))

    @customers_group.command("erase")
    @click.argument("customer_id", type=int)
    @click.option("--reason", required=True, metavar="TEXT",
                  help="Whose request and how it came (kept in the audit log: no name or number in it).")
    @pass_env
    def erase(env, customer_id, reason):
        """Erase a customer's personal data on their request (admins): name, phones and notes go; calls are kept
        with their figures. Run 'customers export-data' first if they asked for their data."""
        from store.erasure import erase_customer

        done = erase_customer(env.store(), env.agent, customer_id, reason)
        click.echo(_("customer #{id} erased: {phones} phones removed, {calls} calls and {callbacks} callbacks kept "
                     "without personal data").format(id=customer_id, phones=done.phones, calls=done.calls,
                                                     callbacks=done.callbacks))

    @customers_group.command("export-data")
    @click.argument("customer_id", type=int)
    @click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
                  help="Write to FILE instead of stdout.")
    @pass_env
    def export_data(env, customer_id, output):
        """Everything the store holds about one customer, as JSON (an access request; admins; audited)."""
        from store.subject_data import subject_data

        text = json.dumps(subject_data(env.store(), env.agent, customer_id), ensure_ascii=False, indent=1) + "\n"
        if output is None:
            from tui.output import terminal_json

            click.echo(terminal_json(text), nl=False)
            return
        output.write_text(text, encoding="utf-8")
        click.echo(_("customer #{id}'s data written to {path}").format(id=customer_id, path=output), err=True)
