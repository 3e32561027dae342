"""The cases migration (issue 18): a problem that outlives the call, its timeline, and the working-hours calendar.

Its number is its place in store.migrations.MIGRATIONS (nothing here names it).

- `cases`: one row per problem (工单), with its accountable owner, the department working on it, its SLA due
  time, status and resolution, and when the customer was last told of progress.
- `case_events`: the case's timeline, oldest first; linked calls and callbacks are found through it
  (`call_id`, `callback_id`), so the calls and callbacks tables keep their columns.
- `case_calendar_days`: the working-hours calendar's exceptions: holidays and 调休 make-up working days.
- `change_log` is made again with the topic `cases` allowed, so desks hear case changes.
"""

from __future__ import annotations

M_CASES: list[str] = [
    """CREATE TABLE cases (
        id INTEGER PRIMARY KEY,
        customer_id INTEGER REFERENCES customers (id),
        origin_call_id INTEGER REFERENCES calls (id),
        type TEXT NOT NULL CHECK (type IN ('complaint', 'after-sales', 'request')),
        severity TEXT NOT NULL DEFAULT 'normal' CHECK (severity IN ('normal', 'major')),
        department TEXT NOT NULL DEFAULT 'customer-service'
            CHECK (department IN ('customer-service', 'tech', 'sales', 'manager')),
        owner_id INTEGER NOT NULL REFERENCES agents (id),
        team TEXT,
        status TEXT NOT NULL DEFAULT 'open'
            CHECK (status IN ('open', 'waiting-department', 'waiting-customer', 'resolved', 'closed')),
        summary TEXT NOT NULL DEFAULT '',
        resolution TEXT NOT NULL DEFAULT '',
        opened_at TEXT NOT NULL,
        opened_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        due_at TEXT NOT NULL,
        resolved_at TEXT,
        closed_at TEXT,
        closed_by TEXT,
        unreachable_approved_by TEXT,
        last_told_at TEXT,
        reminded_at TEXT,
        chases INTEGER NOT NULL DEFAULT 0 CHECK (chases >= 0)
    )""",
    # the list queries: mine, my team's, the overdue, a customer's open cases; each ordered by due time
    "CREATE INDEX cases_owner_status_due ON cases (owner_id, status, due_at)",
    "CREATE INDEX cases_team_status_due ON cases (team, status, due_at)",
    # an admin's list of the resolved or closed by due time (the cases being worked have their own, below)
    "CREATE INDEX cases_status_due ON cases (status, due_at) WHERE status IN ('resolved', 'closed')",
    "CREATE INDEX cases_customer_status ON cases (customer_id, status)",
    # the overdue lists (the centre's, a team's) read in due order from the cases being worked alone: no sort of
    # the thousands of open cases a centre of 200,000 holds (342 ms for the centre's, measured, without it)
    "CREATE INDEX cases_active_due ON cases (due_at) WHERE status IN ('open', 'waiting-department', 'waiting-customer')",
    """CREATE INDEX cases_team_active_due ON cases (team, due_at)
        WHERE status IN ('open', 'waiting-department', 'waiting-customer')""",
    """CREATE TABLE case_events (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id),
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('opened', 'note', 'reply', 'status', 'owner', 'department', 'severity',
            'call', 'chase', 'callback', 'attempt', 'told', 'closed', 'reopened')),
        text TEXT NOT NULL DEFAULT '',
        call_id INTEGER REFERENCES calls (id),
        callback_id INTEGER REFERENCES callbacks (id),
        before TEXT,
        after TEXT
    )""",
    "CREATE INDEX case_events_case ON case_events (case_id, id)",
    # a saved call or a callback attempt finds the case it belongs to
    "CREATE INDEX case_events_call ON case_events (call_id) WHERE call_id IS NOT NULL",
    "CREATE INDEX case_events_callback ON case_events (callback_id) WHERE callback_id IS NOT NULL",
    """CREATE TABLE case_calendar_days (
        day TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
        hours TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
    ) WITHOUT ROWID""",
    # SQLite cannot change a CHECK in place: the table is made again with the same rows and seqs
    """CREATE TABLE change_log_cases (
        seq INTEGER PRIMARY KEY,
        topic TEXT NOT NULL
            CHECK (topic IN ('calls', 'callbacks', 'customers', 'rings', 'status', 'settings', 'agents',
                             'card_views', 'cases')),
        row_id INTEGER,
        at TEXT NOT NULL,
        actor TEXT NOT NULL
    )""",
    "INSERT INTO change_log_cases SELECT seq, topic, row_id, at, actor FROM change_log",
    "DROP TABLE change_log",
    "ALTER TABLE change_log_cases RENAME TO change_log",
]
