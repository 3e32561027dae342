"""How F4 draws a callback, a team member's counts, and repaints a table only when it changed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from rich.text import Text
from textual.widgets import DataTable

from screens.labels import attempt_result_label, callback_kind_label, callback_status_label
from store import callbacks as cb_store
from store.callback_records import Callback, QueueGroup
from store.clock import iso, parse_iso
from tui.format import NONE, OVERDUE, SEP, SOON, LocalTime, user_text
from tui.i18n import N_, _

OVERDUE_MARK = OVERDUE
SOON_MARK = SOON
OVERDUE_STYLE = "bold red"
SOON_STYLE = "bold yellow"
PRIORITY = {1: "▴", 2: "", 3: "▾"}

Cells = list[tuple[str, list[Text]]]  # (row key, cells) for DataTable.add_row
# (key, heading, width in cells, or the time form whose width it takes: tui.format.time_cells) of each table's columns, in the order the cells below fill them
QUEUE_COLUMNS = (("mark", " ", 2), ("due", N_("Due"), "short"), ("kind", N_("Kind"), 12), ("customer", N_("Customer"), 20),
                 ("phone", N_("Phone"), 15), ("reason", N_("Reason"), 24), ("tries", N_("Tries"), 12))
GROUP_COLUMNS = (("agent", N_("Agent"), 24), ("open", N_("Open"), 6), ("today", N_("Due today"), 9),
                 ("overdue", N_("Overdue"), 8), ("oldest", N_("Oldest overdue"), 14))
TEAM_COLUMNS = (("sel", "✓", 1), ("mark", " ", 2), ("owner", N_("Owner"), 10), ("due", N_("Due"), "short"), ("kind", N_("Kind"), 12),
                ("customer", N_("Customer"), 18), ("reason", N_("Reason"), 20), ("status", N_("Status"), 9),
                ("tries", N_("Tries"), 10))
# the columns that narrow (to these widths) so that every column stays on an 80-column screen; the kind
# keeps its width ("return visit" cut to "return v" would be half a word), free text gives way first
QUEUE_FLEX = {"reason": 6, "customer": 10, "tries": 6}
TEAM_FLEX = {"reason": 4, "customer": 10, "tries": 4, "owner": 6, "status": 7}


def age(seconds: float) -> str:
    """How long ago, short: 45m, 3h 05m, 2d 4h."""
    minutes = int(seconds // 60)
    if minutes < 60:
        # TRANSLATORS: how long ago, short (the oldest overdue callback of an agent): 45m
        return _("{m}m").format(m=minutes)
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return _("{h}h {m:02d}m").format(h=hours, m=minutes)
    days, hours = divmod(hours, 24)
    return _("{d}d {h}h").format(d=days, h=hours)


def row_mark(cb: Callback, now: str) -> tuple[str, str]:
    """(mark, style): overdue, due within the next minutes, closed, or nothing."""
    if cb.status != "open":
        return " ", "dim"
    if cb.due_at < now:
        return OVERDUE_MARK, OVERDUE_STYLE
    if cb.due_at <= iso(parse_iso(now) + timedelta(minutes=cb_store.SOON_MIN)):
        return SOON_MARK, SOON_STYLE
    return " ", ""


def tries(cb: Callback) -> str:
    return f"{cb.attempts}{SEP}{attempt_result_label(cb.last_result)}" if cb.attempts else ""


def kind(cb: Callback) -> Text:
    return Text(callback_kind_label(cb.kind) + PRIORITY.get(cb.priority, ""))


def queue_cells(rows: Sequence[Callback], now: str, when: LocalTime) -> Cells:
    """An agent's own callbacks or the pool."""
    cells = []
    for cb in rows:
        mark, style = row_mark(cb, now)
        cells.append((str(cb.id), [
            Text(mark, style=style), Text(when.short(cb.due_at), style=style), kind(cb),
            user_text(cb.customer_name or NONE), Text(when.masked(cb.phone), no_wrap=True), user_text(cb.reason), Text(tries(cb)),
        ]))
    return cells


def team_cells(rows: Sequence[Callback], now: str, when: LocalTime, marked: set[int]) -> Cells:
    """The lead's view: every callback the filters show, marked ones ticked."""
    cells = []
    for cb in rows:
        mark, style = row_mark(cb, now)
        cells.append((str(cb.id), [
            Text("✓" if cb.id in marked else " ", style="bold"), Text(mark, style=style),
            Text(cb.owner or _("pool")), Text(when.short(cb.due_at), style=style), kind(cb),
            user_text(cb.customer_name or when.masked(cb.phone)), user_text(cb.reason),
            Text(callback_status_label(cb.status)), Text(tries(cb)),
        ]))
    return cells


def group_cells(groups: Sequence[QueueGroup], now: str) -> Cells:
    """Each agent's (and the pool's) open, due today, overdue and oldest overdue."""
    cells = []
    for g in groups:
        oldest = age((parse_iso(now) - parse_iso(g.oldest_overdue_at)).total_seconds()) if g.oldest_overdue_at else ""
        over_style = OVERDUE_STYLE if g.overdue else ""
        cells.append((g.login or "pool", [
            user_text(g.login and f"{g.name} ({g.login})" or _("Pool")),
            Text(str(g.open), justify="right"), Text(str(g.due_today), justify="right"),
            Text(str(g.overdue), justify="right", style=over_style), Text(oldest, style=over_style),
        ]))
    return cells


def agent_choices(groups: Sequence[QueueGroup]) -> list[tuple[Text, str]]:
    """(name (login), login) of each agent in the team view, in its order (by name), for a picker."""
    return [(user_text(f"{g.name} ({g.login})"), g.login) for g in groups if g.login]


def cursor_key(table: DataTable) -> str | None:
    if not table.row_count:
        return None
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value


class Repainter:
    """Repaints a table only when something shown differs; the cursor stays on its row."""

    def __init__(self) -> None:
        self._shown: dict[str, list] = {}

    def forget(self, table_id: str | None = None) -> None:
        if table_id is None:
            self._shown.clear()
        else:
            self._shown.pop(table_id, None)

    def paint(self, table: DataTable, cells: Cells) -> None:
        plain = [(key, [(c.plain, str(c.style)) for c in row]) for key, row in cells]
        if self._shown.get(table.id or "") == plain:
            return
        self._shown[table.id or ""] = plain
        selected = cursor_key(table)
        row_index = table.cursor_row
        table.clear()
        for key, row in cells:
            table.add_row(*row, key=key)
        if not table.row_count:
            return
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected), animate=False)
        else:
            table.move_cursor(row=min(row_index, table.row_count - 1), animate=False)
