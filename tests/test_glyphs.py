"""No East Asian ambiguous-width character (—, ●, ·, …, →, “ ” and the like) in the interface: Chinese
terminals draw them two cells wide while the layout counts one, so every column after one shifts.

Scanned: every msgid and msgstr of the catalogs, and every string the desk's code holds (screens/
and tui/, docstrings aside). The glyphs the interface does use are in tui/format.py.
"""

from __future__ import annotations

import ast
import unicodedata
from pathlib import Path

from tui import format as fmt
from tui import i18n_catalogs

ROOT = Path(__file__).resolve().parents[1]


# Width "N" by Unicode, but drawn two cells wide by Chinese terminals' fonts or as emoji: the
# Miscellaneous Symbols block (⚠ ☎ ★ …) and the clock faces of Geometric Shapes (◴ ◵ ◶ ◷).
WIDE_IN_PRACTICE = {chr(c) for c in range(0x2600, 0x2700)} | set("◴◵◶◷")


def ambiguous(text: str) -> list[str]:
    return sorted({ch for ch in text if ord(ch) > 127 and (unicodedata.east_asian_width(ch) == "A"
                                                          or ch in WIDE_IN_PRACTICE)})


def code_strings(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def test_the_glyphs_in_use_are_one_cell_everywhere():
    for glyph in (fmt.NONE, fmt.SEP, fmt.MORE, fmt.ARROW, fmt.STATUS_DOT, fmt.OVERDUE, fmt.SOON):
        assert ambiguous(glyph) == [], glyph


def test_no_catalog_string_has_an_ambiguous_width_character():
    found = []
    for po in sorted(i18n_catalogs.LOCALE.glob("*/LC_MESSAGES/*.po")):
        for message in i18n_catalogs.read_catalog(po):
            texts = [message.id] if isinstance(message.id, str) else list(message.id)
            texts += [message.string] if isinstance(message.string, str) else list(message.string)
            found += [(po.parent.parent.name, text, ambiguous(text)) for text in texts if text and ambiguous(text)]
    assert found == []


def test_no_string_of_the_desk_has_an_ambiguous_width_character():
    found = []
    for folder in ("screens", "tui"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            found += [f"{path.relative_to(ROOT)}:{line}: {ambiguous(text)} in {text!r}"
                      for line, text in code_strings(path) if ambiguous(text)]
    assert found == []
