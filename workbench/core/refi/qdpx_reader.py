"""Reading a parsed ``project.qde`` (or a ``.qdc``'s codes) into plain data (model.py).

Tolerant by design: element names are matched in any ``urn:QDA-XML:*`` namespace, GUIDs in any
case and with braces, and ids that are not GUIDs (``c001``) are kept as they are, so references
still resolve (the importer derives stable uuids from them). Everything the workbench cannot hold
(pictures, PDFs' areas, graphs, elements no schema names…) is counted in
``RProject.unsupported`` so the import report can list it.

Only what the elements say is read here, one section (or one source) at a time, so that a
streaming reader (qde_stream.py) can drop each element once read; references (NoteRefs, links,
which may point forward) are resolved by the importer once everything is known.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from lxml import etree

from workbench.core.refi.errors import InvalidRefiFileError
from workbench.core.refi.model import (
    RCase,
    RCode,
    RLink,
    RProject,
    RSet,
    RUser,
    RValue,
    RVariable,
)
from workbench.core.refi.xmlsafe import (
    Element,
    attr,
    is_qda,
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


_OUR_FORM = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").fullmatch


def ident(value: str | None) -> str | None:
    """The key an element's id is referred to by: the GUID in our form, or else the raw id as
    written (a RawId); None if there is none."""
    if value is not None and _OUR_FORM(value) is not None:
        return value  # most files write GUIDs so: one check instead of a cache miss per coding
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


def read_head(root: Element, path: Path) -> RProject:
    """The project a ``project.qde``'s root element names (its attributes only; the sections
    are read by ``read_section``)."""
    if local(root) != "Project":
        raise InvalidRefiFileError(
            path,
            f"its project description starts with <{local(root)}>, not <Project>, so it is not "
            "a REFI-QDA project.",
        )
    return RProject(
        name=(attr(root, "name") or "").strip(),
        origin=attr(root, "origin") or "",
        description="",
        created=parse_datetime(attr(root, "creationDateTime")),
        guid=norm_guid(attr(root, "guid")),
        base_path=attr(root, "basePath"),
    )


def read_section(el: Element, project: RProject) -> None:
    """One child of ``<Project>`` (all but ``Sources``: see ``read_source``) into ``project``;
    a child the schema does not name is counted."""
    name = local(el)
    if name not in _CHILDREN["Project"]:
        project.unsupported_item(f"<{name}> elements inside <Project> (not in the schema)")
        return
    if not is_qda(el) or name == "Sources":
        return
    if name == "Description":
        project.description = project.description or str(el.text or "")
    elif name == "NoteRef":
        project.project_notes += _refs_of([el])
    elif name == "CodeBook":
        _expect(el, "CodeBook", project)
        codes = _items(el, "Codes", "Code", project, each=False)  # read_code checks
        project.codes += [read_code(code, ident, project) for code in codes]
    else:
        _check(el, name, project)
        _READERS[name](el, project)


def _check(box: Element, name: str, project: RProject) -> None:
    _expect(box, name, project)
    item = _ITEM[name]
    if item not in ("Note", "Graph"):  # a Note is checked as a text source
        for el in kids(box, item):
            _expect(el, item, project)


def _users(box: Element, project: RProject) -> None:
    for el in kids(box, "User"):
        name = (attr(el, "name") or attr(el, "id") or "").strip()
        project.users.append(RUser(ident(attr(el, "guid")), name))


def _variables(box: Element, project: RProject) -> None:
    for el in kids(box, "Variable"):
        project.variables.append(
            RVariable(
                guid=ident(attr(el, "guid")),
                name=(attr(el, "name") or "").strip(),
                type=(attr(el, "typeOfVariable") or "Text").strip(),
                description=kid_text(el, "Description") or "",
            )
        )


def _cases(box: Element, project: RProject) -> None:
    project.cases += [_case(el) for el in kids(box, "Case")]


def _notes(box: Element, project: RProject) -> None:
    """Nothing: each ``<Note>`` is read as the stream reaches its end (qde_sources.read_note)."""


def _links(box: Element, project: RProject) -> None:
    for el in kids(box, "Link"):
        project.links.append(
            RLink(
                guid=ident(attr(el, "guid")),
                name=attr(el, "name") or "",
                origin=ident(attr(el, "originGUID")),
                target=ident(attr(el, "targetGUID")),
            )
        )
        project.unsupported_item("notes attached to links", len(list(kids(el, "NoteRef"))))


def _sets(box: Element, project: RProject) -> None:
    for el in kids(box, "Set"):
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


def _graphs(box: Element, project: RProject) -> None:
    project.unsupported_item("graphs (network views)", len(list(kids(box, "Graph"))))


_READERS: dict[str, Callable[[Element, RProject], None]] = {
    "Users": _users,
    "Variables": _variables,
    "Cases": _cases,
    "Notes": _notes,
    "Links": _links,
    "Sets": _sets,
    "Graphs": _graphs,
}
_ITEM = {
    "Users": "User", "Variables": "Variable", "Cases": "Case", "Notes": "Note", "Links": "Link",
    "Sets": "Set", "Graphs": "Graph",
}  # fmt: skip


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


def _refs(el: Element, name: str) -> list[str]:
    return _refs_of(kids(el, name))


def _refs_of(refs: Iterable[Element]) -> list[str]:
    out = []
    for ref in refs:
        guid = ident(attr(ref, "targetGUID"))
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
