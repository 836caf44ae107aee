"""Reading the sources and notes of a ``project.qde``, one element at a time: a source's
selections and codings (the hot path of a large import), a recording's transcript and media
selections (media_xml.py), and what a source of a kind the workbench cannot hold carries
(counted in ``RProject.unsupported``)."""

from __future__ import annotations

from lxml import etree

from workbench.core.refi.media_xml import KINDS as MEDIA_SOURCES
from workbench.core.refi.media_xml import read_media_source
from workbench.core.refi.model import RCoding, RProject, RSelection, RTextSource
from workbench.core.refi.qdpx_reader import _expect, _refs, _values, ident
from workbench.core.refi.xmlsafe import Element, attr, kid, kid_text, kids, local, parse_datetime

_MEDIA = {"PictureSource": ("PictureSelection", "picture")}


def read_note(el: Element, project: RProject) -> None:
    """One ``<Note>`` (a text source) into ``project.notes``."""
    project.notes.append(_text_source(el, "Note", project))


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


def read_source(el: Element, project: RProject) -> RTextSource | None:
    """One child of ``<Sources>``: the text source it holds, or None (what it holds that the
    workbench cannot is counted in ``project``)."""
    kind = local(el)
    if kind == "TextSource":
        return _text_source(el, kind, project)
    if kind == "PDFSource":
        areas = list(kids(el, "PDFSelection"))
        project.unsupported_item("area selections in PDFs", len(areas))
        project.unsupported_item(
            "codings of area selections in PDFs", sum(len(list(kids(a, "Coding"))) for a in areas)
        )
        text = kid(el, "Representation")
        if text is None:
            project.unsupported_item("PDF sources without a plain-text representation")
            _lost_source(el, "PDF", project)
            return None
        source = _text_source(text, kind, project)
        source.guid = ident(attr(el, "guid")) or source.guid
        source.name = (attr(el, "name") or "").strip() or source.name
        source.description = kid_text(el, "Description") or source.description
        source.notes += _refs(el, "NoteRef")
        source.values += _values(el)
        source.whole_codings += len(list(kids(el, "Coding")))
        return source
    if kind in MEDIA_SOURCES:
        source, media = read_media_source(
            el, project, ident=ident, coding=_coding, text_source=_text_source
        )
        source.media, source.values = media, _values(el)
        return source
    if kind in _MEDIA:
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
    return None


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
