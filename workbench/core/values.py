"""Plain frozen values the core hands out: safe to keep in the GUI and in worker threads.

What a write changed (``Changes``, ``Snapshot``) lives in ``workbench.core.changes``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from workbench.core.changes import RowValue
from workbench.core.text.codepath import split_path

AttributeValue = str | int | float | bool | None


def coding_info(row: RowValue) -> CodingInfo:
    """A coding's values from ``Changes`` as the CodingInfo a query would return."""
    v = row.values
    return CodingInfo(
        row.uuid,
        v["source_uuid"],
        v["code_uuid"],
        v["coder_uuid"],
        v["coder"],
        v["start"],
        v["end"],
        v["created_at"],
    )


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
    version: int = 0  # the row version read: pass it as ``expected_version`` to an edit
    attribute_versions: Mapping[str, int] = field(default_factory=dict, hash=False)


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
    version: int = 0  # the row version read: pass it as ``expected_version`` to an edit

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


MediaKind = Literal["audio", "video"]


@dataclass(frozen=True)
class MediaInfo:
    """A source's recording as stored: ``path`` relative to the project's folder (with "/")
    when it lies under it, else absolute; ``embedded`` when its bytes are in the project."""

    source_id: int
    source_uuid: str
    uuid: str
    kind: MediaKind
    path: str
    size: int
    sha256: str
    duration_ms: int
    format: str
    embedded: bool


@dataclass(frozen=True)
class MediaCodingInfo:
    """A code applied to a time range of a source's recording, in milliseconds."""

    id: int
    uuid: str
    source_id: int
    source_uuid: str
    code_id: int
    code_uuid: str
    coder_id: int
    coder: str
    start_ms: int
    end_ms: int


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
    start_ms: int | None = None  # where it is heard in the source's recording (None: unknown)
    end_ms: int | None = None

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
    version: int = 0


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
    version: int = 0


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
    version: int = 0
    attribute_versions: Mapping[str, int] = field(default_factory=dict, hash=False)
    """Attribute name → its value's version (a value not set: absent, i.e. 0)."""


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
