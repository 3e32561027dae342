"""Where things live on disk: the store, the demo store, the config file."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import platformdirs

APP = "agentdesk"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def default_db() -> Path:
    return data_dir() / "agentdesk.db"


def default_demo_db(language: str = "en") -> Path:
    """demo.db for the English demo; one file per other language (demo-zh_CN.db), so switching the
    desk's language finds that language's demo instead of the other one's."""
    return data_dir() / ("demo.db" if language == "en" else f"demo-{language}.db")


def export_dir() -> Path:
    """Where the desk offers to write exports: the user's documents folder, agentdesk inside it."""
    return Path(platformdirs.user_documents_dir()) / APP


def config_file() -> Path:
    """AGENTDESK_CONFIG, else <user config dir>/agentdesk/config.toml."""
    env = os.environ.get("AGENTDESK_CONFIG")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir(APP, appauthor=False)) / "config.toml"


def resolve_db(cli_value: str | None) -> tuple[Path, bool]:
    """(path, explicit): --db, else AGENTDESK_DB, else the store the host's system configuration names
    (the service account's own runs on a shared install), else the user data dir."""
    if cli_value:
        return Path(cli_value).expanduser(), True
    env = os.environ.get("AGENTDESK_DB")
    if env:
        return Path(env).expanduser(), True
    from tui.host_config import HostConfigError, read_host_config

    try:
        host = read_host_config()
    except HostConfigError:  # an unusable system configuration is said by the bound path; here it names nothing
        host = None
    if host is not None:
        return host.store, True
    return default_db(), False


def os_login() -> str | None:
    try:
        return getpass.getuser()
    except Exception:  # no login name on this system (e.g. a container uid)
        return None


def resolve_agent(cli_value: str | None) -> str | None:
    """--agent, else AGENTDESK_AGENT, else the OS login."""
    if cli_value:
        return cli_value
    env = os.environ.get("AGENTDESK_AGENT")
    if env:
        return env
    return os_login()
