"""Writing a REFI-QDA project's coders, codes, attributes, sources and codings into a new project,
inside the import's one transaction. Cases, memos, sets and links follow in import_links.py."""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from workbench.core.db.bulk_insert import bulk_insert
from workbench.core.db.transaction import WriteTx, new_uuid
from workbench.core.errors import ValidationError
from workbench.core.importers.base import MAX_TEXT_CHARS
from workbench.core.palette import coder_color, distinct_color
from workbench.core.refi.codec import (
    decode_definition,
    decode_variable,
    normalize_color,
    only_variable_notes,
)
from workbench.core.refi.import_selections import Selection, count_lost, import_selections
from workbench.core.refi.media_import import without_transcript
from workbench.core.refi.media_xml import KINDS as MEDIA_SOURCES
from workbench.core.refi.model import RCode, RProject, RSelection, RTextSource, RValue
from workbench.core.refi.positions import (
    DESCRIBE,
    Convention,
    TextPositions,
    preferred_convention,
)
from workbench.core.refi.qdpx_reader import RawId
from workbench.core.refi.report import ReportBuilder
from workbench.core.services.attribute_types import to_storage
from workbench.core.services.sources import text_sha256
from workbench.core.text.controls import replace_controls
from workbench.core.text.speakers import detect_turns, speakers

if TYPE_CHECKING:  # annotations only: the importer keeps rows it added
    from workbench.core.db.models import Attribute, Source

TextLoader = Callable[[RTextSource], str | None]
_TYPES = {"Text": "text", "Boolean": "boolean", "Integer": "number", "Float": "number"}
_TYPES |= {"Date": "date", "DateTime": "text"}


def clean(name: str, fallback: str) -> str:
    """A name the services accept: one line without control characters, not empty, at most 200
    characters (a file's names are cleaned, not refused, as for every other import)."""
    text = replace_controls(" ".join(name.split()) if "\n" in name or "\r" in name else name)
    text = text or fallback
    return text if len(text) <= 200 else text[:199] + "…"


def unique(name: str, taken: set[str]) -> str:
    """``name``, or ``name (2)``, ``name (3)``… whichever is free; the result is marked taken."""
    candidate, n = name, 2
    while candidate in taken:
        candidate = f"{name} ({n})"
        n += 1
    taken.add(candidate)
    return candidate


