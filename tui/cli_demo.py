"""Placeholder: filled in by its own change."""


def register(cli) -> None:
    return None
