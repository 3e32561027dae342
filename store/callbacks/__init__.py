"""Callbacks owed to customers: promised, return visits (回访) and missed calls.

records: one callback inside a write transaction; commands: what agents and leads do to callbacks;
queue: the queues and lists desks read; grace: owned and long overdue -> the pool;
return_visits: the batch job creating return visits; missed_calls: intake from the phone system.
"""

from store.callback_records import JSON_KEYS, AgentQueue, Callback, CallbackEvent, QueueGroup, TeamQueue
from store.callbacks.commands import (
    add_callback,
    cancel_callback,
    check_may_call,
    claim_callback,
    complete_callback,
    reassign_callbacks,
    record_attempt,
    release_callback,
    reopen_callback,
    reschedule_callback,
)
from store.callbacks.grace import apply_owner_grace, grace_cutoff, next_grace_move_at
from store.callbacks.missed_calls import record_missed_call
from store.callbacks.queue import (
    DUE_RANGES,
    LIST_LIMIT,
    SOON_MIN,
    TEAM_LIMIT,
    agent_queue,
    callback_counts,
    get_callback,
    list_callbacks,
    my_callback_counts,
    next_change_at,
    team_queue,
)
from store.callbacks.records import attempt_result_for_outcome, event_in_tx, insert_callback, record_attempt_in_tx
from store.callbacks.return_visits import (
    RETURN_VISIT_CHUNK,
    RETURN_VISIT_PAUSE_S,
    generate_return_visits,
    return_visit_intervals,
)
from store.columns import CALLBACK_COLUMNS

__all__ = [
    "CALLBACK_COLUMNS", "DUE_RANGES", "JSON_KEYS", "LIST_LIMIT", "RETURN_VISIT_CHUNK", "RETURN_VISIT_PAUSE_S",
    "SOON_MIN", "TEAM_LIMIT", "AgentQueue", "Callback", "CallbackEvent", "QueueGroup", "TeamQueue",
    "add_callback", "agent_queue", "apply_owner_grace",
    "attempt_result_for_outcome", "callback_counts", "cancel_callback", "check_may_call", "claim_callback", "complete_callback",
    "event_in_tx", "generate_return_visits", "get_callback", "grace_cutoff", "insert_callback", "list_callbacks",
    "my_callback_counts", "next_change_at", "next_grace_move_at", "reassign_callbacks", "record_attempt",
    "record_attempt_in_tx", "record_missed_call", "release_callback", "reopen_callback", "reschedule_callback", "return_visit_intervals",
    "team_queue",
]
