"""Erlang C against the published case, its boundary, and large centres."""

from __future__ import annotations

import pytest

from store.errors import ValidationError
from store.staffing import erlang_c, service_level, staff


def test_published_case():
    s = staff(calls=100, interval_min=30, aht_s=180, target_sl=0.8, target_s=20, max_occupancy=0.85, shrinkage=0.30)
    assert s.agents_on_phones == 14
    assert s.agents_scheduled == 20
    assert s.service_level == pytest.approx(0.8884, abs=5e-5)
    assert s.occupancy == pytest.approx(0.7143, abs=5e-5)
    assert s.p_wait == pytest.approx(0.1741, abs=5e-5)
    assert s.asa_s == pytest.approx(0.1741 * 180 / 4, rel=1e-3)


def test_boundary_thirteen_agents_misses_the_target():
    assert service_level(13, 10.0, 180, 20) < 0.8 <= service_level(14, 10.0, 180, 20)


def test_large_centre_does_not_overflow():
    # 4,000 Erlangs: factorials and powers would overflow a float long before this.
    s = staff(calls=60_000, interval_min=60, aht_s=240, target_sl=0.9, target_s=15, max_occupancy=1.0, shrinkage=0.35)
    assert 4000 < s.agents_on_phones < 4100
    assert 0.9 <= s.service_level <= 1
    assert service_level(s.agents_on_phones - 1, 4000.0, 240, 15) < 0.9
    assert 0 <= s.p_wait <= 1
    capped = staff(calls=60_000, interval_min=60, aht_s=240, target_sl=0.9, target_s=15, max_occupancy=0.95)
    assert capped.agents_on_phones == 4211  # ceil(4000 / 0.95): the occupancy cap binds


def test_occupancy_cap_adds_agents():
    loose = staff(calls=500, interval_min=30, aht_s=180, max_occupancy=1.0)
    tight = staff(calls=500, interval_min=30, aht_s=180, max_occupancy=0.8)
    assert tight.agents_on_phones >= 63 > loose.agents_on_phones - 1
    assert tight.occupancy <= 0.8


def test_no_calls_needs_no_agents():
    assert staff(calls=0, interval_min=30, aht_s=180).agents_on_phones == 0


def test_erlang_c_is_one_when_understaffed():
    assert erlang_c(5, 10.0) == 1.0


@pytest.mark.parametrize("kwargs, field", [
    ({"interval_min": 0}, "interval_min"), ({"aht_s": -1}, "aht_s"), ({"target_sl": 1.5}, "target_sl"),
    ({"shrinkage": 1}, "shrinkage"), ({"max_occupancy": 0}, "max_occupancy"),
])
def test_bad_inputs_name_the_field(kwargs, field):
    args = dict(calls=100, interval_min=30, aht_s=180) | kwargs
    with pytest.raises(ValidationError) as err:
        staff(**args)
    assert err.value.field == field
