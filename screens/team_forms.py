"""F6 forms for leads: conduct events, ratings, closing and reopening a period.

Each is a SavingForm (screens/widgets/form_modal.py): it saves in a thread worker through its store
function; a refusal (a ValidationError naming the field, a permission, a conflict) stays on the form in
a red line and focuses that field, so nothing typed is lost.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Select, Static

from screens.labels import conduct_kind_label, period_word
from screens.widgets.confirm import Confirm
from screens.widgets.form_modal import SavingForm
from store import conduct, scorecard
from store.clock import iso
from store.kpi import RATING_DIMENSIONS
from store.periods import Period, parse_period
from store.vocab import CONDUCT_KINDS
from tui.i18n import _

FORM_CSS = """
TeamForm { align: center middle; }
TeamForm > .form-box { width: 90; height: auto; max-height: 90%; border: round $accent; padding: 0 1;
                       background: $surface; }
TeamForm .form-title { text-style: bold; }
TeamForm #form-error { color: $error; height: auto; }
TeamForm .form-row { height: auto; }
TeamForm .form-row Label { width: 22; padding: 1 1 0 0; }
TeamForm .form-row Input, TeamForm .form-row Select { width: 1fr; }
TeamForm #close-notes { height: auto; max-height: 24; }
"""


def dimension_label(name: str) -> str:
    return {"initiative": _("Initiative 积极性"), "teamwork": _("Teamwork 团队协作"),
            "innovation": _("Innovation 创新能力"), "learning": _("Learning 学习能力"),
            "communication": _("Communication 沟通能力")}.get(name, name)


def review_note(achieved: str, state: str, plans: str) -> str:
    """The three parts of a lead's review as one note; empty parts are left out."""
    parts = [(_("Achieved"), achieved), (_("State of the work"), state), (_("Plans"), plans)]
    return "\n".join(f"{label}: {text.strip()}" for label, text in parts if text and text.strip())


class TeamForm(SavingForm):
    """A lead's form: each subclass composes its rows and names its store call (`save`)."""

    DEFAULT_CSS = FORM_CSS

    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx

    def on_mount(self) -> None:
        """The first field has focus: what the lead types first lands in it."""
        fields = self.query("Input, Select")
        if fields:
            fields.first().focus()

    def field_widget(self, name: str):
        """The row a refusal names: ids are `<form>-<field>` (conduct-date, rating-teamwork, reopen-reason)."""
        found = [w for w in self.query("Input, Select") if w.id and w.id.endswith(f"-{name}")]
        return found[0] if found else None

    @staticmethod
    def row(label: str, widget) -> Horizontal:
        return Horizontal(Label(label, markup=False), widget, classes="form-row")


class ConductScreen(TeamForm):
    """A lead records a conduct event: agent, kind, date (local, the centre's time zone), note."""

    def __init__(self, ctx, logins: list[str], today: str) -> None:
        super().__init__(ctx)
        self._logins, self._today = logins, today

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box"):
            yield Label(_("Conduct event (Enter or Ctrl+S saves)"), classes="form-title")
            yield self.row(_("Agent"), Select([(x, x) for x in self._logins], id="conduct-agent", allow_blank=False))
            yield self.row(_("Kind"), Select([(conduct_kind_label(k), k) for k in CONDUCT_KINDS], id="conduct-kind", allow_blank=False))
            yield self.row(_("Date (YYYY-MM-DD)"), Input(self._today, id="conduct-date"))
            yield self.row(_("Note"), Input(id="conduct-note", placeholder=_("note")))
            yield Static("", id="form-error", markup=False)

    def values(self) -> dict:
        return {"login": self.query_one("#conduct-agent", Select).value,
                "kind": self.query_one("#conduct-kind", Select).value,
                "date": self.query_one("#conduct-date", Input).value,
                "note": self.query_one("#conduct-note", Input).value}

    def save(self, v: dict) -> int:
        return conduct.add_event(self.ctx.store, self.ctx.login, v["login"], v["kind"], v["date"], v["note"])


