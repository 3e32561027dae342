"""F3 customer lookup: one box, results as the agent types, best match class first.

Each keystroke starts a search in the "lookup" worker group (exclusive: the previous
one is cancelled, and its late answer is dropped by sequence number). The table holds
one page (LOOKUP_PAGE rows) and never more; the focus stays in the box, Up/Down move
the table's cursor. Each change of the box's text holds the screen's paint until that text's
results are shown (screens/widgets/paint_hold.py, at most 25 ms), so the typed key and its
results reach the terminal in the same frame. `latencies` keeps key-press-to-painted times
for bench/bench_lookup.py.
"""

from __future__ import annotations

import time
from collections import deque

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label
from textual.worker import get_current_worker

from screens.base import DeskScreen
from screens.labels import customer_status_label
from screens.requests import OpenCall, OpenCallbackForm, OpenCard
from screens.widgets.form_modal import Field, FormModal
from screens.widgets.lookup_results import ResultsList
from screens.widgets.paint_hold import HoldingInput
from store import customers as customer_store
from store import phones as phone_lib
from store.card_views import CardReason
from store.vocab import CUSTOMER_STATUSES
from tui.format import NONE, time_cells, user_text
from tui.i18n import N_, _

STATUS_CYCLE = (None, *CUSTOMER_STATUSES)


class LookupBox(HoldingInput):
    """The search box: holds the paint until its results are shown (HoldingInput) and remembers
    when the last key reached the app (for the latency figure)."""

    key_time: float = 0.0

    def on_key(self, event: events.Key) -> None:
        self.key_time = event.time  # runs before Input's own key handler, which types the key


