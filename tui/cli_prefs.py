"""`agentdesk prefs`: the acting agent's own preferences (language, keymap), kept in the store."""

from __future__ import annotations

import click

from screens.labels import pref_label
from tui.cli_env import Env, pass_env
from tui.format import NONE
from tui.i18n import _, available_languages, catalog_for, language_name, set_language


def register(cli) -> None:
    @cli.group("prefs", invoke_without_command=True)
    @click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
    @click.pass_context
    def prefs_group(ctx, fmt):
        """Your own preferences, kept in the store: alone, shows them.

        language: the interface's (below --lang, above AGENTDESK_LANG and the locale). keymap: your
        keys, id by id over config.toml's [keymap]. A desk run for you as another account still has them.
        """
        if ctx.invoked_subcommand is None:
            ctx.invoke(prefs_show, fmt=fmt)

    @prefs_group.command("show")
    @click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
    @pass_env
    def prefs_show(env: Env, fmt):
        """Your preferences; an empty one leaves the default."""
        from store.agent_prefs import get_prefs, keymap_words
        from tui.output import emit_json, emit_table

        prefs = get_prefs(env.store(), env.agent)
        if fmt == "json":
            emit_json(prefs.as_json())
            return
        language = f"{prefs.language} ({language_name(prefs.language)})" if prefs.language else NONE
        shown = {"language": language, "keymap": keymap_words(prefs.keymap) or NONE}
        # each in words, with the id `prefs set` and `prefs unset` take
        emit_table([{"key": f"{pref_label(key)} ({key})", "value": value} for key, value in shown.items()],
                   [("key", _("Preference")), ("value", _("Value"))])

    @prefs_group.command("set")
    @click.argument("key", type=click.Choice(["language", "keymap"]))
    @click.argument("value", nargs=-1, required=True)
    @pass_env
    def prefs_set(env: Env, key, value):
        """Set one preference: 'language zh_CN' (or en), or 'keymap ID=KEYS ...' (the whole keymap, e.g.
        help=f9 quit=ctrl+x,f10; what 'agentdesk prefs' shows can be given back)."""
        from store import agent_prefs

        if key == "language":
            asked = " ".join(value)
            saved = agent_prefs.set_language(env.store(), env.agent, catalog_for(asked) or asked, available_languages())
            if not env.lang:
                set_language(None, stored=saved)  # this command's own words are already in it
            click.echo(_("language: {language} saved").format(language=language_name(saved)))
            return
        from tui.keys import KEY_IDS

        keymap = agent_prefs.set_keymap(env.store(), env.agent, agent_prefs.keymap_from_words(value), KEY_IDS)
        click.echo(_("keymap: {keymap} saved; a desk started from now on has these keys").format(
            keymap=agent_prefs.keymap_words(keymap)))

    @prefs_group.command("unset")
    @click.argument("key", type=click.Choice(["language", "keymap"]))
    @pass_env
    def prefs_unset(env: Env, key):
        """Forget one preference: the default applies again."""
        from store import agent_prefs

        if agent_prefs.unset_pref(env.store(), env.agent, key):
            click.echo(_("{key}: forgotten; the default applies").format(key=pref_label(key)))
        else:
            click.echo(_("{key} was not set").format(key=pref_label(key)))
