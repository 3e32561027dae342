"""Issue 13, "no string escapes translation": every screen of the desk under a pseudo-locale.

Each tour starts the desk at 120×40 on a copy of the small seeded store (tests/pseudo_seed.py), types its
way through screens, forms and questions, and reads each as a person would. Every message of the catalog
is "⟦accented⟧" there (tests/pseudo_locale.py), so once the seeded user data, the names of keys and the
few things listed in tests/pseudo_desk.py are taken out, no ASCII letter may be left: one that is came from
a string that never went through `_`.
"""

from __future__ import annotations

import shutil
from contextlib import closing
from datetime import timedelta

import pytest
from desk_support import desk_app, home_loaded
from fixed_time import FIXED_NOW
from pseudo_desk import listen, tour
from pseudo_locale import build_catalog, install
from pseudo_seed import seed_file

from screens.call_new import DRAFT_VERSION
from store import callbacks as cb_store
from store import drafts, open_store, rings
from store import settings as settings_lib
from store.audit import list_audit
from store.clock import FixedClock
from store.errors import StoreUnavailable
from store.messages import N_
from store.status import set_status
from tui.keys import KEY_IDS


def earlier(store, minutes: int):
    """The same store, its clock `minutes` before the tests' "now": what happened then."""
    return open_store(store.path, FixedClock(FIXED_NOW - timedelta(minutes=minutes)))


def a_ring(store, _tmp_path, _monkeypatch) -> None:
    rings.record_ring(store, number="13800138000", agent="li", line="热线")


def a_missed_ring(store, _tmp_path, _monkeypatch) -> None:
    with closing(earlier(store, 5)) as then:
        rings.record_ring(then, number="13900139000", agent="li")


def a_call_left_open(store, _tmp_path, _monkeypatch) -> None:
    times = {"started_at": "2026-11-26T01:55:00Z", "ended_at": None, "hold_since": None, "held_s": 0}
    drafts.save_draft(store, "li", {"v": DRAFT_VERSION, "times": times, "number": "13800138000",
                                    "category": "complaint", "notes": "说到一半"})


def a_long_break(store, _tmp_path, _monkeypatch) -> None:
    with closing(earlier(store, 20)) as then:
        set_status(then, "li", "break", "rest")
    settings_lib.set_setting(store, "root", "heartbeat_s", 1)  # the nudge comes with the next heartbeat


