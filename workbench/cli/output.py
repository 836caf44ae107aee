"""Turning core values into the CLI's stable JSON and into readable text tables."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TextIO

from workbench.core.text.controls import escape_controls
from workbench.core.text.wording import counted
from workbench.core.values import AnnotationInfo, CaseInfo, CodeNode, MemoInfo, Segment, SourceInfo

_RAW_IN_JSON = re.compile("[\x7f-\x9f]")  # json.dump escapes C0 itself, not DEL or C1


def emit_json(data: Any) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)
    sys.stdout.write(_RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


class TerminalSafe:
    """A text stream that shows control characters (ESC, BEL, NUL, CR, C1…) as escapes, so
    that names and texts stored in a project can never drive the terminal; ``raw`` is the
    stream underneath, for output that must stay byte-exact."""

    def __init__(self, raw: TextIO) -> None:
        self.raw = raw

    def write(self, text: str) -> int:
        self.raw.write(escape_controls(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


@contextmanager
def terminal_safe() -> Iterator[None]:
    """Route stdout and stderr through TerminalSafe for the duration."""
    saved = sys.stdout, sys.stderr
    sys.stdout = TerminalSafe(saved[0])
    sys.stderr = TerminalSafe(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain-text table with columns sized to their content."""
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for index, row in enumerate(cells):
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def source_json(info: SourceInfo) -> dict[str, Any]:
    return {
        "name": info.name,
        "uuid": info.uuid,
        "kind": info.kind,
        "characters": info.length,
        "sha256": info.sha256,
        "speakers": list(info.speakers),
        "original_name": info.original_name,
        "original_format": info.original_format,
        "imported_at": info.imported_at.isoformat(timespec="seconds") + "Z",
        "cases": list(info.cases),
        "attributes": dict(info.attributes),
        "codings": info.codings,
        "done_by": list(info.done_by),
    }


def code_json(node: CodeNode) -> dict[str, Any]:
    return {
        "name": node.name,
        "path": node.path,
        "uuid": node.uuid,
        "color": node.color,
        "description": node.description,
        "inclusion": node.inclusion,
        "exclusion": node.exclusion,
        "example": node.example,
        "codable": node.codable,
        "codings": node.codings,
        "sources": node.sources,
        "cases": node.cases,
        "total_codings": node.total_codings,
        "total_sources": node.total_sources,
        "total_cases": node.total_cases,
        "children": [code_json(child) for child in node.children],
    }


def code_lines(forest: Sequence[CodeNode]) -> list[str]:
    lines: list[str] = []

    def walk(node: CodeNode, depth: int) -> None:
        counts = f"{counted(node.codings, 'coding')}, {counted(node.sources, 'source')}"
        if node.children:
            counts += f"; with sub-codes {counted(node.total_codings, 'coding')}"
        lines.append(f"{'  ' * depth}{node.name}  [{node.color}]  {counts}")
        for child in node.children:
            walk(child, depth + 1)

    for root in forest:
        walk(root, 0)
    return lines


def segment_json(seg: Segment) -> dict[str, Any]:
    return {
        "source": seg.source,
        "code": seg.code_path,
        "coder": seg.coder,
        "start": seg.start,
        "end": seg.end,
        "text": seg.text,
        "cases": list(seg.cases),
        "uuid": seg.coding_uuid,
    }


def case_json(case: CaseInfo) -> dict[str, Any]:
    return {
        "name": case.name,
        "uuid": case.uuid,
        "description": case.description,
        "attributes": dict(case.attributes),
        "sources": list(case.sources),
    }


def memo_json(memo: MemoInfo) -> dict[str, Any]:
    return {
        "kind": "memo",
        "target": memo.target_label,
        "author": memo.author,
        "title": memo.title,
        "text": memo.text,
        "uuid": memo.uuid,
        "created_at": memo.created_at.isoformat(timespec="seconds") + "Z",
        "modified_at": memo.modified_at.isoformat(timespec="seconds") + "Z",
    }


def annotation_json(note: AnnotationInfo) -> dict[str, Any]:
    return {
        "kind": "annotation",
        "target": f"annotation:{note.source}:{note.start}-{note.end}",
        "author": note.coder,
        "title": "",
        "text": note.text,
        "uuid": note.uuid,
        "created_at": note.modified_at.isoformat(timespec="seconds") + "Z",
        "modified_at": note.modified_at.isoformat(timespec="seconds") + "Z",
    }
