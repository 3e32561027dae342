"""The one translation function, `_`. Imports nothing of ours.

Language: --lang, else the acting agent's stored preference (`agentdesk prefs set language`, applied
once the store is open and the login known), else AGENTDESK_LANG, else the locale (the first of LC_ALL,
LC_MESSAGES, LANG that is set decides, as in POSIX). `zh`, `zh_CN`, `zh-Hans`, `zh_Hans_CN` and `zh_CN.UTF-8` all mean the
zh_CN catalog; `en`, `C` and `POSIX` mean English. Anything else falls back to English, and
`take_fallback_notice()` hands over the one English sentence that says so (the CLI prints it on
stderr, the desk shows it as a notification). Catalogs are gettext .mo files under
tui/locale/<lang>/LC_MESSAGES, compiled by `python -m tui.i18n_catalogs` (Babel is needed only there).
JSON output is never translated: only text meant for people goes through `_`.

Text made when a module is imported (a class's key descriptions, a module's tuple of column
headings, click's help texts) is marked with `N_()` and translated where it is shown, so it follows
the language chosen later, whatever was imported first.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path
from typing import NamedTuple

DOMAIN = "agentdesk"
LOCALE_DIR = Path(__file__).with_name("locale")
SOURCE_LANGUAGE = "en"  # the msgids are English: it needs no catalog

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = SOURCE_LANGUAGE
_fallback_notice: str | None = None


class Choice(NamedTuple):
    """The catalog chosen (None: there is none for what was asked), what was asked, and where from."""

    language: str | None
    asked: str
    source: str


# each language by its own name, as a menu of languages shows it (never translated)
LANGUAGE_NAMES = {"en": "English", "zh_CN": "简体中文"}
STORED = "your preference"  # where a stored language came from, as the fallback notice names it


def available_languages() -> list[str]:
    """English and every language with a compiled catalog."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    return [SOURCE_LANGUAGE, *found]


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def requested_language(cli_lang: str | None = None, stored: str | None = None) -> tuple[str, str]:
    """(value, where it came from) of the first of --lang, the stored preference, AGENTDESK_LANG, LC_ALL,
    LC_MESSAGES, LANG set."""
    if cli_lang:
        return cli_lang, "--lang"
    if stored:
        return stored, STORED
    for var in ("AGENTDESK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return value, var
    return SOURCE_LANGUAGE, "default"


def catalog_for(value: str) -> str | None:
    """The catalog for a language tag or locale name (`zh`, `zh-Hans`, `zh_CN.UTF-8`, `C`), None if none."""
    tag = value.strip().split(".")[0].split("@")[0].replace("-", "_")
    lang, *rest = tag.split("_") if tag else [""]
    lang = lang.lower()
    if lang in ("", "c", "posix", SOURCE_LANGUAGE):
        return SOURCE_LANGUAGE
    script = next((p.lower() for p in rest if len(p) == 4 and p.isalpha()), None)
    region = next((p.upper() for p in rest if len(p) in (2, 3) and (p.isalpha() or p.isdigit())), None)
    if lang == "zh":
        # one catalog per script: Simplified (zh_CN) unless the script or region says Traditional
        script = script or ("hant" if region in ("TW", "HK", "MO") else "hans")
        candidates = ["zh_CN" if script == "hans" else "zh_TW"]
    else:
        candidates = [f"{lang}_{region}", lang] if region else [lang]
    return next((c for c in candidates if (LOCALE_DIR / c / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()), None)


def resolve_language(cli_lang: str | None = None, stored: str | None = None) -> Choice:
    asked, source = requested_language(cli_lang, stored)
    return Choice(catalog_for(asked), asked, source)


def set_language(lang: str | None = None, stored: str | None = None) -> str:
    """Load the catalog for `lang` (resolved as above, `stored` the agent's preference) and return its
    name; unknown languages fall back to English with a notice (`take_fallback_notice`)."""
    global _translation, _language, _fallback_notice
    choice = resolve_language(lang, stored)
    _language = choice.language or SOURCE_LANGUAGE
    _fallback_notice = None if choice.language else (
        f"agentdesk has no translation for {choice.asked!r} (from {choice.source}); the interface is in English."
    )
    if _language == SOURCE_LANGUAGE:
        _translation = gettext.NullTranslations()
    else:
        _translation = gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[_language])
    return _language


def take_fallback_notice() -> str | None:
    """The sentence saying the language asked for fell back to English, once; None when nothing fell back."""
    global _fallback_notice
    notice, _fallback_notice = _fallback_notice, None
    return notice


def language() -> str:
    return _language


def _(message: str) -> str:
    return _translation.gettext(message) if message else message  # gettext("") is the catalog's header


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a message for the catalog where it is made (at import time) and returns it untranslated:
    `_()` translates it where it is shown."""
    return message
