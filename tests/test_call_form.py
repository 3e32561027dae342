"""The call form (F2): every path an agent takes, driven with Pilot on a fixed clock."""

from __future__ import annotations

import json

import pytest
from desk_support import SIZE, desk_app, home_loaded, notifications, screen_text, settle, wait_until
from textual.widgets import DataTable, Input, OptionList, TextArea

from screens.call import CallScreen
from screens.call_correction import CallCorrectionScreen
from screens.call_new import NewCallScreen
from screens.widgets.confirm import ConfirmDiscard
from store import drafts
from store.call_records import CallEntry
from store.callbacks import insert_callback
from store.calls import log_call
from store.customers import create_customer
from store.settings import set_setting
from store.status import current_status, set_status


@pytest.fixture
def known(team):
    """张伟欣, a known caller with an open complaint, an open callback and some history."""
    cid = create_customer(team, "li", phones=["138 0013 8000", "021 6288 0000"], name="张伟欣",
                          company="[bold]Acme[/]", city="上海", status="contracted")
    log_call(team, "wang", CallEntry(customer_id=cid, category="complaint", outcome="escalated-manager", escalation_reason="late", started_at="2026-11-25T01:00:00Z", notes="parcel late"))
    with team.write("li", "agent") as tx:
        insert_callback(tx, due_at="2026-11-26T06:00:00Z", customer_id=cid, owner="li", reason="confirm refund")
    return cid


def calls(store) -> list[dict]:
    cur = store.conn.execute("SELECT * FROM calls ORDER BY id")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def form(app) -> CallScreen:
    assert isinstance(app.screen, CallScreen), type(app.screen)
    return app.screen


async def open_form(pilot) -> CallScreen:
    await home_loaded(pilot)
    await pilot.press("f2")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CallScreen))
    await settle(pilot)
    return form(pilot.app)


async def card_shows(pilot, text: str) -> None:
    await wait_until(pilot, lambda: text in str(pilot.app.screen.query_one("#card").render()))


async def saved(pilot, store, count: int) -> list[dict]:
    await wait_until(pilot, lambda: len(calls(store)) == count and not isinstance(pilot.app.screen, CallScreen))
    await settle(pilot)
    return calls(store)


# -- the fastest path: known caller, consultation, resolved, a one-line note ------------
async def test_fastest_path_known_caller(team, known, clock):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot)
        assert app.focused.id == "number"
        assert current_status(team, "li")["status"] == "on-call"
        await pilot.press(*"138-0013-8000")  # any format
        await card_shows(pilot, "张伟欣")
        card = str(screen.query_one("#card").render())
        assert "[bold]Acme[/]" in card and "上海" in card and "contracted" in card
        assert "138 0013 8000" in card and "021 6288 0000" in card and "+86" not in card  # read the Chinese way
        assert "Open callbacks (1)" in card and "confirm refund" in card
        assert "Open complaints (1)" in card
        assert "complaint ∙ escalated: manager (wang)" in card
        clock.advance(seconds=95)
        # the documented sequence: Enter, c, r, note, Ctrl+S (4 keys besides the note)
        await pilot.press("enter", "c", "r")
        assert app.focused.id == "notes"
        await pilot.press(*"asked about prices")
        await pilot.press("ctrl+s")
        rows = await saved(pilot, team, 2)
        call = rows[-1]
        assert (call["customer_id"], call["category"], call["outcome"], call["notes"]) == (known, "consultation", "resolved", "asked about prices")
        assert call["phone_e164"] == "+8613800138000" and call["agent_id"] == 3
        assert (call["started_at"], call["ended_at"]) == ("2026-11-26T02:00:00Z", "2026-11-26T02:01:35Z")
        assert (call["talk_s"], call["hold_s"], call["wrap_s"]) == (95, 0, 0)
        assert current_status(team, "li")["status"] == "ready"
        await wait_until(pilot, lambda: "◉ ready since 10:01" in screen_text(app).splitlines()[0])  # home's status line
        assert any("saved" in n.message for n in notifications(app))
        assert drafts.load_draft(team, "li") is None


