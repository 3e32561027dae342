"""Keep the gettext catalogs in step with the code: `python -m tui.i18n_catalogs` (Babel does the work).

1. extract: Babel collects every literal passed to `_()`, `N_()` and `ngettext()` (singular and
   plural) in the files babel.cfg maps (tui/, screens/, store/, demo/), and this module adds the
   CLI's help texts read from the click command tree (docstrings and `help=` are plain English,
   translated when the help is shown: tui/cli_help.py), into tui/locale/agentdesk.pot;
2. update: every tui/locale/<lang>/LC_MESSAGES/agentdesk.po gains the new messages (a near match
   comes in marked fuzzy, to review) and loses the gone ones;
3. compile: every .po to its .mo, read at run time by Python's gettext, so Babel is imported only here.

`--init LANG` starts a catalog for a new language first. A file is rewritten only when more than its
dates changed. The equivalent pybabel steps (without the CLI's help texts):
    pybabel extract -F babel.cfg --no-default-keywords -k _ -k N_ -k ngettext:1,2 -o tui/locale/agentdesk.pot .
    pybabel update -D agentdesk -i tui/locale/agentdesk.pot -d tui/locale
    pybabel compile -D agentdesk -d tui/locale
"""

from __future__ import annotations

import argparse
import inspect
import io
import re
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from tui.i18n import DOMAIN, LOCALE_DIR

ROOT = Path(__file__).resolve().parents[1]
LOCALE = LOCALE_DIR
POT = LOCALE / f"{DOMAIN}.pot"
MAPPING = ROOT / "babel.cfg"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
COMMENT_TAGS = ("TRANSLATORS:",)
HEADER = """\
# agentdesk's interface text{language}.
# Made by `python -m tui.i18n_catalogs` from the code; {edit}
#"""
PROJECT = {"project": "agentdesk", "version": metadata.version("agentdesk"), "copyright_holder": "agentdesk contributors",
           "msgid_bugs_address": "", "last_translator": "agentdesk contributors"}
_DATES = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date|Generated-By): .*$', re.M)


def _walk(command) -> Iterator:
    yield command
    for sub in getattr(command, "commands", {}).values():
        yield from _walk(sub)


def cli_help_messages() -> Iterator[tuple[str, tuple[str, int]]]:
    """(help text, (file, line)) of every command and option of `agentdesk`, as tui/cli_help.py looks them up."""
    from tui.cli import cli
    from tui.cli_help import HELP_OPTION_HELP, help_text

    for command in _walk(cli):
        callback = inspect.unwrap(command.callback) if command.callback else None
        where = (Path(inspect.getsourcefile(callback)).resolve().relative_to(ROOT).as_posix(),
                 inspect.getsourcelines(callback)[1]) if callback else ("tui/cli.py", 1)
        if text := help_text(command.help):
            yield text, where
        for param in command.params:
            if text := help_text(getattr(param, "help", None)):
                yield text, where
    yield HELP_OPTION_HELP, ("tui/cli_help.py", 1)


def extract() -> Catalog:
    """The template: every message in the code, with where it is used."""
    with MAPPING.open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f, str(MAPPING))
    template = Catalog(fuzzy=False, header_comment=HEADER.format(language="", edit="do not edit it."), **PROJECT)
    for filename, lineno, message, comments, context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS, comment_tags=COMMENT_TAGS, strip_comment_tags=True
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    for text, where in cli_help_messages():
        template.add(text, None, [where], auto_comments=["CLI help"] if text not in template else ())
    return template


def msgids(catalog: Catalog) -> set:
    """Every msgid (a plural as its (singular, plural) pair) but the header."""
    return {m.id for m in catalog if m.id}


def _po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, sort_output=True, ignore_obsolete=True, include_lineno=False)
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def _write_if_changed(path: Path, data: bytes, ignore_dates: bool = True) -> bool:
    old = path.read_bytes() if path.exists() else None
    same = old is not None and (_DATES.sub(b"", old) == _DATES.sub(b"", data) if ignore_dates else old == data)
    if not same:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return not same


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, domain=DOMAIN)


def po_paths() -> list[Path]:
    return sorted(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def init(language: str, template: Catalog) -> Path | None:
    """A new, empty catalog for `language` (a locale name such as zh_CN); None if it has one already."""
    path = LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if path.exists():
        return None
    header = HEADER.format(language=f", {language}", edit="translate the msgstr lines.")
    catalog = Catalog(locale=language, domain=DOMAIN, fuzzy=False, header_comment=header,
                      language_team=f"agentdesk {language}", **PROJECT)
    catalog.update(template)
    _write_if_changed(path, _po_bytes(catalog))
    return path


def update(new_language: str | None = None) -> list[str]:
    """Extract, update every language's .po, compile every .mo; returns the files written."""
    template = extract()
    written = [POT] if _write_if_changed(POT, _po_bytes(template)) else []
    if new_language and (made := init(new_language, template)):
        written.append(made)
    for po in po_paths():
        catalog = read_catalog(po)
        catalog.update(template)
        if _write_if_changed(po, _po_bytes(catalog)):
            written.append(po)
        compiled = mo_bytes(read_catalog(po))  # as written: what the .mo must hold
        if _write_if_changed(po.with_suffix(".mo"), compiled, ignore_dates=False):
            written.append(po.with_suffix(".mo"))
    return [str(p.relative_to(ROOT)) for p in written]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tui.i18n_catalogs", description=__doc__.splitlines()[0])
    parser.add_argument("--init", metavar="LANG", help="start a catalog for a new language (e.g. zh_CN) first")
    args = parser.parse_args(argv)
    written = update(args.init)
    print(f"{len(msgids(extract()))} messages; " + (", ".join(written) + " written" if written else "all up to date"))


if __name__ == "__main__":
    main()
