"""The weekly summary (每周汇总): complaints, market feedback, callbacks and return visits, calls.

For one ISO week cut in the centre's time zone, over the agents the actor leads (admins: everyone).
Callback figures use the same rule as the KPI (`store.kpi.due_callbacks`): owner at the first due time.
Counts of calls per category come from the category rollups (store/kpi_rollups.py) for whole local days,
the complaints resolved later from each complaint's kept first resolving call (store/complaint_rollups.py).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from store import settings as settings_lib
from store.access import LEADS
from store.complaint_rollups import COUNT_SQL
from store.csv_safe import SafeWriter
from store.db import Store, Tx
from store.errors import ValidationError
from store.kpi import placeholders, resolve_period
from store.kpi.call_sums import category_counts, rollups_current
from store.kpi.callbacks_due import due_by_kind
from store.kpi.sql import by_agent
from store.kpi_call_sql import COMPLAINT_CATEGORIES
from store.messages import N_
from store.periods import Period
from store.report_cases import apply_case_rule, csv_rows, major_cases, markdown_lines

ITEM_LIMIT = 500


def _agents_in_scope(tx: Tx) -> list[tuple[int, str]]:
    if tx.actor.role == "lead":
        return tx.all("SELECT id, login FROM agents WHERE team = ? ORDER BY login", (tx.actor.team,))
    return tx.all("SELECT id, login FROM agents ORDER BY login")


def weekly_summary(store: Store, actor: str, week: str | None = None) -> dict[str, Any]:
    """The summary of an ISO week ('2026-W47'; default: last week). Leads: their team; admins: the centre."""
    with store.read(actor, *LEADS) as tx:
        p = resolve_period(tx, week or "last-week")
        if p.days() != 7 or p.first.isoweekday() != 1:
            raise ValidationError("week", N_("week: '{week}' is not an ISO week; use 2026-W47."), week=week)
        return summary_in_tx(tx, p)


# a complaint not resolved on the call is "resolved later" when a later call of the same customer and
# category resolved it before the period's end (calls_complaint_resolved answers it from the index)
RESOLVED_LATER = ("EXISTS (SELECT 1 FROM calls n WHERE n.customer_id = k.customer_id AND n.category = k.category"
                  f" AND n.category IN {COMPLAINT_CATEGORIES} AND n.outcome = 'resolved'"
                  " AND n.started_at > k.started_at AND n.started_at < ?)")
STATE = f"CASE WHEN k.outcome = 'resolved' THEN 'resolved' WHEN {RESOLVED_LATER} THEN 'resolved-later' ELSE 'open' END"


def summary_in_tx(tx: Tx, p: Period, use_rollups: bool = True) -> dict[str, Any]:
    """The summary of period `p` in the caller's transaction. The counts of calls by category (and of
    complaints received and resolved on the call) of whole local days come from the category rollups
    unless `use_rollups` is False (store/kpi/call_sums.py category_counts), and so do the complaints resolved
    later (complaint_resolutions, store/complaint_rollups.py); the rest from the calls."""
    people = _agents_in_scope(tx)
    ids = [i for i, _ in people]
    login = dict(people)
    span = (*ids, p.start, p.end)
    # many agents: the lists by start from their partial indexes (calls_complaint_started, calls_feedback_started)
    where = f"{by_agent('k.agent_id', ids)} AND k.started_at >= ? AND k.started_at < ?"
    counts = category_counts(tx, ids, p.start, p.end, use_rollups)

    # calls by category and agent
    calls: dict[str, Any] = {"total": sum(n for n, _ in counts.values()), "by_category": {}, "by_agent": {}}
    for (cat, aid), (n, _) in counts.items():
        calls["by_category"][cat] = calls["by_category"].get(cat, 0) + n
        calls["by_agent"].setdefault(login[aid], {})[cat] = n

    # complaints: received, resolved (on the call, or later in the period), still open at its end; the
    # "resolved later" probe runs only for those not resolved on the call (calls_complaint_unresolved)
    complaint = f"{where} AND k.category IN {COMPLAINT_CATEGORIES}"
    if use_rollups and rollups_current(tx):  # each complaint's first resolving call, kept (store/complaint_rollups.py)
        later_rows = tx.all(COUNT_SQL.format(agents=placeholders(ids)), (*span, p.end))
    else:
        later_rows = tx.all(
            "SELECT k.category, k.agent_id, count(*) FROM calls k INDEXED BY calls_complaint_unresolved"  # not all calls
            f" WHERE k.agent_id IN ({placeholders(ids)}) AND k.started_at >= ? AND k.started_at < ?"
            f" AND k.category IN {COMPLAINT_CATEGORIES} AND k.outcome != 'resolved'"
            f" AND {RESOLVED_LATER} GROUP BY k.category, k.agent_id", (*span, p.end))
    later = {(cat, aid): n for cat, aid, n in later_rows}
    # [received, resolved] summed: everyone's, by category, by agent (in the counts' order)
    total: list[int] = [0, 0]
    by_cat: dict[str, list[int]] = {}
    by_login: dict[str, list[int]] = {}
    for (cat, aid), (received, on_call) in counts.items():
        if cat not in COMPLAINT_CATEGORIES:
            continue
        resolved = on_call + later.get((cat, aid), 0)
        for into in (total, by_cat.setdefault(cat, [0, 0]), by_login.setdefault(login[aid], [0, 0])):
            into[0] += received
            into[1] += resolved
    complaints: dict[str, Any] = {
        **_figures(total), "by_category": {k: _figures(v) for k, v in by_cat.items()},
        "by_agent": {k: _figures(v) for k, v in by_login.items()}}
    complaints["items"] = [
        {"call_id": cid, "started_at": started, "category": cat, "outcome": outcome, "state": st,
         "agent": login[aid], "customer_id": cust_id, "customer": cust, "notes": notes}
        for cid, started, cat, outcome, aid, cust_id, cust, notes, st in tx.all(
            "SELECT k.id, k.started_at, k.category, k.outcome, k.agent_id, k.customer_id, cu.name, k.notes,"
            f" {STATE} FROM calls k LEFT JOIN customers cu ON cu.id = k.customer_id WHERE {complaint}"
            " ORDER BY k.started_at, k.id LIMIT ?",
            (p.end, *span, ITEM_LIMIT),
        )
    ]

    rule = apply_case_rule(tx, complaints, ids, login, p)  # from the cases' ship week: open cases (issue 18)

    feedback = [
        {"call_id": cid, "started_at": started, "customer_id": cust_id, "customer": cust, "agent": login[aid],
         "notes": notes}
        for cid, started, cust_id, cust, aid, notes in tx.all(
            "SELECT k.id, k.started_at, k.customer_id, cu.name, k.agent_id, k.notes FROM calls k"
            f" LEFT JOIN customers cu ON cu.id = k.customer_id WHERE {where} AND k.category = 'feedback'"
            " ORDER BY k.started_at, k.id LIMIT ?", (*span, ITEM_LIMIT))
    ]

    # callbacks and return visits due in the week (owner at first due time), and overdue at its end
    ontime = timedelta(minutes=int(settings_lib.read(tx, "callback_ontime_min")))
    follow = {kind: {"due": 0, "done": 0, "on_time": 0, "missed": 0, "overdue_at_week_end": 0}
              for kind in ("callbacks", "return_visits")}
    for kind, (due, done, in_time) in due_by_kind(tx, ids, p, ontime).items():
        f = follow["return_visits" if kind == "return-visit" else "callbacks"]
        f["due"] += due
        f["done"] += done
        f["on_time"] += in_time
        f["missed"] += due - in_time
    # open at the week's end and due before it: still open now, or closed only since then (each
    # half reads its own index: open callbacks by owner and due time, or by due time alone for many
    # agents; closed ones by close time)
    for kind, n in tx.all(
        "SELECT is_visit, count(*) FROM ("
        f" SELECT kind = 'return-visit' AS is_visit FROM callbacks WHERE status = 'open' AND {by_agent('owner_id', ids)}"
        "  AND due_at < ? AND created_at < ?"
        " UNION ALL"
        " SELECT kind = 'return-visit' FROM callbacks WHERE closed_at >= ? AND status != 'open'"
        f"  AND +owner_id IN ({placeholders(ids)}) AND due_at < ? AND created_at < ?"  # +: not by owner
        ") GROUP BY is_visit", (*ids, p.end, p.end, p.end, *ids, p.end, p.end)):
        follow["return_visits" if kind else "callbacks"]["overdue_at_week_end"] = n

    return {
        "week": p.label, "period_start": p.start, "period_end": p.end,
        "scope": tx.actor.team if tx.actor.role == "lead" else "all",
        "complaints": complaints, "still_open_rule": rule, "major_cases": major_cases(tx, ids, login, p),
        "feedback": feedback, **follow, "calls": calls,
    }


def _figures(sums: list[int]) -> dict[str, int]:
    received, resolved = sums
    return {"received": received, "resolved": resolved, "still_open": received - resolved}


# -- formats -------------------------------------------------------------------------------------
def to_json(summary: dict[str, Any]) -> str:
    return json.dumps(summary, ensure_ascii=False, indent=2) + "\n"


def _md_cell(value: object) -> str:
    return "—" if value is None else " ".join(str(value).split()).replace("|", "\\|")


# the words of the md and csv reports: message ids, rendered in the language of the `translate` given
# (the CLI passes the desk's); English when none is. Categories and states are the vocabulary's words.
WORDS = {
    "consultation": N_("consultation"), "order": N_("order"), "complaint": N_("complaint"),
    "after-sales": N_("after-sales"), "shipping": N_("shipping"), "billing": N_("billing"),
    "feedback": N_("feedback"), "return-visit": N_("return visit"),
    "resolved": N_("resolved"), "resolved-later": N_("resolved later"), "open": N_("still open"),
    "callbacks": N_("callbacks"), "return_visits": N_("return visits"),
}


def _plain(text: str) -> str:
    return text


@dataclass(frozen=True)
class Reader:
    """Who reads the md and csv reports: their language (`translate` renders a message id; English
    without it) and their clock (`moment` writes a stored UTC time in the centre's zone, named `zone`).
    The CLI passes the desk's; by default the words are English and the times as stored."""

    translate: Callable[[str], str] = _plain
    moment: Callable[[str], str] = _plain
    zone: str = "UTC"


def to_markdown(s: dict[str, Any], reader: Reader = Reader()) -> str:
    """The weekly summary (周报) in the policy's sections: complaints received (受理投诉情况), market
    feedback (市场反馈), callbacks and return visits (回访情况), then calls; every figure labelled."""
    t, moment = reader.translate, reader.moment

    def w(slug: str) -> str:
        return t(WORDS.get(slug, slug))

    def row(*cells: object) -> str:
        return "| " + " | ".join(str(c) for c in cells) + " |"

    def rule(n: int) -> str:
        return "|" + "---|" * n

    c = s["complaints"]
    counts = (t(N_("received")), t(N_("resolved")), t(N_("still open")))
    scope = t(N_("all")) if s["scope"] == "all" else s["scope"]  # a team's name, or the whole centre
    title = t(N_("Weekly summary {week} ({scope})")).format(week=s["week"], scope=scope)
    started = t(N_("started ({zone})")).format(zone=reader.zone)
    out = ["# " + title, "", "## " + t(N_("Complaints and after-sales")),
           t(N_("received {received}, resolved {resolved}, still open {still_open}")).format(**c), "",
           row(t(N_("category")), *counts), rule(4)]
    out += [row(w(k), v["received"], v["resolved"], v["still_open"]) for k, v in sorted(c["by_category"].items())]
    out += ["", row(t(N_("agent")), *counts), rule(4)]
    out += [row(k, v["received"], v["resolved"], v["still_open"]) for k, v in sorted(c["by_agent"].items())]
    out += ["", row(t(N_("call")), started, t(N_("category")), t(N_("agent")), t(N_("customer")),
                    t(N_("state")), t(N_("notes"))), rule(7)]
    out += [row(i["call_id"], moment(i["started_at"]), w(i["category"]), i["agent"], _md_cell(i["customer"]), w(i["state"]),
                _md_cell(i["notes"])) for i in c["items"]]
    out += markdown_lines(s, t, moment, _md_cell)
    out += ["", "## " + t(N_("Market feedback")), "",
            row(t(N_("call")), started, t(N_("customer")), t(N_("agent")), t(N_("notes"))), rule(5)]
    out += [row(f["call_id"], moment(f["started_at"]), _md_cell(f["customer"]), f["agent"], _md_cell(f["notes"]))
            for f in s["feedback"]]
    out += ["", "## " + t(N_("Callbacks and return visits")), "",
            row("", t(N_("due")), t(N_("done")), t(N_("on time")), t(N_("missed")), t(N_("overdue at week end"))), rule(6)]
    for kind in ("callbacks", "return_visits"):
        f = s[kind]
        out.append(row(w(kind), f["due"], f["done"], f["on_time"], f["missed"], f["overdue_at_week_end"]))
    cats = sorted(s["calls"]["by_category"])
    out += ["", "## " + t(N_("Calls ({total})")).format(total=s["calls"]["total"]), "",
            row(t(N_("agent")), *(w(k) for k in cats)), rule(len(cats) + 1)]
    out += [row(a, *(r.get(k, 0) for k in cats)) for a, r in sorted(s["calls"]["by_agent"].items())]
    return "\n".join(out) + "\n"


def to_csv(s: dict[str, Any], reader: Reader = Reader()) -> str:
    """One flat table: section, group, measure, value (items as rows of their own). The header and the
    words are the language's; logins, numbers and notes as stored."""
    t = reader.translate

    def w(slug: str) -> str:
        return t(WORDS.get(slug, slug))

    buf = io.StringIO()
    out = SafeWriter(buf, lineterminator="\n")  # notes and names are user text: no cell runs as a formula
    out.writerow([t(N_("section")), t(N_("group")), t(N_("measure")), t(N_("value"))])
    c = s["complaints"]
    complaints, everyone = t(N_("complaints")), t(N_("all"))
    measure = {"received": t(N_("received")), "resolved": t(N_("resolved")), "still_open": t(N_("still open"))}
    for key in ("received", "resolved", "still_open"):
        out.writerow([complaints, everyone, measure[key], c[key]])
    for key, section in (("by_category", t(N_("complaints by category"))), ("by_agent", t(N_("complaints by agent")))):
        for group, counts in sorted(c[key].items()):
            for name, value in counts.items():
                out.writerow([section, w(group) if key == "by_category" else group, measure[name], value])
    follow = {"due": t(N_("due")), "done": t(N_("done")), "on_time": t(N_("on time")), "missed": t(N_("missed")),
              "overdue_at_week_end": t(N_("overdue at week end"))}
    for kind in ("callbacks", "return_visits"):
        for name, value in s[kind].items():
            out.writerow([w(kind), everyone, follow.get(name, name), value])
    calls = t(N_("calls"))
    for cat, n in sorted(s["calls"]["by_category"].items()):
        out.writerow([t(N_("calls by category")), w(cat), calls, n])
    for agent, by in sorted(s["calls"]["by_agent"].items()):
        for cat, n in sorted(by.items()):
            out.writerow([t(N_("calls by agent")), agent, w(cat), n])
    for i in c["items"]:
        out.writerow([t(N_("complaint")), i["agent"], t(N_("call {call_id}: {category}, {state}")).format(
            call_id=i["call_id"], category=w(i["category"]), state=w(i["state"])), i["notes"]])
    for case_row in csv_rows(s, t):  # the still-open rule and the major cases (store/report_cases.py)
        out.writerow(case_row)
    for f in s["feedback"]:
        out.writerow([t(N_("feedback")), f["agent"], t(N_("call {call_id}: {customer}")).format(
            call_id=f["call_id"], customer=f["customer"] or ""), f["notes"]])
    return buf.getvalue()


def render(summary: dict[str, Any], fmt: str, reader: Reader = Reader()) -> str:
    """md or csv for `reader` (English, times as stored, without one); json never translated."""
    if fmt == "json":
        return to_json(summary)
    if fmt == "csv":
        return to_csv(summary, reader)
    if fmt == "md":
        return to_markdown(summary, reader)
    raise ValidationError("format", N_("format: '{fmt}' is not md, json or csv."), fmt=fmt)
