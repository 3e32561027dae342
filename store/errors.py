"""Errors the store raises. Each carries one sentence a person can act on."""


class StoreError(Exception):
    """Base class: str(error) is a complete sentence for the user."""


class NotFound(StoreError):
    pass


class PermissionDenied(StoreError):
    pass


class ValidationError(StoreError):
    """Bad input. `field` names what to fix."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class Conflict(StoreError):
    """The change lost a race or would break a uniqueness rule."""

    def __init__(self, message: str, holder: str | None = None):
        super().__init__(message)
        self.holder = holder


class StoreTooNew(StoreError):
    pass


class StoreUnavailable(StoreError):
    """The file cannot be opened, read or written."""
