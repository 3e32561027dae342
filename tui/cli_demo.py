"""`agentdesk demo`: seed a realistic demo store (once) and start the desk on it."""

from __future__ import annotations

import click

from tui.cli_env import pass_env, run_desk
from tui.i18n import _, language


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

        The demo is in the desk's language (--lang) and keeps to its own file in the user data
        folder (demo.db; demo-zh_CN.db in Chinese) unless --db or AGENTDESK_DB names one. A store
        that already has agents is reused, never reseeded.
        """
        import demo as demo_lib

        lang = language() if language() in demo_lib.DEMO_LANGUAGES else "en"
        env.use_demo_db(lang)
        store = env.store(create=True)
        summary = demo_lib.seed_demo(store, customers=customers, agents=agents, days=days, seed=seed, language=lang)
        if summary is None:
            click.echo(_reused(store.path, demo_lib.demo_language(store), lang))
        else:
            click.echo(
                _("Seeded {path}: {agents} agents in 2 teams, {customers} customers, {calls} calls, "
                  "{callbacks} callbacks ({open} open), {cases} cases in {seconds:.1f} s.").format(
                    path=store.path, agents=summary.agents, customers=summary.customers, calls=summary.calls,
                    callbacks=summary.callbacks, open=summary.open_callbacks, cases=summary.cases,
                    seconds=summary.seconds,
                )
            )
        login = demo_lib.demo_agent(store)
        if login is None:
            raise click.ClickException(
                _("{path} has agents but not the demo agent {login}; start the desk with "
                  "'agentdesk --db {path} --agent LOGIN'.").format(path=store.path, login=demo_lib.DEMO_AGENT)
            )
        if no_launch:
            command = f"agentdesk{'' if lang == 'en' else f' --lang {lang}'} --db {store.path} --agent {login}"
            click.echo(_("Start the desk with: {command}").format(command=command))
            click.echo(_("Other logins: lead1, lead2 (team leads), admin."))
            return
        click.echo(_("Starting the desk as {login} on {path} (Ctrl+Q quits).").format(login=login, path=store.path))
        try:
            run_desk(env, agent=login)
        except ModuleNotFoundError as exc:
            if exc.name != "tui.app":
                raise
            raise click.ClickException(_("the desk is not installed in this build (no tui.app).")) from None


def _reused(path, seeded_in: str | None, asked: str) -> str:
    """The store is kept as it is; say so, and say when its demo is in the other language."""
    if seeded_in is None or seeded_in == asked:
        return _("The demo store {path} already exists; reusing it.").format(path=path)
    if seeded_in == "zh_CN":
        return _("The demo store {path} already exists with Chinese demo data; reusing it. For English demo data, "
                 "name another file with --db or delete this one.").format(path=path)
    return _("The demo store {path} already exists with English demo data; reusing it. For Chinese demo data, "
             "name another file with --db or delete this one.").format(path=path)
