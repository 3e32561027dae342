"""The one display sanitiser (tui/safe_text.py) and the one input rule (store/text_chars.py): emoji
joined by ZWJ and variation selectors survive a store write and the screen; bidirectional overrides
never reach either; control characters show as their pictures; user text is never markup."""

from __future__ import annotations

import sqlite3

import pytest
from desk_support import SIZE, desk_app, notifications, open_lookup, screen_text, wait_until
from rich.text import Text
from textual.app import App
from textual.widgets import Input, Label, TextArea

from screens.customer_card import CustomerCardScreen
from screens.widgets.desk_table import DeskTable
from store.card_views import CardReason
from store.customers import create_customer, get_customer, lookup_customers, update_customer
from tui.format import clean, user_text

FAMILY = "\U0001F468\u200d\U0001F469\u200d\U0001F467"  # 👨‍👩‍👧: three people joined by ZWJ
HEART = "\u2764\ufe0f"  # ❤️: a heart with the emoji variation selector
IDEOGRAPH = "\u845b\U000E0100"  # 葛 with an ideographic variation selector
SCOTLAND = "\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F"  # a flag of tag characters
PERSIAN = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # می‌خواهم: ZWNJ inside a word
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def test_display_shows_controls_as_pictures_and_keeps_joiners_and_selectors():
    from tui.safe_text import editable, shown

    assert clean("a\x1b[2Jb\x07\x00c\x7f\x9b31m") == "a␛[2Jb␇␀c␡␛[31m"
    assert clean("one\ntwo\r\nthree\tfour\u2028five") == "one two three four five"
    assert shown("one\r\ntwo\n", multiline=True) == "one\ntwo\n"
    for kept in (FAMILY, HEART, IDEOGRAPH, SCOTLAND, PERSIAN):
        assert clean(kept) == kept and user_text(kept).plain == kept
    assert clean(f"evil{BIDI}txt.exe") == "eviltxt.exe"  # no override reorders the rest of a row
    assert editable("a\x1b[2Jb\u202ec\u200dd", multiline=False) == "a[2Jbc\u200dd"  # what a save would store


def test_joined_emoji_and_variation_selectors_survive_a_store_write(team):
    name = f"{FAMILY} Family {HEART}"
    cid = create_customer(team, "li", name=name, company=f"{IDEOGRAPH} {SCOTLAND}", notes=f"{PERSIAN}\n{FAMILY}")
    saved = get_customer(team, "li", cid)
    assert (saved.name, saved.company, saved.notes) == (name, f"{IDEOGRAPH} {SCOTLAND}", f"{PERSIAN}\n{FAMILY}")
    update_customer(team, "li", cid, city=f"{FAMILY}{BIDI}town")
    assert get_customer(team, "li", cid).city == f"{FAMILY}town"  # the overrides go, the joiners stay
    assert [r["id"] for r in lookup_customers(team, "li", FAMILY)["rows"]] == [cid]


async def test_the_card_and_the_lookup_show_joined_emoji_and_neutralise_bidi(team):
    name = f"{FAMILY} Family {HEART}"
    cid = create_customer(team, "li", phones=["13800138000"], name=name, company="Globex")
    con = sqlite3.connect(team.path)
    with con:  # an override written past the store's checks: it would turn the rest of the row round
        con.execute("UPDATE customers SET company = ?, notes = ? WHERE id = ?",
                    ("\u202eXEBOLG\u202c Ltd", f"note {FAMILY}\u2067rtl\u2069 \x1b]0;T\x07", cid))
    con.close()
    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await open_lookup(pilot)
        await pilot.press(*"13800138000")
        await wait_until(pilot, lambda: "XEBOLG Ltd" in screen_text(app))
        assert name in screen_text(app)
        app.push_screen(CustomerCardScreen(app.ctx, cid, reason=CardReason.lookup("13800138000")))
        await wait_until(pilot, lambda: isinstance(app.screen, CustomerCardScreen) and app.screen.card is not None)
        card = app.screen
        assert card.query_one("#f-name", Input).value == name
        assert card.query_one("#f-company", Input).value == "XEBOLG Ltd"
        assert card.query_one("#f-notes", TextArea).text == f"note {FAMILY}rtl ]0;T"
        title = card.query_one("#card-title", Label).render()
        assert name in str(title) and "XEBOLG Ltd" in str(title)
        assert card.changed_fields() == []  # what the form shows is what it loaded: leaving asks nothing
        rendered = screen_text(app)
        assert not set(BIDI + "\x1b\x07") & set(rendered)


class OneTable(App):
    def compose(self):
        yield DeskTable()

    def on_mount(self) -> None:
        table = self.query_one(DeskTable)
        table.add_columns("a", "b", "c")
        table.add_row("[bold]x[/] [red]y", Text("t\x1b[2Jz", style="bold"), "\u202eab\x00", key="1")
        table.update_cell("1", list(table.columns)[2], "[/]\x9b")


async def test_desk_table_cells_are_never_markup_and_never_raw():
    app = OneTable()
    async with app.run_test(size=(60, 5)):
        rendered = screen_text(app)
        assert "[bold]x[/] [red]y" in rendered
        assert "t␛[2Jz" in rendered
        assert "[/]␛[" in rendered


@pytest.mark.parametrize("message", ["Saved Zorro\x1b]0;PWNED\x07", "[bold]Anna[/] \x1b[2J"])
async def test_toasts_show_quoted_user_text_safely(team, message):
    from tui.safe_text import shown

    app = desk_app(team)
    async with app.run_test(size=SIZE) as pilot:
        app.notify(message, title="\x1b[2J")
        await pilot.pause()
        [toast] = notifications(app)
        assert "\x1b" not in toast.message + toast.title and "\x07" not in toast.message
        assert toast.message == shown(message) and not toast.markup  # "[bold]" stays as typed