async def test_alt_keys_pick_from_anywhere_and_plain_keys_type_text(team, known):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot)
        await pilot.press(*"13800138000")
        screen.query_one("#notes").focus()
        await pilot.press(*"crk")  # typed into the notes, not picking anything
        assert screen.query_one("#notes", TextArea).text == "crk"
        assert screen.query_one("#category").value == "" and screen.query_one("#outcome").value == ""
        screen.query_one("#number").focus()
        await pilot.press("end", "c")
        assert screen.query_one("#number", Input).value == "13800138000c"
        assert screen.query_one("#category").value == ""
        await pilot.press("backspace", "alt+o", "alt+r")
        assert screen.query_one("#category").value == "order"
        assert screen.query_one("#outcome").value == "resolved"
        # letters act on the focused choice row only
        screen.query_one("#category").focus()
        await pilot.press("s")
        assert screen.query_one("#category").value == "shipping"
        assert app.focused.id == "outcome"  # a pick moves on
        await pilot.press("right")  # arrows change without moving on
        assert screen.query_one("#outcome").value == "escalated-tech" and app.focused.id == "outcome"


# -- unknown caller, no number, suffix -------------------------------------------------------
async def test_unknown_number_saves_a_new_customer_with_the_call(team):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot)
        await pilot.press(*"+86 139 1234 5678")
        await card_shows(pilot, "No customer has 139 1234 5678")
        assert screen.query_one("#new-customer").display
        await pilot.press("tab")  # Enter would go to the category: the name is the next field
        assert app.focused.id == "nc-name"
        await pilot.press(*"周杰", "tab", *"Jay Ltd", "tab", *"杭州")
        await pilot.press("alt+o", "alt+r", "ctrl+s")
        rows = await saved(pilot, team, 1)
        customer = team.conn.execute("SELECT id, name, company, city FROM customers").fetchone()
        assert customer[1:] == ("周杰", "Jay Ltd", "杭州")
        assert rows[0]["customer_id"] == customer[0]
        assert team.conn.execute("SELECT e164 FROM customer_phones WHERE customer_id = ?", (customer[0],)).fetchone()[0] == "+8613912345678"
        # one transaction: the customer insert and the call insert share an audit timestamp and commit
        audit = team.conn.execute("SELECT table_name FROM audit_log WHERE table_name IN ('customers', 'calls') ORDER BY id").fetchall()
        assert [a[0] for a in audit] == ["customers", "calls"]


async def test_unknown_number_left_unknown(team):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        await pilot.press(*"13912345678")
        await card_shows(pilot, "No customer has")
        await pilot.press("alt+f", "alt+w", "ctrl+s")
        rows = await saved(pilot, team, 1)
        assert rows[0]["customer_id"] is None and rows[0]["phone_e164"] == "+8613912345678"
        assert rows[0]["category"] == "feedback" and rows[0]["outcome"] == "wrong-number"
        assert team.conn.execute("SELECT count(*) FROM customers").fetchone()[0] == 0


async def test_no_number_walk_in_picks_the_customer_by_name(team, known):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot)
        await pilot.press(*"张伟")
        await wait_until(pilot, lambda: screen.query_one("#candidates", OptionList).option_count == 1)
        await pilot.press("down")
        assert app.focused.id == "candidates"
        await pilot.press("enter")
        await card_shows(pilot, "张伟欣")
        assert screen.query_one("#number", Input).value == ""
        assert app.focused.id == "category"
        screen.query_one("#channel").focus()
        await pilot.press("w")  # walk-in
        await pilot.press("alt+a", "alt+r", "ctrl+s")
        rows = await saved(pilot, team, 2)
        assert rows[-1]["customer_id"] == known and rows[-1]["phone_e164"] is None
        assert rows[-1]["channel"] == "walk-in" and rows[-1]["category"] == "after-sales"


async def test_no_number_and_no_customer(team):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot)
        screen.query_one("#channel").focus()
        await pilot.press("c", "alt+f", "alt+r", "ctrl+s")
        rows = await saved(pilot, team, 1)
        assert rows[0]["customer_id"] is None and rows[0]["phone_e164"] is None and rows[0]["channel"] == "wechat"


async def test_suffix_offers_candidates(team, known):
    other = create_customer(team, "li", phones=["139 0000 8000"], name="王芳")
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot)
        await pilot.press(*"8000")
        await wait_until(pilot, lambda: screen.query_one("#candidates", OptionList).option_count == 2)
        listed = str(screen.query_one("#candidates").render_line(0)) + screen_text(app)
        assert "张伟欣" in listed and "王芳" in listed
        await pilot.press("down")
        cands = screen.query_one("#candidates", OptionList)
        cands.highlighted = [cands.get_option_at_index(i).id for i in range(2)].index(str(other))
        await pilot.press("enter")
        await card_shows(pilot, "王芳")
        assert screen.query_one("#number", Input).value == "+8613900008000"
        await pilot.press("alt+c", "alt+r", "ctrl+s")
        rows = await saved(pilot, team, 2)
        assert rows[-1]["customer_id"] == other


