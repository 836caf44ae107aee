"""REFI-QDA commands: ``export-qdpx``, ``import-qdpx``, ``export-qdc`` and ``import-qdc``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.cli import output
from workbench.core.project import Project
from workbench.core.refi import ExchangeReport, export_qdc, export_qdpx, import_qdc, import_qdpx

if TYPE_CHECKING:
    from workbench.cli.factory import CommandFactory


def register(factory: CommandFactory) -> None:
    p = factory.command(
        "export-qdpx", "export the whole project as REFI-QDA (.qdpx)", json_flag=True
    )
    p.add_argument("out", metavar="OUT.qdpx")
    p.add_argument("--force", action="store_true", help="replace OUT if it exists")
    p.set_defaults(handler=cmd_export_qdpx)

    p = factory.command(
        "import-qdpx", "create a new project from a REFI-QDA project (.qdpx)", json_flag=True
    )
    _rename_first_positional(p, "FILE.qdpx", "the REFI-QDA project to import")
    p.add_argument("new", metavar="NEW.qwb", help="the project to create (must not exist)")
    factory.coder_flag(p)
    p.set_defaults(handler=cmd_import_qdpx)

    p = factory.command("export-qdc", "export the codebook as REFI-QDA (.qdc)", json_flag=True)
    p.add_argument("out", metavar="OUT.qdc")
    p.add_argument("--force", action="store_true", help="replace OUT if it exists")
    p.set_defaults(handler=cmd_export_qdc)

    p = factory.command(
        "import-qdc", "add a REFI-QDA codebook (.qdc) to the project", json_flag=True
    )
    p.add_argument("file", metavar="FILE.qdc")
    factory.coder_flag(p)
    p.set_defaults(handler=cmd_import_qdc)


def _rename_first_positional(p: argparse.ArgumentParser, metavar: str, help_text: str) -> None:
    # The factory always adds the project PATH first; for import-qdpx that slot is the .qdpx.
    for action in p._actions:
        if action.dest == "project":
            action.metavar, action.help = metavar, help_text


def cmd_export_qdpx(args: argparse.Namespace) -> int:
    with Project.open(args.project, read_only=True) as project:
        report = export_qdpx(project, Path(args.out), overwrite=args.force)
    return _show(args, report, f"Exported to {args.out}")


def cmd_import_qdpx(args: argparse.Namespace) -> int:
    report = import_qdpx(Path(args.project), Path(args.new), coder=args.coder)
    return _show(
        args, report, f"Created {args.new} from {Path(args.project).name}", project=args.new
    )


def cmd_export_qdc(args: argparse.Namespace) -> int:
    with Project.open(args.project, read_only=True) as project:
        report = export_qdc(project, Path(args.out), overwrite=args.force)
    return _show(args, report, f"Codebook exported to {args.out}")


def cmd_import_qdc(args: argparse.Namespace) -> int:
    with Project.open(args.project, app="workbench-cli") as project:
        report = import_qdc(project, Path(args.file), coder=args.coder)
    return _show(args, report, f"Codebook imported from {Path(args.file).name}")


def report_json(report: ExchangeReport) -> dict[str, Any]:
    """The stable JSON form of an import or export report."""
    return {
        "file": str(report.path),
        "origin": report.origin,
        "counts": dict(report.counts),
        "skipped": list(report.skipped),
        "warnings": list(report.warnings),
    }


def _show(args: argparse.Namespace, report: ExchangeReport, headline: str, **extra: str) -> int:
    if args.json:
        output.emit_json({**report_json(report), **extra})
    else:
        print(headline)
        for line in report.lines():
            print("  " + line)
    return 0
