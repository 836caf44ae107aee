"""Reading a parsed ``project.qde`` (or a ``.qdc``'s codes) into plain data (model.py).

Tolerant by design: element names are matched in any ``urn:QDA-XML:*`` namespace, GUIDs in any
case and with braces, and ids that are not GUIDs (``c001``) are kept as they are, so references
still resolve (the importer derives stable uuids from them). Everything the workbench cannot hold
(pictures, PDFs' areas, graphs, elements no schema names…) is counted in
``RProject.unsupported`` so the import report can list it.

Only what the elements say is read here; references (NoteRefs, which may point forward) are
resolved by the importer once every note is known.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from lxml import etree

from workbench.core.refi.errors import InvalidRefiFileError
from workbench.core.refi.media_xml import KINDS as MEDIA_SOURCES
from workbench.core.refi.media_xml import read_media_source
from workbench.core.refi.model import (
    RCase,
    RCode,
    RCoding,
    RLink,
    RProject,
    RSelection,
    RSet,
    RTextSource,
    RUser,
    RValue,
    RVariable,
)
from workbench.core.refi.xmlsafe import (
    Element,
    attr,
    kid,
    kid_text,
    kids,
    local,
    norm_guid,
    parse_datetime,
)

VALUE_KINDS = (
    "TextValue",
    "BooleanValue",
    "IntegerValue",
    "FloatValue",
    "DateValue",
    "DateTimeValue",
)
_MEDIA = {"PictureSource": ("PictureSelection", "picture")}
# The children each element may have (Project-mrt2019.xsd); any other child is counted.
_CHILDREN = {
    "Project": {
        "Users", "CodeBook", "Variables", "Cases", "Sources", "Notes", "Links", "Sets", "Graphs",
        "Description", "NoteRef",
    },
    "Users": {"User"},
    "User": set(),
    "CodeBook": {"Codes"},
    "Codes": {"Code"},
    "Code": {"Description", "NoteRef", "Code"},
    "Variables": {"Variable"},
    "Variable": {"Description"},
    "Cases": {"Case"},
    "Case": {"Description", "CodeRef", "VariableValue", "SourceRef", "SelectionRef"},
    "TextSource": {
        "Description", "PlainTextContent", "PlainTextSelection", "Coding", "NoteRef",
        "VariableValue",
    },
    "Notes": {"Note"},
    "Links": {"Link"},
    "Link": {"NoteRef"},
    "Sets": {"Set"},
    "Set": {"Description", "MemberCode", "MemberSource", "MemberNote"},
    "Graphs": {"Graph"},
}  # fmt: skip
Key = Callable[[str | None], str | None]


class RawId(str):
    """An id that is not a GUID (``c001``), kept as written so references to it resolve."""

    __slots__ = ()


def ident(value: str | None) -> str | None:
    """The key an element's id is referred to by: the GUID in our form, or else the raw id as
    written (a RawId); None if there is none."""
    guid = norm_guid(value)
    if guid is not None or value is None:
        return guid
    raw = value.strip()
    return RawId(raw) if raw else None


def _expect(el: Element, kind: str, project: RProject) -> None:
    """Count the children of ``el`` that its kind of element does not have in the schema."""
    allowed = _CHILDREN[kind]
    for child in el.iterchildren(etree.Element):
        name = local(child)
        if name not in allowed:
            project.unsupported_item(f"<{name}> elements inside <{local(el)}> (not in the schema)")


def _items(
    parent: Element, box: str, item: str, project: RProject, *, each: bool = True
) -> Iterator[Element]:
    """The ``item`` elements in ``parent``'s ``box`` child (none if it has none); children
    the schema does not name are counted: in the box, and (if ``each``) in every item."""
    found = kid(parent, box)
    if found is None:
        return
    _expect(found, box, project)
    for el in kids(found, item):
        if each:
            _expect(el, item, project)
        yield el


def read_project(root: Element, path: Path) -> RProject:
    """The project described by the root element of a ``project.qde``."""
    if local(root) != "Project":
        raise InvalidRefiFileError(
            path,
            f"its project description starts with <{local(root)}>, not <Project>, so it is not "
            "a REFI-QDA project.",
        )
    project = RProject(
        name=(attr(root, "name") or "").strip(),
        origin=attr(root, "origin") or "",
        description=kid_text(root, "Description") or "",
        created=parse_datetime(attr(root, "creationDateTime")),
        guid=norm_guid(attr(root, "guid")),
        base_path=attr(root, "basePath"),
    )
    _expect(root, "Project", project)
    for el in _items(root, "Users", "User", project):
        name = (attr(el, "name") or attr(el, "id") or "").strip()
        project.users.append(RUser(ident(attr(el, "guid")), name))
    book = kid(root, "CodeBook")
    if book is not None:
        _expect(book, "CodeBook", project)
        codes = _items(book, "Codes", "Code", project, each=False)  # read_code checks
        project.codes = [read_code(el, ident, project) for el in codes]
    for el in _items(root, "Variables", "Variable", project):
        project.variables.append(
            RVariable(
                guid=ident(attr(el, "guid")),
                name=(attr(el, "name") or "").strip(),
                type=(attr(el, "typeOfVariable") or "Text").strip(),
                description=kid_text(el, "Description") or "",
            )
        )
    for el in _items(root, "Cases", "Case", project):
        project.cases.append(_case(el))
    sources = kid(root, "Sources")
    for el in kids(sources) if sources is not None else ():
        _source(el, project)  # counts sources of unknown kinds itself
    for el in _items(root, "Notes", "Note", project, each=False):  # a text source
        project.notes.append(_text_source(el, "Note", project))
    for el in _items(root, "Links", "Link", project):
        project.links.append(
            RLink(
                guid=ident(attr(el, "guid")),
                name=attr(el, "name") or "",
                origin=ident(attr(el, "originGUID")),
                target=ident(attr(el, "targetGUID")),
            )
        )
        project.unsupported_item("notes attached to links", len(list(kids(el, "NoteRef"))))
    for el in _items(root, "Sets", "Set", project):
        project.sets.append(
            RSet(
                guid=ident(attr(el, "guid")),
                name=(attr(el, "name") or "").strip(),
                description=kid_text(el, "Description"),
                codes=_refs(el, "MemberCode"),
                sources=_refs(el, "MemberSource"),
                notes=len(list(kids(el, "MemberNote"))),
            )
        )
    graphs = kid(root, "Graphs")
    if graphs is not None:
        _expect(graphs, "Graphs", project)
        project.unsupported_item("graphs (network views)", len(list(kids(graphs, "Graph"))))
    project.project_notes = _refs(root, "NoteRef")
    return project


def read_code(el: Element, key: Key = norm_guid, project: RProject | None = None) -> RCode:
    """A ``Code`` element with its sub-codes (project or codebook schema); ``key`` reads ids,
    and children the schema does not name are counted in ``project`` if given."""
    if project is not None:
        _expect(el, "Code", project)
    codable = (attr(el, "isCodable") or "true").strip().lower() not in ("false", "0")
    return RCode(
        guid=key(attr(el, "guid")),
        name=(attr(el, "name") or "").strip(),
        color=attr(el, "color"),
        description=kid_text(el, "Description") or "",
        codable=codable,
        notes=_refs(el, "NoteRef"),
        children=[read_code(child, key, project) for child in kids(el, "Code")],
    )


def _refs(el: Element, name: str, key: str = "targetGUID") -> list[str]:
    out = []
    for ref in kids(el, name):
        guid = ident(attr(ref, key))
        if guid is not None:
            out.append(guid)
    return out


def _values(el: Element) -> list[RValue]:
    out = []
    for value in kids(el, "VariableValue"):
        ref = kid(value, "VariableRef")
        typed = next((k for k in kids(value) if local(k) in VALUE_KINDS), None)
        out.append(
            RValue(
                variable=ident(attr(ref, "targetGUID")) if ref is not None else None,
                kind="" if typed is None else local(typed),
                value="" if typed is None else str(typed.text or ""),
            )
        )
    return out


def _case(el: Element) -> RCase:
    return RCase(
        guid=ident(attr(el, "guid")),
        name=attr(el, "name"),
        description=kid_text(el, "Description") or "",
        values=_values(el),
        sources=_refs(el, "SourceRef"),
        selections=_refs(el, "SelectionRef"),
        codes=len(list(kids(el, "CodeRef"))),
    )


def _coding(el: Element, project: RProject) -> RCoding:
    # Hot path (one per coding): one pass over the children, no helper generators.
    code: str | None = None
    notes: list[str] = []
    for child in el.iterchildren(etree.Element):
        name = child.tag.rpartition("}")[2]
        if name == "CodeRef" and code is None:
            code = ident(child.get("targetGUID"))
        elif name == "NoteRef":
            guid = ident(child.get("targetGUID"))
            if guid is not None:
                notes.append(guid)
        else:
            project.unsupported_item(f"<{name}> elements inside <Coding> (not in the schema)")
    return RCoding(
        guid=ident(el.get("guid")),
        code=code,
        user=ident(el.get("creatingUser")),
        created=parse_datetime(el.get("creationDateTime")),
        notes=notes,
    )


def _selection(el: Element, project: RProject) -> RSelection | None:
    get = el.get
    try:
        start = int(get("startPosition"))
        end = int(get("endPosition"))
    except (TypeError, ValueError):
        project.unsupported_item("text selections without readable positions")
        return None
    selection = RSelection(
        guid=ident(get("guid")),
        start=start,
        end=end,
        description=None,
        user=ident(get("creatingUser")),
        created=parse_datetime(get("creationDateTime")),
    )
    for child in el.iterchildren(etree.Element):
        name = child.tag.rpartition("}")[2]
        if name == "Coding":
            selection.codings.append(_coding(child, project))
        elif name == "NoteRef":
            guid = ident(child.get("targetGUID"))
            if guid is not None:
                selection.notes.append(guid)
        elif name == "Description" and selection.description is None:
            selection.description = str(child.text or "")
        else:
            project.unsupported_item(
                f"<{name}> elements inside <PlainTextSelection> (not in the schema)"
            )
    return selection


def _text_source(el: Element, kind: str, project: RProject) -> RTextSource:
    _expect(el, "TextSource", project)
    selections = [_selection(s, project) for s in kids(el, "PlainTextSelection")]
    return RTextSource(
        guid=ident(attr(el, "guid")),
        name=attr(el, "name") or "",
        kind=kind,
        plain_path=attr(el, "plainTextPath"),
        rich_path=attr(el, "richTextPath"),
        content=kid_text(el, "PlainTextContent"),
        description=kid_text(el, "Description"),
        user=ident(attr(el, "creatingUser")),
        created=parse_datetime(attr(el, "creationDateTime")),
        modified=parse_datetime(attr(el, "modifiedDateTime")),
        selections=[s for s in selections if s is not None],
        whole_codings=len(list(kids(el, "Coding"))),
        notes=_refs(el, "NoteRef"),
        values=_values(el),
    )


def _source(el: Element, project: RProject) -> None:
    kind = local(el)
    if kind == "TextSource":
        project.sources.append(_text_source(el, kind, project))
    elif kind == "PDFSource":
        areas = list(kids(el, "PDFSelection"))
        project.unsupported_item("area selections in PDFs", len(areas))
        project.unsupported_item(
            "codings of area selections in PDFs", sum(len(list(kids(a, "Coding"))) for a in areas)
        )
        text = kid(el, "Representation")
        if text is None:
            project.unsupported_item("PDF sources without a plain-text representation")
            _lost_source(el, "PDF", project)
            return
        source = _text_source(text, kind, project)
        source.guid = ident(attr(el, "guid")) or source.guid
        source.name = (attr(el, "name") or "").strip() or source.name
        source.description = kid_text(el, "Description") or source.description
        source.notes += _refs(el, "NoteRef")
        source.values += _values(el)
        source.whole_codings += len(list(kids(el, "Coding")))
        project.sources.append(source)
    elif kind in MEDIA_SOURCES:
        source, media = read_media_source(
            el, project, ident=ident, coding=_coding, text_source=_text_source
        )
        source.values = _values(el)
        project.sources.append(source)
        project.media.append(media)
    elif kind in _MEDIA:
        selection, label = _MEDIA[kind]
        project.unsupported_item(f"{label} sources (the workbench holds text only)")
        marked = list(kids(el, selection))
        project.unsupported_item(f"selections in {label} sources", len(marked))
        project.unsupported_item(
            f"codings of selections in {label} sources",
            sum(len(list(kids(m, "Coding"))) for m in marked),
        )
        transcripts = list(kids(el, "Transcript"))
        project.unsupported_item(f"transcripts synchronised with {label}", len(transcripts))
        spans = [s for t in transcripts for s in kids(t, "TranscriptSelection")]
        project.unsupported_item(f"selections in transcripts of {label}", len(spans))
        project.unsupported_item(
            f"codings of selections in transcripts of {label}",
            sum(len(list(kids(s, "Coding"))) for s in spans),
        )
        if kind == "PictureSource" and kid(el, "TextDescription") is not None:
            project.unsupported_item("text descriptions of pictures")
        _lost_source(el, label, project)
    else:
        project.unsupported_item(f"sources of the unknown kind <{kind}>")


def _lost_source(el: Element, label: str, project: RProject) -> None:
    """What hangs on a source that is not imported: counted; its notes are remembered so they
    are reported as not placed, not silently turned into project memos."""
    project.unsupported_item(f"codings of whole {label} sources", len(list(kids(el, "Coding"))))
    project.unsupported_item(
        f"variable values of {label} sources", len(list(kids(el, "VariableValue")))
    )
    project.unsupported_item(
        f"descriptions of {label} sources", 1 if kid_text(el, "Description") else 0
    )
    project.lost_notes += _refs(el, "NoteRef")
