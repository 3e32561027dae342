"""One page of lookup results drawn as one block of text.

A DataTable rebuilds rows, measures columns and re-lays itself out on every
keystroke; this widget has a fixed height (a page plus the heading), so a new
page of results is one repaint and never a layout pass. Cells are rich Text
(user text stays literal) cut to fixed column widths in terminal cells, so
Chinese names line up.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from tui.safe_text import cell_text

GAP = "  "


class ResultsList(Widget, can_focus=False):
    COMPONENT_CLASSES = {"results--header", "results--cursor", "results--empty"}
    DEFAULT_CSS = """
    ResultsList { width: 1fr; }
    ResultsList > .results--header { text-style: bold; color: $text-muted; }
    ResultsList > .results--cursor { background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold; }
    ResultsList > .results--empty { color: $text-muted; }
    """

    def __init__(self, columns: list[tuple[str, int]], page: int, priority: tuple[int, ...] = (), **kwargs) -> None:
        super().__init__(**kwargs)
        self.columns = columns  # (heading, width in cells)
        self.priority = list(priority) if priority else list(range(len(columns)))  # which go first when narrow
        self.styles.height = page + 2  # heading, a page of rows, the "more matches" line
        self._keys: list[str] = []
        self._cells: list[list[Text]] = []
        self.cursor_row = 0
        self.empty_text = ""
        self.more_text = ""
        self.generation = 0  # bumped by every set_rows
        self.drawn_generation = 0  # the generation render() last drew (for the latency figure)
        self._after_draw: tuple[int, object] | None = None

    # -- the DataTable-like surface the screen and its tests use ---------------
    @property
    def row_count(self) -> int:
        return len(self._keys)

    def get_row_at(self, index: int) -> list[Text]:
        return self._cells[index]

    def selected_key(self) -> str | None:
        return self._keys[self.cursor_row] if self._keys else None

    def set_rows(self, rows: list[tuple[str, list[Text]]], empty_text: str = "", more_text: str = "") -> None:
        """Show `rows` ((key, cells) pairs); the cursor stays on the same key when it is still there.

        `empty_text` stands in for no rows; `more_text` goes under the rows (there are more matches).
        """
        keep = self.selected_key()
        self._keys = [key for key, _ in rows]
        self._cells = [[cell_text(c) for c in cells] for _, cells in rows]  # the display sanitiser, as DeskTable's
        self.cursor_row = self._keys.index(keep) if keep in self._keys else 0
        self.empty_text = empty_text
        self.more_text = more_text
        self.generation += 1
        self.refresh()

    def call_after_draw(self, generation: int, callback) -> None:
        """Call `callback` once the frame in which render() first draws `generation` is written."""
        self._after_draw = (generation, callback)

    def move_cursor(self, row: int) -> None:
        if self._keys:
            row = max(0, min(len(self._keys) - 1, row))
            if row != self.cursor_row:
                self.cursor_row = row
                self.refresh()

    # -- drawing ----------------------------------------------------------------
    def shown_columns(self) -> list[int]:
        """The columns that fit the width, whole: the first column, then the others by `priority`
        (a phone number is never cut or wrapped: it is shown whole or its column is left out)."""
        room = self.size.width or sum(w for _, w in self.columns) + len(GAP) * len(self.columns)
        shown: list[int] = []
        used = 0
        for index in self.priority:
            need = self.columns[index][1] + (len(GAP) if shown else 0)
            if used + need <= room:
                shown.append(index)
                used += need
        return sorted(shown)

    def _line(self, cells: list[Text]) -> Text:
        line = Text(no_wrap=True, overflow="crop")
        for n, i in enumerate(i for i in self.shown_columns() if i < len(cells)):
            piece = cells[i].copy()
            piece.truncate(self.columns[i][1], overflow="ellipsis", pad=True)
            if n:
                line.append(GAP)
            line.append_text(piece)
        return line

    def on_resize(self) -> None:
        self.refresh()

    def render(self) -> Text:
        self.drawn_generation = self.generation
        if self._after_draw is not None and self._after_draw[0] <= self.generation:
            _, callback = self._after_draw
            self._after_draw = None
            # render() runs inside the frame that paints these rows; the app's next message
            # is handled only after that frame has been handed to the terminal driver
            self.app.call_next(callback)
        header = self._line([Text(title) for title, _ in self.columns])
        header.stylize(self.get_component_rich_style("results--header"))
        lines = [header]
        if not self._keys and self.empty_text:
            lines.append(Text(self.empty_text, style=self.get_component_rich_style("results--empty")))
        for index, cells in enumerate(self._cells):
            line = self._line(cells)
            if index == self.cursor_row:
                line.stylize(self.get_component_rich_style("results--cursor"))
            lines.append(line)
        if self.more_text:
            lines.append(Text(self.more_text, style=self.get_component_rich_style("results--empty")))
        joined = Text("\n", no_wrap=True, overflow="crop").join(lines)
        joined.no_wrap, joined.overflow = True, "crop"
        return joined
