"""The pages a screen has shown of a keyset-paged list (the audit rows, a card's calls).

Each page is read with the cursor of the row before it (`before=`); the store's page says the cursor of
the next one. `n` pushes that cursor, `p` pops back: a newer page is the one seen before, never a
re-count of offsets that rows written meanwhile would shift.
"""

from __future__ import annotations

from typing import Generic, TypeVar

Cursor = TypeVar("Cursor")


class KeysetPages(Generic[Cursor]):
    def __init__(self) -> None:
        self._cursors: list[Cursor | None] = [None]  # the cursor of each page seen; the last is shown
        self.next: Cursor | None = None  # the cursor of the page after the one shown, None at the end

    @property
    def current(self) -> Cursor | None:
        return self._cursors[-1]

    @property
    def number(self) -> int:
        """The shown page's number, 1 for the first."""
        return len(self._cursors)

    @property
    def at_first(self) -> bool:
        return len(self._cursors) == 1

    @property
    def several(self) -> bool:
        """More than one page: the title says which one is shown."""
        return not self.at_first or self.next is not None

    def can(self, step: int) -> bool:
        return self.next is not None if step > 0 else not self.at_first

    def step(self, step: int) -> bool:
        """Move one page older (step > 0) or newer; False when there is none that way."""
        if not self.can(step):
            return False
        if step > 0:
            self._cursors.append(self.next)
        else:
            self._cursors.pop()
        return True

    def reset(self) -> None:
        """Back to the first page (the list changed under the pages seen)."""
        self._cursors = [None]
