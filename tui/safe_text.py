"""The one way store text becomes widget content: nothing of it reaches the terminal raw.

Text from the store may hold anything: an older version, another program or a path that missed the
input checks can have written ESC[2J (which cleared the screen on every repaint) or ESC]0;...BEL (which
changed the window title). Every widget that shows store text gets it through here: screens through
tui/format.py's `clean` and `user_text`, DeskTable's cells, the card's fields, the App's toasts and
the CLI's tables (tui/output.py).

- `shown`: for reading. A control character is made visible as its Unicode picture (ESC as ␛, NUL as
  ␀, BEL as ␇, DEL as ␡, a C1 control as ␛ and its 7-bit letter: CSI 0x9b as ␛[), so an agent sees that
  the text holds one and the terminal receives none; bidirectional controls and the other characters
  the store never keeps (store/text_chars.py) are dropped; line breaks become spaces on one line.
- `editable`: for an input field, the text as saving it would store it (the same rule as the store's
  input checks), so opening a card and saving does not write pictures of control characters.
- `text`: `shown` as a rich Text: user text is never parsed as markup (`[red]` shows as `[red]`).
"""

from __future__ import annotations

from rich.text import Text

# The store's rule of which characters user text keeps, the one rule (the input checks use it too); the
# only module of the store a leaf of the shell may import (pyproject.toml's contracts), since it imports nothing.
from store.text_chars import LINE_BREAKS, keep_only, kept

DEL_PICTURE = "\u2421"  # ␡


def _picture(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ ... ␟ (␛ for ESC)
    if code == 0x7F:
        return DEL_PICTURE
    if 0x80 <= code <= 0x9F:
        return "\u241b" + chr(code - 0x40)  # a C1 control as its 7-bit form: 0x9b (CSI) as ␛[
    return ""  # a bidirectional control, a surrogate, private use, unassigned: dropped


def is_safe(text: str, multiline: bool = False) -> bool:
    """True when `shown` would return `text` unchanged."""
    return text.isprintable() or all(kept(ch) or (multiline and ch == "\n") for ch in text)


def shown(value: object, multiline: bool = False) -> str:
    """Store text as the desk shows it: no raw control character, nothing that reorders a row."""
    text = "" if value is None else str(value)
    if is_safe(text, multiline):
        return text
    text = text.replace("\r\n", "\n")
    out = []
    for ch in text:
        if kept(ch):
            out.append(ch)
        elif ch in LINE_BREAKS or ch == "\t":
            out.append("\n" if multiline and ch in "\n\u2028\u2029" else " ")
        else:
            out.append(_picture(ch))
    return "".join(out)


def line(value: object) -> str:
    """User text on one line, trimmed."""
    return shown(value).strip()


def editable(value: object, multiline: bool = False) -> str:
    """Store text for an input field: what saving it would store (store/validate.py's rule)."""
    return keep_only("" if value is None else str(value), multiline)


def text(value: object, style: str = "", multiline: bool = False) -> Text:
    """User text as a rich Text: never markup; one line, trimmed, with an ellipsis when cut (`multiline`:
    its lines kept)."""
    if multiline:
        return Text(shown(value, multiline=True), style=style)
    return Text(line(value), style=style, no_wrap=True, overflow="ellipsis")


def cell_text(value: str | Text) -> Text:
    """A cell's text made safe: a str becomes a Text (DataTable would parse a str as markup); a Text whose
    text is unsafe is rebuilt from `shown`, keeping its style and alignment."""
    if isinstance(value, str):
        return Text(shown(value), no_wrap=True, overflow="ellipsis")
    if is_safe(value.plain):
        return value
    return Text(shown(value.plain), style=value.style, justify=value.justify, overflow=value.overflow,
                no_wrap=value.no_wrap)


def cell(value: object) -> object:
    """A table cell made safe (cell_text); a cell that is no text (a renderable of ours) is kept."""
    return cell_text(value) if isinstance(value, (str, Text)) else value
