"""Which characters of user text are kept: the one rule behind the input checks (store/validate.py,
store/search.py) and the desk's display sanitiser (tui/safe_text.py, the one module of the store a leaf
of the shell may import). Imports nothing of ours.

Control characters (C0, DEL, C1: ESC, BEL, CSI 0x9b, NUL), bidirectional controls (ALM, LRM, RLM, the
embeddings U+202A-202E and isolates U+2066-2069: a name must not reorder the rest of a row; all are
format characters), surrogates, private-use and unassigned code points go; the format
characters emoji and scripts need stay: the joiners (👨‍👩‍👧 is three people joined by U+200D, ZWNJ
spells Persian and Indic words) and the tag characters of subdivision flags (🏴 + tags). Variation
selectors (U+FE00-FE0F, U+E0100-E01EF) are marks, not format characters: they stay too.
"""

from __future__ import annotations

import unicodedata

JOINERS = frozenset("\u200c\u200d")  # ZWNJ, ZWJ
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")  # what str.splitlines() splits on


def kept(ch: str) -> bool:
    """A character user text keeps as it is, in the store and on screen (a line break is not: see keep_only)."""
    if ch in LINE_BREAKS:
        return False
    if unicodedata.category(ch)[0] != "C":
        return True
    return ch in JOINERS or 0xE0020 <= ord(ch) <= 0xE007F


def keep_only(text: str, multiline: bool = False) -> str:
    """`text` without the characters user text never keeps; multi-line text keeps its newlines and tabs
    (a Windows line end becomes a newline)."""
    if text.isprintable():  # the common case, at C speed: no control, format or line-break character at all
        return text
    if multiline:
        text = text.replace("\r\n", "\n")
    return "".join(ch for ch in text if kept(ch) or (multiline and ch in "\n\t"))