class LookupScreen(DeskScreen):
    WATCHED = frozenset({"customers"})
    BINDINGS = [
        Binding("enter", "open_card", N_("Open card"), priority=True, id="lookup.open"),
        Binding("f2", "call", N_("Call"), id="lookup.call"),
        Binding("f8", "callback", N_("Callback"), id="lookup.callback"),
        Binding("f9", "new_customer", N_("New customer"), id="lookup.new"),
        Binding("ctrl+t", "status_filter", N_("Status filter"), id="lookup.status"),
        Binding("ctrl+g", "tag_filter", N_("Tag filter"), id="lookup.tag"),
        Binding("up", "move(-1)", N_("Previous"), show=False),
        Binding("down", "move(1)", N_("Next"), show=False),
        Binding("pageup", "move(-10)", show=False),
        Binding("pagedown", "move(10)", show=False),
        # Home and End move within the search text: the first and last result are Ctrl+Home and Ctrl+End
        Binding("ctrl+home", "move_to(0)", show=False),
        Binding("ctrl+end", "move_to(-1)", show=False),
    ]
    DEFAULT_CSS = """
    LookupScreen #lookup { padding: 1 2; }
    LookupScreen #lookup-bar { height: 1; color: $text-muted; margin: 1 0; }
    """

    class Found(Message):
        def __init__(self, seq: int, found: dict, key_time: float) -> None:
            super().__init__()
            self.seq = seq
            self.found = found
            self.key_time = key_time

    def __init__(self, ctx, query: str = "", **kwargs) -> None:
        super().__init__(ctx, **kwargs)
        self._initial = query
        self._seq = 0
        self.status: str | None = None
        self.tag: str | None = None
        self.rows: list[dict] = []
        self.shown_query = ""  # what the rows shown were found by: the reason a card opened from them gives
        self.latencies: deque[float] = deque(maxlen=5000)  # seconds, key press to results painted
        self.searches = 0  # answers shown (for tests and the bench)
        self.shown_seq = 0  # the sequence number of the answer on screen

    def compose_body(self) -> ComposeResult:
        with Vertical(id="lookup"):
            yield LookupBox(
                self._initial, placeholder=_("Name, company, phone, e-mail, WeChat, city, order or waybill number"),
                id="lookup-box", paint_hold=self.paint_hold,
            )
            yield Label("", id="lookup-bar")
            yield ResultsList(
                [(_("Name"), 22), (_("Company"), 26), (_("Status"), 11), (_("Main phone"), 18), (_("City"), 12),
                 (_("Last contact"), time_cells("day") + 2)],
                customer_store.LOOKUP_PAGE,
                priority=(0, 3, 2, 1, 4, 5),  # name, phone, status, company, city, last contact
                id="lookup-results",
            )

    def on_mount(self) -> None:
        self.query_one(LookupBox).focus()
        self._show_bar()

    # -- searching ------------------------------------------------------------
    def reload(self) -> None:
        super().reload()
        self._search_now(time.monotonic())

    @on(Input.Changed, "#lookup-box")
    def _typed(self, event: Input.Changed) -> None:
        self._search_now(self.query_one(LookupBox).key_time or event.time)

    def _search_now(self, key_time: float) -> None:
        self._seq += 1
        self._search(self._seq, self.query_one(LookupBox).value, self.status, self.tag, key_time)

    @work(thread=True, exclusive=True, group="lookup", exit_on_error=False)
    def _search(self, seq: int, query: str, status, tag, key_time: float) -> None:
        found = customer_store.lookup_customers(
            self.ctx.store, self.ctx.login, query, customer_store.LOOKUP_PAGE, status=status, tag=tag
        )
        found["query"] = query
        if not get_current_worker().is_cancelled:
            self.post_message(self.Found(seq, found, key_time))

    def on_lookup_screen_found(self, message: Found) -> None:
        if message.seq != self._seq:
            return  # a newer keystroke is already searching
        self._show(message.found)
        self.paint_hold.release_after(self.query_one(ResultsList))  # the key and these rows in one frame
        self.shown_seq = message.seq
        self.searches += 1
        key_time = message.key_time
        results = self.query_one(ResultsList)
        # the clock stops after the refresh that really draws these rows, not merely the next one
        results.call_after_draw(results.generation, lambda: self.latencies.append(time.monotonic() - key_time))

    def _show(self, found: dict) -> None:
        self.rows = found["rows"]
        self.shown_query = found.get("query", "")
        when = self.ctx.local()
        page = [
            (
                str(row["id"]),
                [
                    user_text(row["name"]),
                    user_text(row["company"] or NONE),
                    Text(customer_status_label(row["status"])),
                    Text(when.masked(row["main_phone"])),
                    user_text(row["city"] or NONE),
                    Text(when.day(row["last_contact_at"])),
                ],
            )
            for row in self.rows
        ]
        query = self.query_one(LookupBox).value.strip()
        empty = _("No customer matches. F9 creates one.") if query else _("No recent contacts yet: type to search.")
        if found.get("too_wide"):
            empty = _("Type at least 2 characters or 4 digits of the caller to look them up.")
        more = _("more matches than shown: type more") if found["more"] else ""
        self.query_one(ResultsList).set_rows(page, empty, more)  # one widget changes per answer

    def _set(self, widget, text: str) -> None:
        if getattr(widget, "_lookup_text", None) != text:
            widget._lookup_text = text
            widget.update(Text(text))

    def _show_bar(self) -> None:
        parts = [_("Status: {status}").format(status=customer_status_label(self.status))]
        parts.append(_("Tag: {tag}").format(tag=self.tag) if self.tag else _("Tag: any"))
        self._set(self.query_one("#lookup-bar", Label), "   ".join(parts))

    # -- moving and acting on the selected customer ---------------------------
    def selected_id(self) -> int | None:
        key = self.query_one(ResultsList).selected_key()
        return None if key is None else int(key)

    def action_move(self, step: int) -> None:
        results = self.query_one(ResultsList)
        results.move_cursor(results.cursor_row + step)

    def action_move_to(self, row: int) -> None:
        """Row `row` of the results; -1 is the last."""
        results = self.query_one(ResultsList)
        results.move_cursor(row if row >= 0 else results.row_count - 1)

    def _need_selection(self) -> int | None:
        cid = self.selected_id()
        if cid is None:
            self.notify(_("No customer selected: type to find one."), severity="warning", markup=False)
        return cid

    def action_open_card(self) -> None:
        cid = self._need_selection()
        if cid is not None:
            self.post_message(OpenCard(cid, reason=CardReason.lookup(self.shown_query)))

    def action_call(self) -> None:
        cid = self._need_selection()
        if cid is not None:
            self.post_message(OpenCall(customer_id=cid))

    def action_callback(self) -> None:
        cid = self._need_selection()
        if cid is not None:
            row = next((r for r in self.rows if r["id"] == cid), None)
            self.post_message(OpenCallbackForm(cid, row["name"] if row else f"#{cid}"))

    def action_new_customer(self) -> None:
        typed = self.query_one(LookupBox).value.strip()
        digits = phone_lib.ascii_digits(typed)
        phone = typed if len(digits) >= 5 else ""
        self.post_message(OpenCard(None, name="" if phone else typed, phone=phone))

    def action_status_filter(self) -> None:
        self.status = STATUS_CYCLE[(STATUS_CYCLE.index(self.status) + 1) % len(STATUS_CYCLE)]
        self.paint_hold.hold()  # the new filter and its results in one frame
        self._show_bar()
        self._search_now(time.monotonic())

    def action_tag_filter(self) -> None:
        def chosen(tag) -> None:
            if tag is not None:
                self.tag = tag or None
                self._show_bar()
                self._search_now(time.monotonic())

        self.app.push_screen(
            FormModal(_("Filter by tag"), [Field("tag", _("Tag (empty: any tag)"), self.tag or "")],
                      lambda values: values["tag"].strip().lower()),
            chosen,
        )

