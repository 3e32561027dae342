"""Touring the desk under the pseudo-locale (tests/test_pseudo_desk.py): what is allowed on a screen besides
translated text, the screen as a person reads it, and the keys of a tour."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from desk_support import screen_text, settle, wait_until
from fixed_time import FIXED_NOW
from pseudo_locale import PSEUDO, blank, escaped
from pseudo_seed import USER_DATA
from textual.screen import ModalScreen
from textual.widgets import TextArea

from store import duetime
from store import settings as settings_lib
from tui import i18n
from tui.paths import export_dir

# What is not ours to translate, besides the seeded data (each kind justified):
# - the names of keys as the footer, the help and the forms show them: F1-F12, ^s for Ctrl+S, esc, and one
#   letter or digit before a choice;
# - a refusal's leading field name ("email: 'x' is not an e-mail address"): the field's id, as the CLI's
#   options and the store name it; the catalogs keep it (tests/test_catalog_zh.py NOT_WORDS), so a message
#   starts with it;
# - what the parsers read, shown as examples of what to type: the English due times (store.duetime reads
#   those and Chinese, nothing else, so a translation could not be typed back) and ISO weeks (2026-W47);
# - the centre's settings as stored (its time zone, its phone region) and, in brackets after its words or
#   quoted as JSON, the id of a setting and of each entry of an object setting: what `agentdesk settings set`
#   and the edit box take;
# - the folder the desk offers for exports (the machine's documents folder) and the files it writes there;
# - each language by its own name (English, 简体中文), as a language picker names them; the pseudo-locale's code.
KEY_NAMES = [r"\^?F\d{1,2}", r"\^?(?:esc|enter|tab|space|del|insert|home|end|pgup|pgdn|up|down|left|right|[a-z])",
             r"[A-Z]"]
FIELD = r"(?<=⟦)[a-z][a-z_]*(?:\.[a-z_]+)?(?=:)"
SETTING_IDS = {*settings_lib.DEFAULTS, *(k for v in settings_lib.DEFAULTS.values() if isinstance(v, dict) for k in v)}
ALLOWED = [*KEY_NAMES, FIELD, r"\d{4}-W\d{2}", *(rf"\({re.escape(key)}\)|\"{re.escape(key)}\"" for key in SETTING_IDS)]
DATA = [*USER_DATA, duetime.examples(FIXED_NOW, ZoneInfo("Asia/Shanghai")), duetime.EXAMPLES, str(export_dir()),
        *(f"scorecard-{period}" for period in ("month", "last-month", "week")),
        *(value for value in settings_lib.DEFAULTS.values() if isinstance(value, str)),
        *i18n.LANGUAGE_NAMES.values(), PSEUDO]


def on_top(app, name: str) -> bool:
    """The screen on top is a `name` (or a subclass of it)."""
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


def listen(app) -> list[str]:
    """Every notification the desk gives from now on ("title: message"), shown or gone already: a toast lasts
    seconds, and a tour reads on."""
    told, notify = [], app.notify

    def told_too(message: str, *, title: str = "", **options):
        told.append(f"{title}: {message}")
        return notify(message, title=title, **options)

    app.notify = told_too
    return told


async def tour(pilot, steps: list[str], catalog: set[str], told: list[str], data: list[str] = ()) -> list[str]:
    """Type `steps`, reading the screen at each "!what" with what the desk said since the last reading (`told`,
    from `listen`); returns what escaped translation, screen by screen.

    "=Name" waits until the screen on top is a Name, "~text" until the text is on the screen, "?" until the
    desk has said something, "#id" focuses that widget; anything else is a key pressed."""
    app, found = pilot.app, []
    for step in steps:
        if step.startswith("=") and len(step) > 1:
            await wait_until(pilot, lambda name=step[1:]: on_top(app, name))
        elif step.startswith("~") and len(step) > 1:
            await wait_until(pilot, lambda seen=step[1:]: seen in screen_text(app))
            await settle(pilot)
        elif step == "?":
            await wait_until(pilot, lambda: told)
        elif step.startswith("#") and len(step) > 1:
            app.screen.query_one(step).focus()
        elif step.startswith("!"):
            for _ in range(3):  # the screen's loads, then what they started
                await settle(pilot)
                await pilot.pause(0.02)
            text = "\n".join([shown(app, catalog), *told])
            told.clear()
            if lines := escaped(text, [*DATA, *data], ALLOWED):
                found += [f"-- {step[1:]}:", *lines, "", text, ""]
        else:
            await pilot.press(step)
    return found
