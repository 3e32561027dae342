"""A customer's open cases where the agent meets the customer: the card lists them (Enter opens one, Ctrl+N
opens a case by hand), the call form's pop lists them and offers to link the call to one (the agent
confirms; the save passes the case id: a chase, no second case), or Ctrl+N opens a case from the call."""

from __future__ import annotations

import pytest
from desk_support import SIZE, desk_app, home_loaded, settle, wait_until
from textual.widgets import DataTable

from screens.call import CallScreen
from screens.case_detail import CaseDetailScreen
from screens.customer_card import CustomerCardScreen
from screens.widgets.confirm import Choose
from screens.widgets.form_modal import FormModal
from store import cases
from store.card_views import CardReason
from store.customers import create_customer

NUMBER = "139 0013 8001"


@pytest.fixture
def desk(team):
    team.wu = create_customer(team, "li", phones=[NUMBER], name="吴敏")
    team.case = cases.open_case(team, "li", customer_id=team.wu, case_type="complaint", summary="refund late")
    return team


def calls(store) -> list[dict]:
    cur = store.conn.execute("SELECT id FROM calls ORDER BY id")
    return [{"id": r[0]} for r in cur.fetchall()]


async def open_card(pilot, cid: int) -> CustomerCardScreen:
    app = pilot.app
    await home_loaded(pilot)
    app.push_screen(CustomerCardScreen(app.ctx, cid, reason=CardReason.lookup("吴敏")))
    await wait_until(pilot, lambda: isinstance(app.screen, CustomerCardScreen) and app.screen.card is not None)
    await wait_until(pilot, lambda: app.screen.query_one("#card-cases", DataTable).row_count > 0)
    await settle(pilot)
    return app.screen


async def test_the_card_lists_open_cases_and_enter_opens_one(desk, tmp_path):
    app = desk_app(desk, config_path=tmp_path / "none.toml")
    async with app.run_test(size=SIZE) as pilot:
        card = await open_card(pilot, desk.wu)
        table = card.query_one("#card-cases", DataTable)
        assert [str(c) for c in table.get_row_at(0)][:1] == [f"#{desk.case}"]
        assert "refund late" in [str(c) for c in table.get_row_at(0)]
        table.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CaseDetailScreen) and app.screen.loads > 0)
        assert app.screen.case_id == desk.case


async def test_ctrl_n_on_the_card_opens_a_case_by_hand(desk, tmp_path):
    app = desk_app(desk, config_path=tmp_path / "none.toml")
    async with app.run_test(size=SIZE) as pilot:
        await open_card(pilot, desk.wu)
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, FormModal)
        app.screen.query_one("#f-summary").focus()
        await pilot.press(*"wants a visit", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CaseDetailScreen) and app.screen.loads > 0)
        case = cases.get_case(desk, "li", app.screen.case_id)
        assert (case.customer_id, case.type, case.summary, case.opened_by) == (desk.wu, "complaint", "wants a visit", "li")


async def open_call_for_wu(pilot) -> CallScreen:
    app = pilot.app
    await home_loaded(pilot)
    await pilot.press("f2")
    await wait_until(pilot, lambda: isinstance(app.screen, CallScreen))
    await pilot.press(*NUMBER)
    await wait_until(pilot, lambda: "Open cases (1)" in str(app.screen.query_one("#card").render()))
    return app.screen


async def test_a_repeat_call_is_offered_the_open_case_and_the_save_links_it_as_a_chase(desk, tmp_path):
    app = desk_app(desk, config_path=tmp_path / "none.toml")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_call_for_wu(pilot)
        pop = str(screen.query_one("#card").render())
        assert f"#{desk.case} complaint, being handled" in pop and "Ctrl+L links this call" in pop
        await pilot.press("ctrl+l")
        assert isinstance(app.screen, Choose)  # the agent confirms
        await pilot.press("enter")
        assert screen.case_id == desk.case
        assert f"linked to case #{desk.case}" in str(screen.query_one("#card").render())
        await pilot.press("enter", "p", "t", *"no refund yet", "ctrl+s")  # complaint, escalated to tech: would open a case
        await wait_until(pilot, lambda: len(calls(desk)) == 1 and not isinstance(app.screen, CallScreen))
    case = cases.get_case(desk, "li", desk.case)
    assert case.chases == 1 and case.timeline[-1].kind == "chase"
    assert case.timeline[-1].call_id == calls(desk)[0]["id"]
    assert len(cases.customer_open_cases(desk, "li", desk.wu)) == 1  # no second case


async def test_without_the_link_the_save_opens_a_second_case(desk, tmp_path):
    """The control of the test above: the same call not linked opens its own case."""
    app = desk_app(desk, config_path=tmp_path / "none.toml")
    async with app.run_test(size=SIZE) as pilot:
        await open_call_for_wu(pilot)
        await pilot.press("enter", "p", "t", *"no refund yet", "ctrl+s")
        await wait_until(pilot, lambda: len(calls(desk)) == 1 and not isinstance(app.screen, CallScreen))
    assert len(cases.customer_open_cases(desk, "li", desk.wu)) == 2


async def test_ctrl_n_on_the_call_form_opens_a_case_from_the_saved_call(desk, tmp_path):
    app = desk_app(desk, config_path=tmp_path / "none.toml")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_call_for_wu(pilot)
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, FormModal)
        app.screen.query_one("#f-summary").focus()
        await pilot.press(*"asks for a quote", "enter")
        await wait_until(pilot, lambda: app.screen is screen)
        assert "A new case opens from this call" in str(screen.query_one("#card").render())
        await pilot.press("enter", "c", "r", "ctrl+s")  # consultation, resolved: no case of its own
        await wait_until(pilot, lambda: len(calls(desk)) == 1 and not isinstance(app.screen, CallScreen))
        await settle(pilot)
    opened = [c for c in cases.customer_open_cases(desk, "li", desk.wu) if c.id != desk.case]
    assert [(c.origin_call_id, c.summary) for c in opened] == [(calls(desk)[0]["id"], "asks for a quote")]
