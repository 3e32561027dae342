"""Phone numbers: parse any format people type, store E.164.

`digits_rev` (the E.164 digits reversed) turns "ends with 8000" into an
index range: digits_rev >= '0008' AND digits_rev < '0009'.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from store.errors import ValidationError
from store.messages import N_

_DIGITS = re.compile(r"\d")


@dataclass(frozen=True)
class Phone:
    e164: str
    raw: str

    @property
    def digits_rev(self) -> str:
        return reversed_digits(self.e164)


def clean_raw(text: str) -> str:
    """The text as typed, minus control characters and outer spaces."""
    return "".join(ch for ch in text if unicodedata.category(ch)[0] != "C").strip()


def normalize(text: str, region: str = "CN", field: str = "phone") -> Phone:
    """Parse `text` into E.164, or raise ValidationError naming `field`."""
    import phonenumbers  # its metadata loads with the first number, not at the desk's start

    raw = clean_raw(text or "")
    if not raw:
        raise ValidationError(field, N_("{field}: empty; type a phone number such as 138 0013 8000."), field=field)
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            field,
            N_("{field}: '{raw}' is not a valid phone number for region {region}; check the digits or add the "
               "country code (+86 ...)."),
            field=field, raw=raw, region=region,
        )
    return Phone(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), raw)


def try_normalize(text: str, region: str = "CN") -> Phone | None:
    try:
        return normalize(text, region)
    except ValidationError:
        return None


def ascii_digits(text: str) -> str:
    """All digits in `text`, full-width ones folded to ASCII."""
    return "".join(str(unicodedata.digit(ch)) for ch in text if _DIGITS.match(ch) and unicodedata.digit(ch, None) is not None)


def reversed_digits(e164: str) -> str:
    return ascii_digits(e164)[::-1]


def suffix_range(digits: str) -> tuple[str, str]:
    """(low, high) bounds on digits_rev for numbers ending in `digits`."""
    low = digits[::-1]
    high = low[:-1] + chr(ord(low[-1]) + 1)
    return low, high
