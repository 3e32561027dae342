"""The desk's one table: Textual's DataTable with the keys people expect of a list.

Home and End move the cursor to the first and last row (Textual's DataTable only scrolls
sideways on them), PageUp and PageDown a page, Up and Down a row; with a cell cursor Home and
End go to the first and last cell of the row, as in a spreadsheet. Every table of the desk is
one of these (tests/test_tables.py checks the screens).
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import DataTable


class DeskTable(DataTable):
    BINDINGS = [
        Binding("home", "first_row", show=False),
        Binding("end", "last_row", show=False),
    ]

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
