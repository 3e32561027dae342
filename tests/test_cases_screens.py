"""F12, the case list, and a case's detail, driven by keys: mine and my team's, overdue first, the filters,
the pages, the detail's timeline and every key of it, the role rules as the screens say them, in English
and in Chinese, keys typed ahead as a fast agent types them."""

from __future__ import annotations

import pytest
from desk_support import SIZE, desk_app, home_loaded, keys_landed, notifications, screen_text, settle, wait_until
from textual.widgets import DataTable, Input, Select

from screens.case_detail import CaseDetailScreen
from screens.cases import CaseListScreen
from screens.widgets.confirm import ConfirmDiscard
from screens.widgets.form_modal import FormModal
from store import cases
from store.customers import create_customer
from tui import i18n


@pytest.fixture
def desk(team, clock):
    """li: an after-sales case (due in 72 h) and a complaint (48 h, summary "refund late"); wang: a request;
    chen (south): a complaint. Then 50 hours pass: li's complaint and chen's are overdue."""
    wu = create_customer(team, "li", phones=["139 0013 8001"], name="吴敏")
    team.wu = wu
    team.ids = {
        "li-after": cases.open_case(team, "li", customer_id=wu, case_type="after-sales", summary="screen broken"),
        "li-complaint": cases.open_case(team, "li", customer_id=wu, case_type="complaint", summary="refund late"),
        "wang-request": cases.open_case(team, "wang", customer_id=wu, case_type="request", summary="invoice copy"),
        "chen-complaint": cases.open_case(team, "chen", customer_id=wu, case_type="complaint", summary="south's"),
    }
    clock.advance(hours=50)
    return team


def list_ids(app) -> list[int]:
    table = app.screen.query_one("#cases-table", DataTable)
    return [int(k.value) for k in table.rows]


async def open_list(pilot) -> CaseListScreen:
    await home_loaded(pilot)
    await pilot.press("f12")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CaseListScreen) and pilot.app.screen.loads > 0)
    await settle(pilot)
    return pilot.app.screen


async def loaded_again(pilot, screen, before: int) -> None:
    await wait_until(pilot, lambda: screen.loads > before)
    await settle(pilot)


async def test_f12_lists_my_cases_overdue_first(desk, tmp_path):
    app = desk_app(desk, config_path=tmp_path / "none.toml")
    async with app.run_test(size=SIZE) as pilot:
        await open_list(pilot)
        assert list_ids(app) == [desk.ids["li-complaint"], desk.ids["li-after"]]
        text = screen_text(app)
        assert "My cases" in text and "refund late" in text and "!!" in text
        assert "invoice copy" not in text  # wang's
        footer = text.splitlines()[-1]
        assert "s Status" in footer and "t Type" in footer
        assert "Team's cases" not in text  # an agent has no team view


async def test_the_case_key_is_in_help_and_the_palette_and_rebindable(desk, tmp_path):
    from screens.help import collect_keys

    config = tmp_path / "config.toml"
    config.write_text('[keymap]\ncases = "f11"\n', encoding="utf-8")
    app = desk_app(desk, config_path=config)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        _here, everywhere = collect_keys(app.screen)
        assert ("F11", "Cases") in everywhere
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Cases" in titles
        await pilot.press("f11")
        await wait_until(pilot, lambda: isinstance(app.screen, CaseListScreen) and app.screen.loads > 0)


