"""``search``: full-text search with exact hit offsets and keyword-in-context snippets."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from workbench.cli import output
from workbench.core.project import Project
from workbench.core.search import (
    SearchFilters,
    SearchHit,
    SearchOptions,
    SearchResult,
    parse_condition,
)
from workbench.core.text.wording import counted

if TYPE_CHECKING:
    from workbench.cli.factory import CommandFactory

SYNTAX = (
    'words (AND implied), "exact phrase", OR, NOT/-word, (groups), mentor* ment?r, '
    "confidance~ (fuzzy, ~2 for two letters), speaker:P07, case:NAME, source:NAME, kind:memo"
)


def register(factory: CommandFactory) -> None:
    p = factory.command("search", "full-text search of sources, memos and codes", json_flag=True)
    p.add_argument("query", metavar="QUERY", help=SYNTAX)
    p.add_argument(
        "--limit", type=int, default=100, metavar="N", help="at most N hits (0: all; 100)"
    )
    p.add_argument("--exact", action="store_true", help="no stemming: words match exactly")
    p.add_argument(
        "--source", action="append", default=[], metavar="NAME", help="only this source (repeat)"
    )
    p.add_argument("--inside", metavar="CODE_PATH", help="only hits inside segments of this code")
    p.add_argument("--outside", metavar="CODE_PATH", help="only hits outside segments of this code")
    p.add_argument("--no-subcodes", action="store_true", help="--inside/--outside: not sub-codes")
    p.add_argument(
        "--where",
        action="append",
        default=[],
        metavar="CONDITION",
        help="case or source attribute, e.g. 'sector = Healthcare' (repeat: all must hold)",
    )
    p.add_argument(
        "--kind",
        action="append",
        choices=("source", "memo", "code"),
        help="only these kinds of items (repeat)",
    )
    p.add_argument("--context", type=int, default=60, metavar="N", help="KWIC characters (60)")
    p.add_argument(
        "--reindex",
        action="store_true",
        help="rebuild the search index first (needs the project not to be open elsewhere)",
    )
    p.set_defaults(handler=cmd_search)


def cmd_search(args: argparse.Namespace) -> int:
    with Project.open(args.project, read_only=not args.reindex, app="workbench-cli") as project:
        if args.reindex:
            print("Rebuilding the search index…", file=sys.stderr)
            project.search.rebuild(wait=True)
        filters = SearchFilters(
            sources=tuple(project.sources.find(name) for name in args.source),
            where=tuple(parse_condition(text) for text in args.where),
            inside_code=project.codebook.find(args.inside) if args.inside else None,
            outside_code=project.codebook.find(args.outside) if args.outside else None,
            include_subcodes=not args.no_subcodes,
            kinds=tuple(args.kind) if args.kind else ("source", "memo", "code"),
        )
        options = SearchOptions(stemming=not args.exact, context=max(0, args.context))
        result = project.search.search(
            args.query,
            options=options,
            filters=filters,
            limit=None if args.limit == 0 else args.limit,
        )
    if args.json:
        output.emit_json(result_json(result))
    else:
        print(result_text(result, args.limit))
    return 0


def hit_json(hit: SearchHit) -> dict[str, Any]:
    return {
        "kind": hit.kind,
        "source": hit.label if hit.kind == "source" else None,
        "start": hit.start,
        "end": hit.end,
        "snippet": hit.snippet,
        "item": hit.item,
        "item_type": hit.item_type,
        "label": hit.label,
        "part": hit.part,
        "before": hit.before,
        "match": hit.match,
        "after": hit.after,
        "speaker": hit.speaker,
        "cases": list(hit.cases),
    }


def result_json(result: SearchResult) -> dict[str, Any]:
    return {
        "query": result.query,
        "hits": [hit_json(h) for h in result.hits],
        "count": len(result.hits),
        "complete": result.complete,
        "indexed": result.indexed,
    }


def result_text(result: SearchResult, limit: int) -> str:
    if not result.hits:
        return "No hits."
    lines: list[str] = []
    for _item, hits in result.by_item():
        first = hits[0]
        name = first.label if first.kind == "source" else f"{first.item_type}: {first.label}"
        lines.append(f"{name}  ({len(hits):,} hit{'s' if len(hits) != 1 else ''})")
        rows = [
            [
                f"{h.start}-{h.end}" + (f" {h.part}" if h.part != "text" else ""),
                f"{h.before}[{h.match}]{h.after}",
            ]
            for h in hits
        ]
        lines.extend(
            "  " + line for line in output.table(["range", "in context"], rows).split("\n")[2:]
        )
    total = f"{counted(len(result.hits), 'hit')} in {counted(result.items, 'item')}"
    if not result.complete:
        total += f" (the first {limit:,}; --limit 0 shows all)"
    lines.append(total)
    return "\n".join(lines)
