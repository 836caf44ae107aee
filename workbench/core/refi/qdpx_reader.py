"""Reading a parsed ``project.qde`` (or a ``.qdc``'s codes) into plain data (model.py).

Tolerant by design: element names are matched in any ``urn:QDA-XML:*`` namespace, GUIDs in any
case and with braces, and everything the workbench cannot hold (pictures, PDFs' areas, audio,
video, graphs…) is counted in ``RProject.unsupported`` so the import report can list it.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from workbench.core.refi.errors import InvalidRefiFileError
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
_MEDIA = {
    "PictureSource": ("PictureSelection", "picture"),
    "AudioSource": ("AudioSelection", "audio"),
    "VideoSource": ("VideoSelection", "video"),
}


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
    )
    users = kid(root, "Users")
    for el in kids(users, "User") if users is not None else ():
        name = (attr(el, "name") or attr(el, "id") or "").strip()
        project.users.append(RUser(norm_guid(attr(el, "guid")), name))
    book = kid(root, "CodeBook")
    codes = kid(book, "Codes") if book is not None else None
    if codes is not None:
        project.codes = [read_code(el) for el in kids(codes, "Code")]
    variables = kid(root, "Variables")
    for el in kids(variables, "Variable") if variables is not None else ():
        project.variables.append(
            RVariable(
                guid=norm_guid(attr(el, "guid")),
                name=(attr(el, "name") or "").strip(),
                type=(attr(el, "typeOfVariable") or "Text").strip(),
                description=kid_text(el, "Description") or "",
            )
        )
    cases = kid(root, "Cases")
    for el in kids(cases, "Case") if cases is not None else ():
        project.cases.append(_case(el))
    sources = kid(root, "Sources")
    for el in kids(sources) if sources is not None else ():
        _source(el, project)
    notes = kid(root, "Notes")
    for el in kids(notes, "Note") if notes is not None else ():
        project.notes.append(_text_source(el, "Note", project))
    links = kid(root, "Links")
    for el in kids(links, "Link") if links is not None else ():
        project.links.append(
            RLink(
                guid=norm_guid(attr(el, "guid")),
                name=attr(el, "name") or "",
                origin=norm_guid(attr(el, "originGUID")),
                target=norm_guid(attr(el, "targetGUID")),
            )
        )
        project.unsupported_item("notes attached to links", len(list(kids(el, "NoteRef"))))
    sets = kid(root, "Sets")
    for el in kids(sets, "Set") if sets is not None else ():
        project.sets.append(
            RSet(
                guid=norm_guid(attr(el, "guid")),
                name=(attr(el, "name") or "").strip(),
                description=kid_text(el, "Description"),
                codes=_refs(el, "MemberCode"),
                sources=_refs(el, "MemberSource"),
                notes=len(list(kids(el, "MemberNote"))),
            )
        )
    graphs = kid(root, "Graphs")
    if graphs is not None:
        project.unsupported_item("graphs (network views)", len(list(kids(graphs, "Graph"))))
    project.project_notes = _refs(root, "NoteRef")
    return project


def read_code(el: Element) -> RCode:
    """A ``Code`` element with its sub-codes (project or codebook schema)."""
    codable = (attr(el, "isCodable") or "true").strip().lower() not in ("false", "0")
    return RCode(
        guid=norm_guid(attr(el, "guid")),
        name=(attr(el, "name") or "").strip(),
        color=attr(el, "color"),
        description=kid_text(el, "Description") or "",
        codable=codable,
        notes=_refs(el, "NoteRef"),
        children=[read_code(child) for child in kids(el, "Code")],
    )


def _refs(el: Element, name: str, key: str = "targetGUID") -> list[str]:
    out = []
    for ref in kids(el, name):
        guid = norm_guid(attr(ref, key))
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
                variable=norm_guid(attr(ref, "targetGUID")) if ref is not None else None,
                kind="" if typed is None else local(typed),
                value="" if typed is None else str(typed.text or ""),
            )
        )
    return out


def _case(el: Element) -> RCase:
    return RCase(
        guid=norm_guid(attr(el, "guid")),
        name=attr(el, "name"),
        description=kid_text(el, "Description") or "",
        values=_values(el),
        sources=_refs(el, "SourceRef"),
        selections=_refs(el, "SelectionRef"),
        codes=len(list(kids(el, "CodeRef"))),
    )


def _coding(el: Element) -> RCoding:
    # Hot path (one per coding): one pass over the children, no helper generators.
    code: str | None = None
    notes: list[str] = []
    for child in el.iterchildren(etree.Element):
        name = child.tag.rpartition("}")[2]
        if name == "CodeRef" and code is None:
            code = norm_guid(child.get("targetGUID"))
        elif name == "NoteRef":
            guid = norm_guid(child.get("targetGUID"))
            if guid is not None:
                notes.append(guid)
    return RCoding(
        guid=norm_guid(el.get("guid")),
        code=code,
        user=norm_guid(el.get("creatingUser")),
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
        guid=norm_guid(get("guid")),
        start=start,
        end=end,
        description=None,
        user=norm_guid(get("creatingUser")),
        created=parse_datetime(get("creationDateTime")),
    )
    for child in el.iterchildren(etree.Element):
        name = child.tag.rpartition("}")[2]
        if name == "Coding":
            selection.codings.append(_coding(child))
        elif name == "NoteRef":
            guid = norm_guid(child.get("targetGUID"))
            if guid is not None:
                selection.notes.append(guid)
        elif name == "Description" and selection.description is None:
            selection.description = str(child.text or "")
    return selection


def _text_source(el: Element, kind: str, project: RProject) -> RTextSource:
    selections = [_selection(s, project) for s in kids(el, "PlainTextSelection")]
    return RTextSource(
        guid=norm_guid(attr(el, "guid")),
        name=attr(el, "name") or "",
        kind=kind,
        plain_path=attr(el, "plainTextPath"),
        rich_path=attr(el, "richTextPath"),
        content=kid_text(el, "PlainTextContent"),
        description=kid_text(el, "Description"),
        user=norm_guid(attr(el, "creatingUser")),
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
        text = kid(el, "Representation")
        if text is None:
            project.unsupported_item("PDF sources without a plain-text representation")
            return
        source = _text_source(text, kind, project)
        source.guid = norm_guid(attr(el, "guid")) or source.guid
        source.name = (attr(el, "name") or "").strip() or source.name
        source.notes += _refs(el, "NoteRef")
        source.values += _values(el)
        source.whole_codings += len(list(kids(el, "Coding")))
        project.sources.append(source)
    elif kind in _MEDIA:
        selection, label = _MEDIA[kind]
        project.unsupported_item(f"{label} sources (the workbench holds text only)")
        marked = list(kids(el, selection))
        project.unsupported_item(f"selections in {label} sources", len(marked))
        transcripts = list(kids(el, "Transcript"))
        project.unsupported_item(f"transcripts synchronised with {label}", len(transcripts))
    else:
        project.unsupported_item(f"sources of the unknown kind <{kind}>")
