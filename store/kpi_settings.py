"""The KPI settings' public names: their rules (store/kpi_rules.py) and `settings set` from text (store/settings.py)."""

from __future__ import annotations

from store.kpi_rules import CONDUCT_KINDS, DEFAULTS, GRADES, LOWER_IS_BETTER, SCORED, check
from store.settings import set_from_text

__all__ = ["CONDUCT_KINDS", "DEFAULTS", "GRADES", "LOWER_IS_BETTER", "SCORED", "check", "set_from_text"]
