"""Phone numbers in the CLI's tables and JSON, masked where the whole number is not needed (`138****8000`).

`customers show ID --reveal --reason TEXT` shows one customer's whole numbers, recorded (store/reveals.py);
exports keep whole numbers: they are a lead's or an admin's bulk read, allowed and audited as such.
"""

from __future__ import annotations

from typing import Any

from tui.format import LocalTime

PHONE_KEYS = frozenset({"main_phone", "phone", "phone_e164", "e164", "phone_raw", "raw", "number_raw"})


def masked(value: Any, when: LocalTime) -> Any:
    """`value` (rows, a card, nested dicts and lists) with every number under a phone key masked."""
    if isinstance(value, dict):
        return {k: (when.masked(v) if k in PHONE_KEYS and isinstance(v, str) and v else masked(v, when))
                for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [masked(v, when) for v in value]
    return value
