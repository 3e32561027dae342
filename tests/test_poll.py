"""Refresh by poll-then-rearm: idle costs one PRAGMA per poll; other desks' writes show within ~2 s."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from desk_support import SIZE, desk_app, home_loaded, notifications, polls_to_see, screen_text, settle, table_rows, wait_until

from store import desk_status, open_store
from store.agents import set_agent
from store.call_records import CallEntry
from store.callbacks import insert_callback
from store.calls import log_call
from store.customers import create_customer


@pytest.fixture
def other_desk(store_path, clock, team):
    """A second connection on the same file, as another agent's desk would have."""
    other = open_store(store_path, clock)
    yield other
    other.close()


async def test_idle_poll_runs_nothing_but_data_version(team):
    log_call(team, "li", CallEntry(number="138 0013 8000", category="order", outcome="resolved", talk_s=60))
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        started = app.polls
        await wait_until(pilot, lambda: app.polls >= started + 1)  # the poll after the desk's own start-up writes
        statements: list[str] = []
        team.trace(statements.append)
        try:
            polled = app.polls
            await wait_until(pilot, lambda: app.polls >= polled + 2)
            await settle(pilot)
        finally:
            team.trace(None)
        assert len(statements) >= 2, statements  # it did poll
        assert set(statements) == {"PRAGMA data_version"}, statements


async def test_the_desks_own_commit_is_heard_once_not_polled_again(team):
    """data_version is asked on a read connection, which sees this desk's own commits move it too:
    the poll finds them in change_log as its own and tells no topic (the listener told them)."""
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        polled = app.polls
        log_call(team, "li", CallEntry(number="138 0013 8000", category="order", outcome="resolved", talk_s=60))
        await wait_until(pilot, lambda: app.polls >= polled + 3)
        assert [topics for n, topics in app.recent_polls if n > polled and topics] == []
        assert len(table_rows(app)) == 1  # heard through the listener


async def test_a_call_logged_by_another_connection_shows_at_the_next_poll(team, other_desk):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        assert "No calls logged yet" in screen_text(app)
        written_after = app.polls
        customer = create_customer(other_desk, "li", phones=["138 0013 8000"], name="周杰")
        log_call(other_desk, "li", CallEntry(customer_id=customer, category="shipping", outcome="resolved", started_at="2026-11-26T01:45:00Z", talk_s=125, wrap_s=30))
        await wait_until(pilot, lambda: table_rows(app) != [])
        assert polls_to_see(app, written_after, "calls") <= 2  # the poll under way may have read just before
        assert table_rows(app) == [["09:45", "周杰", "shipping", "resolved", "2:35"]]
        assert str(app.screen.query_one("#fig-calls").render()).split()[0] == "1"


async def test_a_status_change_by_another_process_reaches_the_status_line(team, store_path):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        assert "offline" in screen_text(app).splitlines()[0]
        script = textwrap.dedent(f"""
            from store import open_store
            from store.status import set_status
            store = open_store({str(store_path)!r})
            set_status(store, "li", "break", "lunch")
            store.close()
        """)
        subprocess.run([sys.executable, "-c", script], check=True, timeout=60)
        await wait_until(pilot, lambda: "on break (lunch)" in screen_text(app).splitlines()[0])
        assert app.screen.query_one("#sl-status").has_class("-break")


async def test_a_callback_falls_overdue_as_time_passes_without_any_write(team, clock):
    customer = create_customer(team, "li", phones=["138 0013 8000"], name="周杰")
    with team.write("li", "agent") as tx:
        insert_callback(tx, due_at="2026-11-26T02:30:00Z", customer_id=customer, owner="li")
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        assert "1 callback due today" in screen_text(app).splitlines()[0]
        clock.advance(minutes=31)  # 02:31Z: half an hour late
        await wait_until(pilot, lambda: "1 overdue" in screen_text(app).splitlines()[0])
        assert "0 callbacks due today" in screen_text(app).splitlines()[0]
        assert app.screen.query_one("#sl-overdue").has_class("-overdue")


async def test_deactivating_the_agent_elsewhere_is_a_notification_not_a_crash(team, other_desk):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        set_agent(other_desk, "root", "li", active=False)
        await wait_until(pilot, lambda: notifications(app))
        message = notifications(app)[0].message
        assert "agent 'li' is inactive" in message
        assert app.is_running
        # and the desk keeps polling: reactivated, it loads again
        set_agent(other_desk, "root", "li", active=True)
        log_call(other_desk, "li", CallEntry(number="138 0013 8000", category="order", outcome="resolved", started_at="2026-11-26T01:50:00Z", talk_s=10))
        await wait_until(pilot, lambda: len(table_rows(app)) == 1)


async def test_another_agents_call_does_not_enter_my_day(team, other_desk, monkeypatch):
    """The reload after another desk's write still shows only the agent's own work."""
    loads = []
    real_agent_day = desk_status.agent_day

    def counted(*args, **kwargs):
        loads.append(args[1])
        return real_agent_day(*args, **kwargs)

    monkeypatch.setattr(desk_status, "agent_day", counted)
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        assert loads == ["li"]
        log_call(other_desk, "chen", CallEntry(number="138 0013 8000", category="order", outcome="resolved", talk_s=10))
        await wait_until(pilot, lambda: len(loads) == 2)  # the calls topic moved: it reloaded
        await settle(pilot)
        assert table_rows(app) == []
        assert str(app.screen.query_one("#fig-calls").render()).split()[0] == "0"


async def test_the_cursor_stays_on_its_call_when_a_new_call_arrives(team, other_desk):
    for minute in (10, 20):
        log_call(team, "li", CallEntry(number="138 0013 8000", category="order", outcome="resolved", started_at=f"2026-11-26T01:{minute}:00Z", talk_s=minute))
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        app.screen.query_one("#last-calls").focus()
        await pilot.press("down")  # onto the 09:10 call
        await pilot.pause()
        log_call(other_desk, "li", CallEntry(number="138 0013 8000", category="billing", outcome="resolved", started_at="2026-11-26T01:30:00Z", talk_s=30))
        await wait_until(pilot, lambda: len(table_rows(app)) == 3)
        table = app.screen.query_one("#last-calls")
        assert [r[0] for r in table_rows(app)] == ["09:30", "09:20", "09:10"]
        assert table.cursor_row == 2
