"""The system configuration of a shared install, written by `agentdesk host setup` (tui/host_setup.py)
and read by every `agentdesk` started on that host: where the store is, and that who acts is proven by
the operating system (`identity = "os"`), through the sudo rule that runs the desk as the service account.

    [store]
    path = "/var/lib/agentdesk/agentdesk.db"
    identity = "os"

    [host]
    service_user = "agentdesk"
    agents_group = "agentdesk"
    runner = "/usr/local/libexec/agentdesk-bound"

Its place is fixed, /etc/agentdesk/config.toml; the runner script tells the bound process where it is
(AGENTDESK_SYSTEM_CONFIG, set by the root-owned script, after sudo has reset the environment).
"""

from __future__ import annotations

import os
import pwd
import tomllib
from dataclasses import dataclass
from pathlib import Path

from tui.i18n import _

SYSTEM_CONFIG = Path("/etc/agentdesk/config.toml")
CONFIG_VARIABLE = "AGENTDESK_SYSTEM_CONFIG"


class HostConfigError(Exception):
    """The system configuration exists but cannot be used: one sentence saying why."""


@dataclass(frozen=True)
class HostConfig:
    path: Path  # where this configuration was read
    store: Path
    identity: str  # "os": bound runs; anything else is refused
    service_user: str
    agents_group: str
    runner: Path

    @property
    def service_uid(self) -> int:
        try:
            return pwd.getpwnam(self.service_user).pw_uid
        except KeyError:
            raise HostConfigError(_("{path}: the service account '{user}' does not exist; run 'agentdesk host setup' "
                                    "again as root.").format(path=self.path, user=self.service_user)) from None

    def render(self) -> str:
        return (
            "# written by 'agentdesk host setup': who acts is proven by the operating system\n"
            "[store]\n"
            f'path = "{self.store}"\n'
            f'identity = "{self.identity}"\n\n'
            "[host]\n"
            f'service_user = "{self.service_user}"\n'
            f'agents_group = "{self.agents_group}"\n'
            f'runner = "{self.runner}"\n'
        )


def config_path() -> Path:
    """AGENTDESK_SYSTEM_CONFIG (a test's own root; the runner script sets it), else /etc/agentdesk/config.toml."""
    value = os.environ.get(CONFIG_VARIABLE)
    return Path(value) if value else SYSTEM_CONFIG


def read_host_config(path: Path | None = None) -> HostConfig | None:
    """The system configuration, or None when this host has none (a laptop, the demo: unbound runs)."""
    path = path or config_path()
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        return None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise HostConfigError(_("{path}: the system configuration cannot be read ({error}); ask the host's "
                                "administrator.").format(path=path, error=exc)) from None
    store, host = data.get("store", {}), data.get("host", {})
    try:
        config = HostConfig(path, Path(store["path"]), str(store.get("identity", "")), str(host["service_user"]),
                            str(host.get("agents_group", host["service_user"])), Path(host["runner"]))
    except (KeyError, TypeError) as exc:
        raise HostConfigError(_("{path}: the system configuration lacks {key}; run 'agentdesk host setup' again "
                                "as root.").format(path=path, key=exc)) from None
    if config.identity != "os":
        raise HostConfigError(_("{path}: identity = '{identity}' is not supported; it must be \"os\".").format(
            path=path, identity=config.identity))
    return config
