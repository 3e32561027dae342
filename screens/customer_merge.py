"""The card's merge (Ctrl+R): the duplicate's id, then both records side by side before anything moves.

`merge_form` asks for the id and dismisses with the store's preview (refused there as the merge would be:
a lead's action, notes that would not fit); `MergeConfirm` shows the kept record, the duplicate and the kept
record as the merge leaves it, in columns; Enter (or Ctrl+S) merges, Escape backs out with nothing changed.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, Static

from screens.merge_words import preview_headings, preview_rows
from screens.widgets.desk_table import DeskTable
from screens.widgets.form_modal import Field, FormModal, SavingForm
from store import customers as customer_store
from store.customer_records import MergePreview, MergeSummary
from store.errors import ValidationError
from tui.i18n import N_, _


def merge_form(ctx, keep: int) -> FormModal:
    """Dismisses with store.customers.merge_preview's MergePreview."""

    def preview(values: dict) -> MergePreview:
        text = values["other"].strip().lstrip("#")
        if not text.isdigit():
            raise ValidationError("other", _("other: type the id of the duplicate record, e.g. 1234."))
        return customer_store.merge_preview(ctx.store, ctx.login, keep, int(text))

    return FormModal(
        _("Merge a duplicate into #{id}").format(id=keep), [Field("other", _("Id of the duplicate record"))], preview,
        intro=_("Both records are shown side by side next; nothing moves until you say so."),
    )


class MergeConfirm(SavingForm):
    """Dismisses with store.customers.merge_customers' MergeSummary, or None (Escape)."""

    DEFAULT_CSS = """
    MergeConfirm { align: center middle; }
    MergeConfirm #form-box { width: 120; max-width: 100%; height: auto; max-height: 100%; border: round $warning;
                             padding: 0 1; background: $surface; }
    MergeConfirm #form-title { text-style: bold; }
    MergeConfirm #merge-table { height: auto; max-height: 16; }
    MergeConfirm #form-error { color: $error; height: auto; }
    MergeConfirm #form-hint { color: $text-muted; height: auto; }
    """
    BINDINGS = [Binding("enter", "save", N_("Merge"), id="merge_go", priority=True)]

    def __init__(self, ctx, preview: MergePreview) -> None:
        super().__init__()
        self.ctx = ctx
        self.preview = preview

    def compose(self) -> ComposeResult:
        p = self.preview
        with Vertical(id="form-box"):
            yield Label(Text(_("Merge #{other} into #{keep}?").format(other=p.other.id, keep=p.keep.id)), id="form-title")
            yield DeskTable(id="merge-table", cursor_type="none", zebra_stripes=True)
            yield Static("", id="form-error", markup=False)
            yield Static(_("Enter or Ctrl+S merges: #{other} is deleted, its notes kept whole in #{keep}; Escape backs "
                          "out").format(other=p.other.id, keep=p.keep.id), id="form-hint", markup=False)

    def on_mount(self) -> None:
        table = self.query_one("#merge-table", DeskTable)
        # the three records' columns share what the terminal leaves beside the field names (cells pad by 2 each)
        side = max(12, min(28, (min(self.app.size.width, 120) - 4 - 14 - 8) // 3))
        for i, heading in enumerate(preview_headings(self.preview)):
            table.add_column(heading, width=14 if i == 0 else side)
        for row in preview_rows(self.preview, self.ctx.local()):
            table.add_row(*(Text(cell) for cell in row))  # user text: never markup
        table.focus()

    def values(self) -> dict:
        return {}

    def save(self, values: dict) -> MergeSummary:
        return customer_store.merge_customers(self.ctx.store, self.ctx.login, self.preview.keep.id, self.preview.other.id)
