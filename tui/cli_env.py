"""What every `agentdesk` subcommand shares: where the store is and who acts (`Env`, `pass_env`), the
acting agent's preferences applied once the store is open, one-sentence errors with an exit code
(`DeskGroup`), and starting the desk.

Errors print one sentence and exit non-zero, never a traceback:
1 refused or failed, 2 bad usage, 3 lost to another agent (a conflict).
"""

from __future__ import annotations

import os
import sqlite3
import sys
from typing import TYPE_CHECKING

import click

from store.clock import clock_from_environment
from store.errors import StoreError, StoreUnavailable
from tui import safe_text
from tui.binding import Binding
from tui.cli_help import HelpGroup
from tui.format import LocalTime
from tui.i18n import _, set_language, take_fallback_notice
from tui.paths import default_demo_db, resolve_agent, resolve_db

if TYPE_CHECKING:
    from store.agent_prefs import AgentPrefs

EXIT_CONFLICT = 3


def say_language_notice() -> None:
    """The sentence saying the language asked for has no catalog, on stderr, once (if there is one)."""
    if notice := take_fallback_notice():
        click.echo(notice, err=True)


class Env:
    """What every subcommand needs: where the store is, who is acting, and their preferences.

    `prefs` are the acting agent's, read when the store opens (the one read before the command's
    own); their language then applies unless --lang was given. `command`: a subcommand runs, which
    says a language notice on stderr (the desk shows it itself).
    """

    def __init__(self, db: str | None, agent: str | None, lang: str | None, binding: Binding | None = None,
                 command: bool = True):
        self.binding = binding  # a bound run: the store and who acts are the system's (tui/bound.py)
        if binding is not None:
            if db or agent:  # tui.bound refused them already; never taken, whoever calls
                raise click.UsageError(_("--agent and --db cannot be used on this host."))
            self.db_path, self.db_explicit = binding.store, True
            self.agent, self.agent_given = binding.login, False
        else:
            self.db_path, self.db_explicit = resolve_db(db)
            self.agent = resolve_agent(agent)
            self.agent_given = agent is not None
        self.lang = lang
        self.command = command
        self.prefs: AgentPrefs | None = None
        try:
            self.clock = clock_from_environment()
        except StoreError as exc:
            raise click.ClickException(safe_text.shown(exc.render(_), multiline=True)) from None
        self._store = None

    @property
    def proof(self) -> str:
        """What the audit rows record as having proved who acts: the system's word in a bound run;
        otherwise only which OS account ran the process (the login itself was merely named)."""
        if self.binding is not None:
            return self.binding.proof
        import pwd

        try:
            account = pwd.getpwuid(os.getuid()).pw_name  # the process's own uid: not a variable anyone sets
        except KeyError:
            account = str(os.getuid())
        return f"unbound os={account}"

    def store(self, create: bool = False):
        """The store, opened once. Only `create` (agentdesk init, demo) makes a new one where there is none;
        any other command refuses a missing or empty file with a sentence naming the fix."""
        if self._store is None:
            from store import open_store
            from store.store_file import NO_STORE

            if not create and not self.db_explicit and not self.db_path.parent.exists():
                raise StoreUnavailable(NO_STORE, path=self.db_path)  # a first run: no data folder yet

            self._store = open_store(self.db_path, self.clock, create_parent=create and not self.db_explicit,
                                     proof=self.proof, create=create)
            if self.binding is not None and not self.binding.any_login:
                self._store.bound_to = self.binding.login
            self.use_prefs_of(self.agent)
        return self._store

    def use_prefs_of(self, login: str | None) -> None:
        """Apply `login`'s stored preferences: the language (below --lang), and `prefs` for the desk's keys."""
        from store.agent_prefs import prefs_at_start

        self.prefs = prefs_at_start(self.store(), login)
        if self.prefs.language and not self.lang:
            set_language(None, stored=self.prefs.language)
        if self.command:
            say_language_notice()

    def local_time(self) -> LocalTime:
        """How the CLI's tables show stored times: in the centre's zone, named in the heading."""
        from store.settings import centre_zone

        return LocalTime.at(self.clock(), centre_zone(self.store()))

    def use_demo_db(self, language: str = "en") -> None:
        """`agentdesk demo` keeps to its own file, one per language, unless --db/AGENTDESK_DB says otherwise."""
        if not self.db_explicit:
            self.db_path = default_demo_db(language)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


