"""The `agentdesk` command. Every subcommand calls store functions; none runs SQL.

Run alone it starts the desk; its subcommands live in the tui/cli_*.py modules, each registered here.
"""

from __future__ import annotations

import sys

import click

from tui import (
    cli_admin,
    cli_agents,
    cli_audit,
    cli_callbacks,
    cli_cases,
    cli_customers,
    cli_data,
    cli_demo,
    cli_host,
    cli_kpi,
    cli_maintenance,
    cli_phone,
    cli_prefs,
)
from tui.binding import Binding
from tui.cli_env import DeskGroup, Env, run_desk, show_version


@click.group(cls=DeskGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", metavar="PATH", help="Store file (else AGENTDESK_DB, else the user data dir).")
@click.option("--agent", metavar="LOGIN", help="Acting agent (else AGENTDESK_AGENT, else your OS login).")
@click.option("--lang", metavar="LANG",
              help="Interface language, e.g. en or zh_CN (else your 'agentdesk prefs', else AGENTDESK_LANG, else the locale).")
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=show_version,
              help="Show the version and exit.")
@click.pass_context
def cli(ctx, db, agent, lang):
    """agentdesk: the customer-service agent desk. Run alone to start the desk."""
    # the language was chosen when the command line was read: DeskGroup.parse_args
    ctx.obj = Env(db, agent, lang, binding=ctx.obj if isinstance(ctx.obj, Binding) else None,
              command=ctx.invoked_subcommand is not None)
    if ctx.invoked_subcommand is None:
        run_desk(ctx.obj)


for module in (cli_agents, cli_maintenance, cli_admin, cli_phone, cli_data, cli_demo, cli_kpi, cli_customers, cli_callbacks, cli_cases,
               cli_audit,
               cli_host, cli_prefs):
    module.register(cli)


def main() -> None:
    from tui.i18n import set_language
    from tui.rebind import rebind_if_shared

    set_language(None)  # its sentences before the command line is read; DeskGroup sets --lang's
    rebind_if_shared(sys.argv[1:])  # on a shared install an agent's run goes through sudo from here
    try:
        cli(prog_name="agentdesk")
    except KeyboardInterrupt:
        sys.exit(130)
