"""Numbered, forward-only schema migrations tracked in PRAGMA user_version.

Each migration is a list of steps run in one BEGIN IMMEDIATE transaction, so
a crash leaves the store at the old version, never between. A step is an SQL
statement or, where the data needs Python (pinyin keys), a function of the
connection. Never edit a released migration: add the next number.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

from store.errors import StoreTooNew, StoreUnavailable
from store.messages import N_
from store.migrations_audit import M11_AUDIT
from store.migrations_case_kpi import M_CASE_KPI
from store.migrations_cases import M_CASES
from store.migrations_first import M1, M2
from store.migrations_pii import M_PII
from store.migrations_prefs import M12_PREFS
from store.migrations_reading import M_READING
from store.migrations_rollups import M_ROLLUPS
from store.migrations_services import M_SERVICES
from store.migrations_team_settings import M_TEAM_SETTINGS
from store.migrations_weekly import M_WEEKLY
from store.migrations_weekly_fast import M_WEEKLY_FAST
from store.name_order import fill_name_keys
from store.pinyin import fill_keys

Step = str | Callable[[sqlite3.Connection], None]

# --- 3: calls need no schema change (the number only moves user_version); 4 customers, 5 callbacks, 6 KPIs ---
M3_CALLS: list[str] = []
M4_CUSTOMERS: list[str] = [
    # lookup by match class (store/search.py): exact name and name/company prefix as index ranges on
    # SQLite's lower() (ASCII case folding), newest contact first read from the index itself
    "CREATE INDEX customers_name_lower ON customers (lower(name), last_contact_at)",
    "CREATE INDEX customers_company_lower ON customers (lower(company), last_contact_at) WHERE company <> ''",
    # a status filter with an empty box lists that status by newest contact
    "CREATE INDEX customers_status_contact ON customers (status, last_contact_at)",
]
M5_CALLBACKS: list[str] = [
    # what happened to each callback, in order: the history a desk shows (claims, grace moves, reschedules...)
    """CREATE TABLE callback_events (
        id INTEGER PRIMARY KEY,
        callback_id INTEGER NOT NULL REFERENCES callbacks (id),
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        event TEXT NOT NULL CHECK (event IN ('created', 'claimed', 'released', 'reassigned', 'grace-moved',
            'rescheduled', 'attempt', 'completed', 'cancelled')),
        from_owner_id INTEGER REFERENCES agents (id),
        to_owner_id INTEGER REFERENCES agents (id),
        due_at TEXT,
        note TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX callback_events_callback ON callback_events (callback_id, id)",
    # open callbacks by due time whoever owns them: the grace move and the lead's overdue ranges
    "CREATE INDEX callbacks_status_due ON callbacks (status, due_at)",
]
M6_KPI: list[str] = [
    # a lead's 1-5 ratings of an agent for one period (once per agent and period; a second rating replaces it)
    """CREATE TABLE ratings (
        id INTEGER PRIMARY KEY,
        agent_id INTEGER NOT NULL REFERENCES agents (id),
        period_label TEXT NOT NULL,
        period_start TEXT NOT NULL,
        period_end TEXT NOT NULL,
        initiative INTEGER NOT NULL CHECK (initiative BETWEEN 1 AND 5),
        teamwork INTEGER NOT NULL CHECK (teamwork BETWEEN 1 AND 5),
        innovation INTEGER NOT NULL CHECK (innovation BETWEEN 1 AND 5),
        learning INTEGER NOT NULL CHECK (learning BETWEEN 1 AND 5),
        communication INTEGER NOT NULL CHECK (communication BETWEEN 1 AND 5),
        note TEXT NOT NULL DEFAULT '',
        rated_by TEXT NOT NULL,
        rated_at TEXT NOT NULL
    )""",
    "CREATE UNIQUE INDEX ratings_agent_period ON ratings (agent_id, period_start, period_end)",
    # a closed period of one team: the scorecard frozen as it stood
    """CREATE TABLE period_closes (
        id INTEGER PRIMARY KEY,
        team TEXT NOT NULL,
        period_label TEXT NOT NULL,
        period_start TEXT NOT NULL,
        period_end TEXT NOT NULL,
        closed_at TEXT NOT NULL,
        closed_by TEXT NOT NULL,
        reopened_at TEXT,
        reopened_by TEXT,
        reopen_reason TEXT
    )""",
    """CREATE UNIQUE INDEX period_closes_one_open ON period_closes (team, period_start, period_end)
        WHERE reopened_at IS NULL""",
    """CREATE TABLE scorecard_rows (
        close_id INTEGER NOT NULL REFERENCES period_closes (id),
        agent_id INTEGER NOT NULL REFERENCES agents (id),
        figures TEXT NOT NULL,
        score REAL,
        grade TEXT,
        rank INTEGER,
        bonus_coefficient REAL,
        review_note TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (close_id, agent_id)
    )""",
    # KPI reads: an agent's calls of a period without touching the table (covering), the FCR repeat-call
    # probe, callbacks by first due time, and owner changes of callbacks since a time
    """CREATE INDEX calls_agent_kpi ON calls (agent_id, started_at, direction, category, outcome, customer_id,
        talk_s, hold_s, wrap_s, survey_score)""",
    "CREATE INDEX calls_fcr_repeat ON calls (customer_id, category, started_at) WHERE direction = 'in'",
    "CREATE INDEX callbacks_owner_first_due ON callbacks (owner_id, first_due_at)",
    "CREATE INDEX callbacks_first_due ON callbacks (first_due_at)",
    "CREATE INDEX audit_log_table_at ON audit_log (table_name, at)",
]