class RowImporter:
    """Turns a parsed REFI-QDA project into rows; every id mapping the later steps need lives
    here (GUID → database id)."""

    def __init__(
        self,
        tx: WriteTx,
        doc: RProject,
        load: TextLoader,
        report: ReportBuilder,
        id_space: Callable[[], uuidlib.UUID],
    ):
        self.tx, self.doc, self.load, self.report = tx, doc, load, report
        tx.revive = False  # every uuid is new to the project being created
        self.id_space = id_space
        self.used: set[str] = {tx.coder.uuid}
        self.coders: dict[str, int] = {tx.coder.uuid: tx.coder.id}
        self.coder_names: set[str] = {tx.coder.name}
        self.codes: dict[str, int] = {}
        self.attributes: dict[tuple[str, str], Attribute] = {}
        self.valued: set[tuple[int, str, int]] = set()
        self.sources: dict[str, Source] = {}
        self.selections: dict[str, Selection] = {}
        self.codings: list[dict[str, Any]] = []
        self.annotations: list[dict[str, Any]] = []
        self.coding_uuids: dict[str, str] = {}
        self.cases: dict[str, int] = {}
        self.note_targets: dict[str, list[tuple[str, str | int]]] = {}
        # The sources some note is attached to, with how to place a range in them: a note
        # with its own text selection is an annotation there (QualCoder's idiom).
        self.placing: dict[int, tuple[TextPositions, Convention]] = {}
        self.source_descriptions: list[tuple[int, RTextSource]] = []
        self.coding_memos: list[tuple[str, RSelection]] = []  # (coding uuid, its selection)
        self.described: dict[tuple[int, int, int, str], str] = {}  # Description annotations

    # -- ids ------------------------------------------------------------------------------------
    def uuid_for(self, guid: str | None) -> str:
        """The REFI GUID as our uuid when it is free, else a fresh one (GUIDs may repeat).

        An id that is not a GUID (``c001``) gives a uuid derived from it and the file, the same
        on every import of that file."""
        if isinstance(guid, RawId):
            self.report.warn(
                "ids that are not GUIDs were read as they are (the workbench derived stable "
                "ids from them)"
            )
            guid = str(uuidlib.uuid5(self.id_space(), guid))
        if guid is not None and guid not in self.used:
            self.used.add(guid)
            return guid
        fresh = new_uuid()
        self.used.add(fresh)
        return fresh

    def coder_id(self, guid: str | None) -> int:
        """The coder a REFI user GUID stands for (the importing coder if there is none)."""
        if guid is None:
            return self.tx.coder.id
        if guid not in self.coders:
            self.report.warn("users named only by an id (no <User> entry) became coders")
            self._add_coder(guid, f"User {guid[:8]}")
        return self.coders[guid]

    def attach_note(self, note: str, kind: str, target: str | int) -> None:
        """Remember that note ``note`` belongs to ``target`` (an id, uuid or GUID by kind)."""
        self.note_targets.setdefault(note, []).append((kind, target))

    # -- coders ---------------------------------------------------------------------------------
    def import_users(self) -> None:
        self.report.count("coders")  # the importing coder, new in this new project too
        for user in self.doc.users:
            if user.guid in self.coders:
                continue
            if user.name and user.name == self.tx.coder.name:
                if user.guid is not None:
                    self.coders[user.guid] = self.tx.coder.id
                continue
            fallback = f"User {user.guid[:8]}" if user.guid else "Unnamed user"
            self._add_coder(user.guid, clean(user.name, fallback))

    def _add_coder(self, guid: str | None, name: str) -> None:
        row = self.tx.add_coder(
            unique(name, self.coder_names),
            coder_color(len(self.coder_names) - 1),
            uuid=self.uuid_for(guid),
        )
        if guid is not None:
            self.coders[guid] = row.id
        self.report.count("coders")

    # -- codes ----------------------------------------------------------------------------------
    def import_codes(self, codes: list[RCode], parent: int | None = None) -> None:
        taken: set[str] = set()
        for position, code in enumerate(codes):
            color = normalize_color(code.color)
            if code.color and color is None:
                self.report.warn("code colours that are not #RRGGBB were replaced")
            definition = decode_definition(code.description)
            row = self.tx.add(
                "code",
                uuid=self.uuid_for(code.guid),
                parent_id=parent,
                name=unique(clean(code.name, "Unnamed code"), taken),
                color=color or distinct_color(len(self.codes)),
                description=definition.description,
                inclusion=definition.inclusion,
                exclusion=definition.exclusion,
                example=definition.example,
                position=position,
                codable=code.codable,
                created_by_id=self.tx.coder.id,
            )
            if code.guid is not None:
                self.codes.setdefault(code.guid, row.id)
            for note in code.notes:
                self.attach_note(note, "code", row.id)
            self.report.count("codes")
            self.import_codes(code.children, row.id)

    # -- attributes -----------------------------------------------------------------------------
    def import_variables(self) -> None:
        usage: dict[str | None, set[str]] = {}
        for case in self.doc.cases:
            scope = "source" if is_source_case(case.name, case.sources, case.selections) else "case"
            for value in case.values:
                usage.setdefault(value.variable, set()).add(scope)
        for source in self.doc.sources:
            for value in source.values:
                usage.setdefault(value.variable, set()).add("source")
        taken: dict[str, set[str]] = {"case": set(), "source": set()}
        for variable in self.doc.variables:
            notes = decode_variable(variable.description)
            if not only_variable_notes(variable.description):
                self.report.skip("descriptions of variables")
            kind = _TYPES.get(variable.type)
            if kind is None:
                self.report.warn(f"variables of the unknown type {variable.type!r} became text")
                kind = "text"
            elif variable.type == "DateTime":
                self.report.warn("date-and-time variables became text attributes")
            if notes.choices is not None and kind == "text":
                kind = "choice"
            scopes = usage.get(variable.guid) or {notes.scope or "case"}
            for scope in sorted(scopes):
                row = self.tx.add(
                    "attribute",
                    uuid=self.uuid_for(variable.guid),
                    name=unique(clean(variable.name, "Unnamed variable"), taken[scope]),
                    scope=scope,
                    type=kind,
                    choices=list(notes.choices or ()) if kind == "choice" else [],
                    position=len(taken[scope]) - 1,
                )
                if variable.guid is not None:
                    self.attributes[(variable.guid, scope)] = row
                self.report.count("attributes")

    def set_values(self, values: list[RValue], scope: str, item_id: int) -> None:
        for value in values:
            attribute = self.attributes.get((value.variable or "", scope))
            if attribute is None:
                self.report.skip("values of variables that are not defined")
                continue
            raw = value.value.strip() if value.kind != "TextValue" else value.value
            if value.kind == "DateValue":
                raw = raw[:10]
            try:
                stored = to_storage(raw, attribute.type, attribute.choices, attribute.name)
            except ValidationError:
                self.report.skip("variable values that do not fit their type")
                continue
            if stored == "":
                continue
            if (attribute.id, scope, item_id) in self.valued:
                self.report.skip("second values of a variable for the same case or source")
                continue
            self.valued.add((attribute.id, scope, item_id))
            link: dict[str, Any] = {f"{scope}_id": item_id}
            self.tx.add(
                "attribute_value", flush=False, attribute_id=attribute.id, value=stored, **link
            )

    # -- sources --------------------------------------------------------------------------------
    def import_sources(self) -> None:
        preferred = preferred_convention(self.doc.origin)
        linked = {guid for link in self.doc.links for guid in (link.origin, link.target)}
        names: set[str] = set()
        digests: dict[str, str] = {}
        total = len(self.doc.sources)
        for index, source in enumerate(self.doc.sources):
            self.report.step(index, total, "sources")
            raw = self.load(source)
            if raw is None and source.kind in MEDIA_SOURCES:
                raw = without_transcript(self, source)  # the recording is still worth having
            if raw is None:
                count_lost(self, source)
                continue
            positions = TextPositions(raw)
            text = positions.stored
            if len(text) > MAX_TEXT_CHARS:
                self.report.skip(f"sources longer than {MAX_TEXT_CHARS:,} characters")
                count_lost(self, source)
                continue
            name = unique(clean(source.name, "Untitled source"), names)
            spans = [(s.start, s.end) for s in source.selections]
            convention = positions.choose(preferred, spans)
            if convention != preferred and positions.length(convention) != positions.length(
                preferred
            ):
                self.report.warn(
                    f"{name}: positions read as {DESCRIBE[convention]}, because they do not fit "
                    f"{DESCRIBE[preferred]}"
                )
            if not text.strip() and source.kind not in MEDIA_SOURCES:
                self.report.warn(f"{name}: the source has no text")
            digest = text_sha256(text)
            if digest in digests and source.kind not in MEDIA_SOURCES:
                self.report.warn(f"{name}: the same text as {digests[digest]!r}")
            digests.setdefault(digest, name)
            row = self._add_source(source, name, text, digest)
            import_selections(self, source, row.id, positions, convention)
            self.set_values(source.values, "source", row.id)
            for note in source.notes:
                self.attach_note(note, "source", row.id)
            if source.notes or source.guid in linked or source.kind in MEDIA_SOURCES:
                self.placing[row.id] = (positions, convention)  # notes, links and cues
            if source.description and source.description.strip():
                self.source_descriptions.append((row.id, source))
            self.report.skip("codings of whole sources (no text range)", source.whole_codings)
        self.report.step(total, total, "sources")
        bulk_insert(self.tx, "coding", self.codings)
        bulk_insert(self.tx, "annotation", self.annotations)

    def _add_source(self, source: RTextSource, name: str, text: str, digest: str) -> Source:
        turns = detect_turns(text)
        names = speakers(turns)
        rich = (source.rich_path or "").rsplit(".", 1)
        fmt = (
            "pdf" if source.kind == "PDFSource" else (rich[1].lower() if len(rich) == 2 else "txt")
        )
        created = source.created or self.tx.now
        row = self.tx.add(
            "source",
            uuid=self.uuid_for(source.guid),
            name=name,
            kind="text",
            text=text,
            sha256=digest,
            length=len(text),
            original_name=source.name,
            original_format=fmt[:16],
            imported_at=created,
            imported_by_id=self.coder_id(source.user),
            speakers=names,
            meta={
                "turns": [[t.speaker, t.start, t.end] for t in turns],
                "speakers": names,
                "refi_origin": self.doc.origin,
            },
            created_at=created,
        )
        if source.guid is not None:
            self.sources.setdefault(source.guid, row)
        self.report.count("sources")
        return row


def is_source_case(name: str | None, sources: list[str], selections: list[str]) -> bool:
    """MAXQDA and Quirkos keep a source's variables in an unnamed case with one SourceRef."""
    return not (name or "").strip() and len(sources) == 1 and not selections
