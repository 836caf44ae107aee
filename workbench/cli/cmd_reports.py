"""Report commands: ``export-codebook``, ``export-findings``, ``report``, ``export-segments``
and ``export-transcript``."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.cli import output
from workbench.core.errors import ValidationError
from workbench.core.project import Project
from workbench.core.reports import (
    CodebookOptions,
    CoderScope,
    FindingsOptions,
    ReportTable,
    SegmentFilter,
    attribute_matrix,
    code_cooccurrence,
    code_frequencies,
    export_codebook_pdf,
    export_coded_transcript_pdf,
    export_findings_pdf,
    load_report_data,
    merge_passages,
    retrieve,
    table_json,
    word_frequencies,
    write_csv,
    write_retrieval_docx,
    write_retrieval_xlsx,
    write_xlsx,
)
from workbench.core.reports.scope_setting import stored_scope
from workbench.core.reports.stop_words import DEFAULT_LANGUAGE, stop_words_for
from workbench.core.text.wording import counted

if TYPE_CHECKING:
    from workbench.cli.factory import CommandFactory

KINDS = ("frequencies", "cooccurrence", "matrix", "words")


def register(factory: CommandFactory) -> None:
    p = factory.command("export-codebook", "write the codebook as a PDF", json_flag=True)
    p.add_argument("out", metavar="OUT.pdf")
    p.add_argument("--no-quotes", action="store_true", help="leave out representative quotes")
    p.add_argument("--quotes", type=int, default=3, metavar="N", help="quotes per code (3)")
    p.add_argument("--branch", metavar="CODE_PATH", help="only this code and its sub-codes")
    p.add_argument("--no-toc", action="store_true", help="leave out the table of contents")
    p.add_argument("--no-history", action="store_true", help="leave out the change history")
    p.add_argument("--letter", action="store_true", help="US Letter pages instead of A4")
    _coder_flags(p, by_coder=True)
    p.set_defaults(handler=cmd_export_codebook)

    p = factory.command("export-findings", "write the findings report as a PDF", json_flag=True)
    p.add_argument("out", metavar="OUT.pdf")
    p.add_argument(
        "--include-interviewer", action="store_true", help="count segments in interviewer turns too"
    )
    p.add_argument("--quotes", type=int, default=2, metavar="N", help="quotes per category (2)")
    p.add_argument("--letter", action="store_true", help="US Letter pages instead of A4")
    _coder_flags(p, by_coder=True)
    p.set_defaults(handler=cmd_export_findings)

    p = factory.command("report", "a report table: " + ", ".join(KINDS), json_flag=True)
    p.add_argument("kind", choices=KINDS, metavar="KIND", help=" | ".join(KINDS))
    dest = p.add_mutually_exclusive_group()
    dest.add_argument("--csv", metavar="OUT.csv", help="write the table as CSV")
    dest.add_argument("--xlsx", metavar="OUT.xlsx", help="write the table as XLSX")
    _filter_flags(p)
    _coder_flags(p, by_coder=False)
    p.add_argument(
        "--level",
        type=int,
        default=None,
        metavar="N",
        help="code level for rows (0 = themes); frequencies: deepest level shown",
    )
    p.add_argument("--attribute", metavar="NAME", help="matrix: the attribute for the columns")
    p.add_argument(
        "--scope",
        choices=("case", "source"),
        default="case",
        help="matrix: attribute of cases or of sources",
    )
    p.add_argument(
        "--count",
        choices=("cases", "segments"),
        default="cases",
        help="matrix: count cases, or passages ('segments')",
    )
    p.add_argument("--percent", choices=("none", "row", "column"), default="none")
    p.add_argument(
        "--proximity",
        type=int,
        default=0,
        metavar="N",
        help="co-occurrence: segments within N characters count too",
    )
    p.add_argument(
        "--any-coder",
        action="store_true",
        help="co-occurrence: pair segments of different coders too",
    )
    p.add_argument(
        "--own",
        action="store_true",
        help="frequencies: count each code's own codings only (no roll-up)",
    )
    p.add_argument(
        "--within-codings",
        action="store_true",
        help="words: count only the text of the selected segments",
    )
    p.add_argument("--min-length", type=int, default=3, metavar="N", help="words: shortest (3)")
    p.add_argument("--limit", type=int, default=100, metavar="N")
    p.add_argument("--keep-stop-words", action="store_true", help="words: count stop words too")
    p.add_argument(
        "--language",
        default=DEFAULT_LANGUAGE,
        metavar="CODE",
        help=f"words: the stop words' language, an ISO 639-1 code ({DEFAULT_LANGUAGE})",
    )
    p.add_argument(
        "--include-interviewer",
        action="store_true",
        help="words: count the interviewer's turns too (left out by default)",
    )
    p.add_argument(
        "--keep-marks",
        action="store_true",
        help="words: count words inside [bracketed] transcription marks too",
    )
    p.set_defaults(handler=cmd_report)

    p = factory.command("export-transcript", "a source with its coding stripes, as a PDF")
    p.add_argument("out", metavar="OUT.pdf")
    p.add_argument("--source", required=True, metavar="NAME")
    _filter_flags(p)
    p.add_argument("--letter", action="store_true", help="US Letter pages instead of A4")
    p.set_defaults(handler=cmd_export_transcript)

    p = factory.command(
        "export-segments", "coded segments with full references, to .docx or .xlsx", json_flag=True
    )
    p.add_argument("out", metavar="OUT.docx|OUT.xlsx")
    _filter_flags(p)
    p.set_defaults(handler=cmd_export_segments)


def _by_coder_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--by-coder",
        action="append",
        default=[],
        metavar="NAME",
        help="only codings of this coder (repeatable; several are merged into passages)",
    )


def _coder_flags(p: argparse.ArgumentParser, *, by_coder: bool) -> None:
    """Whose codings count; without these flags, the choice stored in the project."""
    if by_coder:
        _by_coder_flag(p)
    p.add_argument(
        "--per-coder", action="store_true", help="also count each coder's passages side by side"
    )
    p.add_argument(
        "--consensus",
        action="store_true",
        help="count only passages every coder (or every --by-coder) has coded",
    )


def _filter_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--code",
        action="append",
        default=[],
        metavar="CODE_PATH",
        help="only segments of this code and its sub-codes (repeatable)",
    )
    _by_coder_flag(p)
    p.add_argument(
        "--case-attribute",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="only segments of cases with this attribute value (repeatable)",
    )
    p.add_argument(
        "--no-interviewer", action="store_true", help="leave out segments in interviewer turns"
    )


def _open(args: argparse.Namespace) -> Project:
    return Project.open(args.project, read_only=True, app="workbench-cli")


def _scope(project: Project, args: argparse.Namespace) -> CoderScope:
    """The coders named on the command line, else the project's stored choice."""
    per_coder, consensus = getattr(args, "per_coder", False), getattr(args, "consensus", False)
    if args.by_coder or per_coder or consensus:
        known = {c.name for c in project.coders.list()}
        unknown = [name for name in args.by_coder if name not in known]
        if unknown:
            raise ValidationError(
                f"--by-coder {unknown[0]!r}: no such coder in this project "
                f"(coders: {', '.join(sorted(known, key=str.casefold)) or 'none'})."
            )
        return CoderScope.of(args.by_coder, consensus=consensus, side_by_side=per_coder)
    return stored_scope(project)