# -- timers -------------------------------------------------------------------------------
async def test_hold_end_and_wrap_come_from_stored_times(team, known, clock):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot)
        await pilot.press(*"13800138000")
        clock.advance(seconds=30)
        await pilot.press("f8")  # hold on
        clock.advance(seconds=20)
        screen._tick()
        assert "Talk 0:30" in str(screen.query_one("#call-timers").render())
        assert "Hold 0:20" in str(screen.query_one("#call-timers").render())
        await pilot.press("f8")  # hold off
        clock.advance(seconds=10)
        screen._tick()
        # many ticks change nothing: only the clock does
        for _ in range(5):
            screen._tick()
        assert "Talk 0:40" in str(screen.query_one("#call-timers").render())
        await pilot.press("f9")  # end call: talk stops, wrap starts
        await settle(pilot)
        assert current_status(team, "li")["status"] == "wrap-up"
        clock.advance(seconds=40)
        screen._tick()
        timers = str(screen.query_one("#call-timers").render())
        assert "Talk 0:40" in timers and "Wrap 0:40" in timers
        await pilot.press("alt+c", "alt+r", "ctrl+s")
        call = (await saved(pilot, team, 2))[-1]
        assert (call["talk_s"], call["hold_s"], call["wrap_s"]) == (40, 20, 40)
        assert (call["started_at"], call["ended_at"]) == ("2026-11-26T02:00:00Z", "2026-11-26T02:01:00Z")
        assert current_status(team, "li")["status"] == "ready"
        statuses = [r[0] for r in team.conn.execute("SELECT status FROM agent_status_log ORDER BY id")]
        assert statuses == ["on-call", "wrap-up", "ready"]


async def test_status_the_agent_chose_is_kept(team, clock):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        set_status(team, "li", "break", "meeting")  # the agent chose otherwise during the call
        await pilot.press("f9")
        await settle(pilot)
        assert current_status(team, "li")["status"] == "break"
        await pilot.press("alt+c", "alt+r", "ctrl+s")
        await saved(pilot, team, 1)
        assert current_status(team, "li") ["reason"] == "meeting"


async def test_wrap_limit_nudges_and_break_limit_too(team, clock):
    set_setting(team, "root", "wrap_limit_s", 30)
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot)
        await settle(pilot)
        await pilot.press("f9")
        clock.advance(seconds=30)
        screen._tick()
        assert not screen.query_one("#call-timers").has_class("-over")
        clock.advance(seconds=1)
        screen._tick()
        screen._tick()
        assert screen.query_one("#call-timers").has_class("-over")
        await pilot.pause()
        nudges = [n for n in notifications(app) if "Wrap-up is past the 0:30 limit" in n.message]
        assert len(nudges) == 1  # once, not every second
        from store.status_time import status_overruns

        await settle(pilot)
        over = status_overruns(team, "lin")
        assert [(o["login"], o["status"], o["seconds"], o["limit_s"]) for o in over] == [("li", "wrap-up", 31, 30)]
        assert status_overruns(team, "zhao") == []  # another team's lead
        # break: the runtime nudges once past break_limit_s (900 s)
        set_status(team, "li", "break", "lunch")
        status = current_status(team, "li")
        clock.advance(seconds=900)
        assert not app.desk_runtime.check_break(current_status(team, "li"))
        clock.advance(seconds=1)
        assert app.desk_runtime.check_break(status)
        assert not app.desk_runtime.check_break(status)
        await pilot.pause()
        assert any("break is past the 15:00 limit" in n.message for n in notifications(app))


# -- inline callback ---------------------------------------------------------------------------
async def test_inline_callback_saved_with_the_call(team, known):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot)
        await pilot.press(*"13800138000", "enter", "o", "k")
        assert app.focused.id == "due" and screen.query_one("#callback-box").display
        await pilot.press(*"+2h", "tab", "a")  # owner: anyone (the pool)
        screen.query_one("#notes").focus()
        await pilot.press(*"send the invoice")
        await pilot.press("ctrl+s")
        call = (await saved(pilot, team, 2))[-1]
        cb = team.conn.execute(
            "SELECT due_at, owner_id, source_call_id, customer_id, reason FROM callbacks WHERE source_call_id = ?", (call["id"],)
        ).fetchone()
        assert cb == ("2026-11-26T04:00:00Z", None, call["id"], known, "send the invoice")


