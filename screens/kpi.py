"""F5: my KPIs for a period, each against its target, with the records behind it and my deductions."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, Sparkline, Static
from textual.worker import get_current_worker

from screens.base import DeskScreen
from screens.kpi_records import RecordsScreen, counted_text
from screens.labels import appeal_status_label, case_type_label, conduct_kind_label, kpi_label, scorecard_heading
from screens.widgets.desk_table import DeskTable
from screens.widgets.fitted_label import FittedLabel
from store import conduct, kpi
from store.conduct_records import Rating
from store.kpi.drill import KpiRecord
from tui.format import NONE, duration, time_cells, user_text
from tui.i18n import N_, _

PERIODS = {"today": "today", "week": "week", "month": "month", "last-month": "last-month"}
SPARK = ("calls_handled", "aht_s", "fcr_rate", "csat_avg")
SHOWN = ("calls_handled", "aht_s", "fcr_rate", "csat_avg", "csat_top2_rate", "callback_on_time_rate",
         "complaints", "complaints_resolved", "escalation_rate", "transfer_rate", "occupancy", "calls_per_hour",
         "rating_avg", "deductions", "cases_in_sla_rate", "case_chases")


def show_value(key: str, value) -> str:
    if value is None:
        return NONE
    if key.endswith("_rate") or key == "occupancy":
        return f"{value * 100:.1f} %"
    return str(value)


def mark(verdict: str | None) -> Text:
    """The store's verdict on a KPI against its target, as colour and symbol: met ✓ (green) / close ~ (yellow) /
    missed ✗ (red)."""
    if verdict == "met":
        return Text("✓ " + _("met"), style="green")
    if verdict == "close":
        return Text("~ " + _("close"), style="yellow")
    if verdict == "missed":
        return Text("✗ " + _("missed"), style="red")
    return Text("")


def medians_text(medians: dict[str, int | None]) -> Text:
    """The median time to resolve per case type, beside the case KPIs (shown, not scored)."""
    out = Text(_("Median time to resolve (not scored): "), style="bold")
    out.append("   ".join(_("{type} {time}").format(type=case_type_label(t), time=duration(s)) for t, s in medians.items()))
    return out


class AppealScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "close", N_("Cancel"), id="back")]

    def compose(self) -> ComposeResult:
        with Vertical(id="appeal-box"):
            yield Label(_("Why should this deduction be withdrawn? Enter sends the appeal."))
            yield Input(id="appeal-reason", placeholder=_("reason"))

    @on(Input.Submitted)
    def send(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())

    def action_close(self) -> None:
        self.dismiss(None)


def ratings_text(ratings: list[Rating]) -> Text:
    """The lead's ratings in the period: the five dimensions, who rated, the note (literal)."""
    text = Text()
    text.append(_("My ratings") + ": ", style="bold")
    if not ratings:
        text.append(_("none in this period"))
    for r in ratings:
        text.append("\n" + _("{period}: initiative {initiative}, teamwork {teamwork}, innovation {innovation}, "
                             "learning {learning}, communication {communication} (by {by})").format(
            period=r.period_label, initiative=r.initiative, teamwork=r.teamwork, innovation=r.innovation,
            learning=r.learning, communication=r.communication, by=r.rated_by))
        if r.note:
            text.append("  ")
            text.append_text(user_text(r.note))
    return text


