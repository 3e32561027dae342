"""One failure, one sentence: a failed worker is told once, by the App or in place, never twice or not at all."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil

from desk_support import SIZE, desk_app, home_loaded, notifications, settle, wait_until
from textual.widgets import Input, Static

import screens
from screens.callbacks import CallbacksScreen
from screens.customer_card import CustomerCardScreen
from screens.failures import ReportsFailures
from store import callbacks as cb
from store import customers as customer_store
from store.callbacks import insert_callback
from store.card_views import CardReason
from store.customers import create_customer
from store.errors import StoreUnavailable


def errors(app) -> list[str]:
    return [n.message for n in notifications(app) if n.severity == "error"]


def broken(*_args, **_kwargs):
    raise StoreUnavailable("cannot read or write the store /srv/desk.db: disk I/O error.")


async def test_a_failed_callback_queue_load_says_so_once(team, monkeypatch):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        monkeypatch.setattr(cb, "agent_queue", broken)
        await pilot.press("f4")
        await wait_until(pilot, lambda: isinstance(app.screen, CallbacksScreen) and errors(app))
        await settle(pilot)
        await pilot.pause(0.2)
        assert errors(app) == ["cannot read or write the store /srv/desk.db: disk I/O error."]


async def test_a_failed_card_load_says_so_once(team, monkeypatch):
    customer = create_customer(team, "li", phones=["138 0013 8000"], name="张伟欣")
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        monkeypatch.setattr(customer_store, "open_customer_card", broken)
        app.push_screen(CustomerCardScreen(app.ctx, customer, reason=CardReason.lookup("张伟欣")))
        await wait_until(pilot, lambda: errors(app))
        await settle(pilot)
        await pilot.pause(0.2)
        assert len(errors(app)) == 1


async def test_a_lost_claim_names_the_holder_once(team):
    with team.write("li", "agent") as tx:
        pool = insert_callback(tx, due_at="2026-11-26T05:00:00Z", customer_id=None, phone_e164="+8613800138000",
                               owner=None, reason="missed")
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("f4")
        await wait_until(pilot, lambda: isinstance(app.screen, CallbacksScreen) and app.screen.queue is not None)
        await settle(pilot)
        app._watcher.poll = lambda: set()  # the claim below reaches this desk only as a lost race
        from store import open_store

        other = open_store(team.path)
        cb.claim_callback(other, "wang", pool)
        other.close()
        app.screen.query_one("#cb-pool").focus()
        await pilot.press("c")
        await wait_until(pilot, lambda: errors(app))
        await settle(pilot)
        await pilot.pause(0.2)
        assert len(errors(app)) == 1 and "already claimed by wang" in errors(app)[0]


async def test_a_refused_staffing_prefill_names_the_field_on_the_tab(team):
    app = desk_app(team, "lin")
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("f6")
        await wait_until(pilot, lambda: app.screen.query("#staff-weeks"))
        await pilot.press("3")
        await settle(pilot)
        screen = app.screen
        screen.query_one("#staff-weeks", Input).value = "0"
        screen.query_one("#staff-weeks", Input).focus()
        await pilot.press("enter")  # Enter in the history boxes prefills
        await wait_until(pilot, lambda: "weeks" in str(screen.query_one("#staff-error", Static).render()))
        assert "give a number from 1 to 52" in str(screen.query_one("#staff-error", Static).render())
        assert app.focused.id == "staff-weeks"
        assert errors(app) == []  # shown where it is fixed, not also as a toast


def _desk_classes():
    for info in pkgutil.walk_packages(screens.__path__, "screens."):
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__:
                yield cls


def test_only_the_mixin_handles_worker_state_and_every_node_with_workers_has_it():
    import tui.app

    classes = [*_desk_classes(), tui.app.DeskApp]
    handlers = [c for c in classes if "on_worker_state_changed" in vars(c) and c is not ReportsFailures]
    assert handlers == [], handlers  # Textual runs one per class in the chain: two would tell a failure twice
    for cls in classes:
        tree = ast.parse(inspect.getsource(cls))
        decorated = any(isinstance(d, ast.Call) and getattr(d.func, "id", "") == "work"
                        for node in ast.walk(tree) if isinstance(node, ast.FunctionDef) for d in node.decorator_list)
        if decorated or "self.run_worker(" in inspect.getsource(cls):
            assert issubclass(cls, ReportsFailures), f"{cls.__qualname__} runs workers: its failures would go unseen"
