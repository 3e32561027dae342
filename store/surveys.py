"""Post-call survey answers from the customer (IVR or SMS): the only source of CSAT."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from store.access import LEADS, get_agent, require_sees_agent
from store.db import Store, Tx
from store.errors import NotFound, StoreError, ValidationError
from store.importer.csv_files import csv_records, detect_encoding
from store.importer.headers import SURVEY_HEADERS, header_key
from store.kpi_rollups import refresh as refresh_rollups
from store.messages import N_
from store.validate import int_range


def _find_call(tx: Tx, call_id: int | None, uniqueid: str | None) -> int:
    if call_id is None and not uniqueid:
        raise ValidationError("call", N_("call: give --call ID or --uniqueid ID."))
    if call_id is not None:
        found = tx.scalar("SELECT id FROM calls WHERE id = ?", (int(call_id),))
        if found is None:
            raise NotFound(N_("there is no call #{call_id}."), call_id=call_id)
        return int(found)
    found = tx.scalar("SELECT id FROM calls WHERE uniqueid = ?", (str(uniqueid).strip(),))
    if found is None:
        raise NotFound(N_("no call has uniqueid {uniqueid}."), uniqueid=uniqueid)
    return int(found)


def record_in_tx(tx: Tx, score: int | str, call_id: int | None = None, uniqueid: str | None = None) -> int:
    score = int_range(score, "score", 1, 5)
    found = _find_call(tx, call_id, uniqueid)
    agent_login = tx.scalar("SELECT a.login FROM calls k JOIN agents a ON a.id = k.agent_id WHERE k.id = ?", (found,))
    require_sees_agent(tx.actor, get_agent(tx.conn, agent_login))
    tx.update("calls", found, {"survey_score": score, "survey_at": tx.now})
    refresh_rollups(tx.conn)  # the KPI rollup of the call's day
    tx.changed("calls", found)
    return found


def record_survey(store: Store, actor: str, score: int | str, *, call_id: int | None = None, uniqueid: str | None = None) -> int:
    """Store the customer's 1-5 answer on the call. Leads (their team) and admins: give the phone system an admin login."""
    with store.write(actor, *LEADS) as tx:
        return record_in_tx(tx, score, call_id, uniqueid)


# -- bulk: `agentdesk import surveys FILE.csv` ------------------------------------
SURVEY_BATCH = 500


def import_surveys(store: Store, actor: str, path: str | Path, encoding: str | None = None) -> dict[str, Any]:
    """Survey answers from a CSV with columns (call_id or uniqueid) and score, or their Chinese names
    (通话编号 or 通话唯一标识（uniqueid）, and 满意度评分: the words a calls export writes).

    Each row is checked like `record_survey`; a bad row is skipped and reported
    with its line number and reason, the good ones are saved.
    Returns {'saved': n, 'rejected': [(line, reason), ...]}.
    """
    path = Path(path)
    with store.read(actor, *LEADS):
        pass  # refuse agents before reading the file
    encoding = detect_encoding(path, encoding)
    saved = 0
    rejected: list[tuple[int, str]] = []
    with open(path, newline="", encoding=encoding) as fh:
        reader = csv.reader(fh)
        records = csv_records(reader)
        first = next(records, None)
        if first is None:
            raise ValidationError(
                "file",
                N_("{name} is empty; the first line must name the columns call_id or uniqueid, and score."),
                name=path.name,
            )
        header = [SURVEY_HEADERS.get(header_key(h)) for h in first[1]]
        if "score" not in header or not ({"call_id", "uniqueid"} & set(header)):
            raise ValidationError(
                "file",
                N_("{name}: the header must have a score column (满意度评分) and a call_id (通话编号) or uniqueid "
                   "column; it has {columns}."),
                name=path.name, columns=', '.join(h.strip().lstrip("\ufeff") for h in first[1] if h.strip()) or 'nothing',
            )
        col: dict[str, int] = {name: header.index(name) for name in ("call_id", "uniqueid", "score") if name in header}

        def cell(cells: list[str], name: str) -> str:
            i = col.get(name)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        batch: list[tuple[int, list[str]]] = []

        def flush() -> None:
            nonlocal saved
            with store.write(actor, *LEADS) as tx:
                for line, cells in batch:
                    call_id, uniqueid = cell(cells, "call_id"), cell(cells, "uniqueid")
                    try:
                        if call_id and not call_id.isdigit():
                            raise ValidationError(
                                "call_id",
                                N_("call_id: '{call_id}' is not a call number."),
                                call_id=call_id,
                            )
                        record_in_tx(tx, cell(cells, "score"), int(call_id) if call_id else None, uniqueid or None)
                        saved += 1
                    except StoreError as exc:
                        rejected.append((line, str(exc)))
            batch.clear()

        for line, cells in records:
            if not any(c.strip() for c in cells):
                continue
            batch.append((line, cells))
            if len(batch) >= SURVEY_BATCH:
                flush()
        if batch:
            flush()
    return {"saved": saved, "rejected": rejected}
