"""Centre-wide settings: a key/value table of JSON values with defaults here."""

from __future__ import annotations

import json
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers

from store.access import ANY_ROLE, LEADS
from store.db import Store, Tx
from store.errors import PermissionDenied, ValidationError
from store.kpi_rules import DEFAULTS as KPI_DEFAULTS
from store.kpi_rules import check as kpi_check
from store.messages import N_

DEFAULTS: dict[str, Any] = {  # JSON values: each setting has its own shape
    "timezone": "Asia/Shanghai",  # periods are cut in the centre's time zone
    "phone_region": "CN",  # default region for numbers typed without +country
    "ring_max_age_s": 60,  # an older ring no longer pops; it is shown as missed
    "wrap_limit_s": 120,
    "break_limit_s": 900,
    "heartbeat_s": 15,
    "owner_grace_min": 0,  # an owned callback overdue by more than this moves to the pool; 0 = never
    # a return visit (回访) falls due this many days after a customer's last contact, by status; 0 = never
    "return_visit_days_prospect": 0,
    "return_visit_days_contracted": 30,
    "return_visit_days_churned": 0,
    "fcr_window_days": 7,
    "callback_ontime_min": 15,
    "callback_undo_min": 10,  # an agent may reopen a callback they closed for this long; a lead at any time
    "card_views_per_hour": 60,  # an agent opening more customer cards than this in an hour alerts their lead; 0 = never
    "audit_retention_days": 365,  # audit rows are kept this long at least (an admin prunes older ones); 183 or more
}
AUDIT_RETENTION_MIN_DAYS = 183  # about six months: no setting keeps the audit log for less
ADMIN_ONLY = frozenset({"audit_retention_days"})  # who may prune decides how long the log is kept
DEFAULTS.update(KPI_DEFAULTS)  # targets, weights, directions, grades, coefficients, deduction points


def _checked_value(key: str, value: Any) -> Any:
    if key not in DEFAULTS:
        raise ValidationError(
            key,
            N_("'{key}' is not a setting; known settings: {known}."),
            key=key, known=', '.join(sorted(DEFAULTS)),
        )
    if key == "timezone":
        try:
            ZoneInfo(str(value))
        except (ZoneInfoNotFoundError, ValueError):
            raise ValidationError(
                key,
                N_("timezone: '{value}' is not a time zone; use a name like Asia/Shanghai."),
                value=value,
            ) from None
        return str(value)
    if key == "phone_region":
        region = str(value).upper()
        if region not in phonenumbers.SUPPORTED_REGIONS:
            raise ValidationError(
                key,
                N_("phone_region: '{value}' is not a region code; use two letters like CN or US."),
                value=value,
            )
        return region
    if key in KPI_DEFAULTS:
        return kpi_check(key, value)
    if key == "audit_retention_days":
        days = _whole_number(key, value)
        if days < AUDIT_RETENTION_MIN_DAYS:
            raise ValidationError(key, N_("audit_retention_days: {value} days is under six months; give {least} or"
                                          " more."), value=days, least=AUDIT_RETENTION_MIN_DAYS)
        return days
    if isinstance(DEFAULTS[key], int):
        number = _whole_number(key, value)
        if number < 0:
            raise ValidationError(key, N_("{key}: must be 0 or more."), key=key)
        return number
    return value


def _whole_number(key: str, value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError(key, N_("{field}: '{value}' is not a whole number."), field=key, value=value) from None


def read_all(tx: Tx) -> dict[str, Any]:
    values = dict(DEFAULTS)
    for key, value in tx.all("SELECT key, value FROM settings"):
        values[key] = json.loads(value)
    return values


def read(tx: Tx, key: str) -> Any:
    """The setting's JSON value (its shape is the default's)."""
    row = tx.one("SELECT value FROM settings WHERE key = ?", (key,))
    return DEFAULTS[key] if row is None else json.loads(row[0])


def get_settings(store: Store, actor: str) -> dict[str, Any]:
    with store.read(actor, *ANY_ROLE) as tx:
        return read_all(tx)


def _may_change(tx: Tx, key: str) -> None:
    if key in ADMIN_ONLY and tx.actor.role != "admin":
        raise PermissionDenied(N_("{key}: only an admin changes this setting."), key=key)


def write(tx: Tx, key: str, value: Any) -> Any:
    value = _checked_value(key, value)
    tx.execute(
        "INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
        " updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        (key, json.dumps(value), tx.now, tx.login),
    )
    tx.changed("settings")
    return value


def set_setting(store: Store, actor: str, key: str, value: Any) -> Any:
    """Leads and admins change settings; the change is audited."""
    with store.write(actor, *LEADS) as tx:
        _may_change(tx, key)
        before = read(tx, key) if key in DEFAULTS else None
        value = write(tx, key, value)
        tx.audit("settings", 0, "update", {key: before}, {key: value})
        return value


def zone(tx: Tx) -> ZoneInfo:
    return ZoneInfo(read(tx, "timezone"))


def centre_zone(store: Store) -> ZoneInfo:
    """The centre's time zone (setting `timezone`): days, weeks and every time shown are cut in it."""
    with store.read(None) as tx:
        return zone(tx)


def _json_or_text(text: str) -> Any:
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return text


def set_from_text(store: Store, actor: str, key: str, text: str) -> Any:
    """`settings set KEY VALUE` (leads and admins, audited): VALUE as JSON when it parses, else as text;
    `kpi_targets.aht_s 280` changes one entry of an object setting and keeps the others."""
    name = None
    if "." in key:
        key, name = key.split(".", 1)
    value = _json_or_text(text)
    with store.write(actor, *LEADS) as tx:
        _may_change(tx, key)
        before = read(tx, key) if key in DEFAULTS else None
        if name is not None:
            if not isinstance(before, dict) or (name not in before and name not in KPI_DEFAULTS.get(key, {})):
                raise ValidationError(key, N_("{key}.{name}: not an entry of a setting."), key=key, name=name)
            value = {**before, name: value}
        stored = write(tx, key, value)
        tx.audit("settings", 0, "update", {key: before}, {key: stored})
        return stored
