"""What a key remapping is: key ids to keys, as config.toml's `[keymap]` and the agent's keymap
preference (store/agent_prefs.py) both have it. Imports nothing of ours.

One entry's keys are one key (`"f9"`), several comma-separated (`"ctrl+x,f10"`) or a list of strings;
named keys are lower case as in Textual (`F9` is `f9`), a single character keeps its case. The reader
of the file (tui/keymap.py) and the store's check use these same rules; each words its own sentences.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Literal, NamedTuple

_KEY = re.compile(r"^[^\s,]+$")


def normalise(key: str) -> str:
    key = key.strip()
    return key if len(key) == 1 else key.lower()


def parse_keys(value: object) -> list[str] | None:
    """One entry's keys, normalised; None when the value is not keys."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(i, str) for i in items):
        return None
    keys = [normalise(i) for i in items]
    if not all(_KEY.match(k) for k in keys):
        return None
    return keys


class Problem(NamedTuple):
    """An entry that cannot be used: its id is not a key id ("id"), or its value is not keys ("keys")."""

    key_id: str
    value: object
    kind: Literal["id", "keys"]


def check_entries(table: Mapping[str, object], key_ids: Collection[str]) -> tuple[dict[str, str], list[Problem]]:
    """(the usable entries as {id: "key,key"}, the entries that are not), in the table's order."""
    keymap: dict[str, str] = {}
    problems: list[Problem] = []
    for key_id, value in table.items():
        if key_id not in key_ids:
            problems.append(Problem(key_id, value, "id"))
            continue
        keys = parse_keys(value)
        if keys is None:
            problems.append(Problem(key_id, value, "keys"))
            continue
        keymap[key_id] = ",".join(keys)
    return keymap, problems