async def test_a_lead_switches_to_the_team_s_cases_and_the_filters_cycle(desk, tmp_path):
    app = desk_app(desk, "lin", config_path=tmp_path / "none.toml")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot)
        assert list_ids(app) == []
        assert "No cases here." in screen_text(app)
        before = screen.loads
        await keys_landed(pilot, "l")  # typed ahead, as a fast lead does
        await loaded_again(pilot, screen, before)
        ids = desk.ids
        assert list_ids(app) == [ids["li-complaint"], ids["li-after"], ids["wang-request"]]  # not south's
        assert "My team's cases" in screen_text(app)
        before = screen.loads
        await keys_landed(pilot, "t")  # type: complaint
        await loaded_again(pilot, screen, before)
        assert list_ids(app) == [ids["li-complaint"]]
        assert "Type: complaint" in screen_text(app)
        before = screen.loads
        await keys_landed(pilot, "t", "t")  # after-sales, then request
        await wait_until(pilot, lambda: list_ids(app) == [ids["wang-request"]])
        before = screen.loads
        await keys_landed(pilot, "x", "s")  # cleared; status: open
        await wait_until(pilot, lambda: "Status: being handled" in screen_text(app) and len(list_ids(app)) == 3)
        await keys_landed(pilot, "s", "s", "s", "s", "s")  # waiting dept., waiting customer, resolved, closed, every
        await wait_until(pilot, lambda: "Status: every status" in screen_text(app) and len(list_ids(app)) == 3)
        await keys_landed(pilot, "d")
        await wait_until(pilot, lambda: "Department: customer service" in screen_text(app))
        await keys_landed(pilot, "v", "v")
        await wait_until(pilot, lambda: "Severity: major" in screen_text(app) and list_ids(app) == [])


async def test_an_agent_has_no_team_view(desk, tmp_path):
    app = desk_app(desk, config_path=tmp_path / "none.toml")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert screen.scope == "mine" and list_ids(app) == [desk.ids["li-complaint"], desk.ids["li-after"]]


async def test_the_list_pages_in_sql_and_refreshes_when_a_case_changes(desk, tmp_path):
    for n in range(50):
        cases.open_case(desk, "li", customer_id=desk.wu, case_type="request", summary=f"request {n}")
    app = desk_app(desk, config_path=tmp_path / "none.toml")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot)
        assert len(list_ids(app)) == 50 and screen.page.next_offset == 50
        assert "page 1" in screen_text(app)
        before = screen.loads
        await pilot.press("n")
        await loaded_again(pilot, screen, before)
        assert len(list_ids(app)) == 2 and "page 2" in screen_text(app)
        before = screen.loads
        new = cases.open_case(desk, "li", customer_id=desk.wu, case_type="request", summary="heard live")
        await loaded_again(pilot, screen, before)  # the topic `cases` was heard
        assert new in list_ids(app)
        await pilot.press("p")
        await wait_until(pilot, lambda: len(list_ids(app)) == 50 and "page 1" in screen_text(app))


async def open_detail(pilot, case_id: int) -> CaseDetailScreen:
    screen = await open_list(pilot)
    table = screen.query_one("#cases-table", DataTable)
    table.move_cursor(row=table.get_row_index(str(case_id)))
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CaseDetailScreen) and pilot.app.screen.loads > 0)
    await settle(pilot)
    return pilot.app.screen


async def form_done(pilot, screen, before: int) -> None:
    await wait_until(pilot, lambda: not isinstance(pilot.app.screen, FormModal) and screen.loads > before)
    await settle(pilot)


def kinds(store, case_id) -> list[str]:
    return [e.kind for e in cases.get_case(store, "root", case_id).timeline]


