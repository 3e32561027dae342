"""The customer card's two tables, each with the keys that act on its rows."""

from __future__ import annotations

from textual.binding import Binding

from screens.widgets.desk_table import DeskTable
from tui.i18n import N_


class PhonesTable(DeskTable):
    BINDINGS = [
        Binding("a,insert", "screen.add_phone", N_("Add phone"), id="card.phone_add"),
        Binding("delete,d", "screen.remove_phone", N_("Remove phone"), id="card.phone_remove"),
        Binding("m", "screen.main_phone", N_("Make main"), id="card.phone_main"),
    ]


class CallsTable(DeskTable):
    BINDINGS = [
        Binding("enter", "screen.show_call", N_("Show call"), id="card.call_show"),
        Binding("n,ctrl+pagedown", "screen.page(1)", N_("Older calls"), id="card.calls_older"),
        Binding("p,ctrl+pageup", "screen.page(-1)", N_("Newer calls"), id="card.calls_newer"),
    ]


class CasesTable(DeskTable):
    """The customer's open cases (screens/card_cases.py)."""

    BINDINGS = [
        Binding("enter", "screen.show_case", N_("Show case"), id="card.case_show"),
    ]
