"""The question Ctrl+Q asks with a call in progress (tui/navigation.py asks it), in a module of its own so
that the desk's start does not import the confirmation modal."""

from __future__ import annotations

from screens.widgets.confirm import Choose


class QuitQuestion(Choose):
    """Ctrl+Q with a call in progress; Ctrl+Q again takes the default (keep the draft)."""
