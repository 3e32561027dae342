"""The weekly summary's cases (issue 18): from the week the cases feature shipped on, "still open" counts the
complaint and after-sales cases (工单) opened in the week and not resolved or closed at its end; earlier weeks
keep the calls' rule (store/reports.py). The report says which rule it used, and lists the major cases.

The ship week is the local ISO week of the first case's opening (the lowest case id: cases are numbered as they
are opened), so a store upgraded mid-week counts from that week on; a store without cases keeps the calls' rule.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from store import settings as settings_lib
from store.clock import parse_iso
from store.db import Tx
from store.kpi.sql import placeholders
from store.kpi_call_sql import COMPLAINT_CATEGORIES
from store.messages import N_
from store.periods import Period, range_bounds

MAJOR_LIMIT = 100
# a case's type and status in the reports' words (the same message ids as the desk's labels)
CASE_WORDS = {"complaint": N_("complaint"), "after-sales": N_("after-sales"), "request": N_("request"),
              "open": N_("being handled"), "waiting-department": N_("waiting for department"),
              "waiting-customer": N_("waiting for customer"), "resolved": N_("resolved"), "closed": N_("closed")}
# open at the week's end: opened before it, and neither resolved nor closed before it (?: the week's end)
OPEN_AT_END = "(c.resolved_at IS NULL OR c.resolved_at >= ?) AND (c.closed_at IS NULL OR c.closed_at >= ?)"


def ship_week(tx: Tx) -> tuple[str, str] | None:
    """(ISO week label, its start in UTC) of the week the first case was opened in; None before any case."""
    first = tx.scalar("SELECT opened_at FROM cases ORDER BY id LIMIT 1")
    if first is None:
        return None
    zone = settings_lib.zone(tx)
    day = parse_iso(first).astimezone(zone).date()
    monday = day - timedelta(days=day.weekday())
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}", range_bounds(monday, monday, zone)[0]


def apply_case_rule(tx: Tx, complaints: dict[str, Any], ids: list[int], login: dict[int, str], p: Period) -> dict[str, Any]:
    """From the ship week on, set the complaints' still_open (all, by category, by agent) to the cases opened
    in the week and open at its end. Returns the rule used: {"still_open": "cases" | "calls", "cases_from": week}."""
    shipped = ship_week(tx)
    rule = {"still_open": "calls", "cases_from": shipped[0] if shipped else None}
    if shipped is None or p.start < shipped[1] or not ids:
        return rule
    rule["still_open"] = "cases"
    groups = [complaints, *complaints["by_category"].values(), *complaints["by_agent"].values()]
    for group in groups:
        group["still_open"] = 0
    for case_type, owner, n in tx.all(
        f"SELECT c.type, c.owner_id, count(*) FROM cases c WHERE c.owner_id IN ({placeholders(ids)})"
        f" AND c.type IN {COMPLAINT_CATEGORIES} AND c.opened_at >= ? AND c.opened_at < ? AND {OPEN_AT_END}"
        " GROUP BY c.type, c.owner_id", (*ids, p.start, p.end, p.end, p.end)):
        complaints["still_open"] += n
        for key, group in (("by_category", case_type), ("by_agent", login[owner])):
            complaints[key].setdefault(group, {"received": 0, "resolved": 0, "still_open": 0})["still_open"] += n
    return rule


def major_cases(tx: Tx, ids: list[int], login: dict[int, str], p: Period) -> list[dict[str, Any]]:
    """The major cases (重大) of the scope's agents being worked at some time in the week: opened before its end,
    not closed before its start; oldest first, with `open_at_end`."""
    if not ids:
        return []
    return [
        {"case_id": cid, "opened_at": opened, "type": case_type, "owner": login[owner], "customer_id": cust_id,
         "customer": cust, "status": status, "due_at": due, "open_at_end": bool(still), "summary": summary}
        for cid, opened, case_type, owner, cust_id, cust, status, due, still, summary in tx.all(
            "SELECT c.id, c.opened_at, c.type, c.owner_id, c.customer_id, cu.name, c.status, c.due_at,"
            f" {OPEN_AT_END}, c.summary FROM cases c INDEXED BY cases_major_opened"  # a few in a hundred, by time
            " LEFT JOIN customers cu ON cu.id = c.customer_id"
            f" WHERE c.severity = 'major' AND +c.owner_id IN ({placeholders(ids)})"
            " AND c.opened_at < ?"
            " AND (c.closed_at IS NULL OR c.closed_at >= ?) ORDER BY c.opened_at, c.id LIMIT ?",
            (p.end, p.end, *ids, p.end, p.start, MAJOR_LIMIT))
    ]


def rule_sentence(s: dict[str, Any]) -> str:
    """The message id saying which rule counted "still open" (format it with week=...)."""
    rule = s["still_open_rule"]
    if rule["still_open"] == "cases":
        return N_("still open: the complaint and after-sales cases opened in the week and not resolved at its end "
                  "(cases are counted from {week} on)")
    if rule["cases_from"]:
        return N_("still open: the complaint calls not resolved (this week is before {week}, when cases began)")
    return N_("still open: the complaint calls not resolved")


def markdown_lines(s: dict[str, Any], t: Callable[[str], str], moment: Callable[[str], str],
                   cell: Callable[[object], str]) -> list[str]:
    """The rule's sentence and the major cases' table of the md report."""
    def case_word(slug: str) -> str:
        return t(CASE_WORDS.get(slug, slug))

    def row(*cells: object) -> str:
        return "| " + " | ".join(str(c) for c in cells) + " |"

    out = ["", t(rule_sentence(s)).format(week=s["still_open_rule"]["cases_from"]), "",
           "### " + t(N_("Major cases")), "",
           row(t(N_("case")), t(N_("opened at")), t(N_("type")), t(N_("owner")), t(N_("customer")), t(N_("status")),
               t(N_("due")), t(N_("open at week end"))), "|" + "---|" * 8]
    out += [row(m["case_id"], moment(m["opened_at"]), case_word(m["type"]), m["owner"], cell(m["customer"]),
                case_word(m["status"]), moment(m["due_at"]), t(N_("yes")) if m["open_at_end"] else t(N_("no")))
            for m in s["major_cases"]]
    return out


def csv_rows(s: dict[str, Any], t: Callable[[str], str]) -> list[list[Any]]:
    """The rule and the major cases as rows of the csv report (section, group, measure, value)."""
    def case_word(slug: str) -> str:
        return t(CASE_WORDS.get(slug, slug))

    rows: list[list[Any]] = [[t(N_("complaints")), t(N_("all")), t(N_("still open counted by")),
                              t(rule_sentence(s)).format(week=s["still_open_rule"]["cases_from"])]]
    for m in s["major_cases"]:
        rows.append([t(N_("major case")), m["owner"], t(N_("case {case_id}: {type}, {status}")).format(
            case_id=m["case_id"], type=case_word(m["type"]), status=case_word(m["status"])), m["summary"]])
    return rows
