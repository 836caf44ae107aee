"""How feature modules add their sub-commands to ``workbench-cli``.

Each module in ``FEATURE_MODULES`` has ``register(factory: CommandFactory) -> None``; it creates its
parsers with ``factory.command(...)`` and binds a handler with ``p.set_defaults(handler=fn)``, where
``fn(args: argparse.Namespace) -> int``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from workbench.cli import cmd_refi, cmd_reports, cmd_search, cmd_teamwork


@dataclass(frozen=True)
class CommandFactory:
    command: Callable[..., argparse.ArgumentParser]
    coder_flag: Callable[[argparse.ArgumentParser], None]


# Feature modules register here, one line each (search, export, merge, REFI-QDA …).
FEATURE_MODULES: list[ModuleType] = [cmd_refi, cmd_reports, cmd_search, cmd_teamwork]