def _filter(project: Project, args: argparse.Namespace) -> SegmentFilter:
    wanted: dict[str, tuple[str, ...]] = {}
    for item in args.case_attribute:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ValidationError(f"--case-attribute takes NAME=VALUE, not {item!r}.")
        wanted[name.strip()] = (*wanted.get(name.strip(), ()), value.strip())
    return SegmentFilter(
        codes=tuple(project.codebook.find(path) for path in args.code),
        coders=tuple(args.by_coder),
        case_attributes=wanted,
        exclude_interviewer=args.no_interviewer,
    )


def cmd_export_codebook(args: argparse.Namespace) -> int:
    with _open(args) as project:
        branch = project.codebook.find(args.branch) if args.branch else None
        options = CodebookOptions(
            quotes=not args.no_quotes and args.quotes > 0,
            max_quotes=max(args.quotes, 0),
            branch=branch,
            toc=not args.no_toc,
            history=not args.no_history,
            page_size="Letter" if args.letter else "A4",
            coders=_scope(project, args),
        )
        result = export_codebook_pdf(project, Path(args.out), options)
    if args.json:
        output.emit_json(
            {"path": str(result.path), "pages": result.pages, "codebook_hash": result.codebook_hash}
        )
    else:
        print(
            f"Codebook written to {result.path} ({result.pages} pages, "
            f"version {result.codebook_hash[:12]})."
        )
    return 0


