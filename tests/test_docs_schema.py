"""docs/store.md documents every table and column the migrations create, and nothing else."""

from __future__ import annotations

import re
from pathlib import Path

from store.introspect import schema

DOC = Path(__file__).resolve().parents[1] / "docs" / "store.md"


def documented() -> dict[str, list[str]]:
    tables: dict[str, list[str]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^### (\w+)\s*$", line)
        if heading:
            current = heading.group(1)
            tables[current] = []
            continue
        cell = re.match(r"^\| `(\w+)` \|", line)
        if cell and current:
            tables[current].append(cell.group(1))
    return tables


def test_every_table_and_column_is_documented(store):
    actual = schema(store)
    docs = documented()
    assert sorted(docs) == sorted(actual)
    for table, columns in actual.items():
        expected = [c for c in columns if not (table == "customer_fts" and c != "tokens")]
        assert docs[table] == expected, f"docs/store.md section {table} is out of step with the schema"


def test_documented_schema_version_table_matches_migrations():
    from store.migrations import LATEST

    rows = re.findall(r"^\| (\d+) \| ", DOC.read_text(encoding="utf-8"), flags=re.M)
    assert [int(r) for r in rows] == list(range(1, LATEST + 1))
