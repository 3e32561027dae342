"""The words of an export's CSV header row, one catalog message per column; JSON keys are never words.

In English (the catalog's source language) the header row is the column names themselves (`id,name,
phones,...`, docs/store.md): what scripts and the importers read. In another language each column is
its word from the catalog (张伟's file in Chinese: `客户编号,姓名,电话,...`), the words the desk and
GLOSSARY-zh.md use; the importers read those too (store/importer/headers.py for customers, the survey
import), so a file exported in either language imports again. A column without a word keeps its name.
Imports nothing: the shell translates (tui/cli_data.py), so store/ stays free of the interface.
"""

from __future__ import annotations

from collections.abc import Callable

from store.messages import N_

_WHO = {"created_at": N_("Created at"), "created_by": N_("Created by"),
        "updated_at": N_("Updated at"), "updated_by": N_("Updated by")}

COLUMN_WORDS: dict[str, dict[str, str]] = {
    "customers": {
        "id": N_("Customer id"), "name": N_("Name"), "phones": N_("Phones"), "company": N_("Company"),
        "email": N_("E-mail"), "wechat_id": N_("WeChat id"), "city": N_("City"), "status": N_("Customer status"),
        "tags": N_("Tags"), "notes": N_("Notes"), "do_not_call": N_("Do not call"),
        "do_not_call_by": N_("Do not call set by"), "do_not_call_at": N_("Do not call set at"),
        "do_not_call_reason": N_("Do not call reason"), "erased_at": N_("Erased at"), "erased_by": N_("Erased by"),
        "last_contact_at": N_("Last contact at"), **_WHO,
    },
    "calls": {
        "id": N_("Call id"), "agent_id": N_("Agent id"), "agent": N_("Agent"), "customer_id": N_("Customer id"),
        "direction": N_("Direction"), "channel": N_("Channel"), "category": N_("Category"),
        "outcome": N_("Outcome"), "phone_e164": N_("Phone number"), "phone_raw": N_("Number as typed"),
        # started, not 来电时间: a call may be outgoing
        "started_at": N_("Started at"), "ended_at": N_("Ended at"), "talk_s": N_("Talk seconds"),
        "hold_s": N_("Hold seconds"), "wrap_s": N_("Wrap-up seconds"), "notes": N_("Call notes"),
        "order_no": N_("Order number"), "waybill_no": N_("Waybill number"),
        "amount_due_cents": N_("Amount due (cents)"), "escalation_target": N_("Escalated to"),
        "escalation_reason": N_("Escalation reason"), "callback_id": N_("Callback id"),
        "uniqueid": N_("Unique id (uniqueid)"), "recording_url": N_("Recording link"),
        "survey_score": N_("Survey score"), "survey_at": N_("Survey answered at"), **_WHO,
    },
    "callbacks": {
        "id": N_("Callback id"), "kind": N_("Kind"), "customer_id": N_("Customer id"),
        "phone_e164": N_("Phone number"), "reason": N_("Callback reason"), "first_due_at": N_("First due at"),
        "due_at": N_("Due at"), "priority": N_("Priority"), "owner_id": N_("Owner id"), "owner": N_("Owner"),
        "status": N_("Status"), "source_call_id": N_("Source call id"), "cancel_reason": N_("Cancel reason"),
        "closed_at": N_("Closed at"), **_WHO,
    },
}


def header_row(kind: str, columns: list[str], translate: Callable[[str], str], english: bool) -> list[str]:
    """The CSV header of an export of `kind`: the column names in English, else each column's word
    through `translate` (the shell's `_`), the name where a column has no word or no translation."""
    if english:
        return list(columns)
    words = COLUMN_WORDS.get(kind, {})
    out = []
    for column in columns:
        word = words.get(column)
        said = translate(word) if word else column
        out.append(column if said == word else said)
    return out