def cmd_export_findings(args: argparse.Namespace) -> int:
    with _open(args) as project:
        options = FindingsOptions(
            exclude_interviewer=not args.include_interviewer,
            quotes_per_category=max(args.quotes, 0),
            page_size="Letter" if args.letter else "A4",
            coders=_scope(project, args),
        )
        result = export_findings_pdf(project, Path(args.out), options)
    if args.json:
        output.emit_json(
            {"path": str(result.path), "pages": result.pages, "codebook_hash": result.codebook_hash}
        )
    else:
        print(f"Findings report written to {result.path} ({result.pages} pages).")
    return 0


def _table(project: Project, args: argparse.Namespace) -> ReportTable:
    scope = _scope(project, args)
    flt = replace(_filter(project, args), coders=())  # the scope names the coders
    data = load_report_data(project)
    if args.kind == "frequencies":
        return code_frequencies(data, flt, rollup=not args.own, max_depth=args.level, coders=scope)
    if args.kind == "cooccurrence":
        return code_cooccurrence(
            data,
            flt,
            depth=args.level,
            proximity=args.proximity,
            same_coder=not args.any_coder,
            coders=scope,
        )
    if args.kind == "matrix":
        if not args.attribute:
            raise ValidationError("report matrix needs --attribute NAME.")
        return attribute_matrix(
            data,
            args.attribute,
            flt,
            scope=args.scope,
            count=args.count,
            percent=args.percent,
            depth=args.level,
            coders=scope,
        )
    flt = replace(
        flt,
        coders=scope.coders if scope.mode != "all" else (),
        exclude_interviewer=flt.exclude_interviewer or not args.include_interviewer,
    )
    stops = () if args.keep_stop_words else stop_words_for(args.language)
    return word_frequencies(
        project,
        flt,
        within_codings=args.within_codings,
        min_length=args.min_length,
        stop_words=stops,
        marks=args.keep_marks,
        limit=args.limit,
        data=data,
    )


def cmd_report(args: argparse.Namespace) -> int:
    with _open(args) as project:
        table = _table(project, args)
    if args.csv:
        print(f"{table.title} written to {write_csv(table, Path(args.csv))}.")
    elif args.xlsx:
        print(f"{table.title} written to {write_xlsx(table, Path(args.xlsx))}.")
    elif args.json:
        output.emit_json(table_json(table))
    else:
        percent = table.has_percent
        header = [table.corner, *[c.label for c in table.columns]]
        rows = [
            [
                "  " * h.depth + h.label,
                *[
                    (
                        f"{c.text} ({c.percent_text})"
                        if percent and c.percent is not None
                        else c.text
                    )
                    for c in cells
                ],
            ]
            for h, cells in zip(table.rows, table.cells, strict=True)
        ]
        print(output.table(header, rows))
        if table.notes:
            print(f"\n{table.notes}")
    return 0


def cmd_export_segments(args: argparse.Namespace) -> int:
    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix not in (".docx", ".xlsx"):
        raise ValidationError(
            f"Segments are exported to .docx or .xlsx, not {suffix or out.name!r}."
        )
    with _open(args) as project:
        flt = replace(_filter(project, args), coders=())  # the scope names the coders
        segments = retrieve(project, flt, coders=_scope(project, args))
        if suffix == ".docx":
            title = f"Coded segments — {project.info().name}"
            write_retrieval_docx(merge_passages(segments), out, title=title)
        else:
            write_retrieval_xlsx(segments, out)
    passages = len({(s.code_uuid, s.passage) for s in segments})
    if args.json:
        output.emit_json({"path": str(out), "segments": len(segments), "passages": passages})
    else:
        print(
            f"{counted(len(segments), 'coding')} in {counted(passages, 'passage')} "
            f"written to {out}."
        )
    return 0


def cmd_export_transcript(args: argparse.Namespace) -> int:
    with _open(args) as project:
        source = project.sources.find(args.source)
        result = export_coded_transcript_pdf(
            project,
            source,
            Path(args.out),
            _filter(project, args),
            page_size="Letter" if args.letter else "A4",
        )
    print(f"Coded transcript of {args.source} written to {result.path} ({result.pages} pages).")
    return 0
