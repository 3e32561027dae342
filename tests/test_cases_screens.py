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
