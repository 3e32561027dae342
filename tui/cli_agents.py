"""`agentdesk agents` (add, change, list) and `agentdesk backup`."""

from __future__ import annotations

from pathlib import Path

import click

from tui.cli_env import Env, pass_env
from tui.cli_help import HelpCommand, HelpGroup
from tui.cli_streams import file_to_stdout, is_dash, private_folder
from tui.i18n import _


def register(cli: click.Group) -> None:
    cli.add_command(agents_group)
    cli.add_command(backup)
    cli.add_command(whoami)


@click.command("whoami", cls=HelpCommand)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_env
def whoami(env: Env, fmt: str):
    """Who this agentdesk acts as, and what proved it."""
    from screens.labels import role_label
    from store import agents
    from tui.output import emit_json

    agent = agents.whoami(env.store(), env.agent)
    proof = env.binding.proof if env.binding else None
    if fmt == "json":
        emit_json({**agent.as_json(), "proof": proof, "bound": env.binding is not None})
        return
    click.echo(_("{login} ({name}): {role}, team {team}").format(
        login=agent.login, name=agent.display_name, role=role_label(agent.role), team=agent.team or "-"))
    click.echo(_("proven by the system: {proof}").format(proof=proof) if proof else
               _("not proven: on this host the login comes from --agent, AGENTDESK_AGENT or your OS login"))


# -- agents ---------------------------------------------------------------------
@click.group("agents", cls=HelpGroup)
def agents_group():
    """Add, change and list agents (admins only, except the first)."""


def _agent_rows(items) -> list[dict]:
    return [a.as_json() for a in items]


def _print_agents(items, fmt: str) -> None:
    from screens.labels import role_label
    from tui.output import emit_json, emit_table

    rows = _agent_rows(items)
    if fmt == "json":
        emit_json(rows)
        return
    for row in rows:
        row["active"] = _("yes") if row["active"] else _("no")
    emit_table(
        rows,
        [("login", _("Login")), ("display_name", _("Name")), ("role", _("Role")), ("team", _("Team")),
         ("extension", _("Ext")), ("active", _("Active"))],
        words={"role": role_label},
    )


@agents_group.command("add")
@click.argument("login")
@click.option("--name", required=True, help="Display name.")
@click.option("--role", type=click.Choice(["agent", "lead", "admin"]), required=True)
@click.option("--team", default=None)
@click.option("--ext", default=None, help="Phone extension.")
@pass_env
def agents_add(env: Env, login, name, role, team, ext):
    """Add an agent. On a store with no agents the first must be an admin."""
    from screens.labels import role_label
    from store import agents

    agent = agents.add_agent(env.store(), env.agent, login, name, role, team, ext)
    click.echo(_("added {login} ({role}, team {team})").format(login=agent.login, role=role_label(agent.role),
                                                                team=agent.team or "-"))


@agents_group.command("set")
@click.argument("login")
@click.option("--name", default=None)
@click.option("--role", type=click.Choice(["agent", "lead", "admin"]), default=None)
@click.option("--team", default=None)
@click.option("--ext", default=None, help="Phone extension ('' removes it).")
@click.option("--active/--inactive", default=None)
@pass_env
def agents_set(env: Env, login, name, role, team, ext, active):
    """Change an agent's name, role, team, extension or active flag."""
    from store import agents

    kwargs = {}
    if team is not None:
        kwargs["team"] = team
    if ext is not None:
        kwargs["extension"] = ext
    agent = agents.set_agent(env.store(), env.agent, login, name=name, role=role, active=active, **kwargs)
    _print_agents([agent], "table")


@agents_group.command("list")
@click.option("--team", default=None)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@pass_env
def agents_list(env: Env, team, fmt):
    """List agents."""
    from store import agents

    _print_agents(agents.list_agents(env.store(), env.agent, team=team), fmt)


# -- backup ---------------------------------------------------------------------
@click.command("backup", cls=HelpCommand)
@click.argument("dest", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--destination", default=None, hidden=True,
              help="Where the copy on stdout is written, for the audit row (a bound run's relay names it).")
@pass_env
def backup(env: Env, dest: Path, destination: str | None):
    """Write a consistent copy of the store to DEST (- for stdout) while desks keep working."""
    from store import maintenance

    if is_dash(dest):
        with private_folder() as folder:
            size = maintenance.backup(env.store(), env.agent, folder / "backup.db", destination=destination or "stdout")
            file_to_stdout(folder / "backup.db")
        click.echo(_("backed up to standard output ({size} bytes)").format(size=size), err=True)
        return
    size = maintenance.backup(env.store(), env.agent, dest, destination=str(dest))
    click.echo(_("backed up to {dest} ({size} bytes)").format(dest=dest, size=size))
