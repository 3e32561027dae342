"""A pseudo-locale for the tests: every message of the catalog template, transformed so that a person
(and a test) can tell translated text from text that escaped translation.

Each msgid becomes "⟦" + msgid + "⟧" with every ASCII letter outside its {placeholders} swapped for an
accented one of one cell ("Save" -> "⟦Śâṽë⟧"). The brackets show where each message starts and ends;
the accents are the proof: a line wrapped, a cell cut short or two panels side by side split the
brackets, but every letter of a translated message still carries its mark. So once the user data a test
seeded is taken out, an ASCII letter left on the screen came from a string that did not go through the
catalog.

The catalog is compiled at test time from tui/locale/agentdesk.pot into a .mo under a folder the test
gives, and the desk loads it the way it loads zh_CN: `set_language(PSEUDO)` with tui.i18n.LOCALE_DIR
pointing there (`install`).
"""

from __future__ import annotations

import re
import string
import unicodedata
from pathlib import Path

from rich.cells import cell_len

from tui import i18n

PSEUDO = "qps"  # the code reserved for pseudo-locales (Windows calls its own qps-ploc)
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{[^{}]*\}")


def _accented(letter: str) -> str:
    """The first precomposed letter of one cell whose base is `letter` (ɋ for q: none is precomposed)."""
    for cp in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        ch = chr(cp)
        base = unicodedata.normalize("NFD", ch)
        if len(base) == 2 and base[0] == letter and unicodedata.east_asian_width(ch) == "N":
            return ch
    return {"q": "ɋ", "Q": "Ɋ"}[letter]


ACCENTS = str.maketrans({c: _accented(c) for c in string.ascii_letters})


def pseudo(message: str) -> str:
    """⟦message⟧, its letters accented; placeholders ({name}, {n:02d}, {{) stay as they are."""
    out, at = [], 0
    for match in _PLACEHOLDER.finditer(message):
        out += [message[at:match.start()].translate(ACCENTS), match.group(0)]
        at = match.end()
    out.append(message[at:].translate(ACCENTS))
    return "⟦" + "".join(out) + "⟧"


def build_catalog(folder: Path) -> Path:
    """Compile the pseudo catalog of every message in the template into folder/qps/LC_MESSAGES; returns folder."""
    from tui import i18n_catalogs  # Babel: the test extra has it

    catalog = i18n_catalogs.read_catalog(i18n_catalogs.POT)
    for message in catalog:
        if message.id:
            message.string = tuple(map(pseudo, message.id)) if message.pluralizable else pseudo(message.id)
    mo = folder / PSEUDO / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo"
    mo.parent.mkdir(parents=True, exist_ok=True)
    mo.write_bytes(i18n_catalogs.mo_bytes(catalog))
    return folder


def install(monkeypatch, folder: Path) -> None:
    """The desk and the CLI look for catalogs in `folder` (which has the pseudo one) and speak it."""
    monkeypatch.setattr(i18n, "LOCALE_DIR", folder)
    monkeypatch.setenv("AGENTDESK_LANG", PSEUDO)
    assert i18n.set_language(PSEUDO) == PSEUDO
    assert i18n._("Save") == pseudo("Save")


_LETTERS = re.compile(r"[A-Za-z][A-Za-z0-9_'.+-]*")


def _whole(pattern: str) -> str:
    """`pattern` as a whole word: no ASCII letter, digit or _ just before or after it."""
    return rf"(?<![A-Za-z0-9_])(?:{pattern})(?![A-Za-z0-9_])"


def escaped(text: str, user_data: list[str], allowed: list[str] = ()) -> list[str]:
    """The lines of `text` that still hold an ASCII letter once the known user data (exact strings) and
    the allowed patterns (regular expressions) are taken out, each as a whole word; each line is given
    with the words that escaped, then the line as it was shown."""
    data = [re.escape(d) for d in sorted(set(user_data), key=len, reverse=True) if _LETTERS.search(d)]
    cut = re.compile("|".join(_whole(p) for p in [*data, *allowed]) or "(?!)")
    found = []
    for line in text.splitlines():
        if words := _LETTERS.findall(cut.sub(" ", line)):
            found.append(f"{' '.join(words)!s:30}  | {line.strip()}")
    return found


def blank(lines: list[str], region, above=()) -> None:
    """Spaces over the cells of `region` (x, y, width, height on the screen; a wide character counts two)
    but those inside a region of `above` (a modal's box drawn over it)."""
    for y in range(max(region.y, 0), min(region.y + region.height, len(lines))):
        out, x = [], 0
        for ch in lines[y]:
            width = cell_len(ch)
            hidden = region.contains(x, y) and not any(r.contains(x, y) for r in above)
            out.append(" " * width if hidden else ch)
            x += width
        lines[y] = "".join(out)