async def test_the_detail_shows_the_case_and_its_keys_work_it(desk, tmp_path):
    case_id = desk.ids["li-complaint"]
    app = desk_app(desk, config_path=tmp_path / "none.toml")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(pilot, case_id)
        text = screen_text(app)
        assert f"Case #{case_id}" in text and "complaint" in text and "(overdue)" in text
        assert "Customer: 吴敏" in text and "Owner: 李娜" in text and "refund late" in text
        assert "Opened 11-26 10:00 by li" in text  # the centre's local time (Shanghai), the desk's format
        assert "Timeline (1 entries" in text and "opened" in text
        # n: a note, typed ahead as a fast agent types it (every key lands in the form, none on the screen)
        before = screen.loads
        await keys_landed(pilot, "n", *"called tech", "enter")
        await form_done(pilot, screen, before)
        assert kinds(desk, case_id)[-1] == "note" and "called tech" in screen_text(app)
        assert any("Note added to case" in n.message for n in notifications(app))
        # r: the department's reply
        before = screen.loads
        await pilot.press("r")
        assert isinstance(app.screen, FormModal)
        app.screen.query_one("#f-department", Select).value = "tech"
        app.screen.query_one("#f-text", Input).focus()
        await pilot.press(*"part ordered", "enter")
        await form_done(pilot, screen, before)
        assert kinds(desk, case_id)[-1] == "reply" and "department reply" in screen_text(app)
        # s: the status
        before = screen.loads
        await pilot.press("s")
        app.screen.query_one("#f-status", Select).value = "waiting-customer"
        await pilot.press("ctrl+s")
        await form_done(pilot, screen, before)
        assert cases.get_case(desk, "li", case_id).status == "waiting-customer"
        assert "being handled -> waiting for customer" in screen_text(app)
        # t: the customer told
        before = screen.loads
        await pilot.press("t", *"part comes friday", "enter")
        await form_done(pilot, screen, before)
        assert cases.get_case(desk, "li", case_id).last_told_at is not None
        # b: a callback to update the customer (the callback form's when and why)
        before = screen.loads
        await pilot.press("b")
        assert app.screen.query_one("#f-due", Input).value == "+1h"
        await pilot.press("enter")
        await form_done(pilot, screen, before)
        assert kinds(desk, case_id)[-1] == "callback" and "update callback" in screen_text(app)


async def test_closing_asks_and_a_refusal_is_the_store_s_sentence(desk, tmp_path):
    case_id = desk.ids["li-complaint"]
    app = desk_app(desk, config_path=tmp_path / "none.toml")
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, case_id)
        await pilot.press("c")
        intro = str(app.screen.query_one("#form-intro").render())
        assert "closing is final" in intro and "Enter closes it, Escape backs out" in intro
        await pilot.press(*"refund made", "enter")
        await wait_until(pilot, lambda: "resolution" in str(app.screen.query_one("#form-error").render()).lower()
                         or "resolved" in str(app.screen.query_one("#form-error").render()))
        assert isinstance(app.screen, FormModal)  # still open, what was typed kept
        assert cases.get_case(desk, "li", case_id).status != "closed"
        await pilot.press("escape")  # typed text: asks before dropping it
        assert isinstance(app.screen, ConfirmDiscard)
        await pilot.press("n")
        assert isinstance(app.screen, FormModal) and app.screen.query_one("#f-resolution", Input).value == "refund made"
        await pilot.press("escape", "y")
        assert isinstance(app.screen, CaseDetailScreen)
        await pilot.press("n", "escape")  # nothing typed: goes at once
        assert isinstance(app.screen, CaseDetailScreen)


async def test_an_agent_cannot_reassign_the_key_says_why(desk, tmp_path):
    app = desk_app(desk, config_path=tmp_path / "none.toml")
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, desk.ids["li-complaint"])
        assert "a Reassign" in screen_text(app).splitlines()[-1]
        await pilot.press("a")
        assert isinstance(app.screen, CaseDetailScreen)  # no form to type into for nothing
        assert any("Reassigning a case is for leads and admins" in n.message for n in notifications(app))


async def test_a_lead_reassigns_and_the_store_s_refusal_is_shown(desk, tmp_path):
    case_id = desk.ids["li-complaint"]
    app = desk_app(desk, "lin", config_path=tmp_path / "none.toml")
    async with app.run_test(size=SIZE) as pilot:
        await open_list(pilot)
        await pilot.press("l")
        await wait_until(pilot, lambda: case_id in list_ids(app))
        table = app.screen.query_one("#cases-table", DataTable)
        table.move_cursor(row=table.get_row_index(str(case_id)))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CaseDetailScreen) and app.screen.loads > 0)
        screen = app.screen
        await pilot.press("a", *"chen", "enter")  # another team's agent
        await wait_until(pilot, lambda: "not in your team" in str(app.screen.query_one("#form-error").render()))
        before = screen.loads
        await pilot.press(*["backspace"] * 4, *"wang", "enter")
        await form_done(pilot, screen, before)
        assert cases.get_case(desk, "lin", case_id).owner == "wang"
        assert "Owner: 王伟" in screen_text(app)


