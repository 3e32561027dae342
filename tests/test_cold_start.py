"""The desk's start imports only what its home screen shows (issue 17: cold start and idle memory).

The call form, the customer card, the confirmation modals, the callbacks package with its due-time
parsers and the phone-number library load when first used, not at start. A subprocess starts the desk
headless to its home screen and lists what it imported, so a later import at the top of a module on the
start path cannot bring them back unseen. No time is measured: bench/run.py measures.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# loaded on first use: F2 (the call form and its store modules), a card, a question, a phone number
LAZY = ("screens.call_new", "screens.call", "screens.call_form", "screens.customer_card", "screens.widgets.confirm",
        "screens.widgets.callback_form", "store.callbacks", "store.card_views", "store.customers", "store.duetime",
        "phonenumbers", "tui.quit_question")
# never on the desk's start path at all
NEVER = ("pypinyin", "babel", "faker", "sqlite_utils", "demo")

PROBE = """
import asyncio, json, sys
sys.path.insert(0, "tests")
from desk_support import desk_app, home_loaded, settle
from store import open_store

seen = {}

async def main():
    store = open_store(sys.argv[1])
    app = desk_app(store, "li")
    async with app.run_test(size=(120, 40)) as pilot:
        await home_loaded(pilot)
        seen["home"] = sorted(sys.modules)
        seen["home_screen"] = type(app.screen).__name__
        await pilot.press("f2")
        await settle(pilot)
        seen["f2_screen"] = type(app.screen).__name__
        seen["f2"] = sorted(sys.modules)
        await pilot.press(*"13800138000")
        await settle(pilot)
        seen["number"] = sorted(sys.modules)
    store.close()

asyncio.run(main())
print(json.dumps(seen))
"""


def run(code: str, *args: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def loaded(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return [n for n in names if n in modules]


def test_the_home_screen_starts_without_the_lazy_modules(team, store_path):
    team.close()  # the subprocess opens the store itself
    seen = run(PROBE, str(store_path))
    assert seen["home_screen"] == "HomeScreen"
    assert loaded(seen["home"], LAZY) == []
    assert loaded(seen["home"], NEVER) == []
    # the probe does see them once they are needed: F2 opens the call form with its modules, and the first
    # number typed into it loads the phone-number library
    assert seen["f2_screen"] == "NewCallScreen"
    assert {"screens.call_new", "screens.call_form", "store.customers"} <= set(seen["f2"])
    assert "phonenumbers" in seen["number"]
    assert loaded(seen["number"], NEVER) == []


def test_the_command_line_and_the_app_modules_import_none_of_them():
    """What `agentdesk` imports before the desk runs: the command line with every subcommand, and the App."""
    seen = run("import json, sys, tui.cli, tui.app; print(json.dumps({'modules': sorted(sys.modules)}))")
    assert loaded(seen["modules"], LAZY + NEVER) == []
    assert "click" in seen["modules"] and "tui.navigation" in seen["modules"]  # the probe sees what is imported
