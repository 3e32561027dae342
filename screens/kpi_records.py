"""The records behind one KPI figure (Enter on a row of F5), as a person reads them: local times, the
customer's name, categories and outcomes in words, durations, yes and no."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

from screens.base import TranslatedKeys
from screens.labels import (
    appeal_status_label,
    callback_kind_label,
    callback_status_label,
    case_severity_label,
    case_status_label,
    case_type_label,
    category_label,
    conduct_kind_label,
    direction_label,
    outcome_label,
    status_label,
    yes_no,
)
from screens.widgets.desk_footer import DeskFooter
from screens.widgets.desk_table import DeskTable
from store.conduct_records import ConductEvent, Rating
from store.kpi.drill import KpiRecord
from store.kpi.records import DrillCall, DrillCase, DueCallback, StatusSpan
from tui.format import NONE, LocalTime, duration, user_text
from tui.i18n import N_, _

Row = list[Text]


def _calls(records: Sequence[DrillCall], when: LocalTime) -> tuple[list[str], list[Row]]:
    fcr = any(r.resolved is not None for r in records)
    heads = [_("Time"), _("Customer"), _("Direction"), _("Category"), _("Outcome"), _("Handle time"), _("Survey")]
    if fcr:
        heads += [_("Resolved first time"), _("Called again (call)")]
    rows = []
    for r in records:
        row = [Text(when.full(r.started_at)), user_text(r.customer_name or NONE), Text(direction_label(r.direction)),
               Text(category_label(r.category)), Text(outcome_label(r.outcome)),
               Text(duration(r.talk_s + r.hold_s + r.wrap_s), justify="right"),
               Text(NONE if r.survey_score is None else str(r.survey_score), justify="right")]
        if fcr:
            row += [Text(yes_no(r.resolved)), Text(f"#{r.repeat_call_id}" if r.repeat_call_id else NONE)]
        rows.append(row)
    return heads, rows


def _callbacks(records: Sequence[DueCallback], when: LocalTime) -> tuple[list[str], list[Row]]:
    heads = [_("First due"), _("Kind"), _("Status"), _("Closed"), _("On time"), _("Reason")]
    return heads, [[Text(when.full(r.first_due_at)), Text(callback_kind_label(r.kind)), Text(callback_status_label(r.status)),
                    Text(when.full(r.closed_at)), Text(yes_no(r.on_time)), user_text(r.reason)] for r in records]


def _conduct(records: Sequence[ConductEvent], when: LocalTime) -> tuple[list[str], list[Row]]:
    heads = [_("Date"), _("Kind"), _("Points"), _("Counted"), _("Appeal"), _("Note")]
    return heads, [[Text(when.calendar(r.occurred_on)), Text(conduct_kind_label(r.kind)), Text(str(r.points)),
                    Text(counted_text(r)), Text(appeal_status_label(r.appeal_status)), user_text(r.note)]
                   for r in records]


def _ratings(records: Sequence[Rating], when: LocalTime) -> tuple[list[str], list[Row]]:
    heads = [_("Period"), _("Initiative"), _("Teamwork"), _("Innovation"), _("Learning"), _("Communication"),
             _("By"), _("Note")]
    return heads, [[Text(r.period_label), *(Text(str(v)) for v in (r.initiative, r.teamwork, r.innovation, r.learning,
                                                                  r.communication)),
                    user_text(r.rated_by), user_text(r.note)] for r in records]


def _status(records: Sequence[StatusSpan], when: LocalTime) -> tuple[list[str], list[Row]]:
    heads = [_("From"), _("To"), _("Status")]
    return heads, [[Text(when.full(r.started_at)), Text(when.full(r.ended_at) if r.ended_at else _("now")),
                    Text(status_label(r.status))] for r in records]


def _cases(records: Sequence[DrillCase], when: LocalTime) -> tuple[list[str], list[Row]]:
    sla = any(r.in_sla is not None for r in records)
    heads = [_("Case"), _("Customer"), _("Type"), _("Severity"), _("Status"), _("Opened"), _("Due"), _("Resolved"),
             _("Chases")]
    if sla:
        heads.append(_("Within SLA"))
    rows = []
    for r in records:
        row = [Text(f"#{r.id}"), user_text(r.customer_name or NONE), Text(case_type_label(r.type)),
               Text(case_severity_label(r.severity)), Text(case_status_label(r.status)), Text(when.full(r.opened_at)),
               Text(when.full(r.due_at)), Text(when.full(r.resolved_at) if r.resolved_at else NONE),
               Text(str(r.chases), justify="right")]
        if sla:
            row.append(Text(yes_no(r.in_sla)))
        rows.append(row)
    return heads, rows


def counted_text(event: ConductEvent) -> str:
    """What a deduction counts in the period, and why a late or an early leave may count nothing yet."""
    if event.appeal_status == "accepted":
        return _("0 (withdrawn)")
    if event.late_count is not None:
        place = (event.late_count - 1) % 3 + 1
        if place < 3:
            return _("0 ({n} of 3 lates and early leaves)").format(n=place)
        return _("{points} (3 of 3 lates and early leaves)").format(points=event.counted)
    return str(event.counted)


def record_table(records: Sequence[KpiRecord], when: LocalTime) -> tuple[list[str], list[Row]]:
    first = records[0] if records else None
    for kind, build in ((DrillCall, _calls), (DueCallback, _callbacks), (ConductEvent, _conduct), (Rating, _ratings),
                        (StatusSpan, _status), (DrillCase, _cases)):
        if isinstance(first, kind):
            return build(records, when)  # type: ignore[arg-type]  # one kind of record per figure
    return [], []


class RecordsScreen(TranslatedKeys, ModalScreen[None]):
    """The records behind one figure, oldest first; Escape goes back to the KPIs."""

    DEFAULT_CSS = """
    RecordsScreen { align: center middle; }
    RecordsScreen #records-box { width: 95%; height: 85%; border: round $accent; background: $surface; padding: 0 1; }
    RecordsScreen #records-title { text-style: bold; }
    RecordsScreen #records { height: 1fr; }
    """
    BINDINGS = [Binding("escape", "close", N_("Back"), id="back")]

    def __init__(self, title: str, records: Sequence[KpiRecord], when: LocalTime) -> None:
        super().__init__()
        self._title, self._records, self._when = title, records, when

    def compose(self) -> ComposeResult:
        with Vertical(id="records-box"):
            yield Label(Text(self._title), id="records-title")
            yield DeskTable(id="records", cursor_type="row", zebra_stripes=True)
            if not self._records:
                yield Static(_("No records in this period."), id="records-empty")
        yield DeskFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        heads, rows = record_table(self._records, self._when)
        for head in heads:
            table.add_column(head)
        for row in rows:
            table.add_row(*row)
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
