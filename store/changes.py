"""The change log desks poll: cheap `PRAGMA data_version` first, the log only when it moved."""

from __future__ import annotations

from store.db import Store


def latest_seq(store: Store) -> int:
    with store.read(None) as tx:
        return int(tx.scalar("SELECT coalesce(max(seq), 0) FROM change_log"))


def changes_since(store: Store, seq: int) -> tuple[int, set[str]]:
    """(newest seq, topics others changed after `seq`: this store's own commits its listeners heard)."""
    with store.read(None) as tx:
        rows = tx.all("SELECT seq, topic FROM change_log WHERE seq > ? ORDER BY seq", (seq,))
    if not rows:
        return seq, set()
    own = store.own_changes([s for s, _ in rows])
    return rows[-1][0], {topic for s, topic in rows if s not in own}


class ChangeWatcher:
    """Tells a desk which topics changed since it last looked.

    `poll()` costs one `PRAGMA data_version` while nothing changed anywhere;
    it reads change_log only when a connection committed, and tells only others' changes.
    """

    def __init__(self, store: Store):
        self.store = store
        self.version = store.data_version()
        self.seq = latest_seq(store)

    def poll(self) -> set[str]:
        version = self.store.data_version()
        if version == self.version:
            return set()
        self.version = version
        self.seq, topics = changes_since(self.store, self.seq)
        return topics
