"""Settings: the centre's (a key/value table of JSON values, defaults here) and a team's own KPI targets and weights.

Admins change the centre's settings; a lead changes only their own team's `kpi_targets` and `kpi_weights`
(table team_settings), which override the centre's for that team's agents (read_all(tx, team)).
"""

from __future__ import annotations

import json
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from store.access import ANY_ROLE, LEADS
from store.case_settings import DEFAULTS as CASE_DEFAULTS
from store.case_settings import check as case_check
from store.db import Store, Tx
from store.errors import PermissionDenied, ValidationError
from store.kpi_rollups import FCR_WINDOW_DEFAULT, ROLLUP_KEYS, ZONE_DEFAULT, rebuild_from_settings
from store.kpi_rules import DEFAULTS as KPI_DEFAULTS
from store.kpi_rules import check as kpi_check
from store.messages import N_

DEFAULTS: dict[str, Any] = {  # JSON values: each setting has its own shape
    "timezone": ZONE_DEFAULT,  # periods are cut in the centre's time zone
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
    "fcr_window_days": FCR_WINDOW_DEFAULT,
    "callback_ontime_min": 15,
    "callback_undo_min": 10,  # an agent may reopen a callback they closed for this long; a lead at any time
    "card_views_per_hour": 60,  # an agent opening more customer cards than this in an hour alerts their lead; 0 = never
    "audit_retention_days": 365,  # audit rows are kept this long at least (an admin prunes older ones); 183 or more
}
TEAM_SCOPED = ("kpi_targets", "kpi_weights")  # what a team may set for itself; everything else is the centre's
AUDIT_RETENTION_MIN_DAYS = 183  # about six months: no setting keeps the audit log for less
DEFAULTS.update(CASE_DEFAULTS)  # SLA hours, calendar, reopen and reminder (store/case_settings.py)
DEFAULTS.update(KPI_DEFAULTS)  # targets, weights, directions, grades, coefficients, deduction points
KPI_OBJECTS = ("kpi_targets", "kpi_weights", "kpi_directions")  # one entry per scored KPI


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
        import phonenumbers  # only to check the region: not loaded with the settings

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
    if key in CASE_DEFAULTS:
        return case_check(key, value)
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


def read_all(tx: Tx, team: str | None = None) -> dict[str, Any]:
    """Every setting; with `team`, that team's own targets and weights over the centre's."""
    values = dict(DEFAULTS)
    for key, value in tx.all("SELECT key, value FROM settings"):
        values[key] = json.loads(value)
    if team is not None:
        for key, value in tx.all("SELECT key, value FROM team_settings WHERE team = ?", (team,)):
            values[key] = json.loads(value)
    for key in KPI_OBJECTS:  # stored before a KPI joined (kpi_rules.LATER_SCORED): its default fills in
        values[key] = {**DEFAULTS[key], **values[key]}
    return values


def scopes(tx: Tx, team: str | None = None) -> dict[str, str]:
    """Where each setting's value comes from: 'team' (the team's own), 'centre' (set for all) or 'default'."""
    out = {key: "default" for key in DEFAULTS}
    out.update({key: "centre" for (key,) in tx.all("SELECT key FROM settings") if key in out})
    if team is not None:
        out.update({key: "team" for (key,) in tx.all("SELECT key FROM team_settings WHERE team = ?", (team,))})
    return out


def read(tx: Tx, key: str) -> Any:
    """The setting's JSON value (its shape is the default's)."""
    row = tx.one("SELECT value FROM settings WHERE key = ?", (key,))
    if row is None:
        return DEFAULTS[key]
    value = json.loads(row[0])
    return {**DEFAULTS[key], **value} if key in KPI_OBJECTS else value


def get_settings(store: Store, actor: str, team: str | None = None) -> dict[str, Any]:
    """The centre's settings, or with `team` as that team's agents are scored (a lead: only their own team)."""
    with store.read(actor, *ANY_ROLE) as tx:
        return read_all(tx, _readable_team(tx, team))


def setting_scopes(store: Store, actor: str, team: str | None = None) -> dict[str, str]:
    """scopes() for the CLI's `settings show [--team]`."""
    with store.read(actor, *ANY_ROLE) as tx:
        return scopes(tx, _readable_team(tx, team))


def settings_view(store: Store, actor: str) -> tuple[dict[str, Any], dict[str, str], str | None]:
    """What the settings screen shows: (values, scopes, team): a lead's own team's, an admin's the centre's."""
    with store.read(actor, *LEADS) as tx:
        team = tx.actor.team if tx.actor.role == "lead" else None
        return read_all(tx, team), scopes(tx, team), team


