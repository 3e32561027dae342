"""Marks the store's sentences for the translation catalog. Imports nothing.

`N_("there is no agent with login '{login}'.")` returns its text unchanged: the
sentence is the message id, `{name}` placeholders are filled from the error's
parameters, and `python -m tui.i18n_catalogs` collects every `N_` literal in store/.
"""


def N_(text: str) -> str:
    """A store sentence to translate at the edge (CLI, screens); returned as it is."""
    return text