async def test_a_closed_case_reopens_with_a_reason(desk, tmp_path, clock):
    from store.call_records import CallEntry
    from store.calls import log_call

    case_id = desk.ids["li-after"]
    cases.change_status(desk, "li", case_id, "resolved", resolution="screen replaced")
    clock.advance(minutes=1)
    log_call(desk, "li", CallEntry(category="after-sales", outcome="resolved", customer_id=desk.wu, direction="out",
                                   case_id=case_id))
    cases.close_case(desk, "li", case_id)
    app = desk_app(desk, config_path=tmp_path / "none.toml")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot)
        before = screen.loads
        await pilot.press("s", "s", "s", "s", "s")  # status: closed
        await wait_until(pilot, lambda: list_ids(app) == [case_id])
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CaseDetailScreen) and app.screen.loads > 0)
        screen = app.screen
        footer = screen_text(app).splitlines()[-1]
        assert "u Reopen" in footer and "c Close" not in footer
        before = screen.loads
        await pilot.press("u", *"screen broke again", "enter")
        await form_done(pilot, screen, before)
        assert cases.get_case(desk, "li", case_id).status == "open"
        assert kinds(desk, case_id)[-1] == "reopened"


async def test_the_list_and_the_detail_in_chinese(desk, tmp_path):
    assert i18n.set_language("zh_CN") == "zh_CN"
    app = desk_app(desk, config_path=tmp_path / "none.toml")
    async with app.run_test(size=SIZE) as pilot:
        await open_list(pilot)
        text = screen_text(app)
        for words in ("我的工单", "受理中", "投诉", "客户服务部", "未关闭工单 2 张，1 张超时"):
            assert words in text, words
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CaseDetailScreen) and app.screen.loads > 0)
        screen = app.screen
        assert "工单 #" in screen_text(app) and "普通" in screen_text(app) and "处理记录" in screen_text(app)
        before = screen.loads
        await keys_landed(pilot, "n", *"已联系技术部", "enter")
        await form_done(pilot, screen, before)
        assert "已联系技术部" in screen_text(app)
        await pilot.press("a")
        assert any("班长" in n.message for n in notifications(app))


# -- the status line and the reminder --------------------------------------------------------
async def test_the_status_line_counts_my_open_and_overdue_cases(desk, tmp_path):
    app = desk_app(desk, config_path=tmp_path / "none.toml")
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await wait_until(pilot, lambda: "2 open cases, 1 late" in screen_text(app).splitlines()[0])
        cases.open_case(desk, "li", customer_id=desk.wu, case_type="request")
        await wait_until(pilot, lambda: "3 open cases, 1 late" in screen_text(app).splitlines()[0])
    app = desk_app(desk, config_path=tmp_path / "none.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await home_loaded(pilot)
        await wait_until(pilot, lambda: "cases 3 !!1" in screen_text(app).splitlines()[0])


async def test_a_quiet_case_reminds_its_owner_once(desk, tmp_path):
    """Both of li's cases were not updated for 50 hours (reminders after 24): one toast, said once, marked."""
    app = desk_app(desk, config_path=tmp_path / "none.toml")
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        said = lambda: [n for n in notifications(app) if n.title == "Case reminder"]  # noqa: E731
        await wait_until(pilot, lambda: len(said()) == 1)
        assert "#1, #2" in said()[0].message
        await wait_until(pilot, lambda: cases.case_counts(desk, "li").to_remind == ())
        await pilot.press("f12")
        await wait_until(pilot, lambda: isinstance(app.screen, CaseListScreen) and app.screen.loads > 0)
        await pilot.press("f4")
        await settle(pilot)
        assert len(said()) == 1
    app = desk_app(desk, config_path=tmp_path / "none.toml")  # the next start of the desk: not said again
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await wait_until(pilot, lambda: "2 open cases" in screen_text(app).splitlines()[0])
        await settle(pilot)
        assert not [n for n in notifications(app) if n.title == "Case reminder"]
