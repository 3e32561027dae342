"""Pilot tests: the audit view of a customer (F9 on the card) and of an agent (v on F6), leads and admins only."""

from __future__ import annotations

from desk_support import SIZE, desk_app, notifications, open_team, screen_text, settle, wait_until
from textual.widgets import DataTable

from screens.audit import AuditScreen
from screens.customer_card import CustomerCardScreen
from screens.help import collect_keys
from store.agents import set_agent
from store.card_views import CardReason
from store.customers import create_customer, update_customer


def rows(app) -> list[list[str]]:
    table = app.screen.query_one("#audit", DataTable)
    return [[getattr(c, "plain", str(c)) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def open_card(pilot, cid: int, reason: CardReason | None = None) -> CustomerCardScreen:
    app = pilot.app
    await settle(pilot)
    app.push_screen(CustomerCardScreen(app.ctx, cid, reason=reason))
    await wait_until(pilot, lambda: isinstance(app.screen, CustomerCardScreen) and app.screen.card is not None)
    await settle(pilot)
    return app.screen


async def audit_shown(pilot) -> None:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, AuditScreen) and pilot.app.screen.query("#audit-state")
                     and pilot.app.screen.query_one("#audit-state").render().plain != "")
    await settle(pilot)


async def test_f9_on_the_card_shows_the_customer_s_audit_rows_to_a_lead(team):
    cid = create_customer(team, "li", name="[red]张伟[/red]", phones=["13800138000"])
    update_customer(team, "wang", cid, city="深圳")
    update_customer(team, "chen", cid, city="广州")  # another team's agent: not the lead's to see
    app = desk_app(team, "lin")
    async with app.run_test(size=SIZE) as pilot:
        await open_card(pilot, cid)
        await pilot.press("f9")
        await audit_shown(pilot)
        shown = rows(app)
        assert [(r[1], r[3], r[4]) for r in shown] == [
            ("lin", "card_views #1", "created"),  # the lead's own opening of the card: every view is audited
            ("wang", f"customers #{cid}", "changed"), ("li", "customer_phones #1", "created"),
            ("li", f"customers #{cid}", "created")]
        assert shown[1][0] == "2026-11-26 10:00" and shown[1][2] == "unbound"
        assert 'city: "" → 深圳' in shown[1][5]
        text = screen_text(app)
        assert "Audit log: customer #1 [red]张伟[/red]" in text  # user text is data, never markup
        assert "Proven by: unbound" in text
        assert [d for _k, d in collect_keys(app.screen)[0]] == []  # one page: neither older nor newer rows
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, CustomerCardScreen))


async def test_an_agent_has_no_audit_key_on_the_card(team):
    cid = create_customer(team, "li", name="张伟")
    app = desk_app(team, "li")
    async with app.run_test(size=SIZE) as pilot:
        card = await open_card(pilot, cid, CardReason.lookup("张伟"))
        assert "Audit log" not in [d for _k, d in collect_keys(card)[0]]
        await pilot.press("f9")
        await settle(pilot)
        assert app.screen is card


async def test_an_agent_who_reaches_the_view_reads_why_not(team):
    app = desk_app(team, "li")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.push_screen(AuditScreen(app.ctx, "Audit log: agent wang", agent="wang"))
        await audit_shown(pilot)
        assert "only leads and admins see the audit log; 'li' is an agent." in screen_text(app)
        assert rows(app) == [] and not notifications(app)


async def test_v_on_the_scorecard_shows_the_agent_s_rows_and_pages(team, tmp_path, monkeypatch):
    import screens.audit as audit_screen

    monkeypatch.setattr(audit_screen, "AUDIT_SCREEN_PAGE", 1)
    set_agent(team, "root", "wang", name="王伟伟")
    app = desk_app(team, "lin")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_team(pilot, tmp_path)
        table = screen.query_one("#scorecard", DataTable)
        table.move_cursor(row=[str(k.value) for k in table.rows].index("wang"))
        await pilot.press("v")
        await audit_shown(pilot)
        assert "Audit log: agent wang" in screen_text(app)
        assert [(r[1], r[4]) for r in rows(app)] == [("root", "changed")]
        assert "Page 1, newest first; n older, p newer." in screen_text(app)
        assert [d for _k, d in collect_keys(app.screen)[0]] == ["Older rows"]
        await pilot.press("n")
        await wait_until(pilot, lambda: rows(app) and rows(app)[0][4] == "created")
        assert "Page 2" in screen_text(app)
        assert [d for _k, d in collect_keys(app.screen)[0]] == ["Newer rows"]
        await pilot.press("p")
        await wait_until(pilot, lambda: rows(app) and rows(app)[0][4] == "changed")
