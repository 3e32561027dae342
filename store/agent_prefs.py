"""Each agent's own preferences, kept in the store: the interface language and the key remapping.

They live here rather than in the agent's environment and home folder because a bound run (the desk
re-run through sudo as a service account) has neither: sudo resets the environment and the service
account cannot read the agent's home. Every agent reads and writes only their own row; a write is
one transaction, audited. What a value may be is partly known only to the shell (which catalogs
exist, which key ids the desk has), so the caller passes those lists in and the store checks against
them, the shape of each value, and keeps the store unchanged when anything is wrong.

No export folder is kept: a bound run writes as the service account, which can write neither into
the agent's home nor a file the agent would own, so the folder is the deployment's, not the agent's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from store.access import ANY_ROLE, find_agent
from store.db import Store, Tx
from store.errors import ValidationError
from store.keyspec import check_entries
from store.messages import N_

PREF_KEYS = ("language", "keymap")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(_[A-Z][a-z]{3})?(_[A-Z]{2})?$")  # a catalog's name: en, zh_CN, sr_Latn_RS


@dataclass(frozen=True)
class AgentPrefs:
    """An agent's preferences; None and {}: not set."""

    language: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"language": self.language, "keymap": dict(self.keymap)}


def _from_row(row: Sequence[Any] | None) -> AgentPrefs:
    if row is None:
        return AgentPrefs()
    return AgentPrefs(row[0], json.loads(row[1]) if row[1] else {})


def _read(tx: Tx, agent_id: int) -> AgentPrefs:
    return _from_row(tx.one("SELECT language, keymap FROM agent_prefs WHERE agent_id = ?", (agent_id,)))


def get_prefs(store: Store, actor: str) -> AgentPrefs:
    """The acting agent's own preferences."""
    with store.read(actor, *ANY_ROLE) as tx:
        return _read(tx, tx.actor.id)


def prefs_at_start(store: Store, login: str | None) -> AgentPrefs:
    """What a command or desk starting as `login` applies before anything else; nothing for a login
    that is not an active agent (the command itself then says why it cannot act)."""
    with store.read(None) as tx:
        agent = find_agent(tx.conn, login) if login else None
        return _read(tx, agent.id) if agent is not None and agent.active else AgentPrefs()


def check_language(value: str, available: Collection[str]) -> str:
    value = value.strip()
    if not _LANGUAGE.match(value):
        raise ValidationError("language", N_("language: '{value}' is not a language name; write one of {languages}, "
                                             "e.g. 'agentdesk prefs set language zh_CN'."),
                              value=value, languages=", ".join(available))
    if value not in available:
        raise ValidationError("language", N_("language: agentdesk has no translation for '{value}'; use one of "
                                             "{languages}."), value=value, languages=", ".join(available))
    return value


def check_keymap(entries: Mapping[str, object], key_ids: Collection[str]) -> dict[str, str]:
    """The whole keymap, normalised, or the first entry that cannot be used, refused."""
    if not entries:
        raise ValidationError("keymap", N_("keymap: give at least one ID=KEYS, e.g. help=f9 quit=ctrl+x,f10; "
                                           "'agentdesk prefs unset keymap' removes them all."))
    keymap, problems = check_entries(entries, key_ids)
    for problem in problems:
        if problem.kind == "id":
            raise ValidationError("keymap", N_("keymap: '{id}' is not a key id; use one of {ids}."),
                                  id=problem.key_id, ids=", ".join(key_ids))
        raise ValidationError("keymap", N_("keymap: {id}={value} is not a key; write e.g. {id}=f9 or "
                                           "{id}=ctrl+x,f10."), id=problem.key_id, value=problem.value)
    return keymap


def keymap_from_words(words: Sequence[str]) -> dict[str, object]:
    """`help=f9 quit=ctrl+x,f10` (the command line's words) as entries to check; what `keymap_words` writes."""
    entries: dict[str, object] = {}
    for word in words:
        key_id, sep, keys = word.partition("=")
        if not sep or not key_id.strip():
            raise ValidationError("keymap", N_("keymap: '{word}' is not ID=KEYS; write e.g. help=f9 "
                                               "quit=ctrl+x,f10."), word=word)
        entries[key_id.strip()] = keys
    return entries


def keymap_words(keymap: Mapping[str, str]) -> str:
    return " ".join(f"{key_id}={keys}" for key_id, keys in keymap.items())


def _write(tx: Tx, column: str, value: str | None) -> bool:
    """Set one preference of the acting agent; audited as the column's before and after. False: no change."""
    assert column in PREF_KEYS  # a column name, never user text
    agent_id = tx.actor.id
    row = tx.one(f"SELECT {column} FROM agent_prefs WHERE agent_id = ?", (agent_id,))
    before = row[0] if row else None
    if before == value:
        return False
    tx.execute(
        f"INSERT INTO agent_prefs (agent_id, {column}, updated_at) VALUES (?, ?, ?)"
        f" ON CONFLICT (agent_id) DO UPDATE SET {column} = excluded.{column}, updated_at = excluded.updated_at",
        (agent_id, value, tx.now),
    )
    tx.audit("agent_prefs", agent_id, "update", {column: before}, {column: value})
    return True


def set_language(store: Store, actor: str, language: str, available: Collection[str]) -> str:
    """The acting agent's language, one of the catalogs `available`."""
    language = check_language(language, available)
    with store.write(actor, *ANY_ROLE) as tx:
        _write(tx, "language", language)
    return language


def set_keymap(store: Store, actor: str, entries: Mapping[str, object], key_ids: Collection[str]) -> dict[str, str]:
    """The acting agent's whole keymap (it replaces the one kept): key ids among `key_ids` to keys."""
    keymap = check_keymap(entries, key_ids)
    with store.write(actor, *ANY_ROLE) as tx:
        _write(tx, "keymap", json.dumps(keymap, ensure_ascii=False))
    return keymap


def unset_pref(store: Store, actor: str, key: str) -> bool:
    """Forget one of the acting agent's preferences (the default applies again). False: it was not set."""
    if key not in PREF_KEYS:
        raise ValidationError("key", N_("'{key}' is not a preference; use one of {keys}."),
                              key=key, keys=", ".join(PREF_KEYS))
    with store.write(actor, *ANY_ROLE) as tx:
        return _write(tx, key, None)
