"""The agentdesk data layer: one shared SQLite file, no UI.

Everything that touches SQL lives in this package. Nothing here imports
Textual (tests/test_import_hygiene.py proves it).
"""

from store.db import Store, open_store
from store.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    StoreError,
    StoreTooNew,
    ValidationError,
)

__all__ = [
    "Store",
    "open_store",
    "StoreError",
    "NotFound",
    "PermissionDenied",
    "ValidationError",
    "Conflict",
    "StoreTooNew",
]
