"""Input checks shared by store functions. Each error names the field and the fix."""

from __future__ import annotations

import re
import unicodedata

from store.errors import ValidationError

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def clean_text(value, field: str, max_len: int = 200, required: bool = False, multiline: bool = False) -> str:
    """Strip control characters (keep newlines in multi-line text) and check length."""
    text = "" if value is None else str(value)
    keep = "\n\t" if multiline else ""
    text = "".join(ch for ch in text if ch in keep or unicodedata.category(ch)[0] != "C")
    text = text.strip()
    if required and not text:
        raise ValidationError(field, f"{field}: required; type a value.")
    if len(text) > max_len:
        raise ValidationError(field, f"{field}: {len(text)} characters; shorten it to {max_len} at most.")
    return text


def one_of(value, field: str, allowed: tuple[str, ...]) -> str:
    text = (value or "").strip().lower()
    if text not in allowed:
        raise ValidationError(field, f"{field}: '{value}' is not one of {', '.join(allowed)}.")
    return text


def email(value, field: str = "email") -> str:
    text = clean_text(value, field, 254)
    if text and not _EMAIL.match(text):
        raise ValidationError(field, f"{field}: '{text}' is not an e-mail address; use name@example.com.")
    return text


def tags(value, field: str = "tags") -> str:
    """Tags as one normalised string: lower-case, comma-separated, sorted, unique."""
    if isinstance(value, (list, tuple, set)):
        items = value
    else:
        items = re.split(r"[,，;；\s]+", str(value or ""))
    cleaned = sorted({clean_text(t, field, 40).lower() for t in items if t and t.strip()})
    return ",".join(t for t in cleaned if t)


def int_range(value, field: str, low: int, high: int | None = None) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError(field, f"{field}: '{value}' is not a whole number.") from None
    if number < low or (high is not None and number > high):
        bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise ValidationError(field, f"{field}: {number} is out of range; give a number {bounds}.")
    return number