class DeskError(click.ClickException):
    """An error of one sentence, its "Error:" in the chosen language too (click's is always English)."""

    def show(self, file=None) -> None:
        click.echo(_("Error: {message}").format(message=self.format_message()), file=file, err=file is None)


class DeskGroup(HelpGroup):
    """`agentdesk` itself: chooses the language before anything is parsed, and turns store errors into
    one-sentence messages with an exit code."""

    group_class = HelpGroup  # its subgroups translate their help; the error handling stays here, once

    def parse_args(self, ctx, args):
        """--lang is read from the command line first, wherever it stands among the global options, so
        that `--help` (handled while the options are parsed) and every message after it use it."""
        try:
            opts, rest, _order = self.make_parser(ctx).parse_args(args=list(args))
            lang = opts.get("lang")
        except click.UsageError:  # reported by the real parse below
            lang, rest = None, []
        set_language(lang)
        given = args[: len(args) - len(rest)]
        if {"-h", "--help", "--version"} & set(given) or (rest and lang):
            # the help, or a command in the language --lang chose, which no preference overrides; a
            # command's other notice waits for the agent's preference (Env.use_prefs_of), and when
            # the desk starts it shows the notice itself
            say_language_notice()
        return super().parse_args(ctx, args)

    def invoke(self, ctx):
        try:
            return self._invoke_with_sentences(ctx)
        except click.ClickException as exc:
            if type(exc) is not click.ClickException:
                raise  # a usage error: click's own words, with its hint
            raise DeskError(exc.format_message()) from None

    def _invoke_with_sentences(self, ctx):
        from store.errors import Conflict

        try:
            return super().invoke(ctx)
        except Conflict as exc:
            click.echo(_("Error: {message}").format(message=exc.render(_)), err=True)
            if exc.holder:
                click.echo(exc.holder)
            ctx.exit(EXIT_CONFLICT)
        except StoreError as exc:
            raise click.ClickException(safe_text.shown(exc.render(_), multiline=True)) from None
        except sqlite3.Error as exc:
            raise click.ClickException(_("the store failed: {error}").format(error=exc)) from None
        except UnicodeDecodeError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            raise click.ClickException(
                _("{file}: {reason}").format(file=exc.filename or "", reason=exc.strerror or exc)
            ) from None
        finally:
            if ctx.invoked_subcommand is not None:
                say_language_notice()  # a command that never opened the store
            env = ctx.find_object(Env)
            if env is not None:
                env.close()


pass_env = click.make_pass_decorator(Env)


def show_version(ctx: click.Context, _param, value: bool) -> None:
    """--version, in the chosen language (click's own version option says it in English)."""
    if value and not ctx.resilient_parsing:
        from importlib import metadata

        click.echo(_("{prog}, version {version}").format(prog=ctx.find_root().info_name, version=metadata.version("agentdesk")))
        ctx.exit()


def run_desk(env: Env, agent: str | None = None) -> None:
    """Check the agent, then start the Textual desk with their preferences."""
    from store import agents

    store = env.store()
    agents.whoami(store, agent or env.agent)  # raises a clear PermissionDenied for unknown/inactive logins
    if agent and agent != env.agent:
        env.use_prefs_of(agent)  # the demo's agent
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        # without a terminal the desk could neither read keys nor be quit: it would run on unseen
        raise click.ClickException(_(
            "the desk needs a terminal and this is not one (over SSH use 'ssh -t'); commands such as "
            "'agentdesk customers find' work without one."))
    from tui.app import make_app

    app = make_app(store, agent or env.agent, freeze_gc=True, bound=env.binding is not None, prefs=env.prefs)
    app.run()
