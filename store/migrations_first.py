"""The first schema, migrations 1 and 2 (store/migrations.py runs them): released, never edited."""

from __future__ import annotations

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
