"""Input checks shared by store functions. Each error names the field and the fix."""

from __future__ import annotations

import re
from typing import Any

from store.errors import ValidationError
from store.messages import N_
from store.text_chars import keep_only

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def clean_text(value: object, field: str, max_len: int = 200, required: bool = False, multiline: bool = False) -> str:
    """Strip control and bidirectional characters, keeping joiners and variation selectors
    (store/text_chars.py; newlines and tabs in multi-line text), and check length."""
    text = keep_only("" if value is None else str(value), multiline).strip()
    if required and not text:
        raise ValidationError(field, N_("{field}: required; type a value."), field=field)
    if len(text) > max_len:
        raise ValidationError(
            field,
            N_("{field}: {length} characters; shorten it to {max_len} at most."),
            field=field, length=len(text), max_len=max_len,
        )
    return text


def one_of(value: str | None, field: str, allowed: tuple[str, ...]) -> str:
    text = (value or "").strip().lower()
    if text not in allowed:
        raise ValidationError(
            field,
            N_("{field}: '{value}' is not one of {allowed}."),
            field=field, value=value, allowed=', '.join(allowed),
        )
    return text


def email(value: object, field: str = "email") -> str:
    text = clean_text(value, field, 254)
    if text and not _EMAIL.match(text):
        raise ValidationError(
            field,
            N_("{field}: '{text}' is not an e-mail address; use name@example.com."),
            field=field, text=text,
        )
    return text


def tags(value: object, field: str = "tags") -> str:
    """Tags as one normalised string: lower-case, comma-separated, sorted, unique."""
    if isinstance(value, (list, tuple, set)):
        items = value
    else:
        items = re.split(r"[,，;；\s]+", str(value or ""))
    cleaned = sorted({clean_text(t, field, 40).lower() for t in items if t and t.strip()})
    return ",".join(t for t in cleaned if t)


def int_range(value: Any, field: str, low: int, high: int | None = None) -> int:
    """`value` as given (text or a number) as a whole number from `low` to `high`."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError(
            field,
            N_("{field}: '{value}' is not a whole number."),
            field=field, value=value,
        ) from None
    if number < low or (high is not None and number > high):
        if high is None:
            raise ValidationError(field, N_("{field}: {number} is out of range; give a number at least {low}."),
                                  field=field, number=number, low=low)
        raise ValidationError(field, N_("{field}: {number} is out of range; give a number between {low} and {high}."),
                              field=field, number=number, low=low, high=high)
    return number
