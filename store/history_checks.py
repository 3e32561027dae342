"""How store.history_load checks a past's rows: each as the single-row function that writes it checks
it, against what the load holds so far (`Known`). A check returns the values to store or raises the
store's error naming the field; `in_row` adds which row it was."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from store import phones as phone_lib
from store import settings as settings_lib
from store.call_records import CallEntry
from store.calls import validate_call
from store.db import Tx
from store.errors import NotFound, StoreError, ValidationError
from store.messages import N_
from store.validate import clean_text, int_range, one_of
from store.vocab import AGENT_STATUSES, ATTEMPT_RESULTS, BREAK_REASONS, CALLBACK_KINDS, CALLBACK_STATUSES, CONDUCT_KINDS, ROLES

_TIME = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"  # what store.clock.iso writes
_UTC = re.compile(_TIME)
_UTC_LINES = re.compile(f"{_TIME}(?:\n{_TIME})*")
APPEALS = ("pending", "accepted", "rejected")
IN_ROW = N_("{table} #{row}: {reason}")


def utc(value: object, field: str) -> str:
    if not isinstance(value, str) or not _UTC.fullmatch(value):
        raise ValidationError(field, N_("{field}: '{value}' is not a UTC time; use 2026-11-26T09:30:00Z."),
                              field=field, value=value)
    return value


def times(table: str, rows: list[dict[str, Any]], field: str, row_id: Callable[[dict[str, Any]], object],
          optional: bool = False) -> None:
    """Every row's `field` a UTC time (or None, when `optional`): one regex over the whole column, row by row
    only to name the first bad one."""
    column: list[Any] = [r.get(field) for r in rows]  # as given: a time each, or not (join raises TypeError)
    if optional:
        column = [v for v in column if v is not None]
    if not column:
        return
    try:
        joined = "\n".join(column)
    except TypeError:
        joined = None
    if joined is not None and joined.count("\n") == len(column) - 1 and _UTC_LINES.fullmatch(joined):
        return
    for row in rows:
        if not (optional and row.get(field) is None):
            try:
                utc(row.get(field), field)
            except ValidationError as exc:
                raise in_row(table, row_id(row), exc) from None


def in_row(table: str, row_id: object, exc: StoreError) -> StoreError:
    """The same error, saying which row of the load it is about (the inner sentence is translated too)."""
    if isinstance(exc, ValidationError):
        return ValidationError(exc.field, IN_ROW, table=table, row=row_id, reason=exc)
    return type(exc)(IN_ROW, table=table, row=row_id, reason=exc)


class Known:
    """What the load holds so far: rows refer only to rows loaded before them (the store started empty)."""

    def __init__(self, tx: Tx) -> None:
        self.tx = tx
        self.logins: dict[int, str] = {}  # agent id -> login
        self.names: set[str] = set()  # their logins
        self.admins: set[str] = set()
        self.customers: set[int] = set()
        self.calls: set[int] = set()
        self.callbacks: set[int] = set()
        self.region: str | None = None  # the phone_region setting, read once a number needs it
        self._numbers: dict[str, phone_lib.Phone] = {}  # each number's text parsed once

    def agent(self, agent_id: int, field: str = "agent_id") -> str:
        login = self.logins.get(agent_id)
        if login is None:
            raise NotFound(N_("{field}: there is no agent #{id} in this load."), field=field, id=agent_id)
        return login

    def login(self, login: str, field: str) -> str:
        if login not in self.names:
            raise NotFound(N_("{field}: there is no agent '{login}' in this load."), field=field, login=login)
        return login

    def loaded(self, ids: set[int], row_id: int | None, field: str, what: str) -> int | None:
        """`row_id` (None passes), when it names a row of `ids`."""
        if row_id is not None and row_id not in ids:
            raise NotFound(N_("{field}: there is no {what} #{id} in this load."), field=field, what=what, id=row_id)
        return row_id

    def phone(self, raw: str, e164: str | None, field: str) -> phone_lib.Phone:
        """`raw` parsed as insert_call and insert_customer parse a number; it must be `e164`."""
        phone = self._numbers.get(raw)
        if phone is None:
            if self.region is None:
                self.region = settings_lib.read(self.tx, "phone_region")
            phone = self._numbers[raw] = phone_lib.normalize(raw, self.region, field)
        if phone.e164 != e164:
            raise ValidationError(field, N_("{field}: '{raw}' is {parsed}, not {e164}."), field=field, raw=raw,
                                  parsed=phone.e164, e164=e164)
        return phone


def agent_row(row: dict[str, Any]) -> tuple[str, str, str, str | None, str | None, str]:
    """(login, name, role, team, extension, created_at) as add_agent stores them."""
    login = clean_text(row["login"], "login", 32, required=True).lower()
    name = clean_text(row["display_name"], "name", 80, required=True)
    role = one_of(row["role"], "role", ROLES)
    team = clean_text(row.get("team"), "team", 40) or None
    if role in ("agent", "lead") and not team:
        raise ValidationError("team", N_("team: a {role} needs a team."), role=role)
    extension = clean_text(row.get("extension"), "extension", 10) or None
    return login, name, role, team, extension, utc(row["created_at"], "created_at")


def call_row(row: dict[str, Any], known: Known) -> dict[str, Any]:
    """A call's columns as insert_call stores them; its times are checked a column at a time beforehand."""
    cents = row.get("amount_due_cents")
    values = validate_call(CallEntry.from_fields({**row, "amount_due": None if cents is None else cents / 100}))
    known.agent(row["agent_id"])
    customer_id = known.loaded(known.customers, row.get("customer_id"), "customer_id", "customer")
    e164, raw = row.get("phone_e164"), row.get("phone_raw")
    phone = known.phone(raw or "", e164, "number") if (e164 or raw) else None  # no raw: normalize says empty
    if row["ended_at"] < row["started_at"]:
        raise ValidationError("ended_at", N_("ended_at: {ended} is before started_at {started}."),
                              ended=row["ended_at"], started=row["started_at"])
    score = row.get("survey_score")
    if score is not None or row.get("survey_at") is not None:
        score = int_range(score, "survey_score", 1, 5)
        if row.get("survey_at") is None:
            raise ValidationError("survey_at", N_("survey_at: a survey answer needs the time it came in."))
    values.update(id=int(row["id"]), agent_id=row["agent_id"], customer_id=customer_id,
                  phone_e164=phone.e164 if phone else None, phone_raw=phone.raw if phone else None,
                  started_at=row["started_at"], ended_at=row["ended_at"], callback_id=None, survey_score=score,
                  survey_at=row.get("survey_at"), created_at=row["created_at"], updated_at=row["updated_at"],
                  updated_by=known.login(row["updated_by"], "updated_by"))
    return values


