"""Data in and out: `agentdesk import customers` and `agentdesk export customers|calls|callbacks`.

The store decides who may import or export and checks every row; these
commands only open files, show progress and print the summary.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import click

from tui.cli_env import pass_env
from tui.cli_streams import file_to_stdout, is_dash, stdin_as_file
from tui.i18n import SOURCE_LANGUAGE, _, language


def _progress_bar():
    """(callback, context manager) for a rich progress bar, only on a terminal."""
    from contextlib import nullcontext

    if not sys.stdout.isatty():
        return None, nullcontext()
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), transient=True)
    task = bar.add_task(_("Importing"), total=None)

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    return update, bar


def register(cli) -> None:
    @cli.group("import")
    def import_group():
        """Import data from files (leads and admins)."""

    @import_group.command("customers")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path))
    @click.option("--encoding", default=None, metavar="ENC",
                  help="The file's text encoding (default: UTF-8 with or without BOM, else GB18030/GBK).")
    @click.option("--dry-run", is_flag=True, help="Check every row, write nothing but the rejects file.")
    @pass_env
    def import_customers(env, file: Path, encoding, dry_run):
        """Import customers from a CSV file (- for stdin: then the rejected rows go to stdout, the
        messages to stderr); rows update the customer who has their phone number."""
        if is_dash(file):
            with stdin_as_file("customers.csv") as saved:
                rejects = _import_customers(env, saved, encoding, dry_run, err=True)
                if rejects is not None:
                    file_to_stdout(rejects)
            return
        _import_customers(env, file, encoding, dry_run, err=False)

    def _import_customers(env, file: Path, encoding, dry_run, err: bool) -> Path | None:
        """Import, then say what happened (on stderr when stdout carries the rejects); the rejects file."""
        from store import importer

        callback, bar = _progress_bar()
        with bar:
            result = importer.import_customers(
                env.store(), env.agent, file, encoding=encoding, dry_run=dry_run, progress=callback
            )
        click.echo(
            _("imported {imported}, updated {updated}, rejected {rejected}").format(
                imported=result.imported, updated=result.updated, rejected=result.rejected
            ), err=err
        )
        if result.rejects_path and not err:
            click.echo(_("rejected rows, with line numbers and reasons: {path}").format(path=result.rejects_path), err=True)
        if result.ignored_columns:
            click.echo(_("ignored columns: {columns}").format(columns=", ".join(result.ignored_columns)), err=True)
        if dry_run:
            click.echo(_("dry run: nothing was written to the store"), err=True)
        return result.rejects_path

    @import_group.command("surveys")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path))
    @click.option("--encoding", default=None, metavar="ENC", help="The file's text encoding (default: UTF-8, else GB18030).")
    @pass_env
    def import_surveys(env, file: Path, encoding):
        """Import post-call survey answers: a CSV (- for stdin) with call_id or uniqueid, and score (1-5)."""
        from store import surveys

        if is_dash(file):
            with stdin_as_file("surveys.csv") as saved:
                result = surveys.import_surveys(env.store(), env.agent, saved, encoding=encoding)
        else:
            result = surveys.import_surveys(env.store(), env.agent, file, encoding=encoding)
        for line, reason in result["rejected"]:
            click.echo(_("line {line}: {reason}").format(line=line, reason=reason), err=True)
        click.echo(_("saved {saved} survey answers, rejected {rejected}").format(
            saved=result["saved"], rejected=len(result["rejected"])))
        if result["rejected"]:
            raise SystemExit(1)

    @cli.group("export")
    def export_group():
        """Export customers, calls or callbacks as CSV or JSON (to stdout or -o FILE). A CSV's header row is
        in the desk's language: the column names in English (--lang en, for scripts), words in Chinese;
        JSON keys are always the column names. 'import customers' reads either header."""

    def _export_command(kind: str, help_text: str):
        @export_group.command(kind, help=help_text)
        @click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
        @click.option("--since", default=None, metavar="DAY|TIME", help="From this local day (YYYY-MM-DD) or ISO time.")
        @click.option("--until", default=None, metavar="DAY|TIME", help="Up to this local day (inclusive) or ISO time.")
        @click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
                      help="Write to FILE instead of stdout.")
        @click.option("--encoding", default=None, metavar="ENC",
                      help="utf-8, utf-8-sig or gb18030 (default: a CSV file is UTF-8 with BOM, for Excel; "
                           "stdout and JSON are UTF-8).")
        @click.option("--destination", default=None, hidden=True,
                      help="Where the output on stdout is written, for the audit row (a bound run's relay names it).")
        @pass_env
        def command(env, fmt, since, until, output, encoding, destination):
            _run_export(env, kind, fmt, since, until, output, export_encoding(encoding, fmt, output), destination)

        return command

    _export_command("customers", "Export customers with their phones (leads and admins).")
    _export_command("calls", "Export calls: agents their own, leads their team's, admins all (filters on started_at).")
    _export_command("callbacks", "Export callbacks: leads their team's and the pool, admins all (filters on due_at).")


EXPORT_ENCODINGS = {"utf-8": "utf-8", "utf8": "utf-8", "utf-8-sig": "utf-8-sig", "gb18030": "gb18030"}
NARROW_CHINESE = {"gbk", "gb2312", "cp936", "936", "euc-cn"}


def export_encoding(asked: str | None, fmt: str, output: Path | None) -> str:
    """The encoding an export is written in: what was asked (checked), else UTF-8 with BOM for a CSV
    file (Excel in China opens it as UTF-8 only with the BOM), else UTF-8."""
    if asked is None:
        return "utf-8-sig" if fmt == "csv" and output is not None else "utf-8"
    name = asked.strip().lower().replace("_", "-")
    if name in NARROW_CHINESE:
        raise click.UsageError(_("--encoding {enc}: GBK lacks some names (生僻字 such as 䶮) and emoji a customer "
                                 "may have; use gb18030, which has them all, or leave it out for UTF-8 with BOM.")
                               .format(enc=asked))
    if name not in EXPORT_ENCODINGS:
        raise click.UsageError(_("--encoding {enc}: use utf-8, utf-8-sig or gb18030.").format(enc=asked))
    return EXPORT_ENCODINGS[name]


def _run_export(env, kind: str, fmt: str, since, until, output: Path | None, encoding: str = "utf-8",
                destination: str | None = None) -> None:
    from store import exporter
    from store.export_headers import header_row

    def writer(export, out) -> int:
        if fmt == "json":
            return exporter.write_json(export, out)
        return exporter.write_csv(export, out, header_row(kind, export.columns, _, language() == SOURCE_LANGUAGE))

    store = env.store()
    # Refusals and bad --since/--until raise here, before any output is opened.
    # the audit row's destination: the file written, else what the agent's own process names (a bound run), else stdout
    destination = str(output) if output is not None else destination or "stdout"
    with exporter.open_export(store, env.agent, kind, since, until, destination=destination, fmt=fmt) as export:
        if output is None:
            binary = getattr(sys.stdout, "buffer", None)
            if binary is None:  # stdout replaced by a text-only stream
                writer(export, sys.stdout)
                return
            sys.stdout.flush()
            # The encoding asked (UTF-8 unless told) and no newline translation, whatever the locale says.
            out = io.TextIOWrapper(binary, encoding=encoding, newline="")
            try:
                writer(export, out)
                out.flush()
            finally:
                out.detach()
            return
        partial = output.with_name(output.name + ".part")
        try:
            with open(partial, "w", encoding=encoding, newline="") as out:
                count = writer(export, out)
            os.replace(partial, output)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    click.echo(_("exported {count} rows to {path}").format(count=count, path=output), err=True)