def mistaken_keys(_store, tmp_path, monkeypatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[keymap]\nhelp = "f99"\nnosuch = "f9"\n', encoding="utf-8")
    monkeypatch.setenv("AGENTDESK_CONFIG", str(config))


def an_unreadable_store(store, _tmp_path, monkeypatch) -> None:
    def unreadable(*_args, **_kwargs):
        raise StoreUnavailable(N_("cannot read the store {path}: permission denied; check the file's owner and mode."),
                               path=store.path)

    monkeypatch.setattr(cb_store, "agent_queue", unreadable)


def audited(store, _tmp_path, _monkeypatch) -> list[str]:
    """What the audit log shows as it was stored: each row's table, its proof (as the writing process was told
    it) and its change in the data's own words (status: open → done), whole or cut at its cell's edge."""
    entries = list_audit(store, "root", limit=10_000).entries
    changes = {e.change() for e in entries}
    # the card the tour opens writes its view (table card_views) as the tour goes
    return ["card_views", *{e.table_name for e in entries}, *{e.proof for e in entries},
            *{change[:n] for change in changes for n in range(1, len(change) + 1)}]


# what those tours show that is data: the files named, the key settings typed (and the ids they may name)
EVENT_DATA = ["desk.db", "config.toml", "f99", "nosuch", *KEY_IDS]

# (who, what is typed: tests/pseudo_desk.py tour, what is done to the store first)
TOURS: dict[str, tuple] = {
    "home, help, palette, status": ("li", [
        "!home", "f1", "=HelpScreen", "!help", "escape", "ctrl+p", "=CommandPalette", "!command palette", "escape",
        "f6", "!the team key refused to an agent", "f7", "=AgentStatusScreen", "!status", "l", "!on a lunch break",
        "f1", "=HelpScreen", "!status help",
    ]),
    "home of a lead": ("lin", ["!home of a lead"]),
    "home of an admin": ("root", ["!home of an admin", "f6", "=TeamScreen", "!the team of an admin"]),
    "the call form": ("li", [
        "f2", "=NewCallScreen", "!call form", *"13800138000", "!a known caller", "ctrl+s", "!saved with nothing chosen",
        "enter", "z", "!a key that picks nothing", "p", "m", "!escalated", "k", "!callback needed", "#due", *"+2h",
        "!a due time read back", "backspace", "backspace", "backspace", "x", "!a due time not understood", "f8",
        "!on hold", "f9", "!wrap-up", "f1", "=HelpScreen", "!call form help", "escape", "ctrl+q", "=Choose", "!quit question",
        "escape", "escape", "=ConfirmDiscard", "!discard question",
    ]),
    "a new caller, today's calls, a correction": ("li", [
        "f2", "=NewCallScreen", *"13912345678", "tab", "!a new caller", "ctrl+g", "!today's calls",
        "enter", "=CallCorrectionScreen", "!call correction", "alt+x", "ctrl+s", "?", "!correction saved",
    ]),
    "a call saved": ("li", ["f2", "=NewCallScreen", *"13800138000", "enter", "c", "r", "ctrl+s", "=HomeScreen", "?",
                            "!call saved"]),
    "lookup": ("li", [
        "f3", "=LookupScreen", "!lookup", "f1", "=HelpScreen", "!lookup help", "escape", *"无此人", "!nothing found", "backspace", "backspace", "backspace", "!a lookup too short",
        *"张伟", "~张伟强", "!found", "ctrl+t", "!status filter", "ctrl+g", "=FormModal",
        "!tag filter", "escape", "f8", "=FormModal", "!callback form", "escape", "f9", "=CustomerCardScreen",
        "!new customer",
    ]),
    "customer card": ("li", [
        "f3", "=LookupScreen", *"张伟", "~张伟强", "enter", "=CustomerCardScreen", "~华为", "!card", "#card-phones", "a", "=FormModal",
        "!add phone", "escape", "#card-phones", "d", "=FormModal", "!remove phone", "escape", "#card-calls", "enter", "=CallDetail", "!a call whole", "escape",
        "f8", "=FormModal", "!callback", "escape", "#f-email", "space", "x", "ctrl+s",
        "!a refusal", "escape", "=Choose", "!unsaved edits question",
    ]),
    "a merge, both records side by side": ("lin", [
        "f3", "=LookupScreen", *"张伟", "~张伟强", "enter", "=CustomerCardScreen", "~华为", "ctrl+r", "=FormModal", "!merge",
        "3", "enter", "=MergeConfirm", "!merge preview", "escape", "=CustomerCardScreen",
    ]),
    "a customer not to call": ("li", [
        "f3", "=LookupScreen", *"张伟强", "~上海", "enter", "=CustomerCardScreen", "~上海", "!a do-not-call card", "f2",
        "=NewCallScreen", "!calling a customer not to call",
    ]),
    "callbacks": ("li", [
        "f4", "=CallbacksScreen", "!callbacks", "t", "=FormModal", "!attempt", "escape", "s", "=FormModal",
        "!reschedule", "escape", "x", "=FormModal", "!cancel", "escape", "d", "=Confirm", "!done question", "escape",
        "r", "=Confirm", "!release question", "escape", "u", "!nothing to reopen", "h", "=HistoryModal", "!history",
        "escape", "f1", "=HelpScreen", "!callbacks help", "escape", "#cb-pool", "c", "?", "!claimed from the pool",
        "#cb-mine", "d", "=Confirm", "enter", "?", "!done refused: no attempt yet", "t", "=FormModal", "ctrl+s",
        "=CallbacksScreen", "d", "=Confirm", "enter", "!done", "u", "=FormModal", "!reopen", "escape", "o", "=NewCallScreen",
        "!calling back",
    ]),
    "callbacks of the team": ("lin", [
        "f4", "=CallbacksScreen", "l", "!team view", "#cb-f-kind", "enter", "!the kinds to filter by", "escape",
        "#cb-team", "space", "a", "=FormModal", "!reassign", "escape", "g",
        "!return visits generated",
    ]),
    "my KPIs": ("li", [
        "f5", "=KpiScreen", "!my KPIs", "t", "!today", "l", "!last month", "m", "d", "=FormModal", "!chosen range",
        "x", "ctrl+s", "!a bad range", "escape", "#kpi-deductions", "a", "=AppealScreen", "!appeal a deduction",
        "escape", "#kpi-table", "enter", "=RecordsScreen", "!the records behind a KPI", "escape", "f1",
        "=HelpScreen", "!KPI help",
    ]),
    "team": ("lin", [
        "f6", "=TeamScreen", "!scorecard", "s", "!sorted", "l", "!last month", "w", "!this week", "m", "x",
        "=FormModal", "!export", "escape", "c", "=ConductScreen", "!conduct", "#conduct-date", "x", "ctrl+s",
        "!a refused conduct event", "escape", "r", "=RatingScreen", "!rating", "escape", "p", "=ClosePeriodScreen",
        "!close period", "ctrl+s", "=Confirm", "!closing before the end", "escape", "escape", "o", "=ReopenScreen",
        "!reopen period", "escape", "f1", "=HelpScreen", "!team help", "escape", "2", "!weekly summary",
        "left_square_bracket", "!the week before", "3", "!staffing", "h", "!staffing from history",
        "#staff-shrinkage", "x", "enter", "!a figure that is no number",
    ]),
    "team boards": ("lin", [
        "f6", "=TeamScreen", "b", "=WallboardScreen", "!wallboard", "escape", "a", "=AppealsScreen", "!appeals",
        "escape", "g", "=SettingsScreen", "!settings", "e", "!editing a setting", "x", "enter", "!a refused setting",
    ]),
    "audit logs": ("lin", [
        "f6", "=TeamScreen", "v", "=AuditScreen", "!the audit log of an agent", "escape", "f3", "=LookupScreen",
        *"吴敏", "~小米", "enter", "=CustomerCardScreen", "~小米", "f9", "=AuditScreen", "!the audit log of a customer",
    ], audited),
    "cases": ("li", [
        "f12", "=CaseListScreen", "~#3", "!case list", "s", "t", "d", "v", "!case list filtered", "x", "~#3", "enter",
        "=CaseDetailScreen", "~#1", "!case detail", "n", "=FormModal", "!note form", *"x", "escape", "=ConfirmDiscard",
        "!discard typed text", "y", "r", "=FormModal", "!department reply form", "escape", "s", "=FormModal",
        "!status form", "escape", "t", "=FormModal", "!told form",
        "escape", "b", "=FormModal", "!update callback form", "escape", "c", "=FormModal", "!close form", "enter",
        "!close refused", "escape", "a", "?", "!reassign refused to an agent", "f1", "=HelpScreen", "!case help",
    ]),
    "cases of the team": ("lin", [
        "f12", "=CaseListScreen", "l", "~#4", "!team cases", "enter", "=CaseDetailScreen", "a", "=FormModal",
        "!reassign form", "escape", "c", "=FormModal", "!close form of a lead",
    ]),
    "cases on the call form and the card": ("li", [
        "f2", "=NewCallScreen", *"13900139000", "~#3", "!a caller with open cases", "ctrl+l", "=Choose",
        "!link question", "enter", "!linked", "ctrl+n", "?", "!one case per problem", "ctrl+l", "=Choose", "x",
        "ctrl+n", "=FormModal", "!case from the call", "escape",
    ]),
    "a ring": ("li", ["=NewCallScreen", "!a ring pops the call form"], a_ring),
    "a missed ring": ("li", ["?", "!a missed ring"], a_missed_ring),
    "a call restored": ("li", ["=NewCallScreen", "?", "!a call restored"], a_call_left_open),
    "a break too long": ("li", ["?", "!a break past its limit"], a_long_break),
    "key settings with mistakes": ("li", ["?", "!key settings with mistakes"], mistaken_keys),
    "a store that cannot be read": ("li", ["f4", "?", "!a load that failed"], an_unreadable_store),
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
async def test_every_word_on_the_screen_is_translated(desk, name, catalog, tmp_path, monkeypatch):
    login, steps, *setup = TOURS[name]
    data = [str(tmp_path), *EVENT_DATA] if setup else []
    for prepare in setup:
        data += prepare(desk, tmp_path, monkeypatch) or []
    app = desk_app(desk, login)
    told = listen(app)  # from the start: a restored call or a key setting is said as the desk opens
    async with app.run_test(size=(120, 40)) as pilot:  # toasts are read from `told`, whole
        if not setup or setup == [audited]:
            await home_loaded(pilot)
        found = await tour(pilot, steps, catalog, told, data)
    assert not found, "\n".join(["escaped translation:", *found])