def callback_row(row: dict[str, Any], known: Known) -> dict[str, Any]:
    """A callback's columns as insert_callback checks a new one, and its state since."""
    customer_id, phone = row.get("customer_id"), row.get("phone_e164")
    if customer_id is None and not phone:
        raise ValidationError("customer", N_("customer: give a customer or a phone number to call back."))
    known.loaded(known.customers, customer_id, "customer", "customer")
    for field in ("owner_id", "first_owner_id"):
        if row.get(field) is not None:
            known.agent(row[field], field)
    status = one_of(row["status"], "status", CALLBACK_STATUSES)
    closed = row.get("closed_at")
    if (status == "open") != (closed is None):
        raise ValidationError("closed_at", N_("closed_at: a callback is closed exactly when it is done or cancelled."))
    return {
        "id": int(row["id"]), "kind": one_of(row["kind"], "kind", CALLBACK_KINDS), "customer_id": customer_id,
        "phone_e164": phone, "reason": clean_text(row.get("reason"), "reason", 500, multiline=True),
        "first_due_at": utc(row["first_due_at"], "first_due_at"), "due_at": utc(row["due_at"], "due_at"),
        "priority": int_range(row.get("priority", 2), "priority", 1, 3), "owner_id": row.get("owner_id"),
        "status": status, "source_call_id": known.loaded(known.calls, row.get("source_call_id"), "source_call_id", "call"),
        "cancel_reason": clean_text(row.get("cancel_reason"), "reason", 500) or None,
        "created_at": utc(row["created_at"], "created_at"), "created_by": known.login(row["created_by"], "created_by"),
        "updated_at": utc(row["updated_at"], "updated_at"), "updated_by": known.login(row["updated_by"], "updated_by"),
        "closed_at": None if closed is None else utc(closed, "closed_at"),
    }


