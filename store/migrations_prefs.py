"""The migration that keeps each agent's preferences in the store (store/agent_prefs.py).

Its number is its place in store/migrations.py's MIGRATIONS: moving it there is the one edit a
renumbering needs (the name says the number it is meant to have once the migrations before it land).
"""

from __future__ import annotations

# One row per agent who has set a preference; NULL: not set (the default applies). A new preference
# is a new column (ALTER TABLE ... ADD COLUMN), so old rows keep theirs.
M12_PREFS: list[str] = [
    """CREATE TABLE agent_prefs (
        agent_id INTEGER PRIMARY KEY REFERENCES agents (id),
        language TEXT,
        keymap TEXT,
        updated_at TEXT NOT NULL
    )""",
]
