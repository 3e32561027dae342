"""`agentdesk ... --help` in the chosen language.

click's help texts (a command's docstring, an option's `help=`) are plain English strings made when
the command modules import, before --lang has been read. They are message ids, looked up here when
the help is written: `python -m tui.i18n_catalogs` reads them from the command tree into the catalog,
as Babel reads `_()` from the code. Every command of `agentdesk` is a HelpCommand or a HelpGroup
(a group's subcommands are made so by `command_class` and `group_class`); a test walks the tree.
"""

from __future__ import annotations

import copy
import inspect
import re
import textwrap

import click
from rich.cells import cell_len

from tui.i18n import N_, _

HELP_OPTION_HELP = N_("Show this message and exit.")  # click's own words for -h/--help
_SENTENCE = re.compile(r".+?(?:。|\.(?=\s+[^a-z]|$))")


def help_text(text: str | None) -> str:
    """A help text as click shows it: dedented and cut at a form feed; the message id of its translation."""
    return inspect.cleandoc(text).partition("\f")[0].strip() if text else ""


def short_help(text: str, limit: int) -> str:
    """The first sentence, cut to `limit` terminal columns (a Chinese character takes two)."""
    text = " ".join(text.partition("\n\n")[0].split())
    if match := _SENTENCE.match(text):
        text = match.group(0)
    if cell_len(text) <= limit:
        return text
    if cell_len(text) == len(text):
        return textwrap.shorten(text, max(limit, 4), placeholder="...", break_on_hyphens=False)
    cut = ""
    for ch in text:
        if cell_len(cut + ch) > limit - 3:
            break
        cut += ch
    return cut.rstrip() + "..."


def _click_extras(text: str, help: str) -> str:
    """click's own "[default: 20; required]" after the help, in this language."""
    head, tail = text[: len(help)], text[len(help):]
    tail = re.sub(r"\bdefault: ", lambda _m: _("default: "), tail)
    return head + re.sub(r"\brequired\b", lambda _m: _("required"), tail)


class TranslatedHelp:
    """What click writes for --help, each help text looked up in the catalog as it is written."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), _("Usage: "))

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if text := help_text(self.help):
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(_(text))

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for param in self.get_params(ctx):
            if isinstance(param, click.Argument):
                continue
            shown = copy.copy(param)  # the option as click made it, its help in this language
            shown.help = _(help_text(param.help)) if param.help else param.help
            if (row := shown.get_help_record(ctx)) is not None:
                rows.append((row[0], _click_extras(row[1], shown.help or "")))
        if rows:
            with formatter.section(_("Options")):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        return short_help(_(help_text(self.short_help or self.help)), limit)


class HelpCommand(TranslatedHelp, click.Command):
    pass


class HelpGroup(TranslatedHelp, click.Group):
    command_class = HelpCommand
    group_class = type  # a subgroup is of the same class as its group

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        commands = [(name, cmd) for name in self.list_commands(ctx)
                    if (cmd := self.get_command(ctx, name)) is not None and not cmd.hidden]
        if commands:
            limit = formatter.width - 6 - max(len(name) for name, _cmd in commands)
            with formatter.section(_("Commands")):
                formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in commands])
