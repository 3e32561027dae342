"""Personal data: `agentdesk customers do-not-call`; the store decides who may and audits it."""

from __future__ import annotations

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
