"""Server commands: ``publish`` (a project file onto a PostgreSQL server) and ``snapshot`` (an
offline copy of a server project, which ``merge URL COPY.qwb`` brings back)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.core.errors import ValidationError
from workbench.core.server.publish import publish
from workbench.core.server.snapshot import snapshot
from workbench.core.server.url import is_server_location

if TYPE_CHECKING:
    from workbench.cli.factory import CommandFactory

URL_HELP = (
    "the server project: postgresql://USER@HOST:PORT/DATABASE (password: PGPASSWORD or ~/.pgpass)"
)


def register(factory: CommandFactory) -> None:
    p = factory.plain(
        "publish",
        help="put a project file on a PostgreSQL server (creates the database)",
        description="Copy a project file whole onto a new database of a PostgreSQL server, "
        "where a team works on it at once. Copies made from the file before still merge.",
    )
    p.add_argument("project", metavar="PATH.qwb", help="the project file to publish")
    p.add_argument("url", metavar="URL", help=URL_HELP + "; the database must not hold anything")
    p.add_argument(
        "--coder", default=None, help="the owner member (default: $WORKBENCH_CODER or your login)"
    )
    p.set_defaults(handler=cmd_publish)

    p = factory.plain(
        "snapshot",
        help="write an offline copy of a server project (merge it back with: merge URL OUT.qwb)",
    )
    p.add_argument("project", metavar="URL", help=URL_HELP)
    p.add_argument("out", metavar="OUT.qwb", help="the copy to write (must not exist)")
    p.set_defaults(handler=cmd_snapshot)


def cmd_publish(args: argparse.Namespace) -> int:
    if is_server_location(args.project) or not is_server_location(args.url):
        raise ValidationError(
            "Give the project file first, then the server: "
            "workbench-cli publish PATH.qwb postgresql://USER@HOST:PORT/DATABASE"
        )
    location = publish(Path(args.project), args.url, owner=args.coder)
    print(f"Published {Path(args.project).name} to {location}")
    return 0


def cmd_snapshot(args: argparse.Namespace) -> int:
    if not is_server_location(args.project):
        raise ValidationError(
            f"{args.project} is no server project: snapshot URL OUT.qwb copies a server project "
            "(for a copy of a file, use share)."
        )
    path = snapshot(args.project, Path(args.out))
    print(f"Wrote {path}")
    return 0
