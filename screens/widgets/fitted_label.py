"""A label with a short form: the whole words while they fit, else the short form ("Average handle
time (s)" at 120 columns, "AHT s" at 80), never a word cut in the middle."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Label


class FittedLabel(Label):
    def __init__(self, full: str, short: str, **kwargs) -> None:
        super().__init__(Text(full), **kwargs)
        self.full, self.short = full, short

    def on_resize(self) -> None:
        width = self.size.width
        self.update(Text(self.full if not width or cell_len(self.full) <= width else self.short))
