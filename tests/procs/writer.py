"""A desk process for tests: many writes on one store file, then a JSON summary on stdout.

usage: writer.py DB LOGIN INDEX COUNT GO_FILE [STOP_FILE]   (env WRITER_PAUSE_S: pause between writes;
WRITER_NO_CHECKPOINT=1: never checkpoint the WAL)
Touches GO_FILE.ready.LOGIN once the store is open, then waits until GO_FILE
exists so every writer starts at once. With STOP_FILE it
logs calls until that file appears (COUNT is then ignored); otherwise it does
COUNT writes cycling log_call, create_customer and set_status. Any error is
caught and reported in the summary, so the test sees every one of them.
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from store import open_store  # noqa: E402
from store.call_records import CallEntry  # noqa: E402
from store.calls import log_call  # noqa: E402
from store.customers import create_customer  # noqa: E402
from store.status import set_status  # noqa: E402


def main() -> int:
    db, login, index, count, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    stop = sys.argv[6] if len(sys.argv) > 6 and sys.argv[6] else None
    pause = float(os.environ.get("WRITER_PAUSE_S", "0.002"))
    store = open_store(db)
    if os.environ.get("WRITER_NO_CHECKPOINT"):
        # keep every commit in the WAL: a backup that copied the main file would miss them
        store.conn.execute("PRAGMA wal_autocheckpoint = 0")
    done = {"calls": 0, "customers": 0, "status": 0}
    errors: list[str] = []
    phones: list[str] = []
    Path(f"{go}.ready.{login}").touch()  # tell the test this writer is open and waiting
    while not os.path.exists(go):
        time.sleep(0.001)
    started = time.monotonic()
    i = 0
    while (i < count) if stop is None else not os.path.exists(stop):
        kind = i % 3 if stop is None else 0
        try:
            if kind == 0:
                number = phones[-1] if phones else None
                log_call(store, login, CallEntry(category="order", outcome="resolved", talk_s=60,
                                                 notes=f"{login} call {i}", number=number or ""))
                done["calls"] += 1
            elif kind == 1:
                phone = f"139{index:02d}{i:06d}"
                create_customer(store, login, phones=[phone], name=f"客户 {login} {i}", city="深圳")
                phones.append(phone)
                done["customers"] += 1
            else:
                set_status(store, login, "ready" if (i // 3) % 2 == 0 else "break", None if (i // 3) % 2 == 0 else "rest")
                done["status"] += 1
        except Exception:  # noqa: BLE001 - every error is reported to the test
            errors.append(traceback.format_exc(limit=3))
        i += 1
        time.sleep(pause)  # a desk does other work between saves; it lets the other writers in
    store.close()
    print(json.dumps({"login": login, "done": done, "errors": errors, "seconds": time.monotonic() - started}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
