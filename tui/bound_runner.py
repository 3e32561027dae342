"""The bound runner's entry point: `python -I -m tui.bound_runner ARGS`, started only by the root-owned
runner script that `agentdesk host setup` writes (tui/bound.py says who acts; tui/cli.py runs the rest)."""

from __future__ import annotations

import os
import sys

from store.errors import StoreError
from tui.bound import Refused, bind
from tui.cli import cli
from tui.host_config import HostConfigError, read_host_config
from tui.i18n import _, set_language


def main() -> None:
    os.umask(0o077)  # what the service account writes (the store, its -wal and -shm, backups) is its own
    args = sys.argv[1:]
    set_language(None)
    try:
        config = read_host_config()
        if config is None:
            raise Refused(_("this host has no system configuration; the bound runner cannot start."))
        binding, rest = bind(config, args, dict(os.environ))
    except (Refused, HostConfigError) as exc:
        print(_("Error: {message}").format(message=exc), file=sys.stderr)
        sys.exit(1)
    except StoreError as exc:
        print(_("Error: {message}").format(message=exc.render(_)), file=sys.stderr)
        sys.exit(1)
    cli.main(args=rest, prog_name="agentdesk", obj=binding)


if __name__ == "__main__":
    main()
