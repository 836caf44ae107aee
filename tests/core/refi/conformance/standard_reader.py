"""An independent REFI-QDA 1.5 project reader, written from the standard's text for the tests.

It shares no code with ``workbench.core.refi`` (lxml and the standard library only), so that a
mistake made the same way in our writer and our importer cannot hide here. It reads what the
standard says a project holds:

- the archive holds one ``*.qde`` and the internal files under ``sources/`` (any letter case);
  ``internal://NAME`` names a file there, and positions are Unicode code points (§10.2), the end
  exclusive, of the UTF-8 plain text;
- the coder of a coding is the ``creatingUser`` of its ``Coding``, else of its selection;
- a note's text is its ``PlainTextContent`` or the file of its ``plainTextPath``;
- a note is attached to what holds a ``NoteRef`` to it (the project, a code, a source, a
  selection, a coding, another note), or by a ``Link`` from or to it; a note with a
  ``PlainTextSelection`` of its own that a source refers to annotates that range of that source.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

_NS_PREFIX = "urn:QDA-XML:project:"
_GUID = re.compile(
    r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$"
)


def guid(value: str | None) -> str | None:
    """A GUID as the standard allows it (either case, optionally in braces), normalised."""
    if value is None:
        return None
    match = _GUID.match(value.strip())
    if match is None:
        raise ValueError(f"not a GUIDType: {value!r}")
    return match.group(1).lower()


@dataclass
class Coding:
    guid: str
    code: str
    coder: str | None
    source: str
    start: int
    end: int
    text: str


@dataclass
class Note:
    guid: str
    name: str | None
    text: str
    author: str | None  # the user's name
    created: str | None
    from_file: bool
    ranges: list[tuple[int, int]] = field(default_factory=list)
    targets: list[tuple[str, str | None]] = field(default_factory=list)


@dataclass
class Code:
    guid: str
    name: str
    path: str
    color: str | None
    codable: bool


@dataclass
class Document:
    """What a reader receives from one .qdpx."""

    project: dict[str, str]
    users: dict[str, str]
    codes: dict[str, Code]
    sources: dict[str, str]  # guid → name
    texts: dict[str, str]  # source guid → plain text
    codings: dict[str, Coding]
    notes: dict[str, Note]
    case_sources: dict[str, set[str]]  # case guid → source guids
    case_names: dict[str, str]

    def annotations(self) -> list[tuple[Note, str, tuple[int, int]]]:
        """Notes that annotate a range: (note, source guid, range)."""
        return [
            (note, target, note.ranges[0])
            for note in self.notes.values()
            for kind, target in note.targets
            if kind == "annotation" and target is not None
        ]


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname


def _children(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if isinstance(c.tag, str) and _local(c) == name]


def _child_text(el: etree._Element, name: str) -> str | None:
    found = _children(el, name)
    return None if not found else (found[0].text or "")


class _Archive:
    def __init__(self, path: Path) -> None:
        self.zip = zipfile.ZipFile(path)
        names = self.zip.namelist()
        qdes = [n for n in names if n.lower().endswith(".qde") and "/" not in n]
        if len(qdes) != 1:
            raise ValueError(f"{path}: expected exactly one .qde at the top, found {qdes}")
        self.qde = qdes[0]
        self.members = {n.lower(): n for n in names}

    def internal(self, reference: str) -> str:
        if not reference.startswith("internal://"):
            raise ValueError(f"not an internal file: {reference!r}")
        name = "sources/" + reference[len("internal://") :]
        member = self.members.get(name.lower())
        if member is None:
            raise ValueError(f"{reference!r} is not in the archive")
        data = self.zip.read(member)
        return data.decode("utf-8")


def read(path: Path) -> Document:
    """Read a .qdpx the way the standard describes it."""
    archive = _Archive(path)
    root = etree.fromstring(archive.zip.read(archive.qde))
    namespace = etree.QName(root).namespace or ""
    if not namespace.startswith(_NS_PREFIX) or _local(root) != "Project":
        raise ValueError(f"root is {root.tag}, not a REFI-QDA Project")
    doc = Document(
        project=dict(root.attrib),
        users={},
        codes={},
        sources={},
        texts={},
        codings={},
        notes={},
        case_sources={},
        case_names={},
    )
    refs: list[tuple[str, str, str | None]] = []  # (note guid, target kind, target guid)
    for users in _children(root, "Users"):
        for user in _children(users, "User"):
            doc.users[str(guid(user.get("guid")))] = user.get("name") or ""
    for book in _children(root, "CodeBook"):
        for codes in _children(book, "Codes"):
            _codes(codes, "", doc, refs)
    for cases in _children(root, "Cases"):
        for case in _children(cases, "Case"):
            key = str(guid(case.get("guid")))
            doc.case_names[key] = case.get("name") or ""
            doc.case_sources[key] = {
                str(guid(r.get("targetGUID"))) for r in _children(case, "SourceRef")
            }
    for sources in _children(root, "Sources"):
        for source in _children(sources, "TextSource"):
            _source(source, archive, doc, refs)
    for notes in _children(root, "Notes"):
        for el in _children(notes, "Note"):
            note = _note(el, archive, doc.users)
            doc.notes[note.guid] = note
            for sel in _children(el, "PlainTextSelection"):
                for ref in _children(sel, "NoteRef"):
                    refs.append(
                        (str(guid(ref.get("targetGUID"))), "selection", guid(sel.get("guid")))
                    )
            for ref in _children(el, "NoteRef"):
                refs.append((str(guid(ref.get("targetGUID"))), "note", note.guid))
    for links in _children(root, "Links"):
        for link in _children(links, "Link"):
            origin, target = guid(link.get("originGUID")), guid(link.get("targetGUID"))
            if origin in doc.notes:
                refs.append((origin, "link", target))
            elif target in doc.notes:
                refs.append((str(target), "link", origin))
    for ref in _children(root, "NoteRef"):
        refs.append((str(guid(ref.get("targetGUID"))), "project", None))
    for note_guid, kind, target in refs:
        note = doc.notes[note_guid]  # a NoteRef to a note that is not there is a broken file
        if kind == "source-ref" and note.ranges:
            note.targets.append(("annotation", target))
        elif kind == "source-ref":
            note.targets.append(("source", target))
        elif kind == "link":
            note.targets.append((_kind_of(doc, target), target))
        else:
            note.targets.append((kind, target))
    return doc


def _kind_of(doc: Document, target: str | None) -> str:
    if target in doc.sources:
        return "source"
    if target in doc.case_names:
        return "case"
    if target in doc.codes:
        return "code"
    if target in doc.codings:
        return "coding"
    return "unknown"


def _codes(
    parent: etree._Element, path: str, doc: Document, refs: list[tuple[str, str, str | None]]
) -> None:
    for el in _children(parent, "Code"):
        key = str(guid(el.get("guid")))
        name = el.get("name") or ""
        full = f"{path}/{name}" if path else name
        codable = (el.get("isCodable") or "").strip() in ("true", "1")
        doc.codes[key] = Code(key, name, full, el.get("color"), codable)
        for ref in _children(el, "NoteRef"):
            refs.append((str(guid(ref.get("targetGUID"))), "code", key))
        _codes(el, full, doc, refs)


def _source(
    el: etree._Element, archive: _Archive, doc: Document, refs: list[tuple[str, str, str | None]]
) -> None:
    key = str(guid(el.get("guid")))
    doc.sources[key] = el.get("name") or ""
    content, path = _child_text(el, "PlainTextContent"), el.get("plainTextPath")
    text = content if content is not None else archive.internal(str(path))
    doc.texts[key] = text
    for sel in _children(el, "PlainTextSelection"):
        start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
        for coding in _children(sel, "Coding"):
            code_refs = _children(coding, "CodeRef")
            if len(code_refs) != 1:
                raise ValueError("a Coding holds exactly one CodeRef")
            coding_guid = str(guid(coding.get("guid")))
            coder = guid(coding.get("creatingUser")) or guid(sel.get("creatingUser"))
            doc.codings[coding_guid] = Coding(
                guid=coding_guid,
                code=str(guid(code_refs[0].get("targetGUID"))),
                coder=doc.users.get(coder) if coder else None,
                source=key,
                start=start,
                end=end,
                text=text[start:end],
            )
            for ref in _children(coding, "NoteRef"):
                refs.append((str(guid(ref.get("targetGUID"))), "coding", coding_guid))
        for ref in _children(sel, "NoteRef"):
            refs.append((str(guid(ref.get("targetGUID"))), "selection", guid(sel.get("guid"))))
    for ref in _children(el, "NoteRef"):
        refs.append((str(guid(ref.get("targetGUID"))), "source-ref", key))


def _note(el: etree._Element, archive: _Archive, users: dict[str, str]) -> Note:
    content, path = _child_text(el, "PlainTextContent"), el.get("plainTextPath")
    if content is not None and path is not None:
        raise ValueError("a note gives PlainTextContent or plainTextPath, not both")
    text = content if content is not None else archive.internal(str(path)) if path else ""
    return Note(
        guid=str(guid(el.get("guid"))),
        name=el.get("name"),
        text=text,
        author=users.get(str(guid(el.get("creatingUser")))),
        created=el.get("creationDateTime"),
        from_file=path is not None,
        ranges=[
            (int(s.get("startPosition")), int(s.get("endPosition")))
            for s in _children(el, "PlainTextSelection")
        ],
    )
