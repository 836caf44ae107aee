"""Writing a REFI-QDA project's coders, codes, attributes, sources and codings into a new project,
inside the import's one transaction. Cases, memos, sets and links follow in import_links.py."""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Callable, Iterable
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
from workbench.core.refi.import_keys import Selections, TakenUuids, indexes_built_last
from workbench.core.refi.import_selections import count_lost, import_selections
from workbench.core.refi.media_import import RecordingImport, cues, without_transcript
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
    from workbench.core.db.models import Attribute

BATCH = 20_000  # codings written at once: large enough to be fast, small enough to stay flat

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
    """Turns a REFI-QDA project, read as a stream, into rows; every id mapping the later steps
    need lives here (GUID → database id). What grows with the codings stays out of memory:
    they are written in batches, selections go to a temporary table (import_keys.py)."""

    def __init__(
        self,
        tx: WriteTx,
        doc: RProject,
        load: TextLoader,
        report: ReportBuilder,
        id_space: Callable[[], uuidlib.UUID],
        recordings: RecordingImport,
    ):
        self.tx, self.doc, self.load, self.report = tx, doc, load, report
        self.recordings = recordings
        tx.revive = False  # every uuid is new to the project being created
        self.id_space = id_space
        self.used = TakenUuids(tx.session)
        self.used.claim(tx.coder.uuid)
        self.coders: dict[str, int] = {tx.coder.uuid: tx.coder.id}
        self.coder_names: set[str] = {tx.coder.name}
        self.codes: dict[str, int] = {}
        self.attributes: dict[tuple[str, str], Attribute] = {}
        self.valued: set[tuple[int, str, int]] = set()
        self.sources: dict[str, int] = {}  # GUID → source id
        self.selections = Selections(tx.session)
        self.codings: list[dict[str, Any]] = []  # the batch not yet written
        self.annotations: list[dict[str, Any]] = []
        # A coding's GUID → its uuid, where that is not the uuid the GUID itself gives.
        self.coding_uuids: dict[str, str] = {}
        self.cases: dict[str, int] = {}
        self.note_targets: dict[str, list[tuple[str, str | int]]] = {}
        # How to place a range in each source (a note with its own text selection is an
        # annotation there, QualCoder's idiom): the text is read again only when needed.
        self.placing: dict[int, tuple[RTextSource | TextPositions, Convention]] = {}
        self.source_values: list[tuple[int, list[RValue]]] = []  # set once variables are made
        self.source_descriptions: list[tuple[int, RTextSource]] = []
        self.coding_memos: list[tuple[str, RSelection]] = []  # (coding uuid, its selection)
        self.described: dict[tuple[int, int, int, str], str] = {}  # Description annotations

    # -- ids ------------------------------------------------------------------------------------
    def uuid_for(self, guid: str | None, *, coding: bool = False) -> str:
        """The REFI GUID as our uuid when it is free, else a fresh one (GUIDs may repeat).

        An id that is not a GUID (``c001``) gives a uuid derived from it and the file, the same
        on every import of that file."""
        if isinstance(guid, RawId):
            self.report.warn(
                "ids that are not GUIDs were read as they are (the workbench derived stable "
                "ids from them)"
            )
        natural = self.natural_uuid(guid)
        if natural is not None and self.used.claim(natural, coding=coding):
            return natural
        fresh = new_uuid()
        self.used.claim(fresh, coding=coding)
        first = coding and guid is not None and guid not in self.coding_uuids
        if first and not self.used.is_coding(natural):  # the first coding of that GUID
            self.coding_uuids[str(guid)] = fresh
        return fresh

    def natural_uuid(self, guid: str | None) -> str | None:
        """The uuid a GUID gives when it is free: itself, or one derived from a raw id."""
        if isinstance(guid, RawId):
            return str(uuidlib.uuid5(self.id_space(), guid))
        return guid

    def coding_uuid(self, guid: str) -> str | None:
        """The uuid the first coding with this GUID got (if any coding had it: ask the table)."""
        return self.coding_uuids.get(guid) or self.natural_uuid(guid)

    def flush_codings(self) -> None:
        """Write the batch of codings, annotations and selections read so far."""
        bulk_insert(self.tx, "coding", self.codings, record=False)
        bulk_insert(self.tx, "annotation", self.annotations)
        self.codings, self.annotations = [], []
        self.used.pending.clear()
        self.selections.flush()

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
        for _, values in self.source_values:
            for value in values:
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
    def import_sources(self, sources: Iterable[RTextSource], step: Callable[[], None]) -> None:
        """Each source as it is read, its codings written in batches; ``step`` reports
        progress (and raises Cancelled)."""
        preferred = preferred_convention(self.doc.origin)
        names: set[str] = set()
        digests: dict[str, str] = {}
        with indexes_built_last(self.tx.session, "codings"):
            for source in sources:
                step()
                self._import_source(source, preferred, names, digests)
                if len(self.codings) >= BATCH:
                    self.flush_codings()
            step()
            self.flush_codings()

    def _import_source(
        self,
        source: RTextSource,
        preferred: Convention,
        names: set[str],
        digests: dict[str, str],
    ) -> None:
        media = source.media
        raw = self.load(source)
        if raw is None and media is not None:
            raw = without_transcript(self, source, media)  # the recording is still worth having
        if raw is None:
            count_lost(self, source)
            return
        positions = TextPositions(raw)
        text = positions.stored
        if len(text) > MAX_TEXT_CHARS:
            self.report.skip(f"sources longer than {MAX_TEXT_CHARS:,} characters")
            count_lost(self, source)
            return
        name = unique(clean(source.name, "Untitled source"), names)
        spans = [(s.start, s.end) for s in source.selections]
        convention = positions.choose(preferred, spans)
        if convention != preferred and positions.length(convention) != positions.length(preferred):
            self.report.warn(
                f"{name}: positions read as {DESCRIBE[convention]}, because they do not fit "
                f"{DESCRIBE[preferred]}"
            )
        if not text.strip() and media is None:  # a recording may have no transcript
            self.report.warn(f"{name}: the source has no text")
        digest = text_sha256(text)
        if digest in digests and media is None:
            self.report.warn(f"{name}: the same text as {digests[digest]!r}")
        digests.setdefault(digest, name)
        synced = {} if media is None else {"cues": cues(media, positions, convention, self.report)}
        source_id = self._add_source(source, name, text, digest, synced)
        import_selections(self, source, source_id, positions, convention)
        if media is not None:
            self.recordings.add(self, source_id, name, media)
        self.source_values.append((source_id, source.values))
        for note in source.notes:
            self.attach_note(note, "source", source_id)
        # A note may be placed in any source (a link to it comes later in the file): keep the
        # way to read it again, or its text where the file gave it inline.
        source.selections, source.values, source.media = [], [], None
        keep = positions if source.notes or source.content is not None else source
        self.placing[source_id] = (keep, convention)
        if source.description and source.description.strip():
            self.source_descriptions.append((source_id, source))
        self.report.skip("codings of whole sources (no text range)", source.whole_codings)

    def positions(self, source_id: int) -> tuple[TextPositions, Convention]:
        """How to place a range in an imported source (its text read again if need be)."""
        kept, convention = self.placing[source_id]
        if isinstance(kept, RTextSource):
            kept = TextPositions(self.load(kept) or "")
            self.placing[source_id] = (kept, convention)
        return kept, convention

    def set_source_values(self) -> None:
        """The sources' variable values, once the attributes exist."""
        for source_id, values in self.source_values:
            self.set_values(values, "source", source_id)

    def _add_source(
        self, source: RTextSource, name: str, text: str, digest: str, synced: dict[str, Any]
    ) -> int:
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
                **synced,
            },
            created_at=created,
        )
        if source.guid is not None:
            self.sources.setdefault(source.guid, row.id)
        self.report.count("sources")
        self.tx.session.expire(row, ["text", "meta"])  # written: no need to keep them here
        return row.id


def is_source_case(name: str | None, sources: list[str], selections: list[str]) -> bool:
    """MAXQDA and Quirkos keep a source's variables in an unnamed case with one SourceRef."""
    return not (name or "").strip() and len(sources) == 1 and not selections
