"""REFI-QDA ``AudioSource``/``VideoSource`` elements: writing and reading them (XML level).

A source with a recording is written as an ``AudioSource`` or ``VideoSource`` (our source's uuid
is its GUID) holding, when the source has text, one ``Transcript`` whose ``SyncPoint``s are the
transcript's cues (``position`` in code points, ``timeStamp`` in ms) plus a point without a time
at each boundary of a coded text range, so that each range is a ``TranscriptSelection`` from one
sync point to another. Media codings are ``AudioSelection``/``VideoSelection``s (``begin``/``end``
in ms), one per (range, coder) as for text. Reading does the reverse; a second transcript, a
sync point without a position and the like are counted as not imported.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from lxml import etree

from workbench.core.refi.model import RCoding, RProject, RSelection, RTextSource
from workbench.core.refi.xmlsafe import Element, attr, kid_text, kids, local, parse_datetime
from workbench.core.refi.xmlwrite import XmlBuilder

MediaKind = Literal["audio", "video"]
ELEMENTS: dict[MediaKind, tuple[str, str]] = {
    "audio": ("AudioSource", "AudioSelection"),
    "video": ("VideoSource", "VideoSelection"),
}
KINDS: dict[str, MediaKind] = {source: kind for kind, (source, _) in ELEMENTS.items()}


@dataclass(frozen=True)
class Coded:
    """One coding to write: the range (characters or ms), coder and code GUIDs, its memos."""

    guid: str
    start: int
    end: int
    coder: str
    code: str
    created: str  # xsd:dateTime
    notes: Sequence[str] = ()


@dataclass(frozen=True)
class TranscriptOut:
    """A transcript to write: its text file in the archive, cues and text codings."""

    guid: str
    name: str
    text_path: str  # "internal://FILE.txt"
    cues: Sequence[tuple[int, int]]  # (position, ms)
    codings: Sequence[Coded]


def _guid(*parts: object) -> str:
    """A stable GUID (uuid5-shaped) for an element derived from ``parts``."""
    raw = bytearray(hashlib.sha1("/".join(map(str, parts)).encode()).digest()[:16])
    raw[6] = (raw[6] & 0x0F) | 0x50
    raw[8] = (raw[8] & 0x3F) | 0x80
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def transcript_guid(source_guid: str) -> str:
    return _guid("transcript", source_guid)


def write_media_source(
    x: XmlBuilder,
    *,
    kind: MediaKind,
    guid: str,
    name: str,
    path: str,
    current_path: str | None,
    user: str | None,
    created: str | None,
    transcript: TranscriptOut | None,
    codings: Iterable[Coded],
    tail: Callable[[], None],
) -> None:
    """Write one ``AudioSource``/``VideoSource``; ``tail`` writes its NoteRefs and
    VariableValues (they come last in the schema's sequence)."""
    source_tag, selection_tag = ELEMENTS[kind]
    x.start(
        source_tag,
        guid=guid,
        name=name,
        path=path,
        currentPath=current_path,
        creatingUser=user,
        creationDateTime=created,
    )
    if transcript is not None:
        _transcript(x, guid, transcript)
    for (begin, end, coder), group in _by_range(codings).items():
        x.start(
            selection_tag,
            guid=_guid("media-selection", guid, begin, end, coder),
            begin=begin,
            end=end,
            creatingUser=coder,
            creationDateTime=min(c.created for c in group),
        )
        _codings(x, group)
        x.end(selection_tag)
        x.report.count("media codings", len(group))
    tail()
    x.end(source_tag)


def _by_range(codings: Iterable[Coded]) -> dict[tuple[int, int, str], list[Coded]]:
    ranges: dict[tuple[int, int, str], list[Coded]] = defaultdict(list)
    for coding in codings:
        ranges[(coding.start, coding.end, coding.coder)].append(coding)
    return ranges


def _codings(x: XmlBuilder, group: Sequence[Coded]) -> None:
    for coding in group:
        x.start(
            "Coding", guid=coding.guid, creatingUser=coding.coder, creationDateTime=coding.created
        )
        x.empty("CodeRef", targetGUID=coding.code)
        for note in coding.notes:
            x.empty("NoteRef", targetGUID=note)
        x.end("Coding")


def _transcript(x: XmlBuilder, source_guid: str, t: TranscriptOut) -> None:
    x.start("Transcript", guid=t.guid, name=t.name, plainTextPath=t.text_path)
    times: dict[int, int | None] = {}
    for position, ms in t.cues:
        times.setdefault(position, ms)
    for coding in t.codings:
        times.setdefault(coding.start, None)
        times.setdefault(coding.end, None)
    points = {position: _guid("sync-point", source_guid, position) for position in times}
    for position in sorted(times):
        x.empty("SyncPoint", guid=points[position], timeStamp=times[position], position=position)
    for (start, end, coder), group in _by_range(t.codings).items():
        x.start(
            "TranscriptSelection",
            guid=_guid("transcript-selection", source_guid, start, end, coder),
            fromSyncPoint=points[start],
            toSyncPoint=points[end],
            creatingUser=coder,
            creationDateTime=min(c.created for c in group),
        )
        _codings(x, group)
        x.end("TranscriptSelection")
        x.report.count("codings", len(group))
    x.end("Transcript")


# -- reading ----------------------------------------------------------------------------------
@dataclass
class RMedia:
    """The recording of one imported source (``source`` is the source's key)."""

    source: str | None
    kind: MediaKind
    path: str | None
    current_path: str | None
    cues: list[tuple[int, int]] = field(default_factory=list)  # (position, ms)
    selections: list[RSelection] = field(default_factory=list)  # start/end in ms


Ident = Callable[[str | None], str | None]
ReadCoding = Callable[[Element, RProject], RCoding]
ReadSource = Callable[[Element, str, RProject], RTextSource]


def read_media_source(
    el: Element, project: RProject, *, ident: Ident, coding: ReadCoding, text_source: ReadSource
) -> tuple[RTextSource, RMedia]:
    """An ``AudioSource``/``VideoSource``: the source (its text is the first transcript's) and
    its recording. ``ident``, ``coding`` and ``text_source`` are the reader's own helpers."""
    tag = local(el)
    kind = KINDS[tag]
    label = kind
    transcripts = list(kids(el, "Transcript"))
    media = RMedia(
        source=ident(attr(el, "guid")),
        kind=kind,
        path=attr(el, "path"),
        current_path=attr(el, "currentPath"),
    )
    if transcripts:
        first = transcripts[0]
        # a Transcript's children are a TextSource's plus SyncPoint/TranscriptSelection: read
        # the text with the reader, the rest here
        source = text_source(_text_part(first), tag, project)
        source.selections = _transcript_selections(first, media, project, ident, coding)
        project.unsupported_item(
            f"transcripts of {label} sources after the first", len(transcripts) - 1
        )
    else:
        source = RTextSource(
            guid=None, name="", kind=tag, plain_path=None, rich_path=None, content="",
            description=None, user=None, created=None, modified=None,
        )  # fmt: skip
    source.guid = media.source
    source.name = (attr(el, "name") or "").strip() or source.name or _file_name(media.path)
    source.description = kid_text(el, "Description") or source.description
    source.user = ident(attr(el, "creatingUser")) or source.user
    source.created = parse_datetime(attr(el, "creationDateTime")) or source.created
    source.modified = parse_datetime(attr(el, "modifiedDateTime")) or source.modified
    source.whole_codings = len(list(kids(el, "Coding")))
    source.notes = _refs(el, ident)
    source.values = []  # read by the caller, which knows VariableValue
    for selection in kids(el, ELEMENTS[kind][1]):
        read = _media_selection(selection, project, ident, coding)
        if read is None:
            project.unsupported_item(f"selections in {label} sources without a readable time")
        else:
            media.selections.append(read)
    return source, media


def _file_name(path: str | None) -> str:
    return (path or "").replace("\\", "/").rsplit("/", 1)[-1] or "Recording"


def _refs(el: Element, ident: Ident) -> list[str]:
    found = (ident(attr(ref, "targetGUID")) for ref in kids(el, "NoteRef"))
    return [guid for guid in found if guid is not None]


def _text_part(transcript: Element) -> Element:
    """A copy of ``transcript`` without the children only a transcript has."""
    copy = etree.Element(transcript.tag, dict(transcript.attrib))
    for child in kids(transcript):
        if local(child) not in ("SyncPoint", "TranscriptSelection"):
            copy.append(etree.fromstring(etree.tostring(child)))
    return copy


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _transcript_selections(
    transcript: Element, media: RMedia, project: RProject, ident: Ident, coding: ReadCoding
) -> list[RSelection]:
    positions: dict[str, int] = {}
    for point in kids(transcript, "SyncPoint"):
        position, ms = _int(attr(point, "position")), _int(attr(point, "timeStamp"))
        key = ident(attr(point, "guid"))
        if position is None:
            project.unsupported_item("sync points without a position")
            continue
        if key is not None:
            positions[key] = position
        if ms is not None:
            media.cues.append((position, ms))
    media.cues.sort()
    out = []
    for el in kids(transcript, "TranscriptSelection"):
        start = positions.get(ident(attr(el, "fromSyncPoint")) or "")
        end = positions.get(ident(attr(el, "toSyncPoint")) or "")
        if start is None or end is None:
            project.unsupported_item("transcript selections without both sync points")
            project.unsupported_item(
                "codings of transcript selections without both sync points",
                len(list(kids(el, "Coding"))),
            )
            continue
        out.append(_selection(el, start, end, project, ident, coding))
    return out


def _media_selection(
    el: Element, project: RProject, ident: Ident, coding: ReadCoding
) -> RSelection | None:
    begin, end = _int(attr(el, "begin")), _int(attr(el, "end"))
    if begin is None or end is None:
        return None
    return _selection(el, begin, end, project, ident, coding)


def _selection(
    el: Element, start: int, end: int, project: RProject, ident: Ident, coding: ReadCoding
) -> RSelection:
    """A transcript or media selection (its range found by the caller) with its codings."""
    return RSelection(
        guid=ident(attr(el, "guid")),
        start=start,
        end=end,
        description=kid_text(el, "Description"),
        user=ident(attr(el, "creatingUser")),
        created=parse_datetime(attr(el, "creationDateTime")),
        codings=[coding(c, project) for c in kids(el, "Coding")],
        notes=_refs(el, ident),
    )
