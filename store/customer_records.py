"""The values a customer crosses the layers as: the record with its phones (`Customer`), and a merge
of a duplicate into it, as `merge_customers` reports it (`MergeSummary`) and as the card lists it
from the audit log (`MergedRecord`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any, Self

from store.columns import CUSTOMER_COLUMNS
from store.customer_phones import CustomerPhone
from store.db import Row


@dataclass(frozen=True)
class Customer:
    """A customer's record (every column) and their numbers, the main one first."""

    id: int
    name: str
    company: str
    email: str
    wechat_id: str
    city: str
    status: str
    tags: tuple[str, ...]
    notes: str
    do_not_call: bool
    last_contact_at: str | None
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str
    phones: tuple[CustomerPhone, ...]

    @classmethod
    def from_row(cls, row: Row, phones: Iterable[CustomerPhone], **more: Any) -> Self:
        """From a row of CUSTOMER_COLUMNS (tags are stored comma-joined, do_not_call as 0/1);
        `more` are a subclass's fields (the card's)."""
        values = dict(zip(CUSTOMER_COLUMNS, row))
        values["tags"] = tuple(t for t in (values["tags"] or "").split(",") if t)
        values["do_not_call"] = bool(values["do_not_call"])
        return cls(**values, phones=tuple(phones), **more)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class MergeSummary:
    """What `merge_customers` did: `merged_from` folded into `kept`, and what moved."""

    kept: int
    merged_from: int
    name: str  # the merged-away record's name
    phones: tuple[str, ...]  # E.164 numbers moved
    calls: int
    callbacks: int
    cancelled_return_visit: int | None  # the duplicate open return visit cancelled, if any

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


MERGE_FIELDS = ("name", "company", "email", "wechat_id", "city", "status", "tags", "do_not_call", "last_contact_at",
                "notes")  # what a merge preview shows of each record, in this order


@dataclass(frozen=True)
class MergeSide:
    """One of the two records as a merge preview shows it: its fields, its phones, what hangs on it."""

    id: int
    fields: dict[str, Any]  # MERGE_FIELDS
    phones: tuple[str, ...]  # E.164
    calls: int
    callbacks: int

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class MergePreview:
    """Both records side by side before `merge_customers`, and the kept record as the merge would leave it."""

    keep: MergeSide
    other: MergeSide
    result: dict[str, Any]  # MERGE_FIELDS of the kept record after the merge (notes whole)

    def as_json(self) -> dict[str, Any]:
        return {"keep": self.keep.as_json(), "other": self.other.as_json(), "result": self.result}


@dataclass(frozen=True)
class MergedRecord:
    """A record merged into this customer, as the audit log keeps it: when, by whom, what moved."""

    at: str
    by: str
    merged_from: int
    name: str
    phones: tuple[str, ...]
    calls: int
    callbacks: int
    cancelled_return_visit: int | None

    @classmethod
    def from_audit(cls, at: str, by: str, after: dict[str, Any]) -> MergedRecord:
        """From an audit row's time, actor and `after` (the merge's summary, without `kept`)."""
        return cls(at=at, by=by, **{**after, "phones": tuple(after["phones"])})
