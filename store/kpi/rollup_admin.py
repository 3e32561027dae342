"""`agentdesk kpi rebuild-rollups`: the daily KPI rollups made again from the calls (admins)."""

from __future__ import annotations

from store.access import ADMINS
from store.db import Store
from store.kpi_rollups import rebuild_from_settings


def rebuild_rollups(store: Store, actor: str) -> int:
    """Every (agent, local day) rollup recomputed from the calls for the centre's time zone and FCR window,
    in one write transaction; returns the number of rollup rows. Frozen scorecards are not touched."""
    with store.write(actor, *ADMINS) as tx:
        rows = rebuild_from_settings(tx.conn, tx.now)
        tx.audit("kpi_day_rollups", 0, "update", None, {"rebuilt_rows": rows})
        return rows or 0
