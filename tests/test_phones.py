"""Phone numbers: every way people type them normalises to one E.164; lookups and suffix search."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from store import open_store
from store.agents import add_agent
from store.customers import add_phone, create_customer, find_by_phone, search_customers
from store.errors import Conflict, ValidationError
from store.phones import ascii_digits, normalize, reversed_digits, suffix_range, try_normalize
from store.settings import set_setting
from tui.format import phone_display

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize(
    "text,region,e164",
    [
        ("138 0013 8000", "CN", "+8613800138000"),
        ("+86 138-0013-8000", "CN", "+8613800138000"),
        ("0086 13800138000", "CN", "+8613800138000"),
        ("１３８００１３８０００", "CN", "+8613800138000"),
        ("13800138000", "CN", "+8613800138000"),
        ("  138\t0013\u200b8000 ", "CN", "+8613800138000"),  # tab and a zero-width space pasted from chat
        ("0755-8888 1234", "CN", "+8675588881234"),
        ("(0755) 8888-1234", "CN", "+8675588881234"),
        ("010-6552 9988", "CN", "+861065529988"),
        ("(415) 555-0132", "US", "+14155550132"),
        ("415.555.0132", "US", "+14155550132"),
        ("+1 415 555 0132", "CN", "+14155550132"),  # a country code overrides the default region
    ],
)
def test_formats_normalise(text, region, e164):
    phone = normalize(text, region)
    assert phone.e164 == e164
    assert phone.raw == phone.raw.strip() and phone.raw  # the text as typed, kept for people


def test_raw_is_kept_as_typed():
    assert normalize("+86 138-0013-8000", "CN").raw == "+86 138-0013-8000"
    assert normalize("１３８００１３８０００", "CN").raw == "１３８００１３８０００"


@pytest.mark.parametrize("text", ["12345", "138 0013 800", "1380013800000", "abc", "", "   ", "+86", "０"])
def test_invalid_numbers_refused_naming_the_field(text):
    with pytest.raises(ValidationError) as err:
        normalize(text, "CN", field="mobile")
    assert err.value.field == "mobile"
    assert str(err.value).startswith("mobile: ")


def test_12345_refused_with_a_sentence():
    with pytest.raises(ValidationError) as err:
        normalize("12345", "CN")
    assert err.value.field == "phone"
    assert str(err.value) == (
        "phone: '12345' is not a valid phone number for region CN; check the digits or add the country code (+86 ...)."
    )
    assert try_normalize("12345", "CN") is None


def test_the_region_decides_numbers_without_a_country_code():
    assert normalize("(415) 555-0132", "CN").e164 == "+864155550132"  # a Chinese landline, area 415
    with pytest.raises(ValidationError):
        normalize("(650) 253-0000", "CN")
    assert normalize("(650) 253-0000", "US").e164 == "+16502530000"


def test_suffix_range_is_an_index_range():
    e164 = "+8613800138000"
    rev = reversed_digits(e164)
    assert rev == "0008310083168"
    for n in range(4, 14):
        low, high = suffix_range(ascii_digits(e164)[-n:])
        assert low <= rev < high
    low, high = suffix_range("8001")
    assert not (low <= rev < high)
    assert suffix_range("9123") == ("3219", "321:")  # "9" + 1 sorts after every digit


# -- hypothesis: generated CN mobiles in every format ----------------------------------
MOBILE_PREFIXES = [
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153",
    "155", "156", "157", "158", "159", "166", "175", "176", "177", "178", "180", "181", "182", "183",
    "184", "185", "186", "187", "188", "189", "198", "199",
]
FULL_WIDTH = str.maketrans("0123456789+", "０１２３４５６７８９＋")

cn_mobiles = st.builds(lambda p, rest: p + rest, st.sampled_from(MOBILE_PREFIXES), st.text("0123456789", min_size=8, max_size=8))


def variants(national: str) -> list[str]:
    a, b, c = national[:3], national[3:7], national[7:]
    spaced = f"{a} {b} {c}"
    return [
        national,
        spaced,
        f"{a}-{b}-{c}",
        f"+86{national}",
        f"+86 {spaced}",
        f"+86-{a}-{b}-{c}",
        f"0086{national}",
        f"0086 {spaced}",
        f"(+86) {national}",
        national.translate(FULL_WIDTH),
        f"+86 {spaced}".translate(FULL_WIDTH),
        f" {a}　{b}　{c} ",  # ideographic spaces
    ]


@SETTINGS
@given(cn_mobiles)
@example("13800138000")
def test_every_format_of_a_cn_mobile_gives_one_e164(national):
    want = "+86" + national
    got = {text: normalize(text, "CN").e164 for text in variants(national)}
    assert set(got.values()) == {want}, got


@SETTINGS
@given(st.text(max_size=60))
@example("12345")
@example("+")
@example("0086")
@example("\x00\x01")
@example("9" * 300)
@example("+86 " + "1" * 260)
@example("tel:+86-138-0013-8000")
@example("１２")
def test_arbitrary_text_raises_only_validation_error(text):
    try:
        phone = normalize(text, "CN", field="number")
    except ValidationError as err:
        assert err.field == "number"
        assert str(err).startswith("number: ")
    else:
        assert phone.e164.startswith("+") and phone.e164[1:].isdigit()
        assert normalize(phone.e164, "CN").e164 == phone.e164  # E.164 is a fixed point


@SETTINGS
@given(st.text(alphabet=st.sampled_from("0123456789０１２３４５６７８９+-() "), max_size=25))
def test_digit_soup_raises_only_validation_error(text):
    try:
        normalize(text, "US")
    except ValidationError as err:
        assert err.field == "phone"


# -- lookups through the store ----------------------------------------------------------
@pytest.fixture
def desk(team):
    create_customer(team, "li", phones=["138 0013 8000", "0755-8888 1234"], name="张伟欣")
    create_customer(team, "li", phones=["13900139000"], name="李雷")
    return team


@pytest.mark.parametrize(
    "text", ["13800138000", "+86 138-0013-8000", "0086 13800138000", "１３８００１３８０００", "+8613800138000"]
)
def test_find_by_phone_in_any_format(desk, text):
    found = find_by_phone(desk, "wang", text)
    assert found.name == "张伟欣"
    assert [p.e164 for p in found.phones] == ["+8613800138000", "+8675588881234"]
    assert found.phones[0].main is True


def test_find_by_phone_unknown_or_invalid_is_none(desk):
    assert find_by_phone(desk, "li", "13700137000") is None
    assert find_by_phone(desk, "li", "12345") is None
    assert find_by_phone(desk, "li", "") is None


@pytest.mark.parametrize("suffix", ["8000", "38000", "0138000", "00138000", "８０００", "1234", "88881234"])
def test_suffix_search_finds_the_customer(desk, suffix):
    assert [c["name"] for c in search_customers(desk, "wang", suffix)] == ["张伟欣"]


def test_short_digits_do_not_suffix_match(desk):
    assert search_customers(desk, "li", "000") == []


def test_same_number_in_another_format_is_a_conflict(desk):
    with pytest.raises(Conflict, match=r"\+8613800138000 already belongs to customer #1"):
        create_customer(desk, "li", phones=["+86 138-0013-8000"], name="重复")
    with pytest.raises(Conflict):
        add_phone(desk, "li", 2, "0086 13800138000")


def test_default_region_setting_is_used(desk):
    with pytest.raises(ValidationError):
        create_customer(desk, "li", phones=["(650) 253-0000"], name="Bob")
    set_setting(desk, "root", "phone_region", "us")
    cid = create_customer(desk, "li", phones=["(650) 253-0000", "(415) 555-0132"], name="Bob")
    assert find_by_phone(desk, "li", "650-253-0000").id == cid
    assert find_by_phone(desk, "li", "+1 415 555 0132").id == cid


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(national=cn_mobiles, n=st.integers(min_value=4, max_value=11), style=st.integers(min_value=0, max_value=11))
def test_suffix_search_property(phone_store, national, n, style):
    """Whatever format the number was saved in, its last n digits find the customer."""
    typed = variants(national)[style]
    existing = find_by_phone(phone_store, "agent", national)
    cid = existing.id if existing else create_customer(phone_store, "agent", phones=[typed], name="客户")
    found = [c["id"] for c in search_customers(phone_store, "agent", national[-n:], limit=20)]
    assert cid in found
    assert find_by_phone(phone_store, "agent", variants(national)[(style + 5) % 12]).id == cid


@pytest.fixture
def phone_store():
    """One store shared by all examples of a hypothesis test (customers pile up, as in life)."""
    with tempfile.TemporaryDirectory() as d:
        s = open_store(Path(d) / "phones.db")
        add_agent(s, None, "root", "Root", "admin", None)
        add_agent(s, "root", "agent", "Agent", "agent", "north")
        yield s
        s.close()


@pytest.mark.parametrize("e164, home, shown", [
    ("+8613800138000", "CN", "138 0013 8000"),
    ("+862162345678", "CN", "021 6234 5678"),
    ("+12025550143", "CN", "+1 202-555-0143"),
    ("+8613800138000", "US", "+86 138 0013 8000"),
    ("+8613800138000", None, "+86 138 0013 8000"),
])
def test_numbers_read_the_way_people_at_the_centre_write_them(e164, home, shown):
    assert phone_display(e164, home) == shown
