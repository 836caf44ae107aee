"""``migrate URL``: upgrade a server project to this workbench's file format (owner only)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from workbench.cli import output
from workbench.core.errors import ValidationError
from workbench.core.server.url import is_server_location

if TYPE_CHECKING:
    from workbench.cli.factory import CommandFactory


def register(factory: CommandFactory) -> None:
    p = factory.plain(
        "migrate",
        help="upgrade a server project to this version's file format (its owner only)",
    )
    p.add_argument("location", metavar="URL", help="the project: postgresql://USER@HOST:PORT/DB")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=cmd_migrate)


def cmd_migrate(args: argparse.Namespace) -> int:
    if not is_server_location(args.location):
        raise ValidationError(
            f"{args.location}: migrate upgrades a project on a server (postgresql://…). "
            "A project file is upgraded when it is opened, after a backup copy."
        )
    from workbench.core.server.migrate import upgrade

    done = upgrade(args.location)
    if args.json:
        output.emit_json(
            {"location": done.location, "from": done.from_version, "to": done.to_version}
        )
    else:
        print(
            f"Upgraded {done.location} from file format {done.from_version} to {done.to_version}."
        )
    return 0
