"""Plain frozen values the core hands out: safe to keep in the GUI and in worker threads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

ChangeKind = Literal[
    "project",
    "coders",
    "sources",
    "codebook",
    "codings",
    "annotations",
    "memos",
    "cases",
    "attributes",
    "sets",
    "status",
    "map",
]

AttributeValue = str | int | float | bool | None


@dataclass(frozen=True)
class RowSnapshot:
    """One row as it was, with foreign keys given as the uuids of the rows they point to."""

    kind: str
    uuid: str
    values: Mapping[str, Any]


@dataclass(frozen=True)
class TextPatch:
    """A source text kept on the undo stack as the edits that turn the current text back into
    it, not as a copy: ``(offset, current, restored)``, applied one after another, each at its
    offset in the text as the edits before it left it."""

    edits: tuple[tuple[int, str, str], ...] = ()

    def apply(self, text: str) -> str:
        """The text these edits lead back to from ``text``; ValueError if it does not fit."""
        for offset, current, restored in self.edits:
            if text[offset : offset + len(current)] != current:
                raise ValueError(f"the text at {offset} is not what this undo step expects")
            text = text[:offset] + restored + text[offset + len(current) :]
        return text

    def inverse(self) -> TextPatch:
        """The edits that undo these: from the text they lead to, back to the first."""
        return TextPatch(tuple((o, r, c) for o, c, r in reversed(self.edits)))

    def then(self, earlier: TextPatch) -> TextPatch:
        """These edits followed by ``earlier`` (the inverse of a change made before this one)."""
        return TextPatch(self.edits + earlier.edits)


@dataclass(frozen=True)
class Snapshot:
    """What an inverse needs: rows as they were before a change, and the rows it created.

    ``expects`` maps the uuid of every row the change wrote to the version the change left on
    it (on its tombstone, for a row it deleted): ``Project.restore`` refuses to restore while
    a row carries another one, i.e. was changed since. Empty: nothing is checked."""

    rows: tuple[RowSnapshot, ...] = ()
    created: tuple[tuple[str, str], ...] = ()
    expects: Mapping[str, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.rows and not self.created

    def then(self, later: Snapshot) -> Snapshot:
        """The inverse of this change followed by the change ``later`` undoes: each row as it
        was before both, and every row either of them created, expected as ``later`` left it."""
        known = {r.uuid for r in self.rows} | {u for _, u in self.created}
        texts = {r.uuid: r.values.get("text") for r in later.rows if "text" in r.values}
        return Snapshot(
            rows=tuple(_text_after(r, texts.get(r.uuid)) for r in self.rows)
            + tuple(r for r in later.rows if r.uuid not in known),
            created=self.created + tuple(c for c in later.created if c[1] not in known),
            expects={**self.expects, **later.expects},
        )

    def moves(self, result: Snapshot) -> dict[str, tuple[int, int]]:
        """What restoring this snapshot did to row versions (``result`` being the inverse of
        that restore): uuid → (the version whose content it brought back, the one it wrote)."""
        return {
            r.uuid: (r.values.get("version", -1), result.expects[r.uuid])
            for r in self.rows
            if r.uuid in result.expects
        }

    def after_restore(self, moves: Mapping[str, tuple[int, int]]) -> Snapshot:
        """This snapshot after another step's restore (its ``moves``): a row put back to the
        version this snapshot expects carries the restore's version now, with the same content."""
        if len(moves) < len(self.expects):
            moved = {u: new for u, (old, new) in moves.items() if self.expects.get(u) == old}
        else:
            moved = {
                u: moves[u][1] for u, v in self.expects.items() if u in moves and moves[u][0] == v
            }
        if not moved:
            return self
        return Snapshot(self.rows, self.created, {**self.expects, **moved})


def _text_after(row: RowSnapshot, later: Any) -> RowSnapshot:
    """``row`` as a step before the one ``later`` (that step's text inverse) undoes: a text
    kept as edits must first go back through ``later``."""
    text = row.values.get("text")
    if not isinstance(text, TextPatch) or later is None:
        return row
    back = later.then(text) if isinstance(later, TextPatch) else text.apply(later)
    return RowSnapshot(row.kind, row.uuid, {**row.values, "text": back})


@dataclass(frozen=True)
class Changes:
    """What one service call changed; ``undo`` restores the state before it (Project.restore)."""

    kinds: frozenset[ChangeKind]
    created: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    deleted: tuple[str, ...] = ()
    undo: Snapshot = field(default_factory=Snapshot)
    messages: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.kinds


@dataclass(frozen=True)
class ProjectSummary:
    name: str
    uuid: str
    file_id: str
    description: str
    schema_version: int
    revision: int
    created_at: datetime
    parent_file_id: str | None
    parent_revision: int | None
    sources: int
    codes: int
    codings: int
    cases: int
    coders: int
    memos: int
    annotations: int


@dataclass(frozen=True)
class CoderInfo:
    uuid: str
    name: str
    color: str


@dataclass(frozen=True)
class SourceInfo:
    uuid: str
    name: str
    kind: str
    length: int
    sha256: str
    original_name: str
    original_format: str
    imported_at: datetime
    imported_by: str
    speakers: tuple[str, ...]
    attributes: Mapping[str, AttributeValue]
    cases: tuple[str, ...]
    codings: int
    done_by: tuple[str, ...]


@dataclass(frozen=True)
class CodeNode:
    """A code with its counts. ``codings``/``sources``/``cases`` count the code itself;
    the ``total_`` counts include every descendant."""

    uuid: str
    parent_uuid: str | None
    name: str
    path: str
    color: str
    description: str
    inclusion: str
    exclusion: str
    example: str
    position: int
    codings: int = 0
    sources: int = 0
    cases: int = 0
    total_codings: int = 0
    total_sources: int = 0
    total_cases: int = 0
    children: tuple[CodeNode, ...] = ()
    codable: bool = True  # False: a category that only groups its sub-codes

    @property
    def depth(self) -> int:
        return self.path.count("/") - self.path.count("\\/")

    def walk(self) -> list[CodeNode]:
        """This node and all its descendants, in tree order."""
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


@dataclass(frozen=True)
class CodingInfo:
    uuid: str
    source_uuid: str
    code_uuid: str
    coder_uuid: str
    coder: str
    start: int
    end: int
    created_at: datetime


@dataclass(frozen=True)
class Segment:
    """A coded segment with its text, for retrieval."""

    coding_uuid: str
    source_uuid: str
    source: str
    code_uuid: str
    code_path: str
    coder: str
    start: int
    end: int
    text: str
    before: str = ""
    after: str = ""
    cases: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnnotationInfo:
    uuid: str
    source_uuid: str
    source: str
    coder: str
    start: int
    end: int
    text: str
    modified_at: datetime


@dataclass(frozen=True)
class MemoInfo:
    uuid: str
    author: str
    title: str
    text: str
    target_kind: str
    target_uuid: str | None
    target_label: str
    created_at: datetime
    modified_at: datetime


@dataclass(frozen=True)
class AttributeInfo:
    uuid: str
    name: str
    scope: str
    type: str
    choices: tuple[str, ...]


@dataclass(frozen=True)
class CaseInfo:
    uuid: str
    name: str
    description: str
    attributes: Mapping[str, AttributeValue]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class SetInfo:
    uuid: str
    name: str
    kind: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class RelationInfo:
    uuid: str
    from_uuid: str
    to_uuid: str
    label: str


@dataclass(frozen=True)
class MapPositionInfo:
    code_uuid: str
    x: float
    y: float
