"""The F6 weekly summary tab: `store.reports.weekly_summary`, the same as `agentdesk report weekly`.

Painted as Rich Text; every note, name and customer is appended as literal text, never markup.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from screens.labels import category_label
from store.reports import WORDS as REPORT_WORDS
from tui.format import NONE, SEP, LocalTime, clean
from tui.i18n import _


def summary_text(s: dict, when: LocalTime) -> Text:
    out = Text()

    def head(title: str) -> None:
        out.append("\n" + title + "\n", style="bold underline")

    out.append(_("Weekly summary {week} ({scope})").format(week=s["week"], scope=_("all") if s["scope"] == "all" else s["scope"]) + "\n", style="bold")
    c = s["complaints"]
    head(_("Complaints and after-sales"))
    out.append(_("received {r}, resolved {d}, still open {o}").format(r=c["received"], d=c["resolved"],
                                                                     o=c["still_open"]) + "\n")
    for key, title in (("by_category", _("by category")), ("by_agent", _("by agent"))):
        for group, v in sorted(c[key].items()):
            name = category_label(group) if key == "by_category" else group
            out.append(f"  {title}: ")
            out.append(clean(name))
            out.append("  " + _("received {r}, resolved {d}, still open {o}").format(
                r=v["received"], d=v["resolved"], o=v["still_open"]) + "\n")
    for i in c["items"]:
        state = _(REPORT_WORDS.get(i["state"], i["state"]))  # the report's words for it, as in `report weekly`
        out.append(f"  #{i['call_id']} {when.day(i['started_at'])} {category_label(i['category'])} {state}" + SEP)
        out.append(clean(i["agent"]) + SEP + clean(i["customer"] or NONE) + SEP)
        out.append(clean(i["notes"]) + "\n", style="italic")
    head(_("Market feedback"))
    if not s["feedback"]:
        out.append(_("none") + "\n")
    for f in s["feedback"]:
        out.append(f"  #{f['call_id']} {when.day(f['started_at'])} ")
        out.append(clean(f["customer"] or NONE) + SEP + clean(f["agent"]) + SEP)
        out.append(clean(f["notes"]) + "\n", style="italic")
    head(_("Callbacks and return visits"))
    for kind, title in (("callbacks", _("callbacks")), ("return_visits", _("return visits"))):
        f = s[kind]
        out.append(_("{kind}: due {due}, done {done}, on time {on_time}, missed {missed}, overdue at week end"
                     " {overdue}").format(kind=title, due=f["due"], done=f["done"], on_time=f["on_time"],
                                         missed=f["missed"], overdue=f["overdue_at_week_end"]) + "\n")
    head(_("Calls ({n})").format(n=s["calls"]["total"]))
    for cat, n in sorted(s["calls"]["by_category"].items()):
        out.append(f"  {category_label(cat)}: {n}\n")
    for agent, row in sorted(s["calls"]["by_agent"].items()):
        out.append("  " + clean(agent) + ": ")
        out.append(", ".join(f"{category_label(k)} {v}" for k, v in sorted(row.items())) + "\n")
    return out


class WeeklyView(VerticalScroll):
    DEFAULT_CSS = "WeeklyView { height: 1fr; padding: 0 1; }"

    def compose(self) -> ComposeResult:
        yield Static("", id="weekly-text")

    def show(self, summary: dict, when: LocalTime) -> None:
        self.query_one("#weekly-text", Static).update(summary_text(summary, when))
