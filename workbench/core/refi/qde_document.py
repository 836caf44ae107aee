"""``project.qde`` written as it is built: the small rows first, then each source's selections
and annotations, read a batch of sources at a time (``export_data``), so that memory does not
grow with the number of codings. Internal files (source texts, memos) are only named here;
``qdpx_writer`` writes them after the document.

A source with a recording is an ``AudioSource``/``VideoSource`` (media_export.py).

Shapes chosen so that real clients read them (QualCoder's import is the strictest seen):
- one ``PlainTextSelection`` per (range, coder), its ``creatingUser`` the coder: readers take
  the coder from the selection, so two coders on one range need two selections;
- a memo is a ``Note`` whose text is a file in the archive (``plainTextPath``): the schema
  forbids giving ``PlainTextContent`` as well, and some readers only read the file;
- an annotation is a ``Note`` holding its text and its own ``PlainTextSelection`` (the range),
  referenced by a ``NoteRef`` of its source; a memo on it is a ``NoteRef`` of that note;
- memos on a code or coding are ``NoteRef``s there; memos on a source or case are ``Link``s
  from the note, since a reader takes a source's ``NoteRef`` for an annotation.
"""

from __future__ import annotations

import hashlib
import uuid as uuidlib
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from importlib.metadata import PackageNotFoundError, version

from sqlalchemy.orm import Session

from workbench.core.refi.codec import EMPTY_SET, Definition, encode_definition, encode_variable
from workbench.core.refi.export_data import (
    ExportData,
    Row,
    annotations_per_source,
    codings_per_source,
    iso_text,
)
from workbench.core.refi.media_export import MediaExport, write_media_source
from workbench.core.refi.report import ReportBuilder
from workbench.core.refi.xmlsafe import PROJECT_NS, format_datetime, is_xml_safe
from workbench.core.refi.xmlwrite import XmlBuilder


def _version() -> str:
    try:
        return version("qualitative-workbench")
    except PackageNotFoundError:
        return "(development)"


ORIGIN = f"Qualitative Coding Workbench {_version()}"
SELECTION_NAMESPACE = uuidlib.UUID("9b3c61e2-5d0f-4a43-9a55-2f0f1f7e4c11")
_NAMESPACE_BYTES = SELECTION_NAMESPACE.bytes
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_SCHEMA_URL = "http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"
_VALUE_ELEMENT = {"text": "TextValue", "choice": "TextValue", "date": "DateValue"}
_VALUE_ELEMENT |= {"boolean": "BooleanValue"}


def derived_guid(kind: str, uuid: str) -> str:
    """A stable GUID for an element that stands for row ``uuid`` without being it (the range of
    an annotation, the link attaching a memo)."""
    return str(uuidlib.uuid5(SELECTION_NAMESPACE, f"{kind}/{uuid}"))


def selection_guid(source_uuid: str, start: int, end: int, coder_uuid: str) -> str:
    """The stable GUID of the selection that carries one coder's codings of one range of one
    source: ``uuid5(SELECTION_NAMESPACE, "source/start/end/coder")``, computed without
    uuid.UUID's overhead."""
    name = f"{source_uuid}/{start}/{end}/{coder_uuid}".encode()
    digest = hashlib.sha1(_NAMESPACE_BYTES + name).digest()
    raw = bytearray(digest[:16])
    raw[6] = (raw[6] & 0x0F) | 0x50
    raw[8] = (raw[8] & 0x3F) | 0x80
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


