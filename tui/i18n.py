"""The one translation function, `_`. Imports nothing of ours.

Language: --lang, else AGENTDESK_LANG, else the locale (LC_ALL, LC_MESSAGES,
LANG). Catalogs are gettext .mo files under tui/locale/<lang>/LC_MESSAGES.
JSON output is never translated: only text meant for people goes through `_`.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

DOMAIN = "agentdesk"
LOCALE_DIR = Path(__file__).with_name("locale")

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def resolve_language(cli_lang: str | None = None) -> str:
    for value in (cli_lang, os.environ.get("AGENTDESK_LANG")):
        if value:
            return value
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return value.split(".")[0]
    return "en"


def set_language(lang: str | None = None) -> str:
    """Load the catalog for `lang` (resolved as above); unknown languages fall back to English."""
    global _translation, _language
    _language = resolve_language(lang)
    _translation = gettext.translation(
        DOMAIN, localedir=str(LOCALE_DIR), languages=[_language, _language.split("_")[0]], fallback=True
    )
    return _language


def language() -> str:
    return _language


def _(message: str) -> str:
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)