async def test_callback_in_the_past_is_refused_and_nothing_saved(team, known):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot)
        await pilot.press(*"13800138000", "enter", "o", "k")
        await pilot.press("ctrl+s")
        assert "Call back at: empty" in str(screen.query_one("#form-error").render())
        await pilot.press(*"2026-11-01 10:00", "ctrl+s")
        await wait_until(pilot, lambda: "in the past" in str(screen.query_one("#form-error").render()))
        assert app.focused.id == "due"
        assert len(calls(team)) == 1 and team.conn.execute("SELECT count(*) FROM callbacks").fetchone()[0] == 1
        await pilot.press(*"x" * 0, "ctrl+a", "ctrl+k", *"mon 9", "tab", "m", "ctrl+s")
        call = (await saved(pilot, team, 2))[-1]
        due, owner = team.conn.execute("SELECT due_at, owner_id FROM callbacks WHERE source_call_id = ?", (call["id"],)).fetchone()
        assert (due, owner) == ("2026-11-30T01:00:00Z", 3)  # Monday 09:00 Shanghai; owner me


# -- validation ----------------------------------------------------------------------------
async def test_validation_names_the_field_and_saves_nothing(team):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot)

        def error() -> str:
            return str(screen.query_one("#form-error").render())

        await pilot.press("ctrl+s")
        assert error().startswith("Category: not chosen") and app.focused.id == "category"
        await pilot.press("c", "ctrl+s")
        assert error().startswith("Outcome: not chosen") and app.focused.id == "outcome"
        await pilot.press("m", "ctrl+s")  # escalated: manager needs a reason
        assert error().startswith("Escalation reason: empty") and app.focused.id == "esc-reason"
        await pilot.press(*"refund over limit")
        screen.query_one("#amount-due").focus()
        await pilot.press(*"12.3.4", "ctrl+s")
        await wait_until(pilot, lambda: "amount_due: '12.3.4' is not an amount" in error())
        assert app.focused.id == "amount-due"
        await pilot.press("ctrl+a", "ctrl+k", *"1,280.50")
        screen.query_one("#number").focus()
        await pilot.press(*"12345", "ctrl+s")
        await wait_until(pilot, lambda: "number: '12345' is not a valid phone number" in error())
        assert app.focused.id == "number"
        assert calls(team) == []
        await pilot.press("ctrl+a", "ctrl+k", "ctrl+s")
        call = (await saved(pilot, team, 1))[0]
        assert (call["outcome"], call["escalation_target"], call["escalation_reason"], call["amount_due_cents"]) == (
            "escalated-manager", "manager", "refund over limit", 128050)


# -- Escape --------------------------------------------------------------------------------
async def test_escape_on_a_dirty_form_asks_first(team):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        await pilot.press(*"1380013")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDiscard))
        assert "Discard this call?" in screen_text(app)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, CallScreen))
        assert app.screen.query_one("#number", Input).value == "1380013"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDiscard))
        await pilot.press("y")
        await wait_until(pilot, lambda: not isinstance(app.screen, (CallScreen, ConfirmDiscard)))
        await settle(pilot)
        assert calls(team) == [] and drafts.load_draft(team, "li") is None
        assert current_status(team, "li")["status"] == "ready"


async def test_escape_on_a_clean_form_just_goes_back(team):
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, CallScreen))
        assert not isinstance(app.screen, ConfirmDiscard)


# -- drafts ----------------------------------------------------------------------------------
async def test_draft_is_saved_after_a_pause_and_restored_with_its_timers(team, known, clock, monkeypatch):
    monkeypatch.setattr(NewCallScreen, "DRAFT_DEBOUNCE_S", 0.1)
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        await pilot.press(*"13800138000", "enter", "p")
        clock.advance(seconds=20)
        await pilot.press("f8")
        clock.advance(seconds=5)
        app.screen.query_one("#notes").focus()
        await pilot.press(*"line one", "enter", *"[red]line two")
        await wait_until(pilot, lambda: (drafts.load_draft(team, "li") or {}).get("notes") == "line one\n[red]line two")
    draft = drafts.load_draft(team, "li")
    assert draft["number"] == "13800138000" and draft["category"] == "complaint"
    assert draft["times"] == {"started_at": "2026-11-26T02:00:00Z", "ended_at": None,
                              "hold_since": "2026-11-26T02:00:20Z", "held_s": 0}
    # the desk is gone; the next start reopens the form as it was, its timers from the stored times
    clock.advance(seconds=100)
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, CallScreen))
        await settle(pilot)
        screen = app.screen
        assert screen.query_one("#number", Input).value == "13800138000"
        assert screen.query_one("#category").value == "complaint"
        assert screen.query_one("#notes", TextArea).text == "line one\n[red]line two"
        await card_shows(pilot, "张伟欣")
        screen._tick()
        timers = str(screen.query_one("#call-timers").render())
        assert "Talk 0:20" in timers and "Hold 1:45" in timers and "ON HOLD" in timers
        assert "restored; it started at 10:00" in screen_text(app)  # 02:00 UTC, in the centre's time
        await pilot.press("f8", "alt+r")
        screen.query_one("#notes").focus()
        await pilot.press("ctrl+s")
        call = (await saved(pilot, team, 2))[-1]
        assert (call["talk_s"], call["hold_s"], call["notes"]) == (20, 105, "line one\n[red]line two")
        assert drafts.load_draft(team, "li") is None


