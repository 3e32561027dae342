"""The migration that gives a team its own KPI targets and weights (store/settings.py, TEAM_SCOPED).

Its number is its place in store/migrations.py's MIGRATIONS. It keeps every row: the centre's settings
stay the centre's (a `kpi_targets` a lead once set for everyone stays everyone's, since moving it to that
lead's team would change the other teams' live scores); a team's own values start empty and override the
centre's for that team's agents once its lead (or an admin) sets them.
"""

from __future__ import annotations

M_TEAM_SETTINGS: list[str] = [
    """CREATE TABLE team_settings (
        team TEXT NOT NULL,
        key TEXT NOT NULL CHECK (key IN ('kpi_targets', 'kpi_weights')),
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        PRIMARY KEY (team, key)
    ) WITHOUT ROWID""",
]
