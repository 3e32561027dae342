"""The generated past written into the store, through `store.history_load` in one transaction."""

from __future__ import annotations

from demo.past import DEMO_REGION, DEMO_TIMEZONE, Past, iso
from store.history_load import HistoryLoad


def write_past(load: HistoryLoad, past: Past) -> None:
    """Everything `past` holds, in the order its rows refer to each other; ids are the past's own."""
    load.settings({"timezone": DEMO_TIMEZONE, "phone_region": DEMO_REGION})
    load.agents([{"id": a.id, "login": a.login, "display_name": a.name, "role": a.role, "team": a.team,
                  "extension": a.ext, "created_at": iso(past.agent_created)} for a in past.agents])
    load.customers([{"id": c.id, "name": c.name, "company": c.company, "email": c.email, "wechat_id": c.wechat_id,
                     "city": c.city, "status": c.status, "tags": c.tags, "notes": c.notes, "do_not_call": c.dnc,
                     "created_at": iso(c.created), "created_by": c.created_by, "phones": c.phones}
                    for c in past.customers])
    load.calls(past.calls)
    load.callbacks([{
        "id": cb.id, "kind": cb.kind, "customer_id": cb.customer.id if cb.customer else None,
        "phone_e164": cb.phone, "reason": cb.reason, "first_due_at": iso(cb.first_due), "due_at": iso(cb.due),
        "priority": cb.priority, "owner_id": cb.owner.id if cb.owner else None,
        "first_owner_id": cb.was_owner.id if cb.was_owner else None, "status": cb.status,
        "source_call_id": cb.source_call, "cancel_reason": cb.cancel_reason, "created_at": iso(cb.created),
        "created_by": cb.created_by, "updated_at": iso(cb.updated), "updated_by": cb.updated_by,
        "closed_at": iso(cb.closed) if cb.closed else None,
    } for cb in past.callbacks])
    load.attempts(past.attempts)
    load.conduct_events(past.conduct)
    load.status_rows([{"agent_id": r[0], "status": r[1], "reason": r[2], "started_at": iso(r[3]),
                       "ended_at": iso(r[4]) if r[4] is not None else None} for r in past.status_rows()])
