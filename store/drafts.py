"""The call form in progress, saved as the agent types, so a crash loses nothing.

Drafts write no change-log row: other desks have nothing to repaint.
"""

from __future__ import annotations

import json
from typing import Any

from store.access import ANY_ROLE
from store.db import Store, Tx


def save_draft(store: Store, actor: str, form: dict[str, Any]) -> None:
    with store.write(actor, *ANY_ROLE) as tx:
        tx.execute(
            "INSERT INTO call_drafts (agent_id, form, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (agent_id) DO UPDATE SET form = excluded.form, updated_at = excluded.updated_at",
            (tx.actor.id, json.dumps(form, ensure_ascii=False), tx.now),
        )


def load_draft(store: Store, actor: str) -> dict[str, Any] | None:
    with store.read(actor, *ANY_ROLE) as tx:
        row = tx.one("SELECT form FROM call_drafts WHERE agent_id = ?", (tx.actor.id,))
    return json.loads(row[0]) if row else None


def discard_draft(store: Store, actor: str) -> None:
    with store.write(actor, *ANY_ROLE) as tx:
        delete_draft_in_tx(tx)


def delete_draft_in_tx(tx: Tx) -> None:
    tx.execute("DELETE FROM call_drafts WHERE agent_id = ?", (tx.actor.id,))
