"""The F6 staffing tab: Erlang C for one interval, inputs typed or prefilled from history."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, Select, Static
from textual.worker import get_current_worker

from screens.failures import ReportsFailures, WorkFailed, failure_sentence
from screens.labels import staffing_label
from store import staffing
from store.errors import StoreError
from tui.format import NONE
from tui.i18n import N_, _

# (input id, default) in the order of `staffing.staff`'s arguments; their words: screens.labels.staffing_label
INPUTS = (("calls", "100"), ("interval_min", "30"), ("aht_s", "180"), ("target_sl", "0.8"), ("target_s", "20"),
          ("max_occupancy", "0.85"), ("shrinkage", "0.3"))
OUTPUTS = ("agents_on_phones", "agents_scheduled", "service_level", "p_wait", "asa_s", "occupancy")
WEEKDAY_NAMES = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"), N_("Sunday"))


def show_output(result: dict) -> Text:
    out = Text()
    for key in OUTPUTS:
        value = result[key]
        if key in ("service_level", "p_wait", "occupancy"):
            shown = f"{value:.4f} ({value * 100:.1f} %)"
        elif isinstance(value, float):
            shown = f"{value:.1f}"
        else:
            shown = str(value)
        out.append(f"{staffing_label(key)}: ", style="bold")
        out.append(shown + "\n")
    return out


class StaffingView(ReportsFailures, Vertical, can_focus=True):
    """Type the inputs (Enter computes) or choose a weekday and hour and press h to prefill from history.

    The tab opens with the view itself focused, so the screen's keys (h, 1 2 3, b) work at once; Tab
    goes into the boxes."""

    DEFAULT_CSS = """
    StaffingView { height: 1fr; padding: 0 1; }
    StaffingView:focus #staff-keys { color: $text; text-style: bold; }
    StaffingView #staff-keys { color: $text-muted; height: auto; }
    StaffingView .staff-row { height: auto; }
    StaffingView .staff-row Label { width: 26; padding: 1 1 0 0; }
    StaffingView .staff-row Input { width: 16; }
    StaffingView .staff-row Select { width: 20; }
    StaffingView #staff-output { margin: 1 0 0 0; height: auto; }
    StaffingView #staff-error { color: $error; height: auto; }
    StaffingView #staff-history { height: auto; }
    """

    class Computed(Message):
        def __init__(self, result: dict | None, error: str) -> None:
            super().__init__()
            self.result, self.error = result, error

    class Prefilled(Message):
        def __init__(self, inputs: dict) -> None:
            super().__init__()
            self.inputs = inputs

    def __init__(self, ctx, **kwargs) -> None:
        super().__init__(**kwargs)
        self.ctx = ctx
        self.result: dict | None = None
        self.history: dict | None = None

    def compose(self) -> ComposeResult:
        yield Static(_("h: prefill from history (the weekday and hour below) ∙ Tab: into the figures, Enter computes ∙ "
                       "1 2 3: tabs ∙ b: wallboard"), id="staff-keys", markup=False)
        with Horizontal(classes="staff-row"):
            yield Label(_("History: weekday, hour"), markup=False)
            yield Select([(_(name), i) for i, name in enumerate(WEEKDAY_NAMES)], id="staff-weekday", allow_blank=False,
                         value=0)
            yield Input("10", id="staff-hour", type="integer", max_length=2)
            yield Input("8", id="staff-weeks", type="integer", max_length=2, tooltip=_("weeks to look back"))
        yield Static("", id="staff-history")
        for key, default in INPUTS:
            with Horizontal(classes="staff-row"):
                yield Label(staffing_label(key), markup=False)
                yield Input(default, id=f"staff-{key}")
        yield Static("", id="staff-error")
        yield Static("", id="staff-output")

    def on_mount(self) -> None:
        self.compute()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        if event.input.id in ("staff-hour", "staff-weeks"):
            self.prefill()
        else:
            self.compute()

    def inputs(self) -> dict:
        return {key: self.query_one(f"#staff-{key}", Input).value for key, _default in INPUTS}

    def compute(self) -> None:
        self._compute(self.inputs())

    @work(thread=True, exclusive=True, group="staffing", exit_on_error=False)
    def _compute(self, raw: dict) -> None:
        values = {}
        try:
            for key, text in raw.items():
                try:
                    values[key] = float(text)
                except ValueError:
                    raise StoreError(_("{field}: '{value}' is not a number.").format(field=staffing_label(key),
                                                                                      value=text)) from None
            result, error = staffing.staff(**values).as_json(), ""
        except StoreError as exc:
            result, error = None, failure_sentence(exc)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Computed(result, error))

    @on(Computed)
    def computed(self, message: Computed) -> None:
        self.result = message.result
        self.query_one("#staff-error", Static).update(Text(message.error))
        self.query_one("#staff-output", Static).update(show_output(message.result) if message.result else Text(""))

    def prefill(self) -> None:
        weekday = staffing.WEEKDAYS[self.query_one("#staff-weekday", Select).value]
        self._prefill(weekday, self.query_one("#staff-hour", Input).value, self.query_one("#staff-weeks", Input).value)

    @work(thread=True, exclusive=True, group="staffing-history", exit_on_error=False)
    def _prefill(self, weekday: str, hour: str, weeks: str) -> None:
        try:
            weeks_n = int(weeks or 8)
        except ValueError:
            weeks_n = 0  # the store names the field
        inputs = staffing.history_inputs(self.ctx.store, self.ctx.login, weekday, hour, weeks_n, self.ctx.clock())
        self.post_message(self.Prefilled(inputs))

    def on_work_failed(self, message: WorkFailed) -> None:
        if message.group == "staffing-history":  # a refused prefill (weeks 0, an hour of 25) names the field here
            message.stop()
            self.query_one("#staff-history", Static).update("")
            self.query_one("#staff-error", Static).update(Text(message.sentence))
            field = getattr(message.error, "field", None)
            target = {"hour": "#staff-hour", "weeks": "#staff-weeks", "weekday": "#staff-weekday"}.get(field or "")
            if target:
                self.query_one(target).focus()

    @on(Prefilled)
    def prefilled(self, message: Prefilled) -> None:
        h = self.history = message.inputs
        self.query_one("#staff-calls", Input).value = f"{h['calls_offered']:g}"
        self.query_one("#staff-interval_min", Input).value = str(h["interval_min"])
        if h["aht_s"] is not None:
            self.query_one("#staff-aht_s", Input).value = f"{h['aht_s']:g}"
        day = _(WEEKDAY_NAMES[staffing.WEEKDAYS.index(h["weekday"])])
        self.query_one("#staff-history", Static).update(Text(
            _("From {weeks} weeks of {day} {hour}:00: answered {answered} + missed {missed} = offered {offered}"
              " per hour; AHT {aht} s").format(weeks=h["weeks"], day=day, hour=h["hour"],
                                              answered=f"{h['answered']:g}", missed=f"{h['missed']:g}",
                                              offered=f"{h['calls_offered']:g}",
                                              aht=NONE if h["aht_s"] is None else f"{h['aht_s']:g}")))
        self.compute()
