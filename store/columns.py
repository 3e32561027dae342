"""The columns of the tables store functions read whole rows of, in the order they read them.

A leaf (imports nothing): a module reading another table family's rows takes the
column list from here instead of importing that family's module.
"""

CUSTOMER_COLUMNS = (
    "id", "name", "company", "email", "wechat_id", "city", "status", "tags", "notes",
    "do_not_call", "last_contact_at", "created_at", "created_by", "updated_at", "updated_by",
)
CALL_COLUMNS = (
    "id", "agent_id", "customer_id", "direction", "channel", "category", "outcome",
    "phone_e164", "phone_raw", "started_at", "ended_at", "talk_s", "hold_s", "wrap_s",
    "notes", "order_no", "waybill_no", "amount_due_cents", "escalation_target",
    "escalation_reason", "callback_id", "uniqueid", "recording_url", "survey_score",
    "survey_at", "created_at", "updated_at", "updated_by",
)
CALLBACK_COLUMNS = (
    "id", "kind", "customer_id", "phone_e164", "reason", "first_due_at", "due_at",
    "priority", "owner_id", "status", "source_call_id", "cancel_reason",
    "created_at", "created_by", "updated_at", "updated_by", "closed_at",
)
