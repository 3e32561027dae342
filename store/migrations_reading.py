"""The reading migration: every customer card an agent, lead or admin opens, and why (store/card_views.py).

Its number is its place in store.migrations.MIGRATIONS (nothing here names it).

`card_views`: one row per card opened, written in the same transaction as its audit row. It has no
foreign key to customers, so a merge (which deletes the other record) keeps the views of it.
`reason_ref` is the call or callback id, or the lookup text as typed (personal data: an erasure blanks it).
`change_log` is made again with the topic `card_views` allowed, so the lead's wallboard hears views.
"""

from __future__ import annotations

M_READING: list[str] = [
    """CREATE TABLE card_views (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        agent_id INTEGER NOT NULL REFERENCES agents (id),
        customer_id INTEGER NOT NULL,
        reason TEXT NOT NULL CHECK (reason IN ('call', 'callback', 'lookup', 'created', 'scope')),
        reason_ref TEXT NOT NULL DEFAULT ''
    )""",
    # an agent's views of the last hour (the limit) and the wallboard's counts: one index range per agent
    "CREATE INDEX card_views_agent_at ON card_views (agent_id, at)",
    "CREATE INDEX card_views_customer ON card_views (customer_id, at)",
    # SQLite cannot change a CHECK in place: the table is made again with the same rows and seqs
    """CREATE TABLE change_log_reading (
        seq INTEGER PRIMARY KEY,
        topic TEXT NOT NULL
            CHECK (topic IN ('calls', 'callbacks', 'customers', 'rings', 'status', 'settings', 'agents',
                             'card_views')),
        row_id INTEGER,
        at TEXT NOT NULL,
        actor TEXT NOT NULL
    )""",
    "INSERT INTO change_log_reading SELECT seq, topic, row_id, at, actor FROM change_log",
    "DROP TABLE change_log",
    "ALTER TABLE change_log_reading RENAME TO change_log",
]
