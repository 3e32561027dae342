"""Issue 13, "no string escapes translation": every screen of the desk under a pseudo-locale.

Each visit starts the desk at 120×40 on the small seeded store (tests/pseudo_seed.py), types its way to
one screen, form or question, and reads the screen as a person would. Every message of the catalog is
"⟦accented⟧" there (tests/pseudo_locale.py), so once the seeded user data and the names of keys are
taken out, no ASCII letter may be left: one that is came from a string that never went through `_`.
"""

from __future__ import annotations

import re
import shutil
from zoneinfo import ZoneInfo

import pytest
from desk_support import desk_app, home_loaded, screen_text, settle, wait_until
from fixed_time import FIXED_NOW
from pseudo_locale import blank, build_catalog, escaped, install
from pseudo_seed import USER_DATA, seed
from textual.screen import ModalScreen
from textual.widgets import TextArea

from store import duetime, open_store
from store import settings as settings_lib
from store.clock import FixedClock
from tui.paths import export_dir

# What is not ours to translate, besides the seeded data (each kind justified):
# - the names of keys as the footer, the help and the forms show them: F1-F12, ^s for Ctrl+S, esc, and one
#   letter or digit before a choice;
# - what the parsers read, shown as examples of what to type: the English due times (store.duetime reads
#   those and Chinese, nothing else, so a translation could not be typed back) and ISO weeks (2026-W47);
# - the centre's settings as stored (its time zone, its phone region) and each setting's key in brackets
#   (and of each entry of an object setting) in brackets after its name: the ids `agentdesk settings set`
#   and the edit box take;
# - the folder the desk offers for exports (the machine's documents folder) and the files it writes there.
KEY_NAMES = [r"\^?F\d{1,2}", r"\^?(?:esc|enter|tab|space|del|insert|home|end|pgup|pgdn|up|down|left|right|[a-z])",
             r"[A-Z]"]
# a refusal's leading field name ("email: 'x' is not an e-mail address"): the field's id, as the CLI's options
# and the store name it; the catalogs keep it (tests/test_catalog_zh.py NOT_WORDS), so a message starts with it
FIELD = r"(?<=⟦)[a-z][a-z_]*(?:\.[a-z_]+)?(?=:)"
SETTING_IDS = {*settings_lib.DEFAULTS, *(k for v in settings_lib.DEFAULTS.values() if isinstance(v, dict) for k in v)}
SYNTAX = [FIELD, r"\d{4}-W\d{2}", *(rf"\({re.escape(key)}\)" for key in SETTING_IDS)]
DATA = [*USER_DATA, *(f"scorecard-{period}" for period in ("month", "last-month", "week")), duetime.examples(FIXED_NOW, ZoneInfo("Asia/Shanghai")), duetime.EXAMPLES, str(export_dir()),
        *(value for value in settings_lib.DEFAULTS.values() if isinstance(value, str))]

# (who, what is typed): "=Name" waits until the screen on top is (a subclass) of that class, "~text" until
# the text is on the screen, "#id" focuses that widget, "!what" reads the screen there; anything else is a key
TOURS: dict[str, tuple[str, list[str]]] = {
    "home, help, palette, status": ("li", [
        "!home", "f1", "=HelpScreen", "!help", "escape", "ctrl+p", "=CommandPalette", "!command palette", "escape",
        "f6", "!the team key refused to an agent", "f7", "=AgentStatusScreen", "!status", "l", "!on a lunch break",
        "f1", "=HelpScreen", "!status help",
    ]),
    "home of a lead and an admin": ("lin", ["!home of a lead"]),
    "the call form": ("li", [
        "f2", "=NewCallScreen", "!call form", *"13800138000", "!a known caller", "ctrl+s", "!saved with nothing chosen",
        "enter", "z", "!a key that picks nothing", "p", "m", "!escalated", "k", "!callback needed", "f8", "!on hold",
        "f9", "!wrap-up", "f1", "=HelpScreen", "!call form help", "escape", "ctrl+q", "=Choose", "!quit question",
        "escape", "escape", "=ConfirmDiscard", "!discard question",
    ]),
    "a new caller, today's calls, a correction": ("li", [
        "f2", "=NewCallScreen", *"13912345678", "tab", "!a new caller", "ctrl+g", "!today's calls",
        "enter", "=CallCorrectionScreen", "!call correction",
    ]),
    "lookup": ("li", [
        "f3", "=LookupScreen", "!lookup", *"张", "!found", "ctrl+t", "!status filter", "ctrl+g", "=FormModal",
        "!tag filter", "escape", "f8", "=FormModal", "!callback form", "escape", "f9", "=CustomerCardScreen",
        "!new customer",
    ]),
    "customer card": ("li", [
        "f3", "=LookupScreen", *"张伟", "~张伟强", "enter", "=CustomerCardScreen", "~华为", "!card", "#card-phones", "a", "=FormModal",
        "!add phone", "escape", "#card-calls", "enter", "=CallDetail", "!a call whole", "escape", "ctrl+r",
        "=FormModal", "!merge", "escape", "f8", "=FormModal", "!callback", "escape", "#f-email", "space", "x", "ctrl+s",
        "!a refusal", "escape", "=Choose", "!unsaved edits question",
    ]),
    "callbacks": ("li", [
        "f4", "=CallbacksScreen", "!callbacks", "t", "=FormModal", "!attempt", "escape", "s", "=FormModal",
        "!reschedule", "escape", "x", "=FormModal", "!cancel", "escape", "d", "=Confirm", "!done question", "escape",
        "r", "=Confirm", "!release question", "escape", "u", "!nothing to reopen", "h", "=HistoryModal", "!history",
        "escape", "f1", "=HelpScreen", "!callbacks help",
    ]),
    "callbacks of the team": ("lin", [
        "f4", "=CallbacksScreen", "l", "!team view", "space", "a", "=FormModal", "!reassign", "escape", "g",
        "!return visits generated",
    ]),
    "my KPIs": ("li", [
        "f5", "=KpiScreen", "!my KPIs", "t", "!today", "d", "=FormModal", "!chosen range", *"x", "ctrl+s",
        "!a bad range", "escape", "a", "!appeal", "escape", "f1", "=HelpScreen", "!KPI help",
    ]),
    "team": ("lin", [
        "f6", "=TeamScreen", "!scorecard", "2", "!weekly summary", "3", "!staffing", "h", "!staffing from history",
        "1", "x", "=FormModal", "!export", "escape", "c", "!conduct", "escape", "r", "!rating", "escape", "p",
        "!close period", "escape", "o", "!reopen period", "escape", "f1", "=HelpScreen", "!team help",
    ]),
    "team boards": ("lin", [
        "f6", "=TeamScreen", "b", "=WallboardScreen", "!wallboard", "escape", "a", "=AppealsScreen", "!appeals",
        "escape", "g", "=SettingsScreen", "!settings", "e", "!editing a setting",
    ]),
}


