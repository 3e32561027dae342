"""Whom a command is about: `--for LOGIN`, never a second `--agent`.

Who acts is named once, before the command (and in a bound run only by the OS login); a subcommand's
`--agent LOGIN` or `kpi LOGIN` read as "act as LOGIN", so they are gone. Their old spellings stay
as hidden parameters that refuse with one sentence naming the new one (a usage error, exit 2),
instead of click's "no such option".
"""

from __future__ import annotations

import click

from tui.cli_help import HelpGroup
from tui.i18n import _


def _refuse_agent_option(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        raise click.UsageError(_("'{command} --agent' is now '{command} --for LOGIN': --for names whom the "
                                 "command is about, never who acts.").format(command=ctx.command_path), ctx=ctx)


def _refuse_login_argument(ctx: click.Context, _param: click.Parameter, value: tuple[str, ...]) -> None:
    if value:
        refuse_gone_login(ctx, value[0])


def refuse_gone_login(ctx: click.Context, login: str) -> None:
    """The old `COMMAND LOGIN`: refused with the sentence naming `--for` (a usage error, exit 2)."""
    raise click.UsageError(_("'{command} {login}' is now '{command} --for {login}'.").format(
        command=ctx.command_path, login=login), ctx=ctx)


class ForGroup(HelpGroup):
    """A group that runs alone with `--for LOGIN` (`kpi`): a word that is none of its subcommands is the old
    positional LOGIN, refused as for_option(refuse_login_argument=True) refuses it on a command."""

    def resolve_command(self, ctx: click.Context, args: list[str]):  # type: ignore[no-untyped-def]
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            refuse_gone_login(ctx, args[0])
        return super().resolve_command(ctx, args)


class _GoneArgument(click.Argument):
    """A positional the command no longer takes: absent from its usage line, refused when given."""

    def get_usage_pieces(self, ctx: click.Context) -> list[str]:
        return []


def for_option(help: str, refuse_login_argument: bool = False):
    """`--for LOGIN` (passed as `subject`), with the old `--agent` refused; with `refuse_login_argument`
    the old positional LOGIN too."""

    def decorate(fn):
        fn = click.option("--for", "subject", metavar="LOGIN", default=None, help=help)(fn)
        fn = click.option("--agent", hidden=True, expose_value=False, callback=_refuse_agent_option)(fn)
        if refuse_login_argument:
            fn = click.argument("gone_login", nargs=-1, cls=_GoneArgument, expose_value=False,
                                callback=_refuse_login_argument)(fn)
        return fn

    return decorate
