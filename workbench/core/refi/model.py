"""A REFI-QDA document as plain data: what the reader found, before it touches a project.

Ids are keys: a GUID is normalized (lowercase, no braces), any other id (``c001``) is kept as
written so references to it resolve; a missing or empty id is None.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.core.refi.media_xml import RMedia


@dataclass
class RUser:
    guid: str | None
    name: str


@dataclass
class RCode:
    guid: str | None
    name: str
    color: str | None
    description: str
    codable: bool
    notes: list[str] = field(default_factory=list)
    children: list[RCode] = field(default_factory=list)


@dataclass
class RVariable:
    guid: str | None
    name: str
    type: str
    description: str


@dataclass
class RValue:
    variable: str | None
    kind: str  # TextValue, BooleanValue, IntegerValue, FloatValue, DateValue, DateTimeValue
    value: str


@dataclass
class RCase:
    guid: str | None
    name: str | None
    description: str
    values: list[RValue] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    selections: list[str] = field(default_factory=list)
    codes: int = 0


@dataclass(slots=True)
class RCoding:
    guid: str | None
    code: str | None
    user: str | None
    created: datetime | None
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RSelection:
    guid: str | None
    start: int
    end: int
    description: str | None
    user: str | None
    created: datetime | None
    codings: list[RCoding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class RTextSource:
    """A text source, a PDF's plain-text representation, or a note's text."""

    guid: str | None
    name: str
    kind: str  # "TextSource", "PDFSource" or "Note"
    plain_path: str | None
    rich_path: str | None
    content: str | None
    description: str | None
    user: str | None
    created: datetime | None
    modified: datetime | None
    selections: list[RSelection] = field(default_factory=list)
    whole_codings: int = 0
    notes: list[str] = field(default_factory=list)
    values: list[RValue] = field(default_factory=list)


@dataclass
class RLink:
    guid: str | None
    name: str
    origin: str | None
    target: str | None


@dataclass
class RSet:
    guid: str | None
    name: str
    description: str | None
    codes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    notes: int = 0


@dataclass
class RProject:
    """Everything the importer can use, and (in ``unsupported``) what it cannot, with counts."""

    name: str
    origin: str
    description: str
    created: datetime | None
    guid: str | None = None  # not in the schema, but some tools name their project
    base_path: str | None = None  # what ``relative:///`` paths are relative to
    users: list[RUser] = field(default_factory=list)
    codes: list[RCode] = field(default_factory=list)
    variables: list[RVariable] = field(default_factory=list)
    cases: list[RCase] = field(default_factory=list)
    sources: list[RTextSource] = field(default_factory=list)
    media: list[RMedia] = field(default_factory=list)  # recordings of audio/video sources
    notes: list[RTextSource] = field(default_factory=list)
    links: list[RLink] = field(default_factory=list)
    sets: list[RSet] = field(default_factory=list)
    project_notes: list[str] = field(default_factory=list)
    lost_notes: list[str] = field(default_factory=list)  # attached to items not imported
    unsupported: dict[str, int] = field(default_factory=dict)

    def unsupported_item(self, what: str, n: int = 1) -> None:
        if n:
            self.unsupported[what] = self.unsupported.get(what, 0) + n