@pytest.fixture(scope="module")
def pseudo_dir(tmp_path_factory):
    return build_catalog(tmp_path_factory.mktemp("locale"))


@pytest.fixture(scope="module")
def catalog() -> set[str]:
    """Every message id (each form of a plural) of the catalog."""
    from tui import i18n_catalogs

    ids = i18n_catalogs.msgids(i18n_catalogs.read_catalog(i18n_catalogs.POT))
    return {form for message in ids for form in ((message,) if isinstance(message, str) else message)}


@pytest.fixture(scope="module")
def seeded_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("seed") / "desk.db"
    store = open_store(path, FixedClock(FIXED_NOW))
    seed(store)
    store.close()
    return path


@pytest.fixture
def desk(seeded_file, tmp_path, monkeypatch, pseudo_dir):
    """A copy of the seeded store, the pseudo-locale chosen."""
    path = tmp_path / "desk.db"
    shutil.copy(seeded_file, path)
    store = open_store(path, FixedClock(FIXED_NOW))
    install(monkeypatch, pseudo_dir)
    yield store
    store.close()


async def read(pilot) -> None:
    for _ in range(3):  # the screen's loads, then what they started
        await settle(pilot)
        await pilot.pause(0.1)


def on_top(app, name: str) -> bool:
    return any(c.__name__ == name for c in type(app.screen).__mro__)


def shown(app, catalog: set[str]) -> str:
    """The screen as a person reads it, less what its boxes hold: text the agent types or edits (a due time,
    a period, a folder, a setting's JSON), in the screen on top and in those seen beneath its modals. A box
    holding a message of the catalog left untranslated is read like the rest."""
    lines = screen_text(app).splitlines()
    stack = app.screen_stack
    seen = stack[max(i for i, screen in enumerate(stack) if not isinstance(screen, ModalScreen)):]
    for depth, screen in enumerate(seen):
        above = [child.region for modal in seen[depth + 1:] for child in modal.children]
        for box in screen.query("Input, TextArea"):
            value = box.text if isinstance(box, TextArea) else box.value
            if value and value not in catalog:
                blank(lines, box.content_region, above)
    return "\n".join(lines)


@pytest.mark.parametrize("tour", TOURS)
async def test_every_word_on_the_screen_is_translated(desk, tour, catalog):
    login, steps = TOURS[tour]
    app = desk_app(desk, login)
    found: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await home_loaded(pilot)
        for step in steps:
            if step.startswith("=") and len(step) > 1:
                await wait_until(pilot, lambda name=step[1:]: on_top(app, name))
            elif step.startswith("~") and len(step) > 1:
                await wait_until(pilot, lambda seen=step[1:]: seen in screen_text(app))
                await settle(pilot)
            elif step.startswith("#") and len(step) > 1:
                app.screen.query_one(step).focus()
            elif step.startswith("!"):
                await read(pilot)
                text = shown(app, catalog)
                if escaped_lines := escaped(text, DATA, KEY_NAMES + SYNTAX):
                    found += [f"-- {step[1:]}:", *escaped_lines, "", text, ""]
            else:
                await pilot.press(step)
    assert not found, "\n".join(["escaped translation:", *found])
