"""The translation function, how the language is chosen, and the catalogs kept in step with the code."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tui import i18n, i18n_catalogs

REPO = Path(__file__).resolve().parent.parent
LOCALE_VARS = ("AGENTDESK_LANG", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture
def no_locale(monkeypatch):
    """No language in the environment: each test sets the one variable it is about."""
    for var in LOCALE_VARS:
        monkeypatch.delenv(var, raising=False)
    return monkeypatch


# -- choosing the language --------------------------------------------------------------
@pytest.mark.parametrize("asked", ["zh", "zh_CN", "zh-CN", "zh-Hans", "zh_Hans", "zh_Hans_CN", "zh-hans-cn",
                                   "zh_CN.UTF-8", "zh_CN.utf8", "zh_CN.GB18030", "zh_SG"])
def test_every_spelling_of_simplified_chinese_chooses_zh_cn(no_locale, asked):
    assert i18n.set_language(asked) == "zh_CN"
    assert i18n.language() == "zh_CN"
    assert i18n._("Save") == "保存"
    assert i18n.take_fallback_notice() is None


@pytest.mark.parametrize("asked", ["en", "en_US", "en_GB.UTF-8", "C", "C.UTF-8", "POSIX"])
def test_english_c_and_posix_choose_english(no_locale, asked):
    i18n.set_language("zh_CN")
    assert i18n.set_language(asked) == "en"
    assert i18n._("Save") == "Save"
    assert i18n.take_fallback_notice() is None


@pytest.mark.parametrize("var", LOCALE_VARS)
@pytest.mark.parametrize("value", ["zh_CN.UTF-8", "zh"])
def test_each_environment_variable_chooses_the_language(no_locale, var, value):
    no_locale.setenv(var, value)
    assert i18n.set_language(None) == "zh_CN"
    assert i18n._("Cancel") == "取消"


def test_the_first_source_set_decides(no_locale):
    no_locale.setenv("LANG", "zh_CN.UTF-8")
    no_locale.setenv("LC_ALL", "C")  # LC_ALL overrides LANG, as in POSIX: C is English
    assert i18n.set_language(None) == "en"
    no_locale.setenv("LC_MESSAGES", "zh_CN.UTF-8")
    assert i18n.set_language(None) == "en"
    no_locale.delenv("LC_ALL")
    assert i18n.set_language(None) == "zh_CN"
    no_locale.setenv("AGENTDESK_LANG", "en")
    assert i18n.set_language(None) == "en"
    assert i18n.set_language("zh") == "zh_CN"  # --lang beats them all
    no_locale.delenv("AGENTDESK_LANG")
    no_locale.delenv("LC_MESSAGES")
    no_locale.delenv("LANG")
    assert i18n.set_language(None) == "en"  # nothing set


@pytest.mark.parametrize(("asked", "source"), [("fr", "--lang"), ("xx_YY", "--lang"), ("zh_TW", "--lang"), ("zh-Hant", "--lang")])
def test_an_unknown_language_falls_back_to_english_saying_so_once(no_locale, asked, source):
    assert i18n.set_language(asked) == "en"
    assert i18n._("Save") == "Save"
    notice = i18n.take_fallback_notice()
    assert notice == f"agentdesk has no translation for {asked!r} (from {source}); the interface is in English."
    assert i18n.take_fallback_notice() is None


def test_the_fallback_names_the_variable_it_came_from(no_locale):
    no_locale.setenv("LANG", "de_DE.UTF-8")
    i18n.set_language(None)
    assert i18n.take_fallback_notice() == (
        "agentdesk has no translation for 'de_DE.UTF-8' (from LANG); the interface is in English.")


def test_chinese_has_one_plural_form():
    i18n.set_language("zh_CN")
    for n in (1, 2, 5):
        assert i18n.ngettext("{n} overdue", "{n} overdue", n).format(n=n) == f"逾期 {n} 条"


def test_an_empty_message_is_not_the_catalog_header():
    i18n.set_language("zh_CN")
    assert i18n._("") == ""


# -- the catalogs ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def extracted():
    return i18n_catalogs.msgids(i18n_catalogs.extract())


def test_pot_lists_every_message_in_the_code(extracted):
    pot = i18n_catalogs.msgids(i18n_catalogs.read_catalog(i18n_catalogs.POT))
    hint = "run `python -m tui.i18n_catalogs` to update the catalogs"
    assert sorted(map(str, extracted - pot)) == [], hint
    assert sorted(map(str, pot - extracted)) == [], hint


def test_the_pot_has_store_demo_plural_and_cli_help_messages(extracted):
    assert "there is no customer #{customer_id}." in extracted  # N_ in store/
    assert "agents: the demo needs at least 2 agents (one per team)." in extracted  # N_ in demo/
    assert ("{n} overdue", "{n} overdue") in extracted  # ngettext: singular and plural
    assert "Add, change and list agents (admins only, except the first)." in extracted  # a command's docstring
    assert "Store file (else AGENTDESK_DB, else the user data dir)." in extracted  # an option's help=
    assert "Show this message and exit." in extracted  # click's help option


def test_every_catalog_is_updated_and_compiled():
    pot = i18n_catalogs.msgids(i18n_catalogs.read_catalog(i18n_catalogs.POT))
    pos = i18n_catalogs.po_paths()
    assert "zh_CN" in [p.parents[1].name for p in pos]
    for po in pos:
        catalog = i18n_catalogs.read_catalog(po)
        assert i18n_catalogs.msgids(catalog) == pot, f"{po}: run `python -m tui.i18n_catalogs`"
        assert po.with_suffix(".mo").read_bytes() == i18n_catalogs.mo_bytes(catalog), f"{po}: compile it"


def test_the_compiled_catalogs_are_package_data():
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert '"locale/*/LC_MESSAGES/*.mo"' in text


def _module_level_translations(path: Path) -> list[int]:
    """Lines where `_()` or `ngettext()` runs when the module imports (outside every function body)."""
    found: list[int] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if (not in_function and isinstance(child, ast.Call) and isinstance(child.func, ast.Name)
                    and child.func.id in ("_", "ngettext")):
                found.append(child.lineno)
            visit(child, inside)

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return found


def test_nothing_is_translated_at_import_time():
    """A class's BINDINGS and a module's tuples of labels are made at import, maybe before the language is
    chosen: they hold N_() message ids, translated where they are shown."""
    offenders = [f"{path.relative_to(REPO)}:{line}"
                 for folder in ("tui", "screens", "store", "demo")
                 for path in sorted((REPO / folder).rglob("*.py"))
                 for line in _module_level_translations(path)]
    assert offenders == []


def test_the_desk_and_the_cli_run_without_babel():
    """Babel extracts and compiles; at run time Python's gettext reads the .mo files."""
    probe = "import sys, tui.cli, tui.app; print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'babel')))"
    out = subprocess.run([sys.executable, "-c", "import json; " + probe], capture_output=True, text=True, cwd=REPO,
                         check=True)
    assert json.loads(out.stdout) == []


def test_init_starts_a_catalog_for_a_new_language(tmp_path, monkeypatch):
    monkeypatch.setattr(i18n_catalogs, "LOCALE", tmp_path)
    template = i18n_catalogs.extract()
    made = i18n_catalogs.init("ja", template)
    assert made == tmp_path / "ja" / "LC_MESSAGES" / "agentdesk.po"
    catalog = i18n_catalogs.read_catalog(made)
    assert catalog.locale_identifier == "ja" and catalog.plural_forms == "nplurals=1; plural=0;"
    assert i18n_catalogs.msgids(catalog) == i18n_catalogs.msgids(template)
    assert not any(m.string for m in catalog if m.id and not m.pluralizable)
    assert i18n_catalogs.init("ja", template) is None  # an existing catalog is kept
