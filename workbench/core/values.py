"""Plain frozen values the core hands out: safe to keep in the GUI and in worker threads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from workbench.core.text.codepath import split_path

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
class Snapshot:
    """What an inverse needs: rows as they were before a change, and the rows it created."""

    rows: tuple[RowSnapshot, ...] = ()
    created: tuple[tuple[str, str], ...] = ()

    @property
    def empty(self) -> bool:
        return not self.rows and not self.created

    def then(self, later: Snapshot) -> Snapshot:
        """The inverse of this change followed by the change ``later`` undoes: each row as it
        was before both, and every row either of them created."""
        known = {r.uuid for r in self.rows} | {u for _, u in self.created}
        return Snapshot(
            rows=self.rows + tuple(r for r in later.rows if r.uuid not in known),
            created=self.created + tuple(c for c in later.created if c[1] not in known),
        )


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
        """0 for a theme, 1 for its sub-codes, …"""
        if "\\" not in self.path:
            return self.path.count("/")
        return len(split_path(self.path)) - 1

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
    """A coded segment with its text: one coding (or, merged, one passage several coders coded).

    The Segments panel and ``codings.segments`` fill the first fields (with ``before``/``after``
    context on request); report retrieval also fills the references below ``cases``
    (``paragraph`` counts non-empty lines from 1; 0: not known)."""

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
    code_color: str = ""
    speakers: tuple[str, ...] = ()
    paragraph: int = 0
    case_attributes: Mapping[str, Mapping[str, AttributeValue]] = field(
        default_factory=dict, hash=False
    )
    source_attributes: Mapping[str, AttributeValue] = field(default_factory=dict, hash=False)
    memos: tuple[str, ...] = ()
    passage: int = 0  # the number of its passage in a report listing (1, 2, …)
    ranges: tuple[tuple[str, int, int], ...] = ()  # a merged passage: each coder's range
    codings: tuple[str, ...] = ()  # a merged passage: the uuids of its codings

    @property
    def place(self) -> str:
        """The source, with the paragraph when known: ``Interview 3, ¶12``."""
        return f"{self.source}, ¶{self.paragraph}" if self.paragraph else self.source


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
