"""Admin commands: what is in the store."""

from __future__ import annotations

import click

from tui.cli_env import pass_env
from tui.i18n import _


def register(cli) -> None:
    @cli.command("info")
    @click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
    @pass_env
    def info(env, fmt):
        """Show the store's path, schema version, size and row counts (admins)."""
        from store import introspect
        from tui.output import emit_json, emit_table

        data = introspect.info(env.store(), env.agent)
        if fmt == "json":
            emit_json(data)
            return
        click.echo(_("store: {path}").format(path=data["path"]))
        click.echo(_("schema version: {v} (this agentdesk: {c})").format(v=data["schema_version"], c=data["code_schema_version"]))
        click.echo(_("size: {size} bytes, WAL {wal} bytes").format(size=data["size_bytes"], wal=data["wal_bytes"]))
        emit_table(
            [{"table": t, "rows": n} for t, n in data["rows"].items()],
            [("table", _("Table")), ("rows", _("Rows"))],
        )
