"""The `agentdesk` command. Every subcommand calls store functions; none runs SQL.

Errors print one sentence and exit non-zero, never a traceback:
1 refused or failed, 2 bad usage, 3 lost to another agent (a conflict).
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import click

from store.clock import clock_from_environment
from store.errors import StoreError
from tui.i18n import _, set_language
from tui.paths import default_demo_db, resolve_agent, resolve_db

EXIT_CONFLICT = 3


class Env:
    """What every subcommand needs: where the store is and who is acting."""

    def __init__(self, db: str | None, agent: str | None, lang: str | None):
        self.db_path, self.db_explicit = resolve_db(db)
        self.agent = resolve_agent(agent)
        self.agent_given = agent is not None
        self.lang = lang
        try:
            self.clock = clock_from_environment()
        except StoreError as exc:
            raise click.ClickException(exc.render(_)) from None
        self._store = None

    def store(self):
        if self._store is None:
            from store import open_store

            self._store = open_store(self.db_path, self.clock, create_parent=not self.db_explicit)
        return self._store

    def use_demo_db(self) -> None:
        """`agentdesk demo` keeps to its own file unless --db/AGENTDESK_DB says otherwise."""
        if not self.db_explicit:
            self.db_path = default_demo_db()

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


class DeskGroup(click.Group):
    """Turns store errors into one-sentence messages with an exit code."""

    def invoke(self, ctx):
        from store.errors import Conflict

        try:
            return super().invoke(ctx)
        except Conflict as exc:
            click.echo(_("Error: {message}").format(message=exc.render(_)), err=True)
            if exc.holder:
                click.echo(exc.holder)
            ctx.exit(EXIT_CONFLICT)
        except StoreError as exc:
            raise click.ClickException(exc.render(_)) from None
        except sqlite3.Error as exc:
            raise click.ClickException(_("the store failed: {error}").format(error=exc)) from None
        except UnicodeDecodeError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            raise click.ClickException(
                _("{file}: {reason}").format(file=exc.filename or "", reason=exc.strerror or exc)
            ) from None
        finally:
            env = ctx.find_object(Env)
            if env is not None:
                env.close()


pass_env = click.make_pass_decorator(Env)


@click.group(cls=DeskGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", metavar="PATH", help="Store file (else AGENTDESK_DB, else the user data dir).")
@click.option("--agent", metavar="LOGIN", help="Acting agent (else AGENTDESK_AGENT, else your OS login).")
@click.option("--lang", metavar="LANG", help="Interface language, e.g. en or zh_CN (else AGENTDESK_LANG, else the locale).")
@click.version_option(package_name="agentdesk")
@click.pass_context
def cli(ctx, db, agent, lang):
    """agentdesk: the customer-service agent desk. Run alone to start the desk."""
    set_language(lang)
    ctx.obj = Env(db, agent, lang)
    if ctx.invoked_subcommand is None:
        run_desk(ctx.obj)


def run_desk(env: Env, agent: str | None = None) -> None:
    """Check the agent, then start the Textual desk."""
    from store import agents

    store = env.store()
    agents.whoami(store, agent or env.agent)  # raises a clear PermissionDenied for unknown/inactive logins
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        # without a terminal the desk could neither read keys nor be quit: it would run on unseen
        raise click.ClickException(_(
            "the desk needs a terminal and this is not one (over SSH use 'ssh -t'); commands such as "
            "'agentdesk customers find' work without one."))
    from tui.app import make_app

    app = make_app(store, agent or env.agent, freeze_gc=True)
    app.run()


# -- agents ---------------------------------------------------------------------
@cli.group("agents")
def agents_group():
    """Add, change and list agents (admins only, except the first)."""


def _agent_rows(items) -> list[dict]:
    return [a.as_json() for a in items]


def _print_agents(items, fmt: str) -> None:
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
    from store import agents

    agent = agents.add_agent(env.store(), env.agent, login, name, role, team, ext)
    click.echo(_("added {login} ({role}, team {team})").format(login=agent.login, role=agent.role, team=agent.team or "-"))


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
@cli.command("backup")
@click.argument("dest", type=click.Path(dir_okay=False, path_type=Path))
@pass_env
def backup(env: Env, dest: Path):
    """Write a consistent copy of the store to DEST while desks keep working."""
    from store import maintenance

    size = maintenance.backup(env.store(), env.agent, dest)
    click.echo(_("backed up to {dest} ({size} bytes)").format(dest=dest, size=size))


def _register_more() -> None:
    from tui import cli_admin, cli_data, cli_demo, cli_phone

    cli_admin.register(cli)
    cli_phone.register(cli)
    cli_data.register(cli)
    cli_demo.register(cli)
    from tui import cli_kpi

    cli_kpi.register(cli)
    from tui import cli_customers

    cli_customers.register(cli)
    from tui import cli_callbacks; cli_callbacks.register(cli)  # noqa: E702


_register_more()


def main() -> None:
    try:
        cli(prog_name="agentdesk")
    except KeyboardInterrupt:
        sys.exit(130)