def _readable_team(tx: Tx, team: str | None) -> str | None:
    if team is not None and tx.actor.role != "admin" and team != tx.actor.team:
        raise PermissionDenied(N_("'{team}' is not your team ({your_team}); ask an admin for another team's settings."),
                               team=team, your_team=tx.actor.team or "-")
    return team


def _scope_for(tx: Tx, key: str, team: str | None) -> str | None:
    """The team a change goes to (None: the centre's), or a refusal saying who changes what."""
    if tx.actor.role == "lead":
        if key not in TEAM_SCOPED:
            raise PermissionDenied(
                N_("{key} is a centre-wide setting: only an admin changes it; a lead sets their own team's "
                   "kpi_targets and kpi_weights."), key=key)
        if team is not None and team != tx.actor.team:
            raise PermissionDenied(N_("'{team}' is not your team ({your_team}); a lead sets only their own team's "
                                      "targets and weights."), team=team, your_team=tx.actor.team)
        return tx.actor.team
    if team is not None and key not in TEAM_SCOPED:
        raise ValidationError(key, N_("{key}: a team has no setting of its own but kpi_targets and kpi_weights; "
                                      "leave out --team."), key=key)
    return team


def _stored(tx: Tx, key: str, team: str | None) -> Any:
    if team is None:
        return read(tx, key) if key in DEFAULTS else None
    return read_all(tx, team).get(key)


def write(tx: Tx, key: str, value: Any, team: str | None = None) -> Any:
    value = _checked_value(key, value)
    if team is not None:
        tx.execute(
            "INSERT INTO team_settings (team, key, value, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (team, key) DO UPDATE SET value = excluded.value,"
            " updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            (team, key, json.dumps(value), tx.now, tx.login),
        )
    else:
        tx.execute(
            "INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
            " updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            (key, json.dumps(value), tx.now, tx.login),
        )
        if key in ROLLUP_KEYS:  # the days are cut, or FCR judged, anew: the KPI rollups too, in this transaction
            rebuild_from_settings(tx.conn, tx.now, only_if_stale=True)
    tx.changed("settings")
    return value


def _audit(tx: Tx, key: str, team: str | None, before: Any, after: Any) -> None:
    # a team's row names its team beside the key, so the log says whose targets changed
    extra = {} if team is None else {"team": team}
    tx.audit("settings", 0, "update", {key: before, **extra}, {key: after, **extra})


def set_setting(store: Store, actor: str, key: str, value: Any, team: str | None = None) -> Any:
    """Admins change the centre's settings (or, with `team`, a team's targets and weights); a lead only their
    own team's targets and weights. Audited."""
    with store.write(actor, *LEADS) as tx:
        scope = _scope_for(tx, key, team)
        before = _stored(tx, key, scope)
        value = write(tx, key, value, scope)
        _audit(tx, key, scope, before, value)
        return value


def unset_team_setting(store: Store, actor: str, key: str, team: str | None = None) -> Any:
    """The team's own value dropped: the centre's applies again to its agents. Returns that value."""
    with store.write(actor, *LEADS) as tx:
        scope = _scope_for(tx, key, team)
        if scope is None:
            raise ValidationError("team", N_("team: name the team whose {key} goes back to the centre's (--team)."),
                                  key=key)
        before = tx.one("SELECT value FROM team_settings WHERE team = ? AND key = ?", (scope, key))
        if before is None:
            raise ValidationError(key, N_("{key}: team {team} has no value of its own; the centre's applies already."),
                                  key=key, team=scope)
        tx.execute("DELETE FROM team_settings WHERE team = ? AND key = ?", (scope, key))
        tx.changed("settings")
        after = read(tx, key)
        _audit(tx, key, scope, json.loads(before[0]), after)
        return after


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


def set_from_text(store: Store, actor: str, key: str, text: str, team: str | None = None) -> Any:
    """`settings set KEY VALUE [--team T]` (as set_setting, audited): VALUE as JSON when it parses, else as text;
    `kpi_targets.aht_s 280` changes one entry of an object setting and keeps the others."""
    name = None
    if "." in key:
        key, name = key.split(".", 1)
    value = _json_or_text(text)
    with store.write(actor, *LEADS) as tx:
        scope = _scope_for(tx, key, team)
        before = _stored(tx, key, scope)
        if name is not None:
            if not isinstance(before, dict) or (name not in before and name not in KPI_DEFAULTS.get(key, {})):
                raise ValidationError(key, N_("{key}.{name}: not an entry of a setting."), key=key, name=name)
            value = {**before, name: value}
        stored = write(tx, key, value, scope)
        _audit(tx, key, scope, before, stored)
        return stored
