"""Teamwork commands: ``share`` (a copy for a coder), ``merge`` (coders' copies back into the
project), ``undo-merge`` (the last merge, as a whole) and ``agreement`` (inter-coder agreement)."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.cli import output
from workbench.core.errors import ValidationError
from workbench.core.project import Project
from workbench.core.teamwork.agreement import AgreementReport, agreement
from workbench.core.teamwork.agreement_export import write_agreement
from workbench.core.teamwork.agreement_units import DEFAULT_UNIT, UNITS
from workbench.core.teamwork.merge import apply_merge, plan_merge
from workbench.core.teamwork.merge_report import MergeReport
from workbench.core.teamwork.merge_undo import undo_merge
from workbench.core.teamwork.pseudonymize import pseudonymize_copy, suggest_mapping
from workbench.core.teamwork.share_copy import share_copy
from workbench.core.text.wording import counted

if TYPE_CHECKING:
    from workbench.cli.factory import CommandFactory


def register(factory: CommandFactory) -> None:
    p = factory.command("share", "write a copy of the project for a coder (mergeable later)")
    p.add_argument("out", metavar="OUT.qwb", help="the copy to write (must not exist)")
    p.add_argument("--blind", action="store_true", help="leave out all codings (blind coding)")
    p.add_argument(
        "--pseudonymize",
        action="store_true",
        help="replace names everywhere (the copy is then a separate project, not mergeable)",
    )
    p.add_argument(
        "--mapping",
        metavar="FILE",
        default=None,
        help="names to replace: JSON {name: pseudonym} or CSV name,pseudonym "
        "(default: case names and speaker names)",
    )
    factory.coder_flag(p)
    p.set_defaults(handler=cmd_share)

    p = factory.command(
        "merge", "merge coders' copies into the project (three-way)", json_flag=True
    )
    p.add_argument("others", nargs="+", metavar="OTHER.qwb", help="the coders' copies")
    p.add_argument(
        "--prefer",
        choices=("mine", "theirs"),
        default=None,
        help="settle every conflict this way (without it, a copy with conflicts is not merged)",
    )
    p.add_argument("--dry-run", action="store_true", help="only report what would happen")
    factory.coder_flag(p)
    p.set_defaults(handler=cmd_merge)

    p = factory.command(
        "undo-merge",
        "undo the last merge as a whole (only while it is the project's latest change)",
        json_flag=True,
    )
    factory.coder_flag(p)
    p.set_defaults(handler=cmd_undo_merge)

    p = factory.command("agreement", "inter-coder agreement per code and overall", json_flag=True)
    p.add_argument(
        "--coders", default=None, metavar="A,B", help="coder names (default: all who coded)"
    )
    p.add_argument(
        "--unit",
        choices=UNITS,
        default=DEFAULT_UNIT,
        help=f"unit of analysis ({DEFAULT_UNIT}: uncoded text cannot inflate agreement)",
    )
    p.add_argument(
        "--code", action="append", default=None, metavar="CODE_PATH", help="only these codes"
    )
    p.add_argument(
        "--all-sources",
        action="store_true",
        help="every source, not only those every chosen coder marked done",
    )
    p.add_argument("--out", metavar="FILE", default=None, help="also write a .csv, .xlsx or .pdf")
    p.set_defaults(handler=cmd_agreement)


def cmd_share(args: argparse.Namespace) -> int:
    if args.mapping and not args.pseudonymize:
        raise ValidationError("--mapping goes with --pseudonymize.")
    with Project.open(args.project, read_only=True) as project:
        if args.pseudonymize:
            mapping = _read_mapping(Path(args.mapping)) if args.mapping else None
            report = pseudonymize_copy(
                project,
                Path(args.out),
                mapping=mapping if mapping is not None else suggest_mapping(project),
                coder=args.coder,
                blind=args.blind,
            )
            print(f"Wrote {report.path}: {counted(report.total, 'replacement')}")
            for name, count in sorted(report.by_name.items()):
                print(f"  {name}: {count}")
            for place, count in sorted(report.by_place.items()):
                print(f"  in {place}: {count}")
            for warning in report.warnings:
                print(f"Warning: {warning}")
            return 0
        result = share_copy(project, Path(args.out), coder=args.coder, blind=args.blind)
    extra = f", {counted(result.codings_removed, 'coding')} left out" if result.blind else ""
    print(f"Wrote {result.path} (from revision {result.base_revision}{extra})")
    return 0


def _read_mapping(path: Path) -> dict[str, str]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ValidationError(f"{path}: cannot be read ({exc.strerror}).") from None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValidationError(f"{path}: not valid JSON ({exc.msg}).") from None
        if not isinstance(data, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in data.items()
        ):
            raise ValidationError(f"{path}: expected an object of name → pseudonym.")
        return data
    rows = [r for r in csv.reader(io.StringIO(text)) if r and any(c.strip() for c in r)]
    if any(len(r) < 2 for r in rows):
        raise ValidationError(f"{path}: each line needs a name and its pseudonym.")
    return {r[0]: r[1] for r in rows}


def cmd_merge(args: argparse.Namespace) -> int:
    status = 0
    reports: list[dict[str, Any]] = []
    with Project.open(args.project, app="workbench-cli") as project:
        for other in args.others:
            plan = plan_merge(project, Path(other))
            applied = False
            backup = None
            report = plan.report
            if plan.conflicts and args.prefer is None:
                status = 1
                print(
                    f"workbench-cli: error: {other}: {counted(len(plan.conflicts), 'conflict')}; "
                    "not merged (use --prefer mine or --prefer theirs)",
                    file=sys.stderr,
                )
            elif not args.dry_run:
                outcome = apply_merge(project, plan, coder=args.coder, prefer=args.prefer or "mine")
                report, applied, backup = outcome.report, True, outcome.backup
            data = report.to_json()
            data.update({"applied": applied, "backup": None if backup is None else str(backup)})
            reports.append(data)
            if not args.json:
                _print_merge(report, applied)
    if args.json:
        output.emit_json(reports)
    return status


def cmd_undo_merge(args: argparse.Namespace) -> int:
    with Project.open(args.project, app="workbench-cli") as project:
        undone = undo_merge(project, coder=args.coder)
        revision = project.revision()
    backup = undone.merge.backup
    if args.json:
        output.emit_json(
            {
                "undone": undone.merge.other,
                "merge_revision": undone.merge.revision,
                "backup": str(backup.path),
                "kept": str(undone.kept),
                "revision": revision,
            }
        )
    else:
        print(f"Undid the merge of {undone.merge.other_name}: restored {backup.path.name}")
        print(f"The project as it was after the merge is kept as {undone.kept}")
    return 0


def _print_merge(report: MergeReport, applied: bool) -> None:
    verb = "merged" if applied else "would merge"
    print(f"{report.other_path}: {verb} ({report.base or 'union: no common base'})")
    for label, counts in (
        ("added", report.added),
        ("changed", report.changed),
        ("deleted", report.deleted),
    ):
        if counts:
            print(f"  {label}: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()))
    if not report.total_changes:
        print("  nothing to change")
    for c in report.conflicts:
        print(f"  conflict [{c.choice}] {c.label}: {c.title} (mine: {c.mine}; theirs: {c.theirs})")
    for note in report.notes:
        print(f"  note: {note}")


def cmd_agreement(args: argparse.Namespace) -> int:
    with Project.open(args.project, read_only=True) as project:
        if args.coders:
            coders = [c.strip() for c in args.coders.split(",") if c.strip()]
        else:
            coders = sorted({s.coder for s in project.codings.segments()})
        if len(coders) < 2:
            raise ValidationError("Agreement needs two or more coders (--coders A,B).")
        codes = None
        if args.code:
            codes = [project.codebook.find(path) for path in args.code]
        report = agreement(
            project,
            coders=coders,
            unit=args.unit,
            codes=codes,
            only_done=not args.all_sources,
        )
    if args.out:
        write_agreement(report, Path(args.out))
    if args.json:
        output.emit_json(report.to_json())
    else:
        _print_agreement(report)
    return 0


def _fmt(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _print_agreement(report: AgreementReport) -> None:
    print(
        f"Coders: {', '.join(report.coders)}; unit: {report.unit}; sources: {len(report.sources)}"
    )
    print(f"Unit: {report.caveat}")
    rows = []
    for row in (report.overall, *report.per_code):
        kappa = row.cohen_kappa.value if row.cohen_kappa is not None else None
        rows.append(
            [
                row.code or "(all codes)",
                f"{row.units:g}",
                _fmt(row.percent_agreement.value, 1),
                _fmt(kappa),
                _fmt(row.krippendorff_alpha.value),
            ]
        )
    print(output.table(["code", "units", "agreement %", "kappa", "alpha"], rows))
    for note in report.notes:
        print(f"note: {note}")
