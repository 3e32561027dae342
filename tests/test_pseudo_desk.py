"""Issue 13, "no string escapes translation": every screen of the desk under a pseudo-locale.

Each tour starts the desk at 120×40 on a copy of the small seeded store (tests/pseudo_seed.py), types its
way through screens, forms and questions, and reads each as a person would. Every message of the catalog
is "⟦accented⟧" there (tests/pseudo_locale.py), so once the seeded user data, the names of keys and the
few things listed in tests/pseudo_desk.py are taken out, no ASCII letter may be left: one that is came from
a string that never went through `_`.
"""

from __future__ import annotations

import shutil

import pytest
from desk_support import desk_app, home_loaded
from fixed_time import FIXED_NOW
from pseudo_desk import tour
from pseudo_locale import build_catalog, install
from pseudo_seed import seed_file

from store import open_store
from store.clock import FixedClock

# (who, what is typed: tests/pseudo_desk.py tour)
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
    return seed_file(tmp_path_factory.mktemp("seed") / "desk.db")


@pytest.fixture
def desk(seeded_file, tmp_path, monkeypatch, pseudo_dir):
    """A copy of the seeded store, the pseudo-locale chosen."""
    path = tmp_path / "desk.db"
    shutil.copy(seeded_file, path)
    store = open_store(path, FixedClock(FIXED_NOW))
    install(monkeypatch, pseudo_dir)
    yield store
    store.close()


@pytest.mark.parametrize("name", TOURS)
async def test_every_word_on_the_screen_is_translated(desk, name, catalog):
    login, steps = TOURS[name]
    app = desk_app(desk, login)
    async with app.run_test(size=(120, 40)) as pilot:
        await home_loaded(pilot)
        found = await tour(pilot, steps, catalog)
    assert not found, "\n".join(["escaped translation:", *found])