class KpiScreen(DeskScreen):
    """The agent's own KPIs (leads may open anyone's in their team through `login`)."""

    WATCHED = frozenset({"calls", "callbacks", "agents", "settings"})
    BINDINGS = [
        Binding("t", "period('today')", N_("Today"), id="kpi_today"),
        Binding("w", "period('week')", N_("This week"), id="kpi_week"),
        Binding("m", "period('month')", N_("This month"), id="kpi_month"),
        Binding("l", "period('last-month')", N_("Last month"), id="kpi_last_month"),
        Binding("d", "choose_period", N_("Chosen range"), id="kpi_range"),
        Binding("a", "appeal", N_("Appeal deduction"), id="kpi_appeal"),
    ]

    DEFAULT_CSS = """
    KpiScreen #kpi { padding: 0 1; }
    KpiScreen #kpi-score { margin: 0 0 1 0; }
    KpiScreen #kpi-sparks { height: 3; margin: 0 0 1 0; }
    KpiScreen .spark { width: 1fr; height: 3; margin: 0 2 0 0; }
    KpiScreen .spark Sparkline { height: 2; }
    KpiScreen .spark FittedLabel { width: 100%; }
    KpiScreen #kpi-table { height: auto; max-height: 18; }
    KpiScreen #kpi-deductions-title { margin: 1 0 0 0; text-style: bold; }
    KpiScreen #kpi-deductions { height: auto; max-height: 12; }
    """

    class RecordsLoaded(Message):
        def __init__(self, key: str, records: Sequence[KpiRecord]) -> None:
            super().__init__()
            self.key, self.records = key, records

    class Appealed(Message):
        pass

    class Loaded(Message):
        def __init__(self, data: dict) -> None:
            super().__init__()
            self.data = data

    def __init__(self, ctx, login: str | None = None, period: str = "month", **kwargs) -> None:
        super().__init__(ctx, **kwargs)
        self.login = login
        self.period = period
        self.data: dict | None = None

    def compose_body(self) -> ComposeResult:
        with Vertical(id="kpi"):
            yield Label("", id="kpi-title", markup=False)
            yield Static("", id="kpi-score")
            with Horizontal(id="kpi-sparks"):
                for key in SPARK:
                    with Vertical(classes="spark"):
                        yield FittedLabel(kpi_label(key), scorecard_heading(key))
                        yield Sparkline([], id=f"spark-{key}")
            yield DeskTable(id="kpi-table", cursor_type="row")
            yield Static("", id="kpi-case-medians")
            yield Static("", id="kpi-ratings")
            yield Label(_("Deductions"), id="kpi-deductions-title")
            yield DeskTable(id="kpi-deductions", cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one("#kpi-table", DataTable)
        # fixed widths: a table that measured its rows would draw a different frame each time it reloads
        for key, name, width in (("kpi", _("KPI"), 24), ("value", _("Value"), 10), ("target", _("Target"), 8),
                                 ("mark", _("Mark"), 14)):
            table.add_column(name, key=key, width=width)
        deductions = self.query_one("#kpi-deductions", DataTable)
        for key, name, width in (("date", _("Date"), time_cells("day") + 1), ("kind", _("Kind"), 16), ("points", _("Points"), 24),
                                 ("appeal", _("Appeal"), 14), ("note", _("Note"), 30)):
            deductions.add_column(name, key=key, width=width)

    def reload(self) -> None:
        super().reload()
        self._load()

    @work(thread=True, exclusive=True, group="kpi", exit_on_error=False)
    def _load(self) -> None:
        data = kpi.kpi_panel(self.ctx.store, self.ctx.login, self.login, self.period, SPARK, 30, self.ctx.clock())
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(data))

    def on_kpi_screen_loaded(self, message: Loaded) -> None:
        self.data = data = message.data
        row, period = data["row"], data["period"]
        when = self.ctx.local()
        days = when.calendar(period.first) if period.first == period.last else _("{first} to {last}").format(
            first=when.calendar(period.first), last=when.calendar(period.last))
        self.query_one("#kpi-title", Label).update(
            _("KPIs of {agent}: {period}, {days}").format(agent=row["agent"], period=period.label, days=days))
        score = Text()
        for label, key in ((_("Score"), "score"), (_("Grade"), "grade"), (_("Rank"), "rank"),
                           (_("Coefficient"), "bonus_coefficient")):
            score.append(f"{label}: ", style="bold")
            score.append(show_value(key, row[key]) + "   ")
        if row["closed"]:
            score.append(_("(closed period)"), style="italic")
        self.query_one("#kpi-score", Static).update(score)
        for key in SPARK:
            self.query_one(f"#spark-{key}", Sparkline).data = [v or 0 for v in data["series"][key]]
        table = self.query_one("#kpi-table", DataTable)
        table.clear()
        for key in SHOWN:
            target = data["targets"].get(key)
            table.add_row(Text(kpi_label(key)), Text(show_value(key, row[key])),
                          Text(show_value(key, target) if target is not None else ""), mark(data["marks"].get(key)),
                          key=key)
        self.query_one("#kpi-case-medians", Static).update(medians_text(data["case_medians"]))
        self.query_one("#kpi-ratings", Static).update(ratings_text(data["ratings"]))
        deductions = self.query_one("#kpi-deductions", DataTable)
        deductions.clear()
        for e in data["deductions"]:
            deductions.add_row(when.calendar(e.occurred_on), conduct_kind_label(e.kind), counted_text(e),
                               appeal_status_label(e.appeal_status), user_text(e.note), key=str(e.id))

    def action_choose_period(self) -> None:
        from screens.widgets.form_modal import Field, FormModal

        store, actor, login = self.ctx.store, self.ctx.login, self.login

        def check(values: dict) -> str:
            text = values["period"].strip()
            kpi.agent_kpis(store, actor, login, text)  # refuses a period it cannot read, naming it
            return text

        def chosen(period: str | None) -> None:
            if period:
                self.period = period
                self._load()

        self.app.push_screen(FormModal(
            _("KPIs for a chosen range"),
            # the period shown, as dates ('2026-11', not 'month'): what is typed is the same in every language
            [Field("period", _("Period: 2026-11-01..2026-11-15, 2026-W47, 2026-11 or 2026-11-20"),
                   self.data["period"].label if self.data else self.period, aliases=("period",))],
            check), chosen)

    def action_period(self, period: str) -> None:
        self.period = PERIODS[period]
        self._load()

    @on(DataTable.RowSelected, "#kpi-table")
    def drill(self, event: DataTable.RowSelected) -> None:
        self._drill(str(event.row_key.value))

    @work(thread=True, exclusive=True, group="kpi-drill", exit_on_error=False)
    def _drill(self, key: str) -> None:
        records = kpi.kpi_records(self.ctx.store, self.ctx.login, self.login, key, self.period)
        self.post_message(self.RecordsLoaded(key, records))

    def on_kpi_screen_records_loaded(self, message: RecordsLoaded) -> None:
        who, label = (self.data or {}).get("row", {}).get("agent", ""), (self.data or {}).get("period")
        title = _("{kpi}: the records behind it ({agent}, {period})").format(
            kpi=kpi_label(message.key), agent=who, period=label.label if label else self.period)
        self.app.push_screen(RecordsScreen(title, message.records, self.ctx.local()))

    def action_appeal(self) -> None:
        table = self.query_one("#kpi-deductions", DataTable)
        if not table.row_count:
            self.notify(_("No deduction to appeal in this period."), markup=False)
            return
        event_id = int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

        def done(reason: str | None) -> None:
            if reason:
                self._appeal(event_id, reason)

        self.app.push_screen(AppealScreen(), done)

    @work(thread=True, exclusive=False, group="kpi-appeal", exit_on_error=False)
    def _appeal(self, event_id: int, reason: str) -> None:
        conduct.appeal(self.ctx.store, self.ctx.login, event_id, reason)
        self.post_message(self.Appealed())

    def on_kpi_screen_appealed(self) -> None:
        self.notify(_("Appeal sent."), markup=False)  # the store's listener reloads the deductions
