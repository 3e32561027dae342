"""The translation function, language choice and catalogs."""

from __future__ import annotations

import gettext

from tui import i18n, i18n_catalogs


def test_language_order_cli_then_env_then_locale(monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("AGENTDESK_LANG", "fr")
    assert i18n.resolve_language("de") == "de"
    assert i18n.resolve_language(None) == "fr"
    monkeypatch.delenv("AGENTDESK_LANG")
    assert i18n.resolve_language(None) == "zh_CN"
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert i18n.resolve_language(None) == "en"


def test_unknown_language_falls_back_to_english():
    i18n.set_language("xx_YY")
    try:
        assert i18n._("Login") == "Login"
    finally:
        i18n.set_language("en")


def test_pot_lists_every_message_in_the_code():
    pot = i18n_catalogs.read_po(i18n_catalogs.LOCALE / "agentdesk.pot")
    missing = [m for m in i18n_catalogs.extract() if m not in pot]
    assert missing == [], "run `python -m tui.i18n_catalogs` to update the catalogs"


def test_compiled_catalog_translates(tmp_path):
    folder = tmp_path / "xx" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    i18n_catalogs.write_po(folder / "agentdesk.po", ["Login", "Say \"hi\"\n"], {"Login": "登录", "Say \"hi\"\n": "说“嗨”\n"}, "xx")
    entries = i18n_catalogs.read_po(folder / "agentdesk.po")
    assert entries["Say \"hi\"\n"] == "说“嗨”\n"
    i18n_catalogs.write_mo(folder / "agentdesk.mo", {**entries, "": "Content-Type: text/plain; charset=UTF-8\n"})
    t = gettext.translation("agentdesk", str(tmp_path), ["xx"])
    assert t.gettext("Login") == "登录"
    assert t.gettext("Say \"hi\"\n") == "说“嗨”\n"
    assert t.gettext("Untranslated") == "Untranslated"
