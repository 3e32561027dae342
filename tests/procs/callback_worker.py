"""A desk process racing others on callbacks, then a JSON summary on stdout.

usage: callback_worker.py claim DB LOGIN SEED COUNT GO_FILE   claim callbacks 1..COUNT in a shuffled order
       callback_worker.py generate DB LOGIN GO_FILE CHUNK     run the return-visit generator once
Touches GO_FILE.ready.LOGIN once the store is open, then waits until GO_FILE exists so all start at once.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from store import open_store  # noqa: E402
from store.callbacks import claim_callback, generate_return_visits  # noqa: E402
from store.errors import Conflict  # noqa: E402


def main() -> int:
    mode, db, login = sys.argv[1], sys.argv[2], sys.argv[3]
    store = open_store(db)
    go = sys.argv[6] if mode == "claim" else sys.argv[4]
    Path(f"{go}.ready.{login}").touch()
    while not os.path.exists(go):
        time.sleep(0.001)
    out: dict = {"login": login, "errors": []}
    if mode == "claim":
        ids = list(range(1, int(sys.argv[5]) + 1))
        random.Random(int(sys.argv[4])).shuffle(ids)
        won, lost = [], {}
        for callback_id in ids:
            time.sleep(0.002)  # a desk between two claims: every process is still claiming when the others start
            try:
                claim_callback(store, login, callback_id)
                won.append(callback_id)
            except Conflict as exc:
                lost[callback_id] = exc.holder
            except Exception:  # noqa: BLE001 - every error is reported to the test
                out["errors"].append(traceback.format_exc(limit=3))
        out.update(won=won, lost=lost)
    else:
        try:
            out.update(generate_return_visits(store, login, chunk=int(sys.argv[5])))
        except Exception:  # noqa: BLE001
            out["errors"].append(traceback.format_exc(limit=3))
    store.close()
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
