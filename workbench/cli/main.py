"""``workbench-cli``: the headless interface, thin over the core, usable in scripts."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from workbench.cli import output
from workbench.cli.factory import CommandFactory
from workbench.cli.registry import COMMAND_MODULES
from workbench.core.errors import as_user_error
from workbench.core.server.url import is_server_location

PROG = "workbench-cli"


def default_coder() -> str:
    """The coder a CLI change is made by: --coder, $WORKBENCH_CODER, or the login name."""
    if os.environ.get("WORKBENCH_CODER"):
        return os.environ["WORKBENCH_CODER"]
    try:
        import getpass

        return getpass.getuser()
    except Exception:
        return "cli"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Qualitative Coding Workbench, headless. Paths of codes join names with '/'.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str, *, json_flag: bool = False) -> argparse.ArgumentParser:
        """A sub-command taking the project (PATH or URL) first (and --json if asked)."""
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument(
            "project",
            metavar="PATH|URL",
            help="the project: a file (.qwb), or on a server postgresql://USER@HOST:PORT/DATABASE",
        )
        if json_flag:
            p.add_argument("--json", action="store_true", help="machine-readable output")
        return p

    def coder_flag(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--coder",
            default=None,
            help="who makes the change (default: $WORKBENCH_CODER or your login)",
        )

    factory = CommandFactory(command=command, coder_flag=coder_flag, plain=sub.add_parser)
    for module in COMMAND_MODULES:
        module.register(factory)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "coder", None) is None and args.command not in ("segments",):
        # On a server you code as the member you connect as (an explicit --coder is refused).
        on_server = is_server_location(str(getattr(args, "project", "")))
        args.coder = "" if on_server else default_coder()
    handler = args.handler
    with output.terminal_safe():
        return _run(handler, args)


def _run(handler: Any, args: argparse.Namespace) -> int:
    try:
        return int(handler(args) or 0)
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted; nothing half-written was kept.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        if args.debug:
            raise
        shown = as_user_error(exc, _doing(args))  # a full disk anywhere says so
        if shown is not None:
            print(f"{PROG}: error: {shown}", file=sys.stderr)
            return 1
        print(
            f"{PROG}: internal error: {type(exc).__name__}: {exc} "
            "(please report it; --debug shows details)",
            file=sys.stderr,
        )
        return 2


def _doing(args: argparse.Namespace) -> str:
    project = getattr(args, "project", None)
    where = ""
    if isinstance(project, str):
        server = is_server_location(project)
        where = f" on {_without_password(project) if server else os.path.basename(project)}"
    return f"'{args.command}'{where}"


def _without_password(location: str) -> str:
    try:
        return make_url(location).render_as_string(hide_password=True)
    except ArgumentError:
        return location


if __name__ == "__main__":
    sys.exit(main())
