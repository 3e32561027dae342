"""What is in a store: schema version, tables, columns and row counts.

Uses sqlite-utils' introspection (tables, columns, virtual-table detection)
rather than hand-parsing sqlite_master.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from store.access import ADMINS
from store.db import Store
from store.migrations import LATEST, schema_version


def schema(store: Store) -> dict[str, list[str]]:
    """{table: [column, ...]} for every table the migrations create (FTS shadow tables left out)."""
    with store.read_connection() as conn:  # never waits for a write
        db = sqlite_utils.Database(conn)
        names = [t.name for t in db.tables]
        shadow = {n for n in names for v in names if n != v and n.startswith(v + "_") and db.table(v).virtual_table_using}
        return {t.name: [c.name for c in t.columns] for t in db.tables if t.name not in shadow}


def info(store: Store, actor: str) -> dict[str, Any]:
    """Schema version, file size and row counts per table (admins)."""
    with store.read(actor, *ADMINS) as tx:
        counts = {table: tx.scalar(f'SELECT count(*) FROM "{table}"') for table in schema(store)}
    wal = store.path.with_name(store.path.name + "-wal")
    return {
        "path": str(store.path),
        "schema_version": schema_version(store),
        "code_schema_version": LATEST,
        "size_bytes": store.path.stat().st_size,
        "wal_bytes": wal.stat().st_size if wal.exists() else 0,
        "rows": counts,
    }
