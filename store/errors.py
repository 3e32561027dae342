"""Errors the store raises: a message id (an English sentence with `{name}` placeholders) and its parameters.

`str(error)` is the English sentence; `error.render(translate)` the sentence in the
language of `translate` (the CLI and screens pass their `_`). Write the id with
`N_` (store/messages.py) so the catalog lists it; values go in as parameters.
"""

from __future__ import annotations

from collections.abc import Callable


def _filled(text: str, params: dict[str, object]) -> str:
    if params:
        return text.format(**params)
    try:
        return text.format()
    except (KeyError, IndexError, ValueError):
        return text  # a sentence built elsewhere, holding braces of its own


class StoreError(Exception):
    """Base class: str(error) is a complete sentence for the user."""

    def __init__(self, message_id: str, /, **params: object) -> None:
        super().__init__(message_id)
        self.message_id = message_id
        self.params = params

    def __str__(self) -> str:
        return _filled(self.message_id, self.params)

    def render(self, translate: Callable[[str], str]) -> str:
        """The sentence in the language of `translate` (a gettext-style function); a parameter that is
        itself a store error (the reason inside "row 7: ...") is rendered in it too."""
        params = {k: v.render(translate) if isinstance(v, StoreError) else v for k, v in self.params.items()}
        return _filled(translate(self.message_id), params)


class NotFound(StoreError):
    pass


class PermissionDenied(StoreError):
    pass


class ValidationError(StoreError):
    """Bad input. `field` names what to fix."""

    def __init__(self, field: str, message_id: str, /, **params: object) -> None:
        super().__init__(message_id, **params)
        self.field = field


class Conflict(StoreError):
    """The change lost a race or would break a uniqueness rule; `holder` is who has it."""

    def __init__(self, message_id: str, /, holder: str | None = None, **params: object) -> None:
        super().__init__(message_id, **params)
        self.holder = holder


class StoreTooNew(StoreError):
    pass


class StoreUnavailable(StoreError):
    """The file cannot be opened, read or written."""