# --- 7: the weekly summary reads callbacks closed since the week's end by close time, not every closed one ---
M7_REPORTS: list[str] = [
    "CREATE INDEX callbacks_closed_at ON callbacks (closed_at) WHERE closed_at IS NOT NULL",
]

# --- 8: lookup by pinyin: initials and full pinyin of names and companies (store/pinyin.py) ---
M8_PINYIN: list[Step] = [
    # one row per key, in customer order (a customer's keys are rewritten together); the index by (part, key)
    # serves the lookup's ranges. It comes before the keys: made after them, its sort would hold every key
    # in memory (temp_store = MEMORY), ~250 MiB on 1M customers; before them the fill stays within the page
    # cache (fill_keys: ~145 MiB peak on any store), for a little more time (~87 s of CPU on the bench store)
    """CREATE TABLE customer_pinyin (
        customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
        part TEXT NOT NULL CHECK (part IN ('n', 'g', 'c')),
        key TEXT NOT NULL,
        PRIMARY KEY (customer_id, part, key)
    ) WITHOUT ROWID""",
    "CREATE INDEX customer_pinyin_key ON customer_pinyin (part, key)",
    fill_keys,
]

# --- 9: a closed callback may be reopened (store.callbacks.reopen_callback): its event joins the history ---
# SQLite cannot change a CHECK in place: the table is made again with the same rows and ids
M9_REOPEN: list[str] = [
    """CREATE TABLE callback_events_9 (
        id INTEGER PRIMARY KEY,
        callback_id INTEGER NOT NULL REFERENCES callbacks (id),
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        event TEXT NOT NULL CHECK (event IN ('created', 'claimed', 'released', 'reassigned', 'grace-moved',
            'rescheduled', 'attempt', 'completed', 'cancelled', 'reopened')),
        from_owner_id INTEGER REFERENCES agents (id),
        to_owner_id INTEGER REFERENCES agents (id),
        due_at TEXT,
        note TEXT NOT NULL DEFAULT ''
    )""",
    "INSERT INTO callback_events_9 SELECT * FROM callback_events",
    "DROP TABLE callback_events",
    "ALTER TABLE callback_events_9 RENAME TO callback_events",
    "CREATE INDEX callback_events_callback ON callback_events (callback_id, id)",
]

# --- 10: names in pinyin order (store/name_order.py): a sort key beside each name; customers' page by it ---
M10_NAME_ORDER: list[Step] = [
    "ALTER TABLE customers ADD COLUMN name_sort TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE agents ADD COLUMN name_sort TEXT NOT NULL DEFAULT ''",
    # the index before the keys, as in 8: on 1M customers made after them it sorts every key in memory (peak
    # 163 MiB); before them the fill stays within the page cache (95 MiB), for 58 s instead of 53 (2026-12-02)
    "CREATE INDEX customers_name_sort ON customers (name_sort)",
    fill_name_keys,
]

MIGRATIONS: list[Sequence[Step]] = [M1, M2, M3_CALLS, M4_CUSTOMERS, M5_CALLBACKS, M6_KPI, M7_REPORTS, M8_PINYIN,
                                    M9_REOPEN, M10_NAME_ORDER, M11_AUDIT, M_SERVICES, M12_PREFS, M_TEAM_SETTINGS,
                                    M_READING, M_PII, M_ROLLUPS, M_WEEKLY, M_CASES, M_WEEKLY_FAST, M_CASE_KPI]
LATEST = len(MIGRATIONS)
MIGRATION_FAILED = N_("could not bring the store {path} up to schema {version}, so it was left as it was (schema "
                      "{current}); something in the file is not what agentdesk made (SQLite said: {reason}). Keep the "
                      "file as it is and ask for help with it, or put a backup in its place.")


class MigratedStore(Protocol):
    """What migrating needs of a store.db.Store (which imports this module, so it is not named here)."""

    path: Path
    conn: sqlite3.Connection
    _lock: threading.RLock

    def transaction(self, immediate: bool) -> AbstractContextManager[sqlite3.Connection]: ...


def schema_version(store: MigratedStore) -> int:
    with store._lock:
        return int(store.conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(store: MigratedStore, target: int = LATEST) -> int:
    """Bring the store up to `target`; refuse a store newer than this code."""
    current = schema_version(store)
    if current > LATEST:
        raise StoreTooNew(
            N_("{path} was written by a newer agentdesk (schema {current}; this one knows up to {latest}): upgrade "
               "agentdesk before opening it."),
            path=store.path, current=current, latest=LATEST,
        )
    if current >= target:
        return current
    number = current + 1
    try:
        with store.transaction(immediate=True) as conn:
            # Another process may have migrated while we waited for the lock.
            current = conn.execute("PRAGMA user_version").fetchone()[0]
            for number in range(current + 1, target + 1):
                for step in MIGRATIONS[number - 1]:
                    if isinstance(step, str):
                        conn.execute(step)
                    else:
                        step(conn)
            if current < target:
                conn.execute(f"PRAGMA user_version = {target}")
    except sqlite3.Error as exc:  # the whole migration rolled back: say so in a sentence, SQLite's words after it
        raise StoreUnavailable(MIGRATION_FAILED, path=store.path, version=number, current=current,
                               reason=str(exc)) from exc
    return target
