"""`agentdesk init` (a new store and its first admin), `agentdesk check` and `agentdesk restore FILE`."""

from __future__ import annotations

from pathlib import Path

import click

from tui.cli_env import Env, pass_env
from tui.cli_help import HelpCommand
from tui.cli_streams import is_dash, stdin_as_file
from tui.i18n import _


def register(cli: click.Group) -> None:
    cli.add_command(init)
    cli.add_command(check)
    cli.add_command(restore)


@click.command("init", cls=HelpCommand)
@click.option("--admin", "login", default=None, metavar="LOGIN",
              help="The first admin's login (default: who acts: --agent, AGENTDESK_AGENT or your OS login).")
@click.option("--name", default=None, help="The first admin's display name (default: the login).")
@pass_env
def init(env: Env, login: str | None, name: str | None):
    """Create a new store (--db, else the default path) and its first admin: the one command that makes a
    store (besides the demo's own)."""
    from store import agents

    store = env.store(create=True)
    if agents.has_agents(store):
        raise click.ClickException(_("{path} is already a store with agents; add more with 'agentdesk agents add'.")
                         .format(path=store.path))
    login = login or env.agent
    agent = agents.add_agent(store, env.agent, login, name or login, "admin", None)
    click.echo(_("created the store {path}; its first admin is {login}").format(path=store.path, login=agent.login))


@click.command("check", cls=HelpCommand)
@pass_env
def check(env: Env):
    """Check the store: SQLite's integrity check and foreign-key check (admins). Exit 0 when sound."""
    from store import maintenance

    store = env.store()
    problems = maintenance.check(store, env.agent)
    if not problems:
        click.echo(_("{path}: the integrity and foreign-key checks found nothing wrong").format(path=store.path))
        return
    for problem in problems:
        if problem.kind == "integrity":
            click.echo(_("integrity: {text}").format(text=problem.text))
        else:
            click.echo(_("{table} row {row_id} refers to a row of {parent} that does not exist.")
                       .format(table=problem.table, row_id=problem.row_id, parent=problem.parent))
    raise click.ClickException(_("{path}: {count} problem(s) found (listed above); restore a backup or ask for "
                                 "help with this file.").format(path=store.path, count=len(problems)))


@click.command("restore", cls=HelpCommand)
@click.argument("source", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--source-name", default=None, hidden=True,
              help="The file the backup on stdin came from, for the audit rows (a bound run's relay names it).")
@pass_env
def restore(env: Env, source: Path, source_name: str | None):
    """Put the backup SOURCE (- for stdin) in the store's place (admins; no desk may be running). The
    replaced store is kept beside it as NAME.replaced-YYYYMMDD-HHMMSS."""
    from store import restore as restore_lib

    store = env.store()
    if is_dash(source):
        with stdin_as_file("restore.db") as path:
            done = restore_lib.restore(store, env.agent, path, source_name=source_name or "stdin")
    else:
        if not source.is_file():
            raise click.ClickException(_("{file}: no such file").format(file=source))
        done = restore_lib.restore(store, env.agent, source)
    click.echo(_("restored {path} from the backup (schema {version}: {customers} customers, {calls} calls); the "
                 "store it replaced is kept as {kept}").format(
        path=done.path, version=done.version, customers=done.counts.get("customers", 0),
        calls=done.counts.get("calls", 0), kept=done.kept_as))
