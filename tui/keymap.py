"""User key remapping: the `[keymap]` table of config.toml, applied with App.set_keymap.

    [keymap]
    help = "f9"              # one key
    quit = "ctrl+x,f10"      # or several, comma-separated (a list of strings works too)

A config that cannot be used never stops the desk: each problem comes back
as a sentence the App shows as a notification, and the good entries still apply.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from tui.i18n import _
from tui.keys import KEY_IDS

_KEY = re.compile(r"^[^\s,]+$")


def _normalise(key: str) -> str:
    key = key.strip()
    # named keys are lower case in Textual ("F9" -> "f9"); a single character keeps its case
    return key if len(key) == 1 else key.lower()


def _keys(value) -> list[str] | None:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(i, str) for i in items):
        return None
    keys = [_normalise(i) for i in items]
    if not all(_KEY.match(k) for k in keys):
        return None
    return keys


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
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, value in table.items():
        if binding_id not in KEY_IDS:
            problems.append(
                _("{file}: '{id}' is not a key id; use one of {ids}.").format(file=path, id=binding_id, ids=", ".join(KEY_IDS))
            )
            continue
        keys = _keys(value)
        if keys is None:
            problems.append(
                _("{file}: keymap {id} = {value!r} is not a key; write e.g. {id} = \"f9\" or \"ctrl+x,f10\".").format(
                    file=path, id=binding_id, value=value
                )
            )
            continue
        keymap[binding_id] = ",".join(keys)
    return keymap, problems
