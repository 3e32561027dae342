"""Calls: one row per contact an agent handled, with its timers and outcome."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from store import phones as phone_lib
from store import settings as settings_lib
from store.access import ANY_ROLE, agent_scope_sql, can_see_agent, get_agent, require_sees_agent
from store.call_records import CallEntry, SavedCall, TodayCall
from store.callbacks import attempt_result_for_outcome, insert_callback, record_attempt_in_tx
from store.cases.opening import after_call_saved
from store.clock import iso, parse_iso
from store.columns import CALL_COLUMNS
from store.customer_phones import phone_owner
from store.customers import insert_customer
from store.db import Store, Tx
from store.do_not_call import refuse_outbound
from store.drafts import delete_draft_in_tx
from store.duetime import due_at_from_text
from store.errors import Conflict, NotFound, PermissionDenied, ValidationError
from store.kpi_rollups import refresh as refresh_rollups
from store.messages import N_
from store.periods import day_bounds
from store.validate import clean_text, int_range, one_of
from store.vocab import CATEGORIES, CHANNELS, DIRECTIONS, ESCALATION_TARGETS, OUTCOMES


def _amount_cents(value: object) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip().replace(",", "").lstrip("¥￥$")
    try:
        cents = round(float(text) * 100)
    except ValueError:
        raise ValidationError(
            "amount_due",
            N_("amount_due: '{value}' is not an amount; type digits like 1280.50."),
            value=value,
        ) from None
    if cents < 0:
        raise ValidationError("amount_due", N_("amount_due: cannot be negative."))
    return cents


def _iso_time(value: object, field: str) -> str:
    try:
        return parse_iso(str(value)).strftime("%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        raise ValidationError(
            field,
            N_("{field}: '{value}' is not a time; use 2026-11-26T09:30:00Z."),
            field=field, value=value,
        ) from None


def validate_call(call: CallEntry) -> dict[str, Any]:
    """Check every field of a call; return the columns to store."""
    v: dict[str, Any] = {}
    v["direction"] = one_of(call.direction or "in", "direction", DIRECTIONS)
    v["channel"] = one_of(call.channel or "phone", "channel", CHANNELS)
    v["category"] = one_of(call.category, "category", CATEGORIES)
    v["outcome"] = one_of(call.outcome, "outcome", OUTCOMES)
    for name in ("talk_s", "hold_s", "wrap_s"):
        v[name] = int_range(getattr(call, name) or 0, name, 0, 86_400)
    v["notes"] = clean_text(call.notes, "notes", 8000, multiline=True)
    v["order_no"] = clean_text(call.order_no, "order_no", 64) or None
    v["waybill_no"] = clean_text(call.waybill_no, "waybill_no", 64) or None
    v["amount_due_cents"] = _amount_cents(call.amount_due)
    target = call.escalation_target
    if v["outcome"].startswith("escalated-"):
        implied = v["outcome"].split("-", 1)[1]
        if target and target != implied:
            raise ValidationError(
                "escalation_target",
                N_("escalation_target: '{target}' disagrees with outcome {outcome}."),
                target=target, outcome=v['outcome'],
            )
        target = implied
    v["escalation_target"] = one_of(target, "escalation_target", ESCALATION_TARGETS) if target else None
    v["escalation_reason"] = clean_text(call.escalation_reason, "escalation_reason", 500, multiline=True) or None
    if v["escalation_target"] and not v["escalation_reason"]:
        raise ValidationError("escalation_reason", N_("escalation_reason: say why the call was escalated."))
    v["uniqueid"] = clean_text(call.uniqueid, "uniqueid", 128) or None
    v["recording_url"] = clean_text(call.recording_url, "recording_url", 1000) or None
    return v


def insert_call(tx: Tx, call: CallEntry, clear_draft: bool = False) -> int:
    """Log one call inside an open write transaction; returns its id.

    The caller is found by number when no customer is given; the entry's `new_customer` creates one
    for an unknown number, its `callback` schedules one, its `case_id` links it to that open case (else a
    call that raised a problem opens one: store/cases/opening.py), and `clear_draft` deletes the agent's
    form draft: all in the same transaction.
    """
    values = validate_call(call)
    region = settings_lib.read(tx, "phone_region")
    number = (call.number or "").strip()
    customer_id = call.customer_id
    phone = phone_lib.normalize(number, region, field="number") if number else None
    if customer_id is not None:
        if not tx.scalar("SELECT 1 FROM customers WHERE id = ?", (customer_id,)):
            raise NotFound(N_("customer_id: there is no customer #{customer_id}."), customer_id=customer_id)
    elif phone is not None:
        owner = phone_owner(tx, phone.e164)
        if owner:
            customer_id = owner[0]
    if customer_id is None and call.new_customer:
        named = call.new_customer
        customer_id = insert_customer(tx, {"name": named.name, "company": named.company, "city": named.city},
                                      [number] if phone else [], region)
    if values["direction"] == "out":  # the customer asked not to be called (store/do_not_call.py)
        refuse_outbound(tx, customer_id)
    if values["uniqueid"] and tx.scalar("SELECT id FROM calls WHERE uniqueid = ?", (values["uniqueid"],)):
        other = tx.scalar("SELECT id FROM calls WHERE uniqueid = ?", (values["uniqueid"],))
        raise Conflict(
            N_("uniqueid: call #{other} already has uniqueid {uniqueid}."),
            other=other, uniqueid=values['uniqueid'],
        )
    started, ended = call.started_at, call.ended_at
    if started:
        values["started_at"] = _iso_time(started, "started_at")
        values["ended_at"] = _iso_time(ended, "ended_at") if ended else None
    else:  # logged after the fact: it began talk + hold + wrap seconds ago
        now = parse_iso(tx.now)
        begin = now - timedelta(seconds=values["talk_s"] + values["hold_s"] + values["wrap_s"])
        values["started_at"] = iso(begin)
        values["ended_at"] = iso(begin + timedelta(seconds=values["talk_s"] + values["hold_s"]))
    values.update(
        agent_id=tx.actor.id,
        customer_id=customer_id,
        phone_e164=phone.e164 if phone else None,
        phone_raw=phone.raw if phone else None,
        callback_id=call.callback_id,
        created_at=tx.now,
        updated_at=tx.now,
        updated_by=tx.login,
    )
    call_id = tx.insert("calls", values)
    if values["callback_id"]:  # logged from a callback: an attempt at it
        record_attempt_in_tx(tx, values["callback_id"], attempt_result_for_outcome(values["outcome"]), call_id)
    if customer_id is not None:
        tx.execute(
            "UPDATE customers SET last_contact_at = max(coalesce(last_contact_at, ''), ?) WHERE id = ?",
            (values["started_at"], customer_id),
        )
    if call.callback:
        refuse_outbound(tx, customer_id)  # a promised callback is an outgoing call to come
        # as the agent typed it ("+30m", "tomorrow 10:00", "mon 9"), unless given as a time
        due_at = call.callback.due_at or due_at_from_text(tx, call.callback.due)
        insert_callback(
            tx,
            due_at=due_at,
            customer_id=customer_id,
            phone_e164=phone.e164 if phone else None,
            reason=call.callback.reason or values["notes"].split("\n", 1)[0][:200],
            owner=tx.actor.login if call.callback.owner == "me" else None,
            source_call_id=call_id,
        )
    after_call_saved(tx, call_id, values, call.case_id)  # a case it raised, or the open case it chases
    if clear_draft:
        delete_draft_in_tx(tx)
    refresh_rollups(tx.conn)  # this call's day, and the earlier days whose FCR it may turn into a miss
    tx.changed("calls", call_id)
    return call_id


def log_call(store: Store, actor: str, call: CallEntry, clear_draft: bool = False) -> int:
    """Log `call` as `actor` (one write transaction); returns its id."""
    with store.write(actor, *ANY_ROLE) as tx:
        return insert_call(tx, call, clear_draft)


def list_calls(store: Store, actor: str, *, agent: str | None = None, customer_id: int | None = None,
               since: str | None = None, until: str | None = None, limit: int = 100) -> list[SavedCall]:
    """Calls `actor` may see (agent: own; lead: team; admin: all), newest first."""
    with store.read(actor, *ANY_ROLE) as tx:
        scope, scope_params = agent_scope_sql(tx.actor, "k.agent_id")
        sql = (
            f"SELECT {', '.join('k.' + c for c in CALL_COLUMNS)}, a.login, cu.name FROM calls k"
            " JOIN agents a ON a.id = k.agent_id LEFT JOIN customers cu ON cu.id = k.customer_id"
            f" WHERE {scope}"
        )
        params = list(scope_params)
        if agent:
            target = get_agent(tx.conn, agent)
            require_sees_agent(tx.actor, target)  # asking for someone out of scope is refused, not empty
            sql += " AND k.agent_id = ?"
            params.append(target.id)
        if customer_id is not None:
            sql += " AND k.customer_id = ?"
            params.append(customer_id)
        if since:
            sql += " AND k.started_at >= ?"
            params.append(since)
        if until:
            sql += " AND k.started_at < ?"
            params.append(until)
        sql += " ORDER BY k.started_at DESC, k.id DESC LIMIT ?"
        params.append(int(limit))
        return [SavedCall.from_row(row[: len(CALL_COLUMNS)], agent=row[-2], customer_name=row[-1])
                for row in tx.all(sql, params)]


# -- correcting a call and the agent's calls of today ------------------------------
EDITABLE = frozenset({
    "number", "customer_id", "direction", "channel", "category", "outcome", "talk_s", "hold_s", "wrap_s",
    "notes", "order_no", "waybill_no", "amount_due", "escalation_target", "escalation_reason", "recording_url",
})


def _load_for_change(tx: Tx, call_id: int) -> SavedCall:
    row = tx.one(f"SELECT {', '.join(CALL_COLUMNS)} FROM calls WHERE id = ?", (int(call_id),))
    if row is None:
        raise NotFound(N_("there is no call #{call_id}."), call_id=call_id)
    call = SavedCall.from_row(row)
    login = tx.scalar("SELECT login FROM agents WHERE id = ?", (call.agent_id,))
    target = get_agent(tx.conn, login)
    if not can_see_agent(tx.actor, target):
        if tx.actor.role == "lead":
            raise PermissionDenied(
                N_("call #{call_id} is {login}'s, who is not in your team ({team})."),
                call_id=call_id, login=login, team=tx.actor.team,
            )
        raise PermissionDenied(
            N_("call #{call_id} is {login}'s; an agent may only correct their own calls."),
            call_id=call_id, login=login,
        )
    return replace(call, agent=login)


def get_call(store: Store, actor: str, call_id: int) -> SavedCall:
    """One call the actor may see (agents: own; leads: their team), with `agent` and `customer_name`."""
    with store.read(actor, *ANY_ROLE) as tx:
        call = _load_for_change(tx, call_id)
        name = tx.scalar("SELECT name FROM customers WHERE id = ?", (call.customer_id,)) if call.customer_id else None
        return replace(call, customer_name=name)


def update_call(store: Store, actor: str, call_id: int, **fields: Any) -> dict[str, Any]:
    """Correct a saved call (audited): agents their own calls, leads their team's, admins any.

    The same checks as a new call. Returns {column: (before, after)} of what changed.
    """
    unknown = sorted(set(fields) - EDITABLE)
    if unknown:
        raise ValidationError(
            unknown[0],
            N_("{entry}: cannot be corrected; correct one of {editable}."),
            entry=unknown[0], editable=', '.join(sorted(EDITABLE)),
        )
    with store.write(actor, *ANY_ROLE) as tx:
        call = _load_for_change(tx, call_id)
        cents = call.amount_due_cents
        merged: dict[str, Any] = {
            name: getattr(call, name)
            for name in ("direction", "channel", "category", "outcome", "talk_s", "hold_s", "wrap_s", "notes",
                         "order_no", "waybill_no", "escalation_target", "escalation_reason", "uniqueid", "recording_url")
        }
        merged["amount_due"] = None if cents is None else f"{cents / 100:.2f}"
        if "outcome" in fields and fields["outcome"] != call.outcome:
            merged["escalation_target"] = None  # implied again by the new outcome, or given
            if not str(fields["outcome"] or "").startswith("escalated-"):
                merged["escalation_reason"] = None
        merged.update({k: v for k, v in fields.items() if k not in ("number", "customer_id")})
        values = validate_call(CallEntry.from_fields(merged))
        del values["uniqueid"]  # the phone system's id is not corrected by hand
        if "number" in fields or "customer_id" in fields:
            region = settings_lib.read(tx, "phone_region")
            number = (fields.get("number") if "number" in fields else call.phone_raw or call.phone_e164 or "") or ""
            phone = phone_lib.normalize(number.strip(), region, field="number") if number.strip() else None
            customer_id = fields.get("customer_id") if "customer_id" in fields else None
            if customer_id is not None:
                if not tx.scalar("SELECT 1 FROM customers WHERE id = ?", (customer_id,)):
                    raise NotFound(N_("customer_id: there is no customer #{customer_id}."), customer_id=customer_id)
            elif phone is not None:
                owner = phone_owner(tx, phone.e164)
                customer_id = owner[0] if owner else None
            values.update(customer_id=customer_id, phone_e164=phone.e164 if phone else None,
                          phone_raw=phone.raw if phone else None)
        changed = tx.update("calls", int(call_id), values)
        if changed:
            tx.execute("UPDATE calls SET updated_at = ?, updated_by = ? WHERE id = ?", (tx.now, tx.login, int(call_id)))
            if values.get("customer_id"):
                tx.execute(
                    "UPDATE customers SET last_contact_at = max(coalesce(last_contact_at, ''), ?) WHERE id = ?",
                    (call.started_at, values["customer_id"]),
                )
            refresh_rollups(tx.conn)  # the KPI rollups of the days the correction touches
            tx.changed("calls", int(call_id))
        return changed


def my_calls_today(store: Store, actor: str, now: datetime | None = None, limit: int = 200) -> list[TodayCall]:
    """The acting agent's own calls of the local day (the centre's zone), newest first."""
    with store.read(actor, *ANY_ROLE) as tx:
        start, end = day_bounds(now or store.clock(), settings_lib.zone(tx))
        rows = tx.all(
            "SELECT k.id, k.started_at, cu.name, k.phone_raw, k.phone_e164, k.category, k.outcome,"
            " k.talk_s + k.hold_s + k.wrap_s, k.notes FROM calls k LEFT JOIN customers cu ON cu.id = k.customer_id"
            " WHERE k.agent_id = ? AND k.started_at >= ? AND k.started_at < ?"
            " ORDER BY k.started_at DESC, k.id DESC LIMIT ?",
            (tx.actor.id, start, end, int(limit)),
        )
    return [TodayCall(*r) for r in rows]
