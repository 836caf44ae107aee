"""Exporting a project as REFI-QDA (.qdpx): ``project.qde`` plus ``sources/<uuid>.txt``.

Every export is validated against the official schema before a byte is written. Positions are
Unicode code points of the plain text, which is UTF-8 without BOM and with ``\\n`` line ends.
Our uuids are the GUIDs, so a re-import (or a merge of re-imported copies) matches rows, and
exporting an unchanged project twice gives the same bytes.

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
import zipfile
from collections import defaultdict
from datetime import datetime
from decimal import Decimal
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import BinaryIO

from workbench.core.progress import NO_PROGRESS, Progress
from workbench.core.project import Project
from workbench.core.refi.archive import write_atomically
from workbench.core.refi.codec import EMPTY_SET, Definition, encode_definition, encode_variable
from workbench.core.refi.errors import SchemaViolationError
from workbench.core.refi.export_data import ExportData, Row, gather, iso_text
from workbench.core.refi.media_export import MediaExport, write_media_source, write_recordings
from workbench.core.refi.report import ExchangeReport, ReportBuilder
from workbench.core.refi.xmlsafe import PROJECT_NS, format_datetime, is_xml_safe, validate_bytes
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


VALIDATE_LIMIT = 16 * 1024 * 1024
_ZIP_EPOCH = datetime(1980, 1, 1)  # the earliest time a ZIP member can carry


def export_qdpx(
    project: Project,
    out: Path | str,
    *,
    overwrite: bool = False,
    progress: Progress = NO_PROGRESS,
    validate: bool | None = None,
) -> ExchangeReport:
    """Write the whole project to ``out`` as a REFI-QDA project (.qdpx).

    Raises RefiError if ``out`` exists (unless ``overwrite``) or cannot be written, and
    SchemaViolationError if the result would not validate (then nothing is written).
    ``validate=None`` checks the XML against the schema when it is under VALIDATE_LIMIT bytes:
    on a 200k-coding project the check alone takes 4-5 s, and the writer is schema-tested."""
    out = Path(out)
    report = ReportBuilder(out, progress)
    report.origin = ORIGIN
    report.step(0, 1, "reading")
    data = gather(project)
    writer = _ProjectXml(data, report, MediaExport.read(project))
    qde = writer.build()
    check = len(qde) <= VALIDATE_LIMIT if validate is None else validate
    problems = validate_bytes(qde, "project") if check else []
    if problems:
        raise SchemaViolationError(
            out,
            f"the export does not validate against the REFI-QDA schema ({problems[0]}); "
            "nothing was written.",
            "Please report this as a bug.",
        )

    # Members are stamped with the project's last change, not the time of export, so that an
    # unchanged project exports to the same bytes.
    stamp = max(data.modified_at, _ZIP_EPOCH).timetuple()[:6]

    def member(name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        return info

    def write(fh: BinaryIO) -> None:
        with zipfile.ZipFile(fh, "w") as archive:
            archive.writestr(member("project.qde"), qde, compresslevel=1)
            total = len(writer.files)
            for index, (name, text) in enumerate(writer.files):
                report.step(index, total, "writing")
                archive.writestr(member(f"sources/{name}"), text.encode("utf-8"), compresslevel=1)
            write_recordings(archive, member, writer.media)
            report.step(total, total, "writing")

    write_atomically(out, write, overwrite=overwrite)
    return report.build()


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


class _ProjectXml:
    """Builds ``project.qde`` as text; ``files`` collects the internal files to write."""

    def __init__(self, data: ExportData, report: ReportBuilder, media: MediaExport) -> None:
        self.data = data
        self.media = media
        self.report = report
        self.xml = XmlBuilder(report)
        self.files: list[tuple[str, str]] = []
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
    def build(self) -> bytes:
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
        if d.memos or d.annotations:
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
        self.report.skip("done marks (REFI-QDA has no element for them)", d.done_marks)
        self.report.skip("theme map positions (not exported)", d.map_positions)
        return x.document()

    def codes(self, parent_id: int | None) -> None:
        x = self.xml
        for row in self.data.code_children.get(parent_id, []):
            code_id, uuid, _, name, color, description, inclusion, exclusion, example, _, ok = row
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
        for index, source in enumerate(self.data.sources):
            self.report.step(index, total, "sources")
            if source.id in self.media.recordings:
                write_media_source(self, source, self.media)
                continue
            file = f"{source.uuid}.txt"
            self.files.append((file, self.data.texts[source.id]))
            x.start(
                "TextSource",
                guid=source.uuid,
                name=source.name,
                plainTextPath=f"internal://{file}",
                creatingUser=self.user(source.imported_by_id),
                creationDateTime=format_datetime(source.imported_at),
            )
            self.selections(source)
            for note in self.data.annotations.get(source.id, []):
                x.empty("NoteRef", targetGUID=note.uuid)
            self.values("source", source.id)
            x.end("TextSource")
            self.report.count("sources")
        x.end("Sources")

    def selections(self, source: Row) -> None:
        # The hot path of a large export, written directly: every value here (GUIDs, integers,
        # dates) is XML-safe as it is.
        ranges: dict[tuple[int, int, int], list[Row]] = defaultdict(list)
        for coding in self.data.codings.get(source.id, []):
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

    def notes(self) -> None:
        x = self.xml
        x.start("Notes")
        for memo in self.data.memos:
            file = f"{memo.uuid}.txt"
            self.files.append((file, memo.text))
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
        for source in self.data.sources:
            for note in self.data.annotations.get(source.id, []):
                self.annotation(note)
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
            self.files.append((file, note.text))
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
