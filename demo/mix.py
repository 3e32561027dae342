"""The mix of work in the demo centre: categories, outcomes, channels, talk times, conduct points.

bench/build_store.py draws its calls from the same mix.
"""

from __future__ import annotations

CATEGORY_MIX = {
    "consultation": 35, "order": 15, "after-sales": 15, "complaint": 10,
    "shipping": 8, "billing": 6, "feedback": 6, "return-visit": 5,
}
# outcomes of a call that reached the customer, by category
OUTCOME_MIX = {
    "consultation": {"resolved": 85, "callback-needed": 6, "transferred": 5, "escalated-sales": 4},
    "order": {"resolved": 84, "callback-needed": 6, "escalated-sales": 6, "transferred": 4},
    "after-sales": {"resolved": 64, "escalated-tech": 16, "callback-needed": 14, "transferred": 6},
    "complaint": {"resolved": 52, "escalated-manager": 16, "callback-needed": 17, "escalated-tech": 9, "transferred": 6},
    "shipping": {"resolved": 84, "callback-needed": 11, "transferred": 5},
    "billing": {"resolved": 78, "callback-needed": 12, "escalated-sales": 5, "escalated-manager": 5},
    "feedback": {"resolved": 88, "escalated-sales": 6, "escalated-tech": 6},
    "return-visit": {"resolved": 90, "callback-needed": 6, "escalated-manager": 4},
}
# share of outbound calls by category (return visits are always outbound)
OUTBOUND_SHARE = {"return-visit": 1.0, "billing": 0.45, "shipping": 0.2}
OUTBOUND_OTHER = 0.04
INBOUND_CHANNELS = {"phone": 86, "wechat": 7, "walk-in": 4, "email": 3}
# talk-time scale by category (median talk ~180 s overall)
TALK_SCALE = {
    "consultation": 1.0, "order": 1.1, "after-sales": 1.3, "complaint": 1.6,
    "shipping": 0.7, "billing": 0.9, "feedback": 0.85, "return-visit": 0.6,
}
CONDUCT_POINTS = {
    "missed-meeting": -1.0, "late": -1.0, "early-leave": -1.0,  # late/early-leave: per full 3
    "absence": -1.0, "dress-code": -1.0, "hygiene": -2.0,
}


def weighted(mix: dict) -> tuple[list, list]:
    """(keys, cumulative weights) of a mix, for bisecting a random number into a key."""
    keys = list(mix)
    cum, total = [], 0
    for k in keys:
        total += mix[k]
        cum.append(total)
    return keys, cum
