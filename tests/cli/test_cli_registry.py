"""One way to add a CLI command: a module in ``COMMAND_MODULES`` with ``register(factory)``,
whose parsers bind their handler — the core commands included."""

from __future__ import annotations

import argparse

from workbench.cli import commands
from workbench.cli.main import build_parser
from workbench.cli.registry import COMMAND_MODULES


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_command_module_registers_the_same_way() -> None:
    assert commands in COMMAND_MODULES
    for module in COMMAND_MODULES:
        assert callable(getattr(module, "register", None)), module.__name__


def test_every_sub_command_binds_its_handler() -> None:
    for name, parser in _subcommands(build_parser()).items():
        assert callable(parser.get_default("handler")), name
    assert _subcommands(build_parser())["new"].get_default("handler") is commands.cmd_new
