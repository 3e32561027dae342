"""Ctrl+P offers the desk's own commands for the current screen, in the desk's words, each with its key."""

from __future__ import annotations

from desk_support import SIZE, desk_app, home_loaded, screen_text, settle, wait_until
from textual.command import CommandPalette

from screens.callbacks import CallbacksScreen
from screens.status import AgentStatusScreen
from screens.widgets.confirm import Confirm
from store import callbacks as cb
from store.customers import create_customer
from store.status import current_status


def titles(app, screen) -> list[str]:
    return [c.title for c in app.get_system_commands(screen)]


async def test_the_home_screen_offers_the_desk_and_status_changes(team):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        offered = titles(app, app.screen)
        for title in ("Help", "New call", "Customers", "Callbacks", "My KPIs", "Status", "Home", "Status: ready",
                      "Status: break: lunch"):
            assert title in offered, title
        assert "Team" not in offered  # an agent's desk: the team's tools are the leads'
        assert offered.index("New call") < offered.index("Theme")  # the desk's before Textual's
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"ready")
        await wait_until(pilot, lambda: "Status: ready" in screen_text(app) and "F7, then r" in screen_text(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, AgentStatusScreen))
        await wait_until(pilot, lambda: current_status(team, "li")["status"] == "ready")


async def test_f4_offers_its_own_keys_and_runs_them_as_the_key_does(team):
    wu = create_customer(team, "li", phones=["139 0013 8001"], name="吴敏")
    cb.add_callback(team, "li", customer_id=wu, due="+1h", owner="li", reason="refund")
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("f4")
        await wait_until(pilot, lambda: isinstance(app.screen, CallbacksScreen) and app.screen.queue is not None)
        await settle(pilot)
        offered = titles(app, app.screen)
        assert {"Call now", "Claim", "Done", "Release", "Reopen", "History"} <= set(offered)
        assert offered.count("Help") == 1
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"Done")
        await wait_until(pilot, lambda: "key: d" in screen_text(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, Confirm))  # asks, as d does
        assert "Mark callback #1 for 吴敏 done?" in screen_text(app)
