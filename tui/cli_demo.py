"""`agentdesk demo`: seed a realistic demo store (once) and start the desk on it."""

from __future__ import annotations

import click

from tui.cli_env import pass_env, run_desk
from tui.i18n import _


def register(cli) -> None:
    @cli.command("demo")
    @click.option("--customers", default=2000, show_default=True, type=click.IntRange(1, 1_000_000),
                  help="Customers to create.")
    @click.option("--agents", default=12, show_default=True, type=click.IntRange(2, 500),
                  help="Front-line agents, split across two teams (each team also gets a lead).")
    @click.option("--days", default=90, show_default=True, type=click.IntRange(1, 3650),
                  help="Days of call history before today.")
    @click.option("--seed", default=1, show_default=True, type=int, help="Same seed and same day, same data.")
    @click.option("--no-launch", is_flag=True, help="Only build the store; do not start the desk.")
    @pass_env
    def demo(env, customers, agents, days, seed, no_launch):
        """Build a demo store with two teams and 90 days of work, then start the desk as a demo agent.

        The demo keeps to its own file (demo.db in the user data folder) unless --db or
        AGENTDESK_DB names one. A store that already has agents is reused, never reseeded.
        """
        import demo as demo_lib

        env.use_demo_db()
        store = env.store()
        summary = demo_lib.seed_demo(store, customers=customers, agents=agents, days=days, seed=seed)
        if summary is None:
            click.echo(_("The demo store {path} already exists; reusing it.").format(path=store.path))
        else:
            click.echo(
                _("Seeded {path}: {agents} agents in 2 teams, {customers} customers, {calls} calls, "
                  "{callbacks} callbacks ({open} open) in {seconds:.1f} s.").format(
                    path=store.path, agents=summary.agents, customers=summary.customers, calls=summary.calls,
                    callbacks=summary.callbacks, open=summary.open_callbacks, seconds=summary.seconds,
                )
            )
        login = demo_lib.demo_agent(store)
        if login is None:
            raise click.ClickException(
                _("{path} has agents but not the demo agent {login}; start the desk with "
                  "'agentdesk --db {path} --agent LOGIN'.").format(path=store.path, login=demo_lib.DEMO_AGENT)
            )
        if no_launch:
            click.echo(_("Start the desk with: agentdesk --db {path} --agent {login}").format(path=store.path, login=login))
            click.echo(_("Other logins: lead1, lead2 (team leads), admin."))
            return
        click.echo(_("Starting the desk as {login} on {path} (Ctrl+Q quits).").format(login=login, path=store.path))
        try:
            run_desk(env, agent=login)
        except ModuleNotFoundError as exc:
            if exc.name != "tui.app":
                raise
            raise click.ClickException(_("the desk is not installed in this build (no tui.app).")) from None