class ProjectXml:
    """Writes ``project.qde`` to ``sink`` as it is built; ``notes_files`` collects the texts of
    annotations that must travel as files (rare: see ``annotation``)."""

    def __init__(
        self,
        s: Session,
        data: ExportData,
        report: ReportBuilder,
        sink: Callable[[bytes], object],
        media: MediaExport,
    ) -> None:
        self.s = s
        self.data = data
        self.media = media
        self.report = report
        self.xml = XmlBuilder(report, sink)
        self.notes_files: list[tuple[str, str]] = []
        self.notes_open = False
        self.memos: dict[tuple[str, int | None], list[str]] = defaultdict(list)
        for memo in data.memos:
            column = {"source": memo.source_id, "code": memo.code_id, "coding": memo.coding_id}
            column |= {"annotation": memo.annotation_id, "case": memo.case_id}
            self.memos[(memo.target_kind, column.get(memo.target_kind))].append(memo.uuid)
        self.attributes = {a.id: a for a in data.attributes}
        self.users: dict[int, str] = {c.id: c.uuid for c in data.coders.values()}
        fractional = {a for values in data.values.values() for a, v in values if not _is_int(v)}
        self.integer = {a.id: a.id not in fractional for a in data.attributes}

    def user(self, coder_id: int | None) -> str | None:
        return self.users.get(coder_id) if coder_id is not None else None

    def note_refs(self, kind: str, key: int | None) -> None:
        for memo in self.memos.get((kind, key), ()):
            self.xml.parts.append(f'<NoteRef targetGUID="{memo}"/>')

    # -- the document ---------------------------------------------------------------------------
    def build(self) -> None:
        d, x = self.data, self.xml
        x.start(
            "Project",
            xmlns=PROJECT_NS,
            **{"xmlns:xsi": _XSI, "xsi:schemaLocation": f"{PROJECT_NS} {_SCHEMA_URL}"},
            name=d.name,
            origin=ORIGIN,
            creationDateTime=format_datetime(d.created_at),
            modifiedDateTime=format_datetime(d.modified_at),
        )
        if d.coders:
            x.start("Users")
            for coder in sorted(d.coders.values(), key=lambda c: (c.name, c.uuid)):
                x.empty("User", guid=coder.uuid, name=coder.name)
                self.report.count("coders")
            x.end("Users")
        if d.code_children.get(None):
            x.start("CodeBook")
            x.start("Codes")
            self.codes(None)
            x.end("Codes")
            x.end("CodeBook")
        if d.attributes:
            self.variables()
        if d.cases:
            self.cases()
        if d.sources:
            self.sources()
        self.notes()
        linked = [
            m
            for m in d.memos
            if (m.target_kind == "case" and m.case_id is not None)
            or (m.target_kind == "source" and m.source_id is not None)
        ]
        if d.relations or linked:
            self.links(linked)
        if d.sets:
            self.sets()
        if d.description:
            x.leaf("Description", d.description)
        self.note_refs("project", None)
        x.end("Project")
        x.flush()
        self.report.skip("done marks (REFI-QDA has no element for them)", d.done_marks)
        self.report.skip("theme map positions (not exported)", d.map_positions)

    def codes(self, parent_id: int | None) -> None:
        x = self.xml
        for row in self.data.code_children.get(parent_id, []):
            code_id, uuid, _, name, color, description, inclusion, exclusion, example = row[:9]
            ok = row[10]
            codable = "true" if ok else "false"
            x.start("Code", guid=uuid, name=name, isCodable=codable, color=color)
            text = encode_definition(Definition(description, inclusion, exclusion, example))
            if text:
                x.leaf("Description", text)
            self.note_refs("code", code_id)
            self.report.count("codes")
            self.codes(code_id)
            x.end("Code")

    def variables(self) -> None:
        x = self.xml
        x.start("Variables")
        refi = {"text": "Text", "choice": "Text", "boolean": "Boolean", "date": "Date"}
        for attr in self.data.attributes:
            kind = attr.type
            number = "Integer" if self.integer[attr.id] else "Float"
            x.start(
                "Variable",
                guid=attr.uuid,
                name=attr.name,
                typeOfVariable=number if kind == "number" else refi[kind],
            )
            x.leaf("Description", encode_variable(attr.scope, kind, tuple(attr.choices)))
            x.end("Variable")
            self.report.count("attributes")
        x.end("Variables")

    def values(self, scope: str, item_id: int) -> None:
        x = self.xml
        for attribute_id, stored in self.data.values.get((scope, item_id), []):
            attr = self.attributes[attribute_id]
            x.start("VariableValue")
            x.empty("VariableRef", targetGUID=attr.uuid)
            if attr.type == "number":
                integer = self.integer[attribute_id]
                value = stored if integer else format(Decimal(stored), "f")
                x.leaf("IntegerValue" if integer else "FloatValue", value)
            else:
                x.leaf(_VALUE_ELEMENT[attr.type], stored)
            x.end("VariableValue")

    def cases(self) -> None:
        x = self.xml
        x.start("Cases")
        for case in self.data.cases:
            x.start("Case", guid=case.uuid, name=case.name)
            if case.description:
                x.leaf("Description", case.description)
            self.values("case", case.id)
            links = self.data.case_links.get(case.id, [])
            self.report.warn(
                "links of cases to one speaker were exported as links to the whole source",
                sum(1 for _, speaker in links if speaker),
            )
            for source_id in dict.fromkeys(source_id for source_id, _ in links):
                x.empty("SourceRef", targetGUID=self.data.source_uuids[source_id])
            x.end("Case")
            self.report.count("cases")
        x.end("Cases")

    def sources(self) -> None:
        x = self.xml
        x.start("Sources")
        total = len(self.data.sources)
        codings = codings_per_source(self.s, self.data.sources)
        annotations = annotations_per_source(self.s, self.data.sources)
        both = zip(codings, annotations, strict=True)
        for index, ((source, coded), (_, notes)) in enumerate(both):
            self.report.step(index, total, "sources")
            if source.id in self.media.recordings:
                write_media_source(self, source, coded, notes, self.media)
            else:
                self.text_source(source, coded, notes)
            x.flush(unless_small=True)
            self.report.count("sources")
        x.end("Sources")

    def text_source(self, source: Row, coded: list[Row], notes: list[Row]) -> None:
        x = self.xml
        x.start(
            "TextSource",
            guid=source.uuid,
            name=source.name,
            plainTextPath=f"internal://{source.uuid}.txt",
            creatingUser=self.user(source.imported_by_id),
            creationDateTime=format_datetime(source.imported_at),
        )
        self.selections(source, coded)
        for note in notes:
            x.empty("NoteRef", targetGUID=note.uuid)
        self.values("source", source.id)
        x.end("TextSource")

    def selections(self, source: Row, coded: list[Row]) -> None:
        # The hot path of a large export, written directly: every value here (GUIDs, integers,
        # dates) is XML-safe as it is.
        ranges: dict[tuple[int, int, int], list[Row]] = defaultdict(list)
        for coding in coded:
            ranges[(coding.start, coding.end, coding.coder_id)].append(coding)
        out, users, codes, memos = self.xml.parts, self.users, self.data.code_uuids, self.memos
        for (start, end, coder_id), codings in ranges.items():
            user = users[coder_id]
            out.append(
                f'<PlainTextSelection guid="{selection_guid(source.uuid, start, end, user)}" '
                f'startPosition="{start}" endPosition="{end}" creatingUser="{user}" '
                f'creationDateTime="{iso_text(min(c.created for c in codings))}">'
            )
            for coding in codings:
                out.append(
                    f'<Coding guid="{coding.uuid}" creatingUser="{user}" '
                    f'creationDateTime="{iso_text(coding.created)}">'
                    f'<CodeRef targetGUID="{codes[coding.code_id]}"/>'
                )
                for memo in memos.get(("coding", coding.id), ()):
                    out.append(f'<NoteRef targetGUID="{memo}"/>')
                out.append("</Coding>")
            out.append("</PlainTextSelection>")
            self.report.count("codings", len(codings))

    def open_notes(self) -> None:
        # <Notes> may not be empty, and whether there are annotations is known only once read.
        if not self.notes_open:
            self.xml.start("Notes")
            self.notes_open = True

    def notes(self) -> None:
        x = self.xml
        for memo in self.data.memos:
            self.open_notes()
            file = f"{memo.uuid}.txt"
            x.empty(
                "Note",
                guid=memo.uuid,
                name=memo.title or None,
                plainTextPath=f"internal://{file}",
                creatingUser=self.user(memo.author_id),
                creationDateTime=format_datetime(memo.created_at),
                modifiedDateTime=format_datetime(memo.modified_at),
            )
            self.report.count("memos")
        for _, notes in annotations_per_source(self.s, self.data.sources):
            for note in notes:
                self.open_notes()
                self.annotation(note)
            x.flush(unless_small=True)
        if self.notes_open:
            x.end("Notes")

    def annotation(self, note: Row) -> None:
        x, user, created = self.xml, self.user(note.coder_id), iso_text(note.created)
        attrs = {"guid": note.uuid, "creatingUser": user, "creationDateTime": created}
        attrs["modifiedDateTime"] = iso_text(note.modified)
        if is_xml_safe(note.text):
            x.start("Note", **attrs)
            x.leaf("PlainTextContent", note.text)
        else:  # control characters survive in a file, not in XML
            file = f"{note.uuid}.txt"
            self.notes_files.append((file, note.text))
            x.start("Note", **attrs, plainTextPath=f"internal://{file}")
        x.empty(
            "PlainTextSelection",
            guid=derived_guid("annotation-range", note.uuid),
            startPosition=note.start,
            endPosition=note.end,
            creatingUser=user,
            creationDateTime=created,
        )
        self.note_refs("annotation", note.id)
        x.end("Note")
        self.report.count("annotations")

    def links(self, linked: list[Row]) -> None:
        x = self.xml
        x.start("Links")
        code_uuids = self.data.code_uuids
        for rel in self.data.relations:
            x.empty(
                "Link",
                guid=rel.uuid,
                name=rel.label or None,
                direction="OneWay",
                originGUID=code_uuids[rel.from_code_id],
                targetGUID=code_uuids[rel.to_code_id],
            )
            self.report.count("relations")
        for memo in linked:
            case = memo.target_kind == "case"
            x.empty(
                "Link",
                guid=derived_guid("memo-link", memo.uuid),
                name="Memo on case" if case else "Memo on source",
                direction="OneWay",
                originGUID=memo.uuid,
                targetGUID=self.data.case_uuids[memo.case_id]
                if case
                else self.data.source_uuids[memo.source_id],
            )
        x.end("Links")

    def sets(self) -> None:
        x = self.xml
        x.start("Sets")
        for item in self.data.sets:
            x.start("Set", guid=item.uuid, name=item.name)
            members = self.data.members.get(item.id, [])
            if not members:
                x.leaf("Description", EMPTY_SET[item.kind])
            tag = "MemberCode" if item.kind == "code" else "MemberSource"
            for member in members:
                x.empty(tag, targetGUID=member)
            x.end("Set")
            self.report.count("sets")
        x.end("Sets")


def _is_int(stored: str) -> bool:
    return stored.removeprefix("-").isdigit()
