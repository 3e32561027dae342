"""Two customer records side by side before a merge, in words: the CLI's preview and the desk's confirmation."""

from __future__ import annotations

from screens.labels import customer_field_label, customer_status_label, yes_no
from store.customer_records import MERGE_FIELDS, MergePreview
from tui.format import LocalTime
from tui.i18n import _

SHOWN_NOTE = 40  # characters of a note's first line shown in a column; the count says how long it is whole


def _value(key: str, value, local: LocalTime) -> str:
    if key == "tags":
        return ", ".join(value)
    if key == "status":
        return customer_status_label(value)
    if key == "do_not_call":
        return yes_no(bool(value))
    if key == "last_contact_at":
        return local.full(value) if value else ""
    if key == "notes":
        if not value:
            return ""
        first = value.split("\n", 1)[0]
        shown = first if len(first) <= SHOWN_NOTE and first == value else first[:SHOWN_NOTE].rstrip() + "..."
        return _("{count} characters: {start}").format(start=shown, count=len(value))  # the count first: never cut
    return "" if value is None else str(value)


def preview_headings(preview: MergePreview) -> tuple[str, str, str, str]:
    return (_("Field"), _("#{id} (kept)").format(id=preview.keep.id),
            _("#{id} (merged in, then deleted)").format(id=preview.other.id), _("After the merge"))


def preview_rows(preview: MergePreview, local: LocalTime) -> list[tuple[str, str, str, str]]:
    """(field, the kept record's, the duplicate's, the kept record's after the merge), one row a field."""
    keep, other, result = preview.keep, preview.other, preview.result
    rows = [(customer_field_label(k), _value(k, keep.fields[k], local), _value(k, other.fields[k], local),
             _value(k, result[k], local)) for k in MERGE_FIELDS]

    def phones(numbers) -> str:
        return ", ".join(local.phone(e) for e in numbers)

    rows.append((_("Phones"), phones(keep.phones), phones(other.phones), phones((*keep.phones, *other.phones))))
    rows.append((_("Calls"), str(keep.calls), str(other.calls), str(keep.calls + other.calls)))
    rows.append((_("Callbacks"), str(keep.callbacks), str(other.callbacks), str(keep.callbacks + other.callbacks)))
    return rows