class RatingScreen(TeamForm):
    """A lead rates an agent 1-5 on the five dimensions for the period shown; a second rating replaces it."""

    def __init__(self, ctx, logins: list[str], period: str, login: str | None = None) -> None:
        super().__init__(ctx)
        self._logins, self._period, self._login = logins, period, login

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box"):
            yield Label(_("Rate an agent for {period}, 1 (poor) to 5 (excellent); once per period, a new rating"
                          " replaces the old one").format(period=period_word(self._period)), classes="form-title", markup=False)
            chosen = {"value": self._login} if self._login in self._logins else {}
            yield self.row(_("Agent"), Select([(x, x) for x in self._logins], id="rating-agent", allow_blank=False,
                                              **chosen))
            for name in RATING_DIMENSIONS:
                yield self.row(dimension_label(name), Input(id=f"rating-{name}", type="integer", max_length=1,
                                                            placeholder="1-5"))
            yield self.row(_("Note"), Input(id="rating-note", placeholder=_("note")))
            yield Static("", id="form-error", markup=False)

    def values(self) -> dict:
        out = {name: self.query_one(f"#rating-{name}", Input).value.strip() or None for name in RATING_DIMENSIONS}
        out["login"] = self.query_one("#rating-agent", Select).value
        out["note"] = self.query_one("#rating-note", Input).value
        return out

    def save(self, v: dict) -> int:
        v = dict(v)
        login, note = v.pop("login"), v.pop("note")
        return conduct.rate(self.ctx.store, self.ctx.login, login, self._period, note=note, **v)


class ClosePeriodScreen(TeamForm):
    """Close the period shown: the scorecard is frozen with the lead's review of each agent.

    Closing a period before it has ended, or without a review for every agent, asks once first,
    saying what is frozen (the figures as they stand now, which set the bonus grades)."""

    def __init__(self, ctx, logins: list[str], period: str, team: str | None = None) -> None:
        super().__init__(ctx)
        self._logins, self._period, self._team = logins, period, team
        self._asked = False

    def action_save(self) -> None:
        if self.saving or self._asked:
            super().action_save()
            return
        period = parse_period(self._period, self.ctx.clock(), self.ctx.zone)
        doubts = self._doubts(period)
        if not doubts:
            super().action_save()
            return

        def answered(go_on: bool | None) -> None:
            if go_on:
                self._asked = True
                super(ClosePeriodScreen, self).action_save()

        self.app.push_screen(Confirm(
            _("Close {period} now?").format(period=period.label),
            "\n".join([*doubts, _("Closing freezes the scorecard as it stands now: the ranks, grades and bonus"
                                  " coefficients are set from these figures until the period is reopened.")]),
            go_on=_("Enter: close the period")), answered)

    def _doubts(self, period: Period) -> list[str]:
        out = []
        if iso(self.ctx.clock()) < period.end:
            out.append(_("It has not ended: it runs to {last}, and calls after now will not count.").format(
                last=period.last.isoformat()))
        unreviewed = [login for login in self._logins if login not in self.values()]
        if unreviewed:
            out.append(_("No review yet for: {agents}.").format(agents=", ".join(unreviewed)))
        return out

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box"):
            yield Label(_("Close {period}: the scorecard is frozen as it stands. Review each agent, then"
                          " Ctrl+S closes the period.").format(period=period_word(self._period)), classes="form-title",
                        markup=False)
            with VerticalScroll(id="close-notes"):
                for login in self._logins:
                    yield Label(login, classes="form-title", markup=False)
                    yield self.row(_("Achieved"), Input(id=f"close-{login}-achieved"))
                    yield self.row(_("State of the work"), Input(id=f"close-{login}-state"))
                    yield self.row(_("Plans"), Input(id=f"close-{login}-plans"))
            yield Static("", id="form-error", markup=False)

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        """Enter moves to the next box; Ctrl+S closes the period (Enter in the last box does too)."""
        event.stop()
        inputs = list(self.query(Input))
        if event.input is inputs[-1]:
            self.action_save()
        else:
            self.focus_next()

    def values(self) -> dict:
        notes = {}
        for login in self._logins:
            parts = [self.query_one(f"#close-{login}-{part}", Input).value for part in ("achieved", "state", "plans")]
            note = review_note(*parts)
            if note:
                notes[login] = note
        return notes

    def save(self, notes: dict) -> int:
        return scorecard.close_period(self.ctx.store, self.ctx.login, self._period, self._team, notes)


class ReopenScreen(TeamForm):
    """Reopen a closed period; the reason is audited."""

    def __init__(self, ctx, period: str, team: str | None = None) -> None:
        super().__init__(ctx)
        self._period, self._team = period, team

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box"):
            yield Label(_("Reopen {period}: the scorecard becomes live again. Why?").format(period=period_word(self._period)),
                        classes="form-title", markup=False)
            yield self.row(_("Reason"), Input(id="reopen-reason"))
            yield Static("", id="form-error", markup=False)

    def values(self) -> dict:
        return {"reason": self.query_one("#reopen-reason", Input).value}

    def save(self, v: dict) -> int:
        return scorecard.reopen_period(self.ctx.store, self.ctx.login, self._period, self._team, v["reason"])
