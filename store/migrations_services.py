"""Migration: the OS accounts of the phone system and cron, each mapped to a service login with a fixed
list of verbs (store/service_accounts.py). A bound run from such an account may run only those verbs.

The missed-call and return-visit callbacks made before this held English words in their reason
("missed call (queue) [id]", "return visit"): the kind already says so in the reader's language, so
the reason keeps only what the phone system said.
"""

from __future__ import annotations

M_SERVICES: list[str] = [
    """CREATE TABLE service_accounts (
        os_user TEXT PRIMARY KEY,
        login TEXT NOT NULL REFERENCES agents (login),
        verbs TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
    )""",
    "UPDATE callbacks SET reason = trim(substr(reason, 12)) WHERE kind = 'missed-call' AND reason LIKE 'missed call%'",
    "UPDATE callbacks SET reason = '' WHERE kind = 'return-visit' AND reason = 'return visit'",
]
