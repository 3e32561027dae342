"""Demo data for `agentdesk demo`: a small call centre with a believable past.

Deterministic: the same seed and the same "today" (from the store's clock) give identical rows.
Everything is generated in Python first (`demo.past.Past`, filled by `demo.people`,
`demo.customers` and `demo.days`), then loaded into an empty store in one write transaction
through `store.history_load`, which checks each row and writes what the store's own write
functions would have written alongside: search tokens, reversed phone digits,
customers.last_contact_at, audit rows and change-log rows.

Two languages (`demo.writing`): the English demo, where agents write to each customer in the
customer's language, and the Chinese one (`agentdesk --lang zh_CN demo`), where every note, reason,
tag and team name is Chinese.

`demo` uses `store`; `store` never imports `demo`.
"""

from demo.past import DEMO_AGENT
from demo.seed import DemoSummary, demo_agent, demo_language, seed_demo
from demo.writing import DEMO_LANGUAGES

__all__ = ["DEMO_AGENT", "DEMO_LANGUAGES", "DemoSummary", "demo_agent", "demo_language", "seed_demo"]
