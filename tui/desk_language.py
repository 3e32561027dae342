"""The desk's language from Ctrl+P: "Language: 简体中文" saves it as the agent's preference
(store/agent_prefs.py, as `agentdesk prefs set language` does) and switches the desk.

The switch is made at once when the home screen is all that is open: it is made again (HomeScreen.remake),
every word and time in the new language. With anything above it (a call, a card, a form) the choice
is saved and the desk says it speaks the language from its next start: repainting those screens
would lose what is typed in them.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import SystemCommand
from textual.command import CommandPalette
from textual.message import Message

from screens.home import HomeScreen
from store.agent_prefs import set_language as save_language
from tui.i18n import _, available_languages, language, language_name, set_language


class LanguageSaved(Message):
    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language


def _home_alone(app) -> bool:
    """Nothing but the home screen is open (the palette aside)."""
    stack = [s for s in app.screen_stack if not isinstance(s, CommandPalette)]
    return len(stack) == 1 and isinstance(stack[0], HomeScreen)


def language_commands(app) -> Iterable[SystemCommand]:
    """One command for each language the desk is not speaking now."""
    now = _("switches now") if _home_alone(app) else _("from the next start")
    for code in available_languages():
        if code != language():
            yield SystemCommand(_("Language: {language}").format(language=language_name(code)),
                                _("saved as your language; {when}").format(when=now),
                                lambda code=code: choose(app, code))


def choose(app, code: str) -> None:
    def save() -> None:
        save_language(app.ctx.store, app.ctx.login, code, available_languages())
        app.post_message(LanguageSaved(code))

    app.run_worker(save, thread=True, group="prefs", exit_on_error=False)


def language_saved(app, message: LanguageSaved) -> None:
    name = language_name(message.language)
    if not _home_alone(app):
        app.notify(_("{language} is saved as your language: the desk speaks it from its next start.").format(
            language=name), title=_("Language"), markup=False)
        return
    set_language(message.language)
    home = app.screen_stack[0]
    app.call_later(home.remake)
    app.notify(_("The desk now speaks {language}; it is saved as your language.").format(language=name),
               title=_("Language"), markup=False)
