"""A centre's past loaded in one write transaction: agents, customers, calls, callbacks and their
attempts, conduct events and status rows, tens of thousands at a time (`agentdesk demo` seeds with it).

Rows come as they stand now, with the ids the caller gave them, into a store that has no agents,
customers or calls yet. Each row is checked as the single-row function that writes it checks it
(store/history_checks.py). The audit log tells how the rows got there, at the rows' own times and
by their own actors, in the shape `Tx.insert` and `Tx.update` give it: an insert when a row was
created, an update for a later change (a survey answer, a callback worked or cancelled, an appeal
and its decision). The audit rows are written in time order when the load ends; each topic gets
one change-log row.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter
from typing import Any

from store import settings as settings_lib
from store.calls import CALL_COLUMNS
from store.customers import clean_fields
from store.db import Store, Tx
from store.errors import Conflict, NotFound, PermissionDenied, StoreError, ValidationError
from store.history_checks import (
    Known,
    agent_row,
    attempt_row,
    call_row,
    callback_row,
    event_row,
    in_row,
    status_pairs,
    times,
    utc,
)
from store.kpi_rollups import refresh as refresh_rollups
from store.messages import N_
from store.name_order import sort_key
from store.pinyin import key_rows
from store.tokens import document_tokens

_CUSTOMER_DEFAULTS = {"company": "", "email": "", "wechat_id": "", "city": "", "status": "prospect", "tags": "",
                      "notes": "", "do_not_call": 0}
_CUSTOMER_COLUMNS = ("id", "name", "company", "email", "wechat_id", "city", "status", "tags", "notes", "do_not_call",
                     "created_at", "created_by", "updated_at", "updated_by", "name_sort")
_CALLBACK_COLUMNS = ("id", "kind", "customer_id", "phone_e164", "reason", "first_due_at", "due_at", "priority",
                     "owner_id", "status", "source_call_id", "cancel_reason", "created_at", "created_by",
                     "updated_at", "updated_by", "closed_at")
_CALLBACK_STATE = ("status", "closed_at", "cancel_reason", "owner_id", "due_at")  # what working a callback changes
_EVENT_COLUMNS = ("id", "agent_id", "kind", "occurred_on", "points", "note", "entered_by", "entered_at",
                  "appeal_status", "appeal_reason", "decided_by", "decided_at")


AuditRow = tuple[str, str, str, int, str, str | None, str | None]  # at, actor, table, row id, action, before, after


class StoreNotEmpty(StoreError):
    """The store already has agents, customers or calls: a past is loaded only into an empty store."""

    def __init__(self, message_id: str, /, has_agents: bool, **params: object) -> None:
        super().__init__(message_id, **params)
        self.has_agents = has_agents


@contextmanager
def load_history(store: Store, actor: str) -> Iterator[HistoryLoad]:
    """One BEGIN IMMEDIATE transaction loading a past into an empty store.

    `actor` is the admin login (one of the agents loaded) recorded for the load's own changes: the
    agents it adds, the settings it sets, the survey answers the phone system reported.
    """
    with store.write(None) as tx:
        tx.audit_as = actor
        if tx.scalar("SELECT count(*) FROM agents"):
            raise StoreNotEmpty(N_("{path} already has agents; a past is loaded only into an empty store."),
                                has_agents=True, path=str(store.path))
        if tx.scalar("SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM calls)"):
            raise StoreNotEmpty(N_("{path} has customers or calls but no agents; a past is loaded only into an"
                                   " empty store."), has_agents=False, path=str(store.path))
        load = HistoryLoad(tx)
        yield load
        load.finish()


class HistoryLoad:
    """The load in progress: call its methods in the order rows refer to each other (agents, customers,
    calls, callbacks, attempts, conduct events, status rows); `load_history` finishes it."""

    def __init__(self, tx: Tx) -> None:
        self.tx = tx
        self.known = Known(tx)
        self._audit: list[AuditRow] = []
        self._topics: set[str] = set()
        self._links: list[tuple[int, int]] = []  # (callback id, call id): calls and callbacks point at each other

    def _note(self, at: str, actor: str, table: str, row_id: int, action: str, before: dict[str, Any] | None = None,
              after: dict[str, Any] | None = None) -> None:
        self._audit.append((at, actor, table, row_id, action,
                            None if before is None else json.dumps(before, ensure_ascii=False),
                            None if after is None else json.dumps(after, ensure_ascii=False)))

    def _touch(self, topic: str) -> None:
        if topic not in self._topics:
            self._topics.add(topic)
            self.tx.changed(topic)

    def _insert(self, table: str, columns: tuple[str, ...], rows: Sequence[tuple[object, ...]]) -> None:
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
        try:
            self.tx.conn.executemany(sql, rows)
        except sqlite3.IntegrityError as exc:
            raise Conflict(N_("{table}: the rows break a rule of the store ({rule}); each row is loaded once."),
                           table=table, rule=str(exc)) from None

    # -- the tables ---------------------------------------------------------------------------
    def settings(self, values: dict[str, Any]) -> None:
        """Centre settings, checked and audited as set_setting does; `before` is the stored value (None: none)."""
        for key, value in values.items():
            stored = self.tx.scalar("SELECT value FROM settings WHERE key = ?", (key,))
            value = settings_lib.write(self.tx, key, value)
            self.known.region = None
            self._note(self.tx.now, self.tx.login, "settings", 0, "update",
                       {key: None if stored is None else json.loads(stored)}, {key: value})

    def agents(self, rows: list[dict[str, Any]]) -> None:
        """Agents (id, login, display_name, role, team, extension, created_at), added by the load's actor."""
        self._touch("agents")
        out = []
        for row in rows:
            agent_id = int(row["id"])
            try:
                login, name, role, team, extension, created = agent_row(row)
            except StoreError as exc:
                raise in_row("agents", agent_id, exc) from None
            out.append((agent_id, login, name, role, team, extension, 1, created, created, sort_key(name)))
            self.known.logins[agent_id] = login
            self.known.names.add(login)
            if role == "admin":
                self.known.admins.add(login)
            self._note(created, self.tx.login, "agents", agent_id, "insert")
        self._insert("agents", ("id", "login", "display_name", "role", "team", "extension", "active", "created_at",
                                "updated_at", "name_sort"), out)

    def customers(self, rows: list[dict[str, Any]]) -> None:
        """Customers as insert_customer checks them, each with `phones`: [(e164, raw as typed)], main first.

        Audited at created_at by created_by; last_contact_at follows from the calls loaded.
        """
        self._touch("customers")
        known = self.known
        customer_rows, fts_rows, phone_rows, phone_audit = [], [], [], []
        pinyin_rows: list[tuple[int, str, str]] = []
        next_phone = (self.tx.scalar("SELECT max(id) FROM customer_phones") or 0) + 1
        owner_of: dict[str, int] = {}
        for row in rows:
            customer_id = int(row["id"])
            try:
                v = {**_CUSTOMER_DEFAULTS, **clean_fields(row), "id": customer_id,
                     "created_at": utc(row["created_at"], "created_at"),
                     "created_by": known.login(row["created_by"], "created_by")}
                phones = [known.phone(raw, e164, "phone") for e164, raw in row.get("phones", ())]
            except StoreError as exc:
                raise in_row("customers", customer_id, exc) from None
            v["updated_at"], v["updated_by"], v["name_sort"] = v["created_at"], v["created_by"], sort_key(v["name"])
            customer_rows.append(tuple(v[c] for c in _CUSTOMER_COLUMNS))
            fts_rows.append((customer_id, document_tokens(v["name"], v["company"], v["email"], v["wechat_id"],
                                                          v["city"], v["tags"], v["notes"])))
            pinyin_rows.extend(key_rows(customer_id, v["name"], v["company"]))
            for i, phone in enumerate(phones):
                if phone.e164 in owner_of:
                    raise Conflict(N_("customers #{id}: phone {phone} already belongs to customer #{owner}."),
                                   id=customer_id, phone=phone.e164, owner=owner_of[phone.e164])
                owner_of[phone.e164] = customer_id
                phone_rows.append((next_phone, customer_id, phone.e164, phone.raw, phone.digits_rev,
                                   1 if i == 0 else 0, v["created_at"]))
                phone_audit.append((v["created_at"], v["created_by"], "customer_phones", next_phone, "insert", None, None))
                next_phone += 1
            known.customers.add(customer_id)
            self._note(v["created_at"], v["created_by"], "customers", customer_id, "insert")
        self._audit.extend(phone_audit)
        self._insert("customers", _CUSTOMER_COLUMNS, customer_rows)
        self._insert("customer_phones", ("id", "customer_id", "e164", "raw", "digits_rev", "is_main", "created_at"),
                     phone_rows)
        self._insert("customer_fts", ("rowid", "tokens"), fts_rows)
        self._insert("customer_pinyin", ("customer_id", "part", "key"), pinyin_rows)

    def calls(self, rows: list[dict[str, Any]]) -> None:
        """Calls (the calls table's columns; amount_due_cents) as validate_call checks the call form's.

        Audited: the insert at created_at by updated_by (who logged it), a survey answer as
        record_survey's update at survey_at by the load's actor. A call moves its customer's
        last_contact_at as insert_call does; callback_id is set once the callbacks are loaded.
        """
        self._touch("calls")
        row_id = itemgetter("id")
        for field in ("started_at", "ended_at", "created_at", "updated_at"):
            times("calls", rows, field, row_id)
        times("calls", rows, "survey_at", row_id, optional=True)
        columns = itemgetter(*CALL_COLUMNS)
        out, surveys = [], []
        last_contact: dict[int, str] = {}  # customer id -> their latest call's started_at
        for row in rows:
            try:
                v = call_row(row, self.known)
            except StoreError as exc:
                raise in_row("calls", row["id"], exc) from None
            out.append(columns(v))
            if row.get("callback_id") is not None:
                self._links.append((row["callback_id"], v["id"]))
            if v["customer_id"] is not None and v["started_at"] > last_contact.get(v["customer_id"], ""):
                last_contact[v["customer_id"]] = v["started_at"]
            if v["survey_score"] is not None:
                surveys.append((v["survey_at"], self.tx.login, "calls", v["id"], "update",
                                json.dumps({"survey_score": None, "survey_at": None}),
                                json.dumps({"survey_score": v["survey_score"], "survey_at": v["survey_at"]})))
            self.known.calls.add(v["id"])
            self._note(v["created_at"], v["updated_by"], "calls", v["id"], "insert")
        self._audit.extend(surveys)
        self._insert("calls", CALL_COLUMNS, out)
        self.tx.conn.executemany(
            "UPDATE customers SET last_contact_at = max(coalesce(last_contact_at, ''), ?) WHERE id = ?",
            [(at, customer_id) for customer_id, at in last_contact.items()])

    def callbacks(self, rows: list[dict[str, Any]]) -> None:
        """Callbacks as they stand (the callbacks table's columns) plus `first_owner_id`, their owner when made.

        Audited: the insert at created_at by created_by, and when the callback was worked since (status,
        closed_at, cancel_reason, owner_id or due_at differ from the callback as made) one update at
        updated_at by updated_by with those columns.
        """
        self._touch("callbacks")
        out = []
        for row in rows:
            try:
                v = callback_row(row, self.known)
            except StoreError as exc:
                raise in_row("callbacks", row["id"], exc) from None
            out.append(tuple(v[c] for c in _CALLBACK_COLUMNS))
            self.known.callbacks.add(v["id"])
            self._note(v["created_at"], v["created_by"], "callbacks", v["id"], "insert")
            made = {"status": "open", "closed_at": None, "cancel_reason": None, "owner_id": row.get("first_owner_id"),
                    "due_at": v["first_due_at"]}
            changed = [c for c in _CALLBACK_STATE if made[c] != v[c]]
            if changed:
                self._note(v["updated_at"], v["updated_by"], "callbacks", v["id"], "update",
                           {c: made[c] for c in changed}, {c: v[c] for c in changed})
        self._insert("callbacks", _CALLBACK_COLUMNS, out)

    def attempts(self, rows: list[dict[str, Any]]) -> None:
        """Tries at callbacks (id, callback_id, at, agent_id, result, call_id, note), audited at `at` by the agent."""
        self._touch("callbacks")
        out = []
        for row in rows:
            try:
                values = attempt_row(row, self.known)
            except StoreError as exc:
                raise in_row("callback_attempts", row["id"], exc) from None
            out.append(values)
            self._note(values[2], self.known.logins[values[3]], "callback_attempts", values[0], "insert")
        self._insert("callback_attempts", ("id", "callback_id", "at", "agent_id", "result", "call_id", "note"), out)

    def conduct_events(self, rows: list[dict[str, Any]]) -> None:
        """Conduct events as add_event checks them, with the points in force then, plus `appealed_at` when appealed.

        Audited: the insert at entered_at by entered_by; an appeal as appeal() writes it, at appealed_at by the
        agent; a decision as decide() writes it, at decided_at by decided_by.
        """
        self._touch("agents")
        out = []
        updates: list[tuple[str, str, int, dict[str, Any], dict[str, Any]]] = []  # (at, actor, id, before, after)
        for row in rows:
            try:
                v, appealed_at = event_row(row, self.known)
            except StoreError as exc:
                raise in_row("conduct_events", row["id"], exc) from None
            out.append(tuple(v[c] for c in _EVENT_COLUMNS))
            self._note(v["entered_at"], v["entered_by"], "conduct_events", v["id"], "insert")
            if appealed_at is not None:
                updates.append((appealed_at, self.known.logins[v["agent_id"]], v["id"],
                                {"appeal_status": None, "appeal_reason": None},
                                {"appeal_status": "pending", "appeal_reason": v["appeal_reason"]}))
            if v["decided_at"] is not None:
                updates.append((v["decided_at"], v["decided_by"], v["id"],
                                {"appeal_status": "pending", "decided_by": None, "decided_at": None},
                                {"appeal_status": v["appeal_status"], "decided_by": v["decided_by"],
                                 "decided_at": v["decided_at"]}))
        for at, actor, event_id, before, after in updates:
            self._note(at, actor, "conduct_events", event_id, "update", before, after)
        self._insert("conduct_events", _EVENT_COLUMNS, out)

    def status_rows(self, rows: list[dict[str, Any]]) -> None:
        """Agent status rows (agent_id, status, reason, started_at, ended_at or None), as set_status checks a
        status and its reason and leaves an agent at most one open row; not audited, as set_status does not
        audit them. Checked a column at a time."""
        self._touch("status")
        where = lambda r: f"{r.get('agent_id')} at {r.get('started_at')}"  # noqa: E731
        unknown = {r["agent_id"] for r in rows} - self.known.logins.keys()
        if unknown:
            raise NotFound(N_("agent_status_log: there is no agent #{id} in this load."), id=min(unknown))
        times("agent_status_log", rows, "started_at", where)
        times("agent_status_log", rows, "ended_at", where, optional=True)
        for row in rows:
            if row["ended_at"] is not None and row["ended_at"] <= row["started_at"]:
                raise in_row("agent_status_log", where(row), ValidationError(
                    "ended_at", N_("ended_at: {ended} is not after started_at."), ended=row["ended_at"]))
        still_open = Counter(r["agent_id"] for r in rows if r["ended_at"] is None)
        if still_open and max(still_open.values()) > 1:
            agent_id = next(a for a, n in still_open.items() if n > 1)
            raise ValidationError("ended_at", N_("agent_status_log: agent #{id} has {count} open status rows; an agent"
                                                 " is in one status at a time."), id=agent_id, count=still_open[agent_id])
        stored = status_pairs(rows)
        self._insert("agent_status_log", ("agent_id", "status", "reason", "started_at", "ended_at"),
                     [(r["agent_id"], *stored[r["status"], r.get("reason")], r["started_at"], r["ended_at"])
                      for r in rows])

    def finish(self) -> None:
        """Point calls at their callbacks and write the audit log in time order."""
        if self.tx.login not in self.known.admins:
            raise PermissionDenied(N_("'{login}' loads this past but is not one of the admins it loads."),
                                   login=self.tx.login)
        for callback_id, call_id in self._links:
            if callback_id not in self.known.callbacks:
                raise NotFound(N_("calls #{call}: callback_id: there is no callback #{id} in this load."),
                               call=call_id, id=callback_id)
        self.tx.conn.executemany("UPDATE calls SET callback_id = ? WHERE id = ?", self._links)
        refresh_rollups(self.tx.conn)  # the KPI rollups of every day the past's calls fall on
        self._audit.sort(key=lambda r: r[0])  # stable: rows of one second keep the order they were made in
        # the rows' actors proved nothing to this process: the proof says who loaded them and how they were proven
        proof = f"history load by {self.tx.login}: {self.tx.proof}"
        sql = "INSERT INTO audit_log (at, actor, proof, table_name, row_id, action, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        batch: list[tuple[Any, ...]] = []
        for at, actor, table, row_id, action, before, after in self._audit:
            if before is None and after is None:
                batch.append((at, actor, proof, table, row_id, action, before, after))
                continue
            self.tx.conn.executemany(sql, batch)  # in time order: the rows before this one first
            batch = []
            # a row with values: its personal ones aside, as Tx.audit keeps them (store/audit_values.py)
            self.tx.audit_at(at, actor, proof, table, row_id, action,
                             json.loads(before) if before else None, json.loads(after) if after else None)
        self.tx.conn.executemany(sql, batch)