# -- today's calls and correction -------------------------------------------------------------
async def test_todays_calls_listed_newest_first_and_corrected_with_audit(team, known):
    first = log_call(team, "li", CallEntry(customer_id=known, category="order", outcome="resolved", started_at="2026-11-26T01:00:00Z", notes="[bold]x[/] \x1b[31mred"))
    second = log_call(team, "li", CallEntry(number="139 1234 5678", category="billing", outcome="no-answer", started_at="2026-11-26T01:30:00Z"))
    log_call(team, "li", CallEntry(number="139 1234 5679", category="billing", outcome="resolved", started_at="2026-11-25T01:30:00Z"))  # yesterday
    log_call(team, "wang", CallEntry(number="139 1234 5670", category="billing", outcome="resolved", started_at="2026-11-26T01:40:00Z"))  # someone else's
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot)
        table = screen.query_one("#today-calls", DataTable)
        await wait_until(pilot, lambda: table.row_count == 2)
        assert [table.coordinate_to_cell_key((i, 0)).row_key.value for i in range(2)] == [str(second), str(first)]
        assert "[bold]x[/] [31mred" in screen_text(app)  # shown literally; the store dropped the escape character
        table.focus()
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CallCorrectionScreen))
        fix = app.screen
        await settle(pilot)
        assert f"Correcting call #{first}" in screen_text(app)
        assert fix.query_one("#category").value == "order"
        assert fix.query_one("#notes", TextArea).text == "[bold]x[/] [31mred"
        fix.query_one("#outcome").focus()
        await pilot.press("x")  # transferred
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)
        await settle(pilot)
        row = team.conn.execute("SELECT outcome, updated_by FROM calls WHERE id = ?", (first,)).fetchone()
        assert row == ("transferred", "li")
        audit = team.conn.execute(
            "SELECT actor, before, after FROM audit_log WHERE table_name = 'calls' AND row_id = ? AND action = 'update'", (first,)
        ).fetchall()
        assert [(a, json.loads(b), json.loads(c)) for a, b, c in audit] == [
            ("li", {"outcome": "resolved"}, {"outcome": "transferred"})]
        await wait_until(pilot, lambda: "transferred" in screen_text(app))
        # the form under it is still the call in progress, its timers untouched
        assert isinstance(screen, NewCallScreen) and not screen.finished


async def test_a_key_that_means_nothing_on_a_row_says_so(team):
    from screens.help import HelpScreen

    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot)
        await pilot.press(*"13800138000", "enter")
        assert app.focused.id == "category"
        await pilot.press("z")
        hint = str(screen.query_one("#choice-hint").render())
        assert hint == "'z' picks nothing on Category: use c o p a s b f v or 1-8."
        assert app.focused.id == "category" and screen.query_one("#category").value == ""
        await pilot.press("o", "9")  # order; then a digit past the eighth outcome
        assert app.focused.id == "outcome"
        assert str(screen.query_one("#choice-hint").render()) == (
            "'9' picks nothing on Outcome: use r t l m k x n w or 1-8.")
        await pilot.press("question_mark")  # a key of the screen is no "nothing": help opens
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))


async def test_todays_calls_are_reachable_by_a_key(team, known):
    log_call(team, "li", CallEntry(customer_id=known, category="order", outcome="resolved", notes="earlier today",
                                   started_at="2026-11-26T01:00:00Z"))
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot)
        await wait_until(pilot, lambda: screen.query_one("#today-calls", DataTable).row_count == 1)
        await pilot.press("ctrl+g")
        table = screen.query_one("#today-calls", DataTable)
        assert app.focused is table and table.cursor_row == 0
        assert "Ctrl+G goes here and back" in screen_text(app)
        await pilot.press("ctrl+g")  # and back to the number
        assert app.focused.id == "number"
        await pilot.press("ctrl+g", "enter")  # Enter reopens it to correct it
        await wait_until(pilot, lambda: isinstance(app.screen, CallCorrectionScreen))
