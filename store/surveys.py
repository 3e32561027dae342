"""Post-call survey answers from the customer (IVR or SMS): the only source of CSAT."""

from __future__ import annotations

from store.access import LEADS, get_agent, require_sees_agent
from store.errors import NotFound, ValidationError
from store.validate import int_range


def _find_call(tx, call_id: int | None, uniqueid: str | None) -> int:
    if call_id is None and not uniqueid:
        raise ValidationError("call", "call: give --call ID or --uniqueid ID.")
    if call_id is not None:
        found = tx.scalar("SELECT id FROM calls WHERE id = ?", (int(call_id),))
        if found is None:
            raise NotFound(f"there is no call #{call_id}.")
        return found
    found = tx.scalar("SELECT id FROM calls WHERE uniqueid = ?", (str(uniqueid).strip(),))
    if found is None:
        raise NotFound(f"no call has uniqueid {uniqueid}.")
    return found


def record_in_tx(tx, score, call_id: int | None = None, uniqueid: str | None = None) -> int:
    score = int_range(score, "score", 1, 5)
    found = _find_call(tx, call_id, uniqueid)
    agent_login = tx.scalar("SELECT a.login FROM calls k JOIN agents a ON a.id = k.agent_id WHERE k.id = ?", (found,))
    require_sees_agent(tx.actor, get_agent(tx.conn, agent_login))
    tx.update("calls", found, {"survey_score": score, "survey_at": tx.now})
    tx.changed("calls", found)
    return found


def record_survey(store, actor: str, score, *, call_id: int | None = None, uniqueid: str | None = None) -> int:
    """Store the customer's 1-5 answer on the call. Leads (their team) and admins: give the phone system an admin login."""
    with store.write(actor, *LEADS) as tx:
        return record_in_tx(tx, score, call_id, uniqueid)
