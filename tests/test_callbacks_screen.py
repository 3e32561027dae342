"""F4, the callback queue, driven by keys: the agent's lists, every key, the lead's team view, live refresh."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from desk_support import SIZE, desk_app, home_loaded, notifications, polls_to_see, screen_text, settle, wait_until
from textual.widgets import DataTable, Input, Select

from screens.callback_rows import OVERDUE_MARK, OVERDUE_STYLE, SOON_MARK
from screens.callbacks import CallbacksScreen
from screens.widgets.callback_history import HistoryModal
from screens.widgets.confirm import Confirm
from screens.widgets.form_modal import FormModal
from store import callbacks as cb
from store import open_store
from store.customers import create_customer
from store.settings import set_setting
from tui.app import DeskApp


@pytest.fixture
def queue(team):
    """At 10:00 Shanghai: li owns an overdue (09:00) and a due-soon (10:10) callback; the pool has one at 13:00."""
    zhou = create_customer(team, "li", phones=["138 0013 8000"], name="[red]周杰[/red]")
    wu = create_customer(team, "li", phones=["139 0013 8001"], name="吴敏")
    with team.write("li", "agent") as tx:
        ids = {
            "overdue": cb.insert_callback(tx, due_at="2026-11-26T01:00:00Z", customer_id=zhou, owner="li", reason="invoice"),
            "soon": cb.insert_callback(tx, due_at="2026-11-26T02:10:00Z", customer_id=wu, owner="li", reason="refund"),
            "pool": cb.insert_callback(tx, due_at="2026-11-26T05:00:00Z", customer_id=wu, owner=None, reason="missed"),
            "wang": cb.insert_callback(tx, due_at="2026-11-26T03:00:00Z", customer_id=wu, owner="wang", reason="wang's"),
        }
    team.ids = ids
    return team


def rows(app, table_id: str) -> list[list[str]]:
    table = app.screen.query_one(table_id, DataTable)
    return [[getattr(c, "plain", str(c)) for c in table.get_row_at(i)] for i in range(table.row_count)]


def footer_words(app) -> list[str]:
    """What the footer offers, including keys it has no room for (they end in "F1 more")."""
    from screens.widgets.desk_footer import DeskFooter

    return [words for _key, words in app.screen.query_one(DeskFooter).keys()]


def cell(app, table_id: str, row: int, column: int):
    return app.screen.query_one(table_id, DataTable).get_row_at(row)[column]


async def open_queue(pilot) -> CallbacksScreen:
    await home_loaded(pilot)
    await pilot.press("f4")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CallbacksScreen) and pilot.app.screen.queue is not None)
    await settle(pilot)
    return pilot.app.screen


async def focus(pilot, table_id: str, row: int = 0) -> None:
    table = pilot.app.screen.query_one(table_id, DataTable)
    table.focus()
    table.move_cursor(row=row)
    await pilot.pause()


async def until_rows(pilot, table_id, predicate, timeout=30.0):
    """Wait until the table on the current screen has rows that satisfy `predicate` (a form still
    closing over the queue has no table: not yet)."""
    await wait_until(pilot, lambda: bool(pilot.app.screen.query(table_id)) and predicate(rows(pilot.app, table_id)),
                     timeout=timeout)
    await settle(pilot)


# -- the agent's lists -------------------------------------------------------------------------------
async def test_my_callbacks_and_the_pool_by_due_time_with_overdue_and_soon_marked(queue):
    app = desk_app(queue)
    async with app.run_test(size=SIZE) as pilot:
        await open_queue(pilot)
        mine = rows(app, "#cb-mine")
        assert [r[:2] + r[3:6] for r in mine] == [
            [OVERDUE_MARK, "09:00", "[red]周杰[/red]", "138****8000", "invoice"],
            [SOON_MARK, "10:10", "吴敏", "139****8001", "refund"],
        ]
        assert str(cell(app, "#cb-mine", 0, 1).style) == OVERDUE_STYLE
        assert str(cell(app, "#cb-mine", 1, 1).style) != OVERDUE_STYLE and "yellow" in str(cell(app, "#cb-mine", 1, 1).style)
        assert [r[1] for r in rows(app, "#cb-pool")] == ["13:00"]
        assert rows(app, "#cb-pool")[0][0].strip() == ""  # not due soon: no mark
        text = screen_text(app)
        assert "My callbacks (2 of 2)" in text and "Pool (1 of 1)" in text
        assert "wang's" not in text
        first = text.splitlines()[0]
        assert "1 callback due today" in first and "1 overdue" in first  # the status line agrees
        # l (team view) is for leads only: hidden and inert
        assert "Team view" not in text and "Team view" not in footer_words(app)
        await pilot.press("l")
        await settle(pilot)
        assert not app.screen.lead_mode


async def test_claim_from_the_pool_and_a_lost_claim_names_the_holder(queue):
    app = desk_app(queue)
    async with app.run_test(size=SIZE) as pilot:
        await open_queue(pilot)
        await focus(pilot, "#cb-pool")
        await pilot.press("c")
        await until_rows(pilot, "#cb-mine", lambda r: len(r) == 3)
        assert rows(app, "#cb-pool") == [] and "The pool is empty." in screen_text(app)
        assert cb.get_callback(queue, "li", queue.ids["pool"]).owner == "li"
        # another desk takes a new pool callback before this one sees it
        with queue.write("li", "agent") as tx:
            other = cb.insert_callback(tx, due_at="2026-11-26T06:00:00Z", customer_id=1, owner=None, reason="race")
        await until_rows(pilot, "#cb-pool", lambda r: len(r) == 1)  # heard from the store's listener
        # wang's desk (another connection) claims it before this desk's next poll: the desk still shows it
        app._watcher.poll = lambda: set()  # the poll has not come round yet
        wangs_desk = open_store(queue.path)
        cb.claim_callback(wangs_desk, "wang", other)
        wangs_desk.close()
        await focus(pilot, "#cb-pool")
        await pilot.press("c")
        await wait_until(pilot, lambda: any("already claimed by wang" in n.message for n in notifications(app)))
        await until_rows(pilot, "#cb-pool", lambda r: r == [])  # and the pool is reloaded


async def test_call_now_opens_the_call_form_with_customer_and_callback(queue, monkeypatch):
    calls = []
    monkeypatch.setattr(DeskApp, "open_call", lambda self, **kw: calls.append(kw))
    app = desk_app(queue)
    async with app.run_test(size=SIZE) as pilot:
        await open_queue(pilot)
        await focus(pilot, "#cb-mine", 1)
        await pilot.press("o")
        await pilot.pause()
        assert calls == [{"number": "+8613900138001", "customer_id": 2, "callback_id": queue.ids["soon"]}]
        await focus(pilot, "#cb-pool")
        await pilot.press("enter")  # Enter is "call now" too; a pool callback is claimed first
        await wait_until(pilot, lambda: len(calls) == 2)
        assert calls[1]["callback_id"] == queue.ids["pool"]
        assert cb.get_callback(queue, "li", queue.ids["pool"]).owner == "li"


async def test_call_now_really_opens_the_call_form(queue):
    """The number to dial is in the form, the call goes out, the card's times are the centre's, and the
    saved call has the number."""
    from screens.call import CallScreen
    from store.call_records import CallEntry
    from store.calls import log_call

    log_call(queue, "wang", CallEntry(customer_id=1, category="order", outcome="resolved",
                                      started_at="2026-11-25T01:00:00Z", notes="first order"))
    app = desk_app(queue)
    async with app.run_test(size=SIZE) as pilot:
        await open_queue(pilot)
        await focus(pilot, "#cb-mine", 0)
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, CallScreen))
        screen = app.screen
        assert screen.callback_id == queue.ids["overdue"]
        await wait_until(pilot, lambda: "order ∙ resolved (wang)" in screen_text(app))
        card = screen_text(app)
        assert "11-25 09:00 order ∙ resolved (wang)" in card and "01:00" not in card  # 01:00 UTC: 09:00 in Shanghai
        assert screen.query_one("#number", Input).value == "+8613800138000"
        assert screen.query_one("#direction").value == "out"
        await pilot.press("alt+v", "alt+r", "ctrl+s")  # a return visit, resolved
        await wait_until(pilot, lambda: not isinstance(app.screen, CallScreen))
        row = queue.conn.execute("SELECT phone_e164, direction, customer_id FROM calls ORDER BY id DESC LIMIT 1").fetchone()
        assert row == ("+8613800138000", "out", 1)


async def test_attempt_without_a_call_form(queue):
    app = desk_app(queue)
    async with app.run_test(size=SIZE) as pilot:
        await open_queue(pilot)
        await focus(pilot, "#cb-mine", 1)
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, FormModal))
        assert app.screen.query_one("#f-result", Select).value == "no-answer"
        await pilot.press("tab")
        await pilot.press(*"line busy")
        await pilot.press("tab", *"+2h", "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, CallbacksScreen))
        await until_rows(pilot, "#cb-mine", lambda r: len(r) == 2 and r[1][6] == "1 ∙ no answer")
        got = cb.get_callback(queue, "li", queue.ids["soon"])
        assert got.due_at == "2026-11-26T04:00:00Z" and got.status == "open"
        assert rows(app, "#cb-mine")[1][1] == "12:00"
        # reached, chosen in the result list, completes it
        await focus(pilot, "#cb-mine", 0)
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, FormModal))
        await pilot.press("enter", "up", "enter")
        await pilot.pause()
        assert app.screen.query_one("#f-result", Select).value == "reached"
        await pilot.press("ctrl+s")
        await until_rows(pilot, "#cb-mine", lambda r: len(r) == 1)
        assert cb.get_callback(queue, "li", queue.ids["overdue"]).status == "done"


async def test_reschedule_refuses_the_past_in_the_modal_then_moves_the_due_time(queue):
    app = desk_app(queue)
    async with app.run_test(size=SIZE) as pilot:
        await open_queue(pilot)
        await focus(pilot, "#cb-mine", 0)
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, FormModal))
        await pilot.press(*"09:30", "enter")
        await wait_until(pilot, lambda: "in the past" in str(app.screen.query_one("#form-error").render()))
        assert isinstance(app.screen, FormModal)  # still open, the text still there
        app.screen.query_one("#f-due", Input).value = ""
        await pilot.press(*"tomorrow 9:30", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CallbacksScreen))
        await until_rows(pilot, "#cb-mine", lambda r: r[1][1] == "11-27 09:30")
        assert rows(app, "#cb-mine")[0][0] == SOON_MARK  # the 10:10 one is now first
        got = cb.get_callback(queue, "li", queue.ids["overdue"])
        assert got.due_at == "2026-11-27T01:30:00Z" and got.first_due_at == "2026-11-26T01:00:00Z"
        # Escape leaves a modal without changing anything
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, FormModal))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, CallbacksScreen))


async def test_release_complete_and_cancel(queue):
    app = desk_app(queue)
    async with app.run_test(size=SIZE) as pilot:
        await open_queue(pilot)
        await focus(pilot, "#cb-mine", 0)
        await pilot.press("r")  # release the overdue one to the pool: asked once, Enter goes on
        await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("enter")
        await until_rows(pilot, "#cb-pool", lambda r: len(r) == 2)
        assert [r[1] for r in rows(app, "#cb-pool")] == ["09:00", "13:00"]
        assert cb.get_callback(queue, "li", queue.ids["overdue"]).owner is None
        await wait_until(pilot, lambda: "0 overdue" in screen_text(app).splitlines()[0])  # the status line follows
        cb.record_attempt(queue, "li", queue.ids["soon"], "call-later")  # done needs a try first
        await focus(pilot, "#cb-mine", 0)
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("enter")
        await until_rows(pilot, "#cb-mine", lambda r: r == [])
        assert cb.get_callback(queue, "li", queue.ids["soon"]).status == "done"
        await focus(pilot, "#cb-pool", 1)
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, FormModal))
        await pilot.press(*"customer asked to stop", "enter")  # an agent never cancels what started in the pool
        await wait_until(pilot, lambda: "started in the pool" in screen_text(app))  # said in the modal
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, CallbacksScreen))
        assert cb.get_callback(queue, "li", queue.ids["pool"]).status == "open"


async def test_history_shows_what_happened(queue):
    cb.claim_callback(queue, "li", queue.ids["pool"])
    cb.record_attempt(queue, "li", queue.ids["pool"], "no-answer", note="rang out")
    app = desk_app(queue)
    async with app.run_test(size=SIZE) as pilot:
        await open_queue(pilot)
        await focus(pilot, "#cb-mine", 2)
        await pilot.press("h")
        await wait_until(pilot, lambda: isinstance(app.screen, HistoryModal))
        text = screen_text(app)
        assert "Callback #3: history" in text
        assert "created" in text and "claimed ∙ li" in text and "attempt: no answer (rang out)" in text
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, CallbacksScreen))


# -- time passing, grace, notifications, the idle desk ----------------------------------------------------
async def test_a_callback_of_mine_coming_due_is_notified_and_turns_overdue(queue, clock):
    app = desk_app(queue)
    async with app.run_test(size=SIZE) as pilot:
        await open_queue(pilot)
        assert notifications(app) == []
        clock.advance(minutes=11)  # the 10:10 one is now due
        await wait_until(pilot, lambda: any("due now" in n.message for n in notifications(app)))
        await until_rows(pilot, "#cb-mine", lambda r: [x[0] for x in r] == [OVERDUE_MARK, OVERDUE_MARK])
        assert "2 overdue" in screen_text(app).splitlines()[0]
        assert sum("due now" in n.message for n in notifications(app)) == 1


async def test_the_grace_move_happens_on_the_desk_when_it_falls_due(queue, clock):
    set_setting(queue, "root", "owner_grace_min", 30)
    app = desk_app(queue)
    async with app.run_test(size=SIZE) as pilot:
        await open_queue(pilot)
        await until_rows(pilot, "#cb-mine", lambda r: len(r) == 1)  # 09:00 is an hour late: moved on opening
        assert [r[1] for r in rows(app, "#cb-pool")] == ["09:00", "13:00"]
        clock.advance(minutes=41)  # 10:10 is 31 minutes late
        await until_rows(pilot, "#cb-mine", lambda r: r == [])
        history = cb.get_callback(queue, "li", queue.ids["soon"]).history
        assert history[-1].event == "grace-moved" and history[-1].from_owner == "li"


async def test_an_idle_queue_issues_no_queries_but_the_poll(queue):
    app = desk_app(queue, "lin")
    async with app.run_test(size=SIZE) as pilot:
        for mode in ("agent", "lead"):
            if mode == "agent":
                await open_queue(pilot)
            else:
                await pilot.press("l")
                await wait_until(pilot, lambda: app.screen.team is not None)
                await settle(pilot)
            # the poll after the desk's own writes (opening the queue) reads which change_log rows were its own
            await pilot.pause(DeskApp.POLL_S * 1.5)
            await settle(pilot)
            statements: list[str] = []
            queue.trace(statements.append)
            try:
                await pilot.pause(DeskApp.POLL_S * 3)
                await settle(pilot)
            finally:
                queue.trace(None)
            assert len(statements) >= 2, statements
            assert set(statements) == {"PRAGMA data_version"}, (mode, statements)


async def test_a_status_change_does_not_reload_the_queue(queue, store_path, monkeypatch):
    loads = []
    real = cb.agent_queue
    monkeypatch.setattr(cb, "agent_queue", lambda *a, **k: loads.append(1) or real(*a, **k))
    app = desk_app(queue)
    async with app.run_test(size=SIZE) as pilot:
        await open_queue(pilot)
        assert len(loads) == 1
        subprocess.run([sys.executable, "-c", textwrap.dedent(f"""
            from store import open_store
            from store.status import set_status
            set_status(open_store({str(store_path)!r}), "li", "ready")
        """)], check=True, timeout=60)
        await wait_until(pilot, lambda: "ready" in screen_text(app).splitlines()[0])
        await settle(pilot)
        assert len(loads) == 1
        subprocess.run([sys.executable, "-c", textwrap.dedent(f"""
            from store import open_store
            from store.callbacks import release_callback
            release_callback(open_store({str(store_path)!r}), "li", 2)
        """)], check=True, timeout=60)
        await until_rows(pilot, "#cb-pool", lambda r: len(r) == 2)
        assert len(loads) == 2


# -- the lead's team view --------------------------------------------------------------------------
async def open_team(pilot) -> CallbacksScreen:
    screen = await open_queue(pilot)
    await pilot.press("l")
    await wait_until(pilot, lambda: screen.team is not None and screen.query_one("#cb-team").display)
    await settle(pilot)
    return screen


async def test_lead_view_groups_by_agent_and_filters(queue):
    app = desk_app(queue, "lin")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_team(pilot)
        assert "Team view" in footer_words(app)  # offered (the F1 help lists what the footer has no room for)
        groups = {r[0]: r[1:] for r in rows(app, "#cb-groups")}
        assert groups["李娜 (li)"] == ["2", "1", "1", "1h 00m"]
        assert groups["王伟 (wang)"] == ["1", "1", "0", ""]
        assert groups["Pool"] == ["1", "1", "0", ""]
        assert [r[2] for r in rows(app, "#cb-team")] == ["li", "li", "wang", "pool"]
        screen.query_one("#cb-f-due", Select).value = "overdue"
        await until_rows(pilot, "#cb-team", lambda r: [x[6] for x in r] == ["invoice"])
        screen.query_one("#cb-f-due", Select).value = "any"
        screen.query_one("#cb-f-agent", Select).value = "wang"
        await until_rows(pilot, "#cb-team", lambda r: [x[6] for x in r] == ["wang's"])
        screen.query_one("#cb-f-agent", Select).value = "pool"
        await until_rows(pilot, "#cb-team", lambda r: [x[6] for x in r] == ["missed"])
        screen.query_one("#cb-f-agent", Select).value = ""
        screen.query_one("#cb-f-status", Select).value = "done"
        await until_rows(pilot, "#cb-team", lambda r: r == [])
        # back to the agent view
        await pilot.press("l")
        await wait_until(pilot, lambda: screen.query_one("#cb-mine").display or screen.query_one("#cb-mine-empty").display)
        assert not screen.lead_mode


async def test_lead_marks_several_and_reassigns_them(queue):
    app = desk_app(queue, "lin")
    async with app.run_test(size=SIZE) as pilot:
        await open_team(pilot)
        await focus(pilot, "#cb-team", 0)
        await pilot.press("space", "space")  # marks li's two; the cursor moves down each time
        assert [r[0] for r in rows(app, "#cb-team")] == ["✓", "✓", " ", " "]
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, FormModal))
        app.screen.query_one("#f-to", Select).value = "wang"
        await pilot.press("ctrl+s")
        await until_rows(pilot, "#cb-team", lambda r: [x[2] for x in r] == ["wang", "wang", "wang", "pool"])
        assert {r.id for r in cb.list_callbacks(queue, "wang")} == {queue.ids["overdue"], queue.ids["soon"], queue.ids["wang"]}
        groups = {r[0]: r[1:] for r in rows(app, "#cb-groups")}
        assert groups["李娜 (li)"][0] == "0" and groups["王伟 (wang)"][:3] == ["3", "2", "1"]
        # one at the cursor, to the pool
        await focus(pilot, "#cb-team", 0)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, FormModal))
        assert app.screen.query_one("#f-to", Select).value == "pool"
        await pilot.press("ctrl+s")
        await until_rows(pilot, "#cb-team", lambda r: [x[2] for x in r].count("pool") == 2)


async def test_lead_generates_return_visits(queue, clock):
    old = create_customer(queue, "li", phones=["139 0013 8009"], name="老客户", status="contracted")
    clock.advance(days=31)
    app = desk_app(queue, "lin")
    async with app.run_test(size=SIZE) as pilot:
        await open_team(pilot)
        await pilot.press("g")
        await wait_until(pilot, lambda: any("1 return visit(s) created" in n.message for n in notifications(app)))
        await until_rows(pilot, "#cb-team", lambda r: any(x[5] == "老客户" and x[4] == "return visit" for x in r))
        assert [c.customer_id for c in cb.list_callbacks(queue, "lin", scope="pool") if c.kind == "return-visit"] == [old]


async def test_lead_view_refreshes_when_another_process_completes_a_callback(queue, store_path):
    app = desk_app(queue, "lin")
    async with app.run_test(size=SIZE) as pilot:
        await open_team(pilot)
        assert len(rows(app, "#cb-team")) == 4
        script = textwrap.dedent(f"""
            from store import open_store
            from store.callbacks import complete_callback, record_attempt
            store = open_store({str(store_path)!r})  # on AGENTDESK_NOW, the suite's fixed now
            record_attempt(store, "wang", {queue.ids['wang']}, "call-later")
            complete_callback(store, "wang", {queue.ids['wang']})
            store.close()
        """)
        written_after = app.polls
        subprocess.run([sys.executable, "-c", script], check=True, timeout=60)
        await wait_until(pilot, lambda: [r[2] for r in rows(app, "#cb-team")] == ["li", "li", "pool"])
        assert polls_to_see(app, written_after, "callbacks") <= 2
        groups = {r[0]: r[1:] for r in rows(app, "#cb-groups")}
        assert groups["王伟 (wang)"][0] == "0"
