"""The desk's one table: Textual's DataTable with the keys people expect of a list.

Home and End move the cursor to the first and last row (Textual's DataTable only scrolls
sideways on them), PageUp and PageDown a page, Up and Down a row; with a cell cursor Home and
End go to the first and last cell of the row, as in a spreadsheet. Every table of the desk is
one of these (tests/test_tables.py checks the screens). Every cell goes through the display
sanitiser (tui/safe_text.py): a str cell is never parsed as markup, no control character reaches the
terminal.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import DataTable

from screens.widgets.textual_seams import columns_resized
from tui.safe_text import cell


class DeskTable(DataTable):
    """`flexible` ({column key: least width}): columns that give up width when the table is narrower
    than its columns, so that every column stays on screen (at 80 columns too)."""

    BINDINGS = [
        Binding("home", "first_row", show=False),
        Binding("end", "last_row", show=False),
    ]

    def __init__(self, *args, flexible: dict[str, int] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.flexible = flexible or {}
        self._natural: dict[str, int] = {}

    def add_row(self, *cells, height: int | None = 1, key: str | None = None, label=None):
        return super().add_row(*(cell(c) for c in cells), height=height, key=key,
                               label=None if label is None else cell(label))

    def update_cell(self, row_key, column_key, value, *, update_width: bool = False) -> None:
        super().update_cell(row_key, column_key, cell(value), update_width=update_width)

    def update_cell_at(self, coordinate, value, *, update_width: bool = False) -> None:
        super().update_cell_at(coordinate, cell(value), update_width=update_width)

    def on_resize(self) -> None:
        self.fit_columns()

    def clear_columns(self) -> None:
        """Rows and columns gone (a screen showing other columns now), their natural widths forgotten."""
        self.clear(columns=True)
        self._natural.clear()

    def fit_columns(self) -> None:
        """Shrink the flexible columns, widest first, until every column fits the width (and give the
        width back as it grows)."""
        if not self.flexible or not self.columns or not self.size.width:
            return
        for key, column in self.columns.items():
            self._natural.setdefault(str(key.value), column.width)
        widths = {str(k.value): self._natural[str(k.value)] for k in self.columns}
        pad = 2 * self.cell_padding
        over = sum(widths.values()) + pad * len(widths) + 2 - self.size.width  # 2: the scrollbar
        while over > 0:
            room = {k: widths[k] - low for k, low in self.flexible.items() if k in widths and widths[k] > low}
            if not room:
                break
            widest = max(room, key=lambda k: widths[k])
            widths[widest] -= 1
            over -= 1
        changed = False
        for key, column in self.columns.items():
            if column.width != widths[str(key.value)]:
                column.width = widths[str(key.value)]
                changed = True
        if changed:
            columns_resized(self)

    def action_first_row(self) -> None:
        if self.cursor_type == "row" and self.row_count:
            self.move_cursor(row=0, animate=False)
        else:
            self.action_scroll_home()

    def action_last_row(self) -> None:
        if self.cursor_type == "row" and self.row_count:
            self.move_cursor(row=self.row_count - 1, animate=False)
        else:
            self.action_scroll_end()
