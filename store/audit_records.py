"""Audit rows as the store hands them out: one change, who made it, and how that login was proven."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

AUDIT_COLUMNS = "l.id, l.at, l.actor, l.proof, l.table_name, l.row_id, l.action, l.before, l.after"
VALUE_CHARS = 40  # a longer value is cut in the one-line summary (the JSON keeps it whole)


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str  # UTC
    actor: str  # login
    proof: str  # how the actor was proven for the process that wrote the row ('before proofs': older rows)
    table_name: str
    row_id: int
    action: str  # insert | update | delete
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> AuditEntry:
        before, after = (json.loads(v) if v else None for v in row[7:9])
        return cls(row[0], row[1], row[2], row[3], row[4], row[5], row[6], before, after)

    def as_json(self) -> dict[str, Any]:
        """The row under its column names (docs/store.md), `before` and `after` as objects."""
        return {"id": self.id, "at": self.at, "actor": self.actor, "proof": self.proof, "table_name": self.table_name,
                "row_id": self.row_id, "action": self.action, "before": self.before, "after": self.after}

    def change(self, cut: int = VALUE_CHARS) -> str:
        """The change on one line, in the data's own words: `status: open → done; owner_id: 3 → null`; each
        value cut at `cut` characters."""
        before, after = self.before or {}, self.after or {}
        parts = []
        for key in [*before, *(k for k in after if k not in before)]:
            if key in before and key in after:
                parts.append(f"{key}: {_shown(before[key], cut)} → {_shown(after[key], cut)}")
            elif key in before:
                parts.append(f"{key}: {_shown(before[key], cut)}")
            else:
                parts.append(f"{key}: → {_shown(after[key], cut)}")
        return "; ".join(parts)


def _shown(value: Any, cut: int) -> str:
    text = value if isinstance(value, str) and value else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    return text if len(text) <= cut else text[: cut - 1] + "…"


@dataclass(frozen=True)
class AuditPage:
    """A page of audit rows, newest first; `next` is the cursor of the older page after it (None: the last)."""

    entries: tuple[AuditEntry, ...]
    next: tuple[str, int] | None


@dataclass(frozen=True)
class Prune:
    """One prune of the audit log (a row of audit_prunes): what went and who did it."""

    id: int
    at: str
    actor: str
    proof: str
    cutoff: str  # rows older than this (UTC) were deleted
    rows: int

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "at": self.at, "actor": self.actor, "proof": self.proof, "cutoff": self.cutoff,
                "rows": self.rows}