def attempt_row(row: dict[str, Any], known: Known) -> tuple[int, int, str, int, str, int | None, str]:
    """(id, callback_id, at, agent_id, result, call_id, note) as record_attempt_in_tx stores a try."""
    if row["callback_id"] not in known.callbacks:
        raise NotFound(N_("callback_id: there is no callback #{id} in this load."), id=row["callback_id"])
    known.agent(row["agent_id"])
    return (int(row["id"]), row["callback_id"], utc(row["at"], "at"), row["agent_id"],
            one_of(row["result"], "result", ATTEMPT_RESULTS), known.loaded(known.calls, row.get("call_id"), "call_id", "call"),
            clean_text(row.get("note"), "note", 500))


def event_row(row: dict[str, Any], known: Known) -> tuple[dict[str, Any], str | None]:
    """A conduct event's columns as add_event, appeal and decide store them, and when it was appealed."""
    known.agent(row["agent_id"])
    try:
        occurred = date.fromisoformat(str(row["occurred_on"])).isoformat()
    except ValueError:
        raise ValidationError("date", N_("date: '{value}' is not a date; use YYYY-MM-DD."), value=row["occurred_on"]) from None
    points = float(row["points"])
    if points > 0:
        raise ValidationError("points", N_("points: {points} is not a deduction; give 0 or less."), points=points)
    appeal = row.get("appeal_status")
    if appeal is not None:
        appeal = one_of(appeal, "appeal_status", APPEALS)
    decided = appeal in ("accepted", "rejected")
    values = {
        "id": int(row["id"]), "agent_id": row["agent_id"], "kind": one_of(row["kind"], "kind", CONDUCT_KINDS),
        "occurred_on": occurred, "points": points, "note": clean_text(row.get("note"), "note", 500, multiline=True),
        "entered_by": known.login(row["entered_by"], "entered_by"), "entered_at": utc(row["entered_at"], "entered_at"),
        "appeal_status": appeal,
        "appeal_reason": clean_text(row.get("appeal_reason"), "reason", 500, required=appeal is not None,
                                    multiline=True) or None,
        "decided_by": known.login(row["decided_by"], "decided_by") if decided else None,
        "decided_at": utc(row["decided_at"], "decided_at") if decided else None,
    }
    return values, utc(row["appealed_at"], "appealed_at") if appeal is not None else None


StatusPair = tuple[str, str | None]  # (status, reason)


def status_pairs(rows: list[dict[str, Any]]) -> dict[StatusPair, StatusPair]:
    """{(status, reason) as given: as set_status stores them}, each distinct pair checked once."""
    stored: dict[StatusPair, StatusPair] = {}
    for status, reason in {(r["status"], r.get("reason")) for r in rows}:
        try:
            checked = one_of(status, "status", AGENT_STATUSES)
            if checked == "break":
                stored[status, reason] = (checked, one_of(reason or "other", "reason", BREAK_REASONS))
            else:
                stored[status, reason] = (checked, clean_text(reason, "reason", 80) or None)
        except ValidationError as exc:
            raise in_row("agent_status_log", f"with status {status!r}", exc) from None
    return stored
