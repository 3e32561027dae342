"""User key remapping, applied with App.set_keymap: the agent's keymap preference (kept in the store,
`agentdesk prefs set keymap`), over the `[keymap]` table of config.toml, over the defaults.

    [keymap]
    help = "f9"              # one key
    quit = "ctrl+x,f10"      # or several, comma-separated (a list of strings works too)

Both follow the same rules (store/keyspec.py). The preference wins id by id, so a desk that cannot
read the agent's home (a bound run, as a service account) still has the agent's keys. A keymap that
cannot be used never stops the desk: each problem comes back as a sentence the App shows as a
notification, and the good entries still apply.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path

from store.keyspec import check_entries
from tui.i18n import _
from tui.keys import KEY_IDS


def load_keymap(path: Path) -> tuple[dict[str, str], list[str]]:
    """(keymap for App.set_keymap, problems as sentences). A missing file is no problem."""
    try:
        with open(path, "rb") as fh:
            config = tomllib.load(fh)
    except FileNotFoundError:
        return {}, []
    except tomllib.TOMLDecodeError as exc:
        return {}, [_("{file} is not valid TOML ({error}); your key settings were not applied.").format(file=path, error=exc)]
    except OSError as exc:
        return {}, [_("cannot read {file}: {error}; your key settings were not applied.").format(file=path, error=exc.strerror or exc)]
    table = config.get("keymap", {})
    if not isinstance(table, dict):
        return {}, [_("{file}: [keymap] must be a table of key ids, e.g. help = \"f9\".").format(file=path)]
    keymap, problems = check_entries(table, KEY_IDS)
    return keymap, [
        _("{file}: '{id}' is not a key id; use one of {ids}.").format(file=path, id=p.key_id, ids=", ".join(KEY_IDS))
        if p.kind == "id" else
        _("{file}: keymap {id} = {value!r} is not a key; write e.g. {id} = \"f9\" or \"ctrl+x,f10\".").format(
            file=path, id=p.key_id, value=p.value)
        for p in problems
    ]


def desk_keymap(path: Path, preference: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The config file's keymap with the agent's preference over it, and the problems of both. The
    preference was checked when it was saved; an id a newer agentdesk no longer has is said once."""
    keymap, problems = load_keymap(path)
    stored, gone = check_entries(preference, KEY_IDS)
    keymap.update(stored)
    problems += [_("Your keymap preference has {id}={value}, which this desk cannot use; change it with "
                   "'agentdesk prefs set keymap'.").format(id=p.key_id, value=p.value) for p in gone]
    return keymap, problems
