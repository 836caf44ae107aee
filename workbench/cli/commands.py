"""One function per CLI command; each opens the project, calls the core and prints."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.cli import cmd_media, output
from workbench.core.codebook_json import load_codebook
from workbench.core.errors import ValidationError
from workbench.core.importers.media import MEDIA_EXTENSIONS
from workbench.core.project import Project
from workbench.core.server.url import is_server_location
from workbench.core.text.wording import counted

if TYPE_CHECKING:
    from workbench.cli.factory import CommandFactory


def _open(args: argparse.Namespace, *, write: bool) -> Project:
    return Project.open(args.project, read_only=not write, app="workbench-cli")


def cmd_new(args: argparse.Namespace) -> int:
    if is_server_location(args.project):
        raise ValidationError(
            "A server project starts as a file: create it (new FILE.qwb), then "
            f"publish it: workbench-cli publish FILE.qwb {args.project}"
        )
    with Project.create(
        Path(args.project), name=args.name, description=args.description, coder=args.coder
    ) as project:
        print(f"Created {project.path} ({project.info().uuid})")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    paths = [Path(f) for f in args.files]
    documents = [p for p in paths if not cmd_media.is_recording(p)]
    recordings = [p for p in paths if cmd_media.is_recording(p)]
    done, failed = (0, 0)
    if recordings or args.transcript:
        done, failed = cmd_media.import_recordings(args, recordings)
    if documents:
        with _open(args, write=True) as project:
            report = project.sources.import_files(documents, coder=args.coder)
        for outcome in report.outcomes:
            if outcome.status == "imported":
                print(f"imported  {outcome.path.name} as {outcome.name!r}")
            else:
                print(f"{outcome.status:<9} {outcome.message}", file=sys.stderr)
        done, failed = done + len(report.imported), failed + len(report.problems)
    print(f"{done:,} of {counted(len(paths), 'file')} imported.")
    return 0 if not failed else 1


def cmd_info(args: argparse.Namespace) -> int:
    with _open(args, write=False) as project:
        info = project.info()
    data = {
        "name": info.name,
        "uuid": info.uuid,
        "file_id": info.file_id,
        "description": info.description,
        "schema_version": info.schema_version,
        "revision": info.revision,
        "created_at": info.created_at.isoformat(timespec="seconds") + "Z",
        "sources": info.sources,
        "codes": info.codes,
        "codings": info.codings,
        "cases": info.cases,
        "coders": info.coders,
        "memos": info.memos,
        "annotations": info.annotations,
    }
    if args.json:
        output.emit_json(data)
    else:
        for key, value in data.items():
            print(f"{key + ':':<16}{value}")
    return 0


def cmd_sources(args: argparse.Namespace) -> int:
    with _open(args, write=False) as project:
        sources = project.sources.list()
        if args.json:
            looked_in = cmd_media.folders(args)
            media = [cmd_media.media_json(project, s.uuid, looked_in) for s in sources]
    if args.json:
        output.emit_json(
            [{**output.source_json(s), "media": m} for s, m in zip(sources, media, strict=True)]
        )
    else:
        print(
            output.table(
                ["name", "kind", "characters", "codings", "speakers", "sha256"],
                [
                    [
                        s.name,
                        s.original_format or s.kind,
                        s.length,
                        s.codings,
                        ", ".join(s.speakers),
                        s.sha256[:12],
                    ]
                    for s in sources
                ],
            )
        )
    return 0


def cmd_text(args: argparse.Namespace) -> int:
    with _open(args, write=False) as project:
        text = project.sources.text(project.sources.find(args.source), args.start, args.end)
    # exact into a file or pipe; on a terminal, control characters are shown as escapes
    stream = sys.stdout if sys.stdout.isatty() else getattr(sys.stdout, "raw", sys.stdout)
    stream.write(text)
    stream.flush()
    return 0


def cmd_codes(args: argparse.Namespace) -> int:
    with _open(args, write=False) as project:
        forest = project.codebook.tree()
    if args.json:
        output.emit_json([output.code_json(n) for n in forest])
    else:
        print("\n".join(output.code_lines(forest)) or "(no codes)")
    return 0


def cmd_code(args: argparse.Namespace) -> int:
    timed = args.start_ms is not None or args.end_ms is not None
    if timed and (args.start_ms is None or args.end_ms is None):
        raise ValidationError("Give both --start-ms and --end-ms to code a time range.")
    if not timed and (args.start is None or args.end is None):
        raise ValidationError(
            "Give --start and --end (characters), or --start-ms and --end-ms (a recording)."
        )
    with _open(args, write=True) as project:
        if timed:
            created = cmd_media.code_time_range(project, args)
        else:
            source = project.sources.find(args.source)
            code = project.codebook.find(args.code)
            changes = project.codings.apply(
                source=source, code=code, start=args.start, end=args.end, coder=args.coder
            )
            created = bool(changes.created)
    where = f"{args.start_ms}-{args.end_ms} ms" if timed else f"{args.start}-{args.end}"
    if created:
        print(f"Coded {args.source} {where} with {args.code}")
    else:
        print(f"Already coded: {args.source} {where} with {args.code}")
    return 0


def cmd_segments(args: argparse.Namespace) -> int:
    with _open(args, write=False) as project:
        code = project.codebook.find(args.code) if args.code else None
        segments = project.codings.segments(
            code=code, coder=args.coder, include_children=args.children
        )
        if args.json:
            items = cmd_media.timed_segments(project, segments)
            items += cmd_media.media_segments(
                project, code=code, coder=args.coder, children=args.children
            )
    if args.json:
        output.emit_json(items)
    else:
        for seg in segments:
            print(f"{seg.source} {seg.start}-{seg.end}  {seg.code_path}  ({seg.coder})")
            print("    " + seg.text.replace("\n", "\n    "))
    return 0


def cmd_cases(args: argparse.Namespace) -> int:
    with _open(args, write=False) as project:
        cases = project.cases.list()
        names = [a.name for a in project.cases.attributes("case")]
    if args.json:
        output.emit_json([output.case_json(c) for c in cases])
    else:
        print(
            output.table(
                ["case", *names, "sources"],
                [
                    [c.name, *[c.attributes.get(n, "") for n in names], ", ".join(c.sources)]
                    for c in cases
                ],
            )
        )
    return 0


def cmd_cases_import(args: argparse.Namespace) -> int:
    with _open(args, write=True) as project:
        changes = project.cases.import_csv(Path(args.file), coder=args.coder)
    print(f"Imported {'; '.join(changes.messages)}.")
    return 0


def cmd_memos(args: argparse.Namespace) -> int:
    with _open(args, write=False) as project:
        items = [output.memo_json(m) for m in project.memos.list()]
        items += [output.annotation_json(a) for a in project.annotations.list()]
    if args.json:
        output.emit_json(items)
    else:
        for item in items:
            title = f" — {item['title']}" if item["title"] else ""
            print(f"[{item['kind']}] {item['target']} ({item['author']}){title}")
            print("    " + str(item["text"]).replace("\n", "\n    "))
    return 0


def cmd_codebook_import(args: argparse.Namespace) -> int:
    specs = load_codebook(Path(args.file))
    with _open(args, write=True) as project:
        changes = project.codebook.import_tree(codes=specs, coder=args.coder)
    added = sum(1 for _ in changes.created)
    print(f"Codebook imported from {Path(args.file).name}: {counted(added, 'code')} added.")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from workbench.core.demo import build_demo

    path = build_demo(Path(args.project))
    print(f"Demo project written to {path}")
    return 0


def register(factory: CommandFactory) -> None:
    """The core commands: create, import, read, code."""
    p = factory.command("new", "create a new, empty project")
    p.set_defaults(handler=cmd_new)
    p.add_argument("--name", required=True)
    p.add_argument("--description", default="")
    factory.coder_flag(p)
    p = factory.command(
        "import",
        "import documents (txt, md, docx, pdf, odt, rtf, html, vtt, srt) and recordings "
        f"({', '.join(e[1:] for e in MEDIA_EXTENSIONS)})",
    )
    p.set_defaults(handler=cmd_import)
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument(
        "--transcript",
        metavar="T.vtt",
        help="the transcript (vtt, srt, or text with [hh:mm:ss] stamps) of the one recording",
    )
    p.add_argument("--embed", action="store_true", help="keep recordings inside the project")
    factory.coder_flag(p)
    p = factory.command("info", "name, ids, file format and counts", json_flag=True)
    p.set_defaults(handler=cmd_info)
    p = factory.command("sources", "the sources with their sizes and speakers", json_flag=True)
    p.set_defaults(handler=cmd_sources)
    p.add_argument("--media-folder", action="append", metavar="DIR", help=cmd_media.FOLDERS_HELP)
    p = factory.command("text", "print a source's stored text exactly")
    p.set_defaults(handler=cmd_text)
    p.add_argument("--source", required=True, metavar="NAME")
    p.add_argument("--start", type=int, default=None)
    p.add_argument("--end", type=int, default=None)
    p = factory.command("codes", "the code tree with counts", json_flag=True)
    p.set_defaults(handler=cmd_codes)
    p = factory.command(
        "code", "apply a code to a range of a source's text, or to a time range of its recording"
    )
    p.set_defaults(handler=cmd_code)
    p.add_argument("--source", required=True, metavar="NAME")
    p.add_argument("--code", required=True, metavar="CODE_PATH")
    p.add_argument("--start", type=int, default=None, help="first character")
    p.add_argument("--end", type=int, default=None, help="character after the last")
    p.add_argument("--start-ms", type=int, default=None, metavar="N", help="recording time")
    p.add_argument("--end-ms", type=int, default=None, metavar="N", help="recording time")
    factory.coder_flag(p)
    p = factory.command("segments", "coded segments with their text", json_flag=True)
    p.set_defaults(handler=cmd_segments)
    p.add_argument("--code", default=None, metavar="CODE_PATH")
    p.add_argument("--coder", default=None)
    p.add_argument("--children", action="store_true", help="include segments of sub-codes")
    p = factory.command("cases", "cases with their attribute values", json_flag=True)
    p.set_defaults(handler=cmd_cases)
    p = factory.command("cases-import", "import a participants table (CSV: case name first)")
    p.set_defaults(handler=cmd_cases_import)
    p.add_argument("file", metavar="FILE.csv")
    factory.coder_flag(p)
    p = factory.command(
        "memos", "every memo and annotation, with what it is attached to", json_flag=True
    )
    p.set_defaults(handler=cmd_memos)
    p = factory.command("codebook-import", "add a codebook from a JSON file")
    p.set_defaults(handler=cmd_codebook_import)
    p.add_argument("file", metavar="FILE.json")
    factory.coder_flag(p)
    p = factory.plain("demo", help="write the demo project (digital-mentorship study)")
    p.set_defaults(handler=cmd_demo)
    p.add_argument("project", metavar="PATH")
