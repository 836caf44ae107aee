"""Members of a server project: ``team add``, ``team list``, ``team remove`` (owners only, the
server enforces it), ``team blind URL on|off`` and ``team codebook URL on|off``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.cli import output
from workbench.core.errors import ValidationError
from workbench.core.project import Project
from workbench.core.server import members
from workbench.core.server.url import is_server_location

if TYPE_CHECKING:
    from workbench.cli.factory import CommandFactory

ON_OFF = ("on", "off")


def register(factory: CommandFactory) -> None:
    team = factory.plain(
        "team", help="members of a project on a server", description="Members of a server project."
    )
    sub = team.add_subparsers(dest="team_command", required=True, metavar="ACTION")

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("project", metavar="URL", help="the project (postgresql://USER@HOST/DB)")
        return p

    p = action("add", "add a member with a database login of their own (owners only)")
    p.add_argument("name", metavar="NAME", help="the member's name: the coder they code as")
    p.add_argument("--role", choices=("owner", "coder", "reader"), required=True)
    p.add_argument(
        "--password-file",
        metavar="FILE",
        default=None,
        help="the login's password, its first line (default: one is generated, shown once)",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_add)
    p = action("list", "list the members, their roles and logins")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_list)
    p = action("remove", "remove a member and drop their login (their work stays, theirs)")
    p.add_argument("name", metavar="NAME")
    p.set_defaults(handler=cmd_remove)
    p = action("blind", "blind coding: each coder sees only their own codings (owners only)")
    p.add_argument("state", choices=ON_OFF)
    p.set_defaults(handler=cmd_blind)
    p = action("codebook", "let coders edit the codebook (when not blind), or not (owners only)")
    p.add_argument("state", choices=ON_OFF)
    p.set_defaults(handler=cmd_codebook)


def _location(args: argparse.Namespace) -> str:
    if not is_server_location(args.project):
        raise ValidationError(
            f"{args.project} is no server project: members are for projects on a server "
            "(postgresql://USER@HOST:PORT/DB). Publish the file first (workbench-cli publish)."
        )
    return str(args.project)


def _password(path: str | None) -> str | None:
    if path is None:
        return None
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(f"Cannot read the password file {path}: {exc}.") from None
    if not lines or not lines[0].strip():
        raise ValidationError(
            f"The password file {path} is empty: put the password on its first line."
        )
    return lines[0].strip()


def cmd_add(args: argparse.Namespace) -> int:
    added = members.add(_location(args), args.name, args.role, _password(args.password_file))
    if args.json:
        data: dict[str, Any] = {"name": added.name, "login": added.login, "role": added.role}
        if added.password is not None:
            data["password"] = added.password
        output.emit_json(data)
        return 0
    print(f"added     {added.name} as {added.role}; they connect as login {added.login}")
    if added.password is not None:
        print(f"password  {added.password}  (shown once: give it to {added.name} now)")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    found = members.list(_location(args))
    if args.json:
        output.emit_json([{"name": m.name, "login": m.login, "role": m.role} for m in found])
        return 0
    if found:
        print(output.table(("name", "role", "login"), [(m.name, m.role, m.login) for m in found]))
    else:
        print("No members yet: the project's publisher adds them with 'team add'.")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    members.remove(_location(args), args.name)
    print(f"removed   {args.name} (their login is dropped; their work stays, attributed to them)")
    return 0


def _setting(args: argparse.Namespace, change: Any, what: str) -> int:
    on = args.state == "on"
    with Project.open(_location(args), app="workbench-cli") as project:
        change(project, on)
    print(f"{what} is {args.state}.")
    return 0


def cmd_blind(args: argparse.Namespace) -> int:
    return _setting(args, members.set_blind, "Blind coding")


def cmd_codebook(args: argparse.Namespace) -> int:
    return _setting(args, members.allow_codebook_edits, "Codebook editing by coders")
