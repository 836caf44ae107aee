"""``presence``: who has a server project open, which source each reads, who corrects a text."""

from __future__ import annotations

import argparse
from typing import Any

from workbench.cli import output
from workbench.cli.factory import CommandFactory
from workbench.core.project import Project


def cmd_presence(args: argparse.Namespace) -> int:
    with Project.open(args.project, read_only=True, app="workbench-cli") as project:
        present = project.presence.list()
        leases = {lease.source_uuid: lease for lease in project.leases.held()}
        names = {s.uuid: s.name for s in project.sources.list()} if present or leases else {}
        on_server = project.on_server
    rows: list[dict[str, Any]] = []
    for p in present:
        lease = leases.get(p.source_uuid or "")
        until = lease.expires_at.isoformat() if lease and lease.coder == p.coder else None
        rows.append(
            {
                "coder": p.coder,
                "source": names.get(p.source_uuid or ""),
                "source_uuid": p.source_uuid,
                "since": p.since.isoformat(),
                "correcting_until": until,
            }
        )
    if args.json:
        output.emit_json(rows)
        return 0
    if not on_server:
        print("(nobody: presence is shown for projects on a server only)")
    elif not rows:
        print("(nobody has the project open)")
    for p, row in zip(present, rows, strict=True):
        where = row["source"] or "(no source open)"
        line = f"{p.coder}\t{where}\tsince {p.since.astimezone():%H:%M}"
        if row["correcting_until"]:
            line += " (correcting its text)"
        print(line)
    return 0


def register(factory: CommandFactory) -> None:
    p = factory.command(
        "presence", "who has a server project open and which source each reads", json_flag=True
    )
    p.set_defaults(handler=cmd_presence)
