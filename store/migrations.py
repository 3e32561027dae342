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

from store.errors import StoreTooNew
from store.messages import N_
from store.migrations_prefs import M12_PREFS
from store.pinyin import fill_keys

Step = str | Callable[[sqlite3.Connection], None]

# --- 1: people, customers, search, settings, change and audit logs ---------
M1 = [
    """CREATE TABLE agents (
        id INTEGER PRIMARY KEY,
        login TEXT NOT NULL UNIQUE,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('agent', 'lead', 'admin')),
        team TEXT,
        extension TEXT UNIQUE,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    "CREATE INDEX agents_team ON agents (team)",
    """CREATE TABLE customers (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        company TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        wechat_id TEXT NOT NULL DEFAULT '',
        city TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'prospect'
            CHECK (status IN ('prospect', 'contracted', 'churned')),
        tags TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        do_not_call INTEGER NOT NULL DEFAULT 0 CHECK (do_not_call IN (0, 1)),
        last_contact_at TEXT,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
    )""",
    "CREATE INDEX customers_last_contact ON customers (last_contact_at)",
    """CREATE TABLE customer_phones (
        id INTEGER PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
        e164 TEXT NOT NULL UNIQUE,
        raw TEXT NOT NULL,
        digits_rev TEXT NOT NULL,
        is_main INTEGER NOT NULL DEFAULT 0 CHECK (is_main IN (0, 1)),
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX customer_phones_customer ON customer_phones (customer_id)",
    "CREATE INDEX customer_phones_digits_rev ON customer_phones (digits_rev)",
    "CREATE UNIQUE INDEX customer_phones_one_main ON customer_phones (customer_id) WHERE is_main = 1",
    # rowid = customers.id; `tokens` is computed in Python (store/tokens.py).
    "CREATE VIRTUAL TABLE customer_fts USING fts5 (tokens, tokenize = 'unicode61 remove_diacritics 2')",
    """CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
    )""",
    """CREATE TABLE change_log (
        seq INTEGER PRIMARY KEY,
        topic TEXT NOT NULL
            CHECK (topic IN ('calls', 'callbacks', 'customers', 'rings', 'status', 'settings', 'agents')),
        row_id INTEGER,
        at TEXT NOT NULL,
        actor TEXT NOT NULL
    )""",
    """CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        table_name TEXT NOT NULL,
        row_id INTEGER NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
        before TEXT,
        after TEXT
    )""",
    "CREATE INDEX audit_log_row ON audit_log (table_name, row_id, id)",
]

# --- 2: the work: calls, callbacks, statuses, rings, drafts, conduct -------
M2 = [
    """CREATE TABLE calls (
        id INTEGER PRIMARY KEY,
        agent_id INTEGER NOT NULL REFERENCES agents (id),
        customer_id INTEGER REFERENCES customers (id),
        direction TEXT NOT NULL DEFAULT 'in' CHECK (direction IN ('in', 'out')),
        channel TEXT NOT NULL DEFAULT 'phone'
            CHECK (channel IN ('phone', 'walk-in', 'wechat', 'email')),
        category TEXT NOT NULL CHECK (category IN ('consultation', 'order', 'complaint',
            'after-sales', 'shipping', 'billing', 'feedback', 'return-visit')),
        outcome TEXT NOT NULL CHECK (outcome IN ('resolved', 'escalated-tech', 'escalated-sales',
            'escalated-manager', 'callback-needed', 'transferred', 'no-answer', 'wrong-number')),
        phone_e164 TEXT,
        phone_raw TEXT,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        talk_s INTEGER NOT NULL DEFAULT 0 CHECK (talk_s >= 0),
        hold_s INTEGER NOT NULL DEFAULT 0 CHECK (hold_s >= 0),
        wrap_s INTEGER NOT NULL DEFAULT 0 CHECK (wrap_s >= 0),
        notes TEXT NOT NULL DEFAULT '',
        order_no TEXT,
        waybill_no TEXT,
        amount_due_cents INTEGER,
        escalation_target TEXT CHECK (escalation_target IN ('tech', 'sales', 'manager')),
        escalation_reason TEXT,
        callback_id INTEGER REFERENCES callbacks (id),
        uniqueid TEXT UNIQUE,
        recording_url TEXT,
        survey_score INTEGER CHECK (survey_score BETWEEN 1 AND 5),
        survey_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
    )""",
    "CREATE INDEX calls_agent_started ON calls (agent_id, started_at)",
    "CREATE INDEX calls_customer_started ON calls (customer_id, started_at)",
    "CREATE INDEX calls_started ON calls (started_at)",
    "CREATE INDEX calls_order_no ON calls (order_no) WHERE order_no IS NOT NULL",
    "CREATE INDEX calls_waybill_no ON calls (waybill_no) WHERE waybill_no IS NOT NULL",
    """CREATE TABLE callbacks (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL DEFAULT 'callback'
            CHECK (kind IN ('callback', 'return-visit', 'missed-call')),
        customer_id INTEGER REFERENCES customers (id),
        phone_e164 TEXT,
        reason TEXT NOT NULL DEFAULT '',
        first_due_at TEXT NOT NULL,
        due_at TEXT NOT NULL,
        priority INTEGER NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 3),
        owner_id INTEGER REFERENCES agents (id),
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
        source_call_id INTEGER REFERENCES calls (id),
        cancel_reason TEXT,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        closed_at TEXT
    )""",
    "CREATE INDEX callbacks_open_owner_due ON callbacks (status, owner_id, due_at)",
    "CREATE INDEX callbacks_customer ON callbacks (customer_id, status)",
    """CREATE UNIQUE INDEX callbacks_one_open_return_visit ON callbacks (customer_id)
        WHERE kind = 'return-visit' AND status = 'open'""",
    """CREATE UNIQUE INDEX callbacks_one_open_missed_call ON callbacks (phone_e164)
        WHERE kind = 'missed-call' AND status = 'open'""",
    """CREATE TABLE callback_attempts (
        id INTEGER PRIMARY KEY,
        callback_id INTEGER NOT NULL REFERENCES callbacks (id),
        at TEXT NOT NULL,
        agent_id INTEGER NOT NULL REFERENCES agents (id),
        result TEXT NOT NULL CHECK (result IN ('reached', 'no-answer', 'wrong-number', 'call-later')),
        call_id INTEGER REFERENCES calls (id),
        note TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX callback_attempts_callback ON callback_attempts (callback_id)",
    """CREATE TABLE agent_status_log (
        id INTEGER PRIMARY KEY,
        agent_id INTEGER NOT NULL REFERENCES agents (id),
        status TEXT NOT NULL
            CHECK (status IN ('ready', 'on-call', 'wrap-up', 'break', 'offline')),
        reason TEXT,
        started_at TEXT NOT NULL,
        ended_at TEXT
    )""",
    "CREATE INDEX agent_status_log_agent ON agent_status_log (agent_id, started_at)",
    """CREATE TABLE desk_sessions (
        id INTEGER PRIMARY KEY,
        agent_id INTEGER NOT NULL REFERENCES agents (id),
        host TEXT NOT NULL,
        pid INTEGER NOT NULL,
        started_at TEXT NOT NULL,
        last_beat_at TEXT NOT NULL,
        ended_at TEXT
    )""",
    "CREATE INDEX desk_sessions_agent ON desk_sessions (agent_id, last_beat_at)",
    """CREATE TABLE rings (
        id INTEGER PRIMARY KEY,
        agent_id INTEGER NOT NULL REFERENCES agents (id),
        number_raw TEXT NOT NULL,
        e164 TEXT,
        uniqueid TEXT,
        line TEXT,
        created_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'queued'
            CHECK (status IN ('queued', 'popped', 'missed')),
        handled_at TEXT
    )""",
    "CREATE INDEX rings_agent_status ON rings (agent_id, status, created_at)",
    """CREATE TABLE call_drafts (
        agent_id INTEGER PRIMARY KEY REFERENCES agents (id),
        form TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE conduct_events (
        id INTEGER PRIMARY KEY,
        agent_id INTEGER NOT NULL REFERENCES agents (id),
        kind TEXT NOT NULL CHECK (kind IN ('missed-meeting', 'late', 'early-leave', 'absence',
            'dress-code', 'hygiene')),
        occurred_on TEXT NOT NULL,
        points REAL NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        entered_by TEXT NOT NULL,
        entered_at TEXT NOT NULL,
        appeal_status TEXT CHECK (appeal_status IN ('pending', 'accepted', 'rejected')),
        appeal_reason TEXT,
        decided_by TEXT,
        decided_at TEXT
    )""",
    "CREATE INDEX conduct_events_agent ON conduct_events (agent_id, occurred_on)",
]

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

MIGRATIONS: list[Sequence[Step]] = [M1, M2, M3_CALLS, M4_CUSTOMERS, M5_CALLBACKS, M6_KPI, M7_REPORTS, M8_PINYIN,
                                    M9_REOPEN, M12_PREFS]
LATEST = len(MIGRATIONS)


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
    return target
