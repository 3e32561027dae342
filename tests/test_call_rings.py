"""Rings pop the form through the change log; old rings show as missed; F7 status; heartbeats; open_call."""

from __future__ import annotations

from datetime import timedelta

import pytest
from desk_support import SIZE, desk_app, home_loaded, notifications, polls_to_see, screen_text, settle, wait_until
from textual.widgets import Input

from screens.call import CallScreen
from screens.status import AgentStatusScreen
from store import open_store, rings
from store.customers import create_customer
from store.status import current_status


def card(app) -> str:
    """The card's text once the call form is up, else ''."""
    if not isinstance(app.screen, CallScreen) or not app.screen.query("#card"):
        return ""
    return str(app.screen.query_one("#card").render())


@pytest.fixture
def pbx(store_path, clock, team):
    """Another connection, as `agentdesk ring` from the phone system has."""
    other = open_store(store_path, clock)
    yield other
    other.close()


async def test_a_ring_pops_the_form_with_the_card_at_the_next_poll(team, pbx, clock):
    """A ring pops while the phone still rings: at the first poll that can see it (the poll under way
    when it was written may have read just before), whatever the machine's load; the poll interval
    in force is under a second."""
    create_customer(team, "li", phones=["138 0013 8000"], name="张伟欣")
    app = desk_app(team)
    assert app.POLL_S < 1.0
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        pbx.clock = lambda: clock() - timedelta(seconds=5)  # the PBX's clock: it rang 5 s before the desk saw it
        written_after = app.polls
        rings.record_ring(pbx, number="138 0013 8000", extension="8001", uniqueid="pbx-4", line="sales")
        await wait_until(pilot, lambda: "张伟欣" in card(app))
        assert polls_to_see(app, written_after, "rings") <= 2, list(app.recent_polls)
        screen = app.screen
        assert screen.query_one("#number", Input).value == "138 0013 8000"
        assert "Incoming call ∙ sales" in screen_text(app)
        clock.advance(seconds=30)
        await pilot.press("alt+c", "alt+r", "ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, CallScreen))
        await settle(pilot)
        row = team.conn.execute("SELECT uniqueid, started_at, talk_s FROM calls").fetchone()
        assert row == ("pbx-4", "2026-11-26T01:59:55Z", 35)  # talk from the ring's arrival


async def test_rings_wait_while_a_call_is_open_then_pop(team, pbx, clock):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, CallScreen))
        await pilot.press(*"13900139000")
        rings.record_ring(pbx, number="138 0013 8000", agent="li")
        await pilot.pause(1.0)
        assert app.screen.query_one("#number", Input).value == "13900139000"  # not clobbered
        await pilot.press("alt+c", "alt+r", "ctrl+s")
        await wait_until(pilot, lambda: "138 0013 8000" in card(app) or (
            isinstance(app.screen, CallScreen) and bool(app.screen.query("#number"))
            and app.screen.query_one("#number", Input).value == "138 0013 8000"))


async def test_an_old_ring_does_not_pop_and_shows_as_missed(team, pbx, clock):
    rings.record_ring(pbx, number="138 0013 8000", agent="li")  # rang while no desk was open
    clock.advance(seconds=61)
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await wait_until(pilot, lambda: any("Missed ring" in n.message for n in notifications(app)))
        assert not isinstance(app.screen, CallScreen)
        assert "138 0013 8000" in [n for n in notifications(app) if "Missed ring" in n.message][0].message
        await pilot.press("f2")
        await wait_until(pilot, lambda: "Missed rings today (1): 138****8000 10:00" in screen_text(app))


async def test_open_call_prefills_number_customer_and_callback(team, clock):
    customer = create_customer(team, "li", phones=["138 0013 8000"], name="王芳")
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        app.open_call(customer_id=customer)
        await wait_until(pilot, lambda: "王芳" in card(app))
        first = app.screen
        app.open_call(number="139 0000 0000")  # a form with a caller is open: it stays, with a warning
        await pilot.pause()
        assert app.screen is first and any("A call is in progress" in n.message for n in notifications(app))
        await pilot.press("alt+o", "alt+r", "ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, CallScreen))
        await settle(pilot)
        assert team.conn.execute("SELECT customer_id, phone_e164 FROM calls").fetchone() == (customer, None)


async def test_f7_sets_status_with_one_key_and_logs_every_change(team, clock):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("f7")
        await wait_until(pilot, lambda: isinstance(app.screen, AgentStatusScreen))
        await settle(pilot)
        await pilot.press("r")
        await wait_until(pilot, lambda: current_status(team, "li")["status"] == "ready")
        clock.advance(minutes=5)
        await pilot.press("l")
        await wait_until(pilot, lambda: current_status(team, "li") ["reason"] == "lunch")
        await settle(pilot)
        await wait_until(pilot, lambda: "You are: break: lunch since 10:05" in screen_text(app))
        text = screen_text(app)
        assert "ready" in text and "5:00" in text
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, AgentStatusScreen))
        await settle(pilot)
        assert "on break (lunch)" in screen_text(app).splitlines()[0]
    log = team.conn.execute("SELECT status, reason, started_at, ended_at FROM agent_status_log ORDER BY id").fetchall()
    assert log[:2] == [("ready", None, "2026-11-26T02:00:00Z", "2026-11-26T02:05:00Z"),
                       ("break", "lunch", "2026-11-26T02:05:00Z", "2026-11-26T02:05:00Z")]
    assert log[2][0] == "offline"  # the clean exit


async def test_f7_works_while_typing_notes(team):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, CallScreen))
        app.screen.query_one("#notes").focus()
        await pilot.press("f7")
        await wait_until(pilot, lambda: isinstance(app.screen, AgentStatusScreen))


async def test_the_desk_beats_and_ends_its_session_on_exit(team, clock):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        session = team.conn.execute("SELECT id, started_at, last_beat_at, ended_at FROM desk_sessions").fetchall()
        assert session == [(1, "2026-11-26T02:00:00Z", "2026-11-26T02:00:00Z", None)]
        clock.advance(seconds=15)
        app.desk_runtime.beat()
        await settle(pilot)
        assert team.conn.execute("SELECT last_beat_at FROM desk_sessions").fetchone()[0] == "2026-11-26T02:00:15Z"
    assert team.conn.execute("SELECT ended_at FROM desk_sessions").fetchone()[0] == "2026-11-26T02:00:15Z"
