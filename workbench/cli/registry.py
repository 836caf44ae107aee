"""How command modules add their sub-commands to ``workbench-cli``: the one way to add a command.

Each module in ``COMMAND_MODULES`` has ``register(factory: CommandFactory) -> None`` (the
factory is in ``cli/factory.py``); it creates its parsers with ``factory.command(...)`` and binds
a handler with ``p.set_defaults(handler=fn)``, where ``fn(args: argparse.Namespace) -> int``.
``factory.plain`` makes a parser without the project argument.
"""

from __future__ import annotations

from types import ModuleType

from workbench.cli import (
    cmd_media,
    cmd_refi,
    cmd_reports,
    cmd_search,
    cmd_server,
    cmd_team,
    cmd_teamwork,
    cmd_watch,
    commands,
)

# Command modules register here, one entry each, in the order ``--help`` lists them.
COMMAND_MODULES: list[ModuleType] = [
    commands,
    cmd_media,
    cmd_refi,
    cmd_reports,
    cmd_search,
    cmd_teamwork,
    cmd_watch,
    cmd_server,
    cmd_team,
]
