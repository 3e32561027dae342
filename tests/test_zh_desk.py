"""The desk in 简体中文, as `agentdesk --lang zh_CN` starts it: the language is chosen before the app is
built, after the screen modules were imported (in English, by the tests before), so the keys, the
footer, the F1 help and the forms must still come out in Chinese."""

from __future__ import annotations

import pytest
from desk_support import SIZE, desk_app, home_loaded, notifications, screen_text, settle, wait_until

from screens.call import CallScreen
from screens.help import HelpScreen
from store.agents import add_agent
from store.errors import PermissionDenied, ValidationError
from store.kpi import agent_kpis
from tui import i18n
from tui.i18n import _


@pytest.fixture
def zh():
    assert i18n.set_language("zh_CN") == "zh_CN"


async def test_home_screen_footer_and_status_line_are_chinese(team, zh, tmp_path):
    app = desk_app(team, config_path=tmp_path / "none.toml")
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        text = screen_text(app)
        for words in ("坐席", "离线", "示闲", "今日登记的通话", "今日到期的回电", "逾期的回电", "还没有登记通话",
                      "F1 帮助", "F2 新建通话", "F3 客户档案", "F4 回电", "F7 状态", "退出"):
            assert words in text, words
        assert "Help" not in text and "New call" not in text and "Callbacks" not in text


async def test_the_call_form_and_its_help_are_chinese(team, zh, tmp_path):
    app = desk_app(team, config_path=tmp_path / "none.toml")
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, CallScreen))
        await settle(pilot)
        text = screen_text(app)
        for words in ("新建通话", "号码", "类别", "c 咨询", "o 下单", "p 投诉", "a 售后", "结果", "r 已解决", "t 转技术",
                      "k 待回电", "备注", "通话中", "保存", "F8 保持", "F9 结束通话", "输入来电号码"):
            assert words in text, words
        await pilot.press("ctrl+s")  # nothing chosen: the form names the field, in Chinese, keys as they are
        assert str(app.screen.query_one("#form-error").render()).startswith("类别：未选择。")
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        help_text = screen_text(app)
        for words in ("按键", "本界面按键", "保存", "结束通话", "全局按键", "新建通话", "客户档案", "命令", "关闭帮助"):
            assert words in help_text, words
        assert "Save" not in help_text and "Everywhere" not in help_text


async def test_a_store_refusal_on_the_form_is_chinese(team, zh, tmp_path):
    app = desk_app(team, config_path=tmp_path / "none.toml")
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, CallScreen))
        await settle(pilot)
        await pilot.press("enter", "c", "r")  # Enter on the number moves to the category row
        app.screen.query_one("#amount-due").focus()
        await pilot.press(*"12.3.4", "ctrl+s")
        await wait_until(pilot, lambda: "amount_due：'12.3.4' 不是金额" in str(app.screen.query_one("#form-error").render()))


def test_store_errors_render_in_chinese(team, zh):
    with pytest.raises(PermissionDenied) as refused:
        agent_kpis(team, "li", "wang", "month")  # an agent looking at another agent's figures
    assert refused.value.render(_) == "坐席只能查看自己的工作记录。"
    with pytest.raises(ValidationError) as bad:
        add_agent(team, "root", "Bad Login!", "X", "agent", "north")
    assert bad.value.render(_) == "login：'Bad Login!' 不是有效的登录名；请用 1-32 个小写字母、数字、'.'、'_' 或 '-'。"


async def test_an_unknown_language_is_said_once_in_english_by_the_desk(team, tmp_path):
    i18n.set_language("xx")
    app = desk_app(team, config_path=tmp_path / "none.toml")
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        said = [n.message for n in notifications(app) if "translation" in n.message]
        assert said == ["agentdesk has no translation for 'xx' (from --lang); the interface is in English."]
        assert "F2 New call" in screen_text(app)
