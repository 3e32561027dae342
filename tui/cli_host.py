"""`agentdesk host setup` (root, once per host) and `agentdesk services` (admins: the OS accounts of
the phone system and cron, each mapped to a service login and its verbs)."""

from __future__ import annotations

from pathlib import Path

import click

from tui.cli_env import pass_env
from tui.cli_help import HelpGroup
from tui.i18n import _


def register(cli: click.Group) -> None:
    cli.add_command(host_group)
    cli.add_command(services_group)


@click.group("host", cls=HelpGroup)
def host_group():
    """Set up a shared host (as root)."""


@host_group.command("setup")
@click.option("--service-user", default="agentdesk", show_default=True, help="The account that alone owns the store.")
@click.option("--agents-group", default="agentdesk", show_default=True, help="The OS group whose members run the desk.")
@click.option("--store", "store_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The store (default /var/lib/agentdesk/agentdesk.db); an existing one is converted in place.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("/"), show_default=True,
              help="Install under this folder instead of / (a trial or a test).")
@click.option("--sudoers", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where the sudo rule goes (default <root>/etc/sudoers.d/agentdesk).")
@click.option("--python", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The Python the desk runs with (default: this one), readable by every account.")
def host_setup(service_user, agents_group, store_path, root, sudoers, python):
    """Make this host a shared install: a service account owns the store, agents run the desk through a sudo
    rule, and who acts is the OS account they signed in with."""
    from tui.host_setup import SetupFailed, SetupPlan, set_up

    plan = SetupPlan(root.resolve(), service_user, agents_group, store_path, sudoers,
                     python or SetupPlan.python)
    try:
        for line in set_up(plan):
            click.echo(line)
    except (SetupFailed, OSError) as exc:
        raise click.ClickException(str(exc)) from None


@click.group("services", cls=HelpGroup)
def services_group():
    """The phone system's and cron's OS accounts and what they may run (admins)."""


@services_group.command("add")
@click.argument("os_user")
@click.option("--login", required=True, help="The service login it acts as (an agent of this store).")
@click.option("--verbs", required=True, help="What it may run, comma-separated: ring, missed, survey, import surveys, "
                                             "backup, callbacks grace, return-visits generate.")
@pass_env
def services_add(env, os_user, login, verbs):
    """Map the OS account OS_USER to a service login and its verbs."""
    from store.service_accounts import map_service

    account = map_service(env.store(), env.agent, os_user, login, verbs)
    click.echo(_("{os_user} acts as {login} and may run: {verbs}").format(
        os_user=account.os_user, login=account.login, verbs=", ".join(account.verbs)))


@services_group.command("remove")
@click.argument("os_user")
@pass_env
def services_remove(env, os_user):
    """Remove the OS account OS_USER's mapping."""
    from store.service_accounts import unmap_service

    unmap_service(env.store(), env.agent, os_user)
    click.echo(_("{os_user} is no longer a service account").format(os_user=os_user))


@services_group.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@pass_env
def services_list(env, fmt):
    """List the service accounts."""
    from store.service_accounts import list_services
    from tui.output import emit_json, emit_table

    accounts = list_services(env.store(), env.agent)
    if fmt == "json":
        emit_json([a.as_json() for a in accounts])
        return
    emit_table([{"os_user": a.os_user, "login": a.login, "verbs": ", ".join(a.verbs)} for a in accounts],
               [("os_user", _("OS account")), ("login", _("Service login")), ("verbs", _("May run"))])
