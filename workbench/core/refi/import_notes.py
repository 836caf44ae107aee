"""The notes of a REFI-QDA import: each becomes a memo on what it is attached to, or an
annotation of a text range — inside the import's one transaction.

References to notes are staged by raw id (``RowImporter.note_targets``) while everything else
is imported, and resolved here once every note is known: a NoteRef may point anywhere in the
file, as a streaming reader would also allow."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from workbench.core.db.lookup import ids_by_uuid
from workbench.core.refi.import_keys import Selection
from workbench.core.refi.import_rows import RowImporter
from workbench.core.refi.model import RTextSource

Target = tuple[str, Any]  # (memo target kind, database id or a marker)


class _Dated(Protocol):
    """A memo or annotation row, as far as its dates go."""

    created_at: datetime
    modified_at: datetime


def import_notes(imp: RowImporter, load: Callable[[RTextSource], str | None]) -> None:
    """Every note becomes a memo on what it is attached to (or on the project). A note linked
    to a bare text selection (NVivo's idiom), or one with its own text selection attached to a
    source (QualCoder's), becomes an annotation of that text; a note on a coding stays a memo on
    that coding. References are resolved here, once every note is known, so a NoteRef may
    point to a note anywhere in the file; notes that become annotations are placed first, so
    that a note on one of them (a NoteRef in its selection) can be put on it."""
    for guid in imp.doc.project_notes:
        imp.attach_note(guid, "project", 0)
    for guid in imp.doc.lost_notes:
        imp.attach_note(guid, "lost", 0)
    for note in imp.doc.notes:
        # A memo on an annotation: a NoteRef of the annotation's Note (as we write it) or of
        # its selection.
        for ref in note.notes + [ref for sel in note.selections for ref in sel.notes]:
            imp.attach_note(ref, "note", note.guid or "")
    known = {n.guid for n in imp.doc.notes}
    imp.report.skip(
        "references to notes that do not exist", sum(1 for g in imp.note_targets if g not in known)
    )
    codings, annotations = _wanted(imp)
    session = imp.tx.session
    ids = ids_by_uuid(session, "coding", codings) | ids_by_uuid(session, "annotation", annotations)
    annotated: dict[str, str] = {}  # note → the uuid of the annotation it became
    later: list[tuple[RTextSource, str, list[Target]]] = []
    for note in imp.doc.notes:
        _count_unsupported(imp, note)
        text = load(note)
        if text is None:
            continue
        if note.description and note.description.strip():
            text = note.description + ("\n\n" + text if text else "")
        if not text.strip() and not note.name.strip():
            imp.report.skip("empty notes")
            continue
        found = (_resolve(imp, ids, t) for t in imp.note_targets.get(note.guid or "", []))
        targets = [t for t in found if t is not None]
        kind, target = targets[0] if targets else ("project", None)
        author = imp.coder_id(note.user)
        ranges: list[tuple[int, int]] = []
        source_id = 0
        if kind == "bare-selection":
            assert isinstance(target, Selection)
            ranges, source_id = [(target.start, target.end)], target.source_id
        elif note.selections and kind == "source":
            assert isinstance(target, int)
            ranges, source_id = _place(imp, note, target), target
        if ranges:
            _first(imp, note, targets)
            annotated[note.guid or ""] = _annotate(imp, note, author, source_id, ranges, text)
        else:
            later.append((note, text, targets))
    if any(t[0] == "note" for _, _, targets in later for t in targets):
        imp.tx.session.flush()
        ids |= ids_by_uuid(session, "annotation", annotated.values())
    for note, text, targets in later:
        placed = [_on_annotation(t, annotated, ids) for t in targets]
        imp.report.skip(
            "attachments of notes to notes that are not annotations",
            sum(1 for t, p in zip(targets, placed, strict=True) if t[0] == "note" and p is None),
        )
        kind, target = _first(imp, note, [t for t in placed if t is not None])
        if note.selections and kind not in ("coding", "source"):  # (_place said why)
            imp.report.skip(
                "text ranges of notes that no source refers to (each note became a memo on "
                + ("the project" if kind == "project" else f"its {kind}")
                + ", without its range)"
            )
        created = {"created_at": note.created} if note.created else {}
        author = imp.coder_id(note.user)
        _keep_modified(_memo(imp, note.guid, author, note.name, text, kind, target, created), note)
    for coding, selection in imp.coding_memos:
        author = imp.coder_id(selection.codings[0].user or selection.user)
        created = {"created_at": selection.created} if selection.created else {}
        text = selection.description or ""
        _memo(imp, None, author, "", text, "coding", ids[coding], created)
    for source_id, source in imp.source_descriptions:
        text = source.description or ""
        _memo(imp, None, imp.coder_id(source.user), "Description", text, "source", source_id, {})


def _on_annotation(target: Target, annotated: dict[str, str], ids: dict[str, int]) -> Target | None:
    """What a memo can be attached to: for a note's own selection, the annotation that note
    became; for a bare selection (a memo's second target only), its source."""
    kind, key = target
    if kind == "bare-selection":
        return ("source", key.source_id)
    if kind != "note":
        return target
    return ("annotation", ids[annotated[key]]) if key in annotated else None


def _first(imp: RowImporter, note: RTextSource, targets: list[Target]) -> Target:
    """Where a note goes: its first target that was imported (the project if none was)."""
    if len(targets) > 1:
        imp.report.skip(
            "further attachments of notes attached to several items (kept on the first)",
            len(targets) - 1,
        )
    if not targets and note.guid in imp.note_targets:
        imp.report.warn("notes attached to items that were not imported became project memos")
    return targets[0] if targets else ("project", None)


def _memo(
    imp: RowImporter,
    guid: str | None,
    author: int,
    title: str,
    text: str,
    kind: str,
    target: Any,
    created: dict[str, Any],
) -> _Dated:
    column = {} if kind == "project" else {f"{kind}_id": target}
    memo = imp.tx.add(
        "memo",
        flush=False,
        uuid=imp.uuid_for(guid),
        author_id=author,
        title=title,
        text=text,
        target_kind=kind,
        **column,
        **created,
    )
    imp.report.count("memos")
    return memo


def _keep_modified(row: _Dated, note: RTextSource) -> None:
    """A note's last change (Note@modifiedDateTime) is its memo's or annotation's, not the
    import's; a date before its creation is not believed."""
    if note.modified is not None and note.modified >= row.created_at:
        row.modified_at = note.modified


def _place(imp: RowImporter, note: RTextSource, source_id: int) -> list[tuple[int, int]]:
    """The stored ranges of a note's own text selections in the source it is attached to;
    empty (and reported) if any of them does not fit that source's text."""
    positions, convention = imp.positions(source_id)
    limit = positions.length(convention)
    ranges = []
    for sel in note.selections:
        if not 0 <= sel.start <= sel.end <= limit:
            imp.report.skip(
                "annotations whose range lies outside their source's text (each became a memo "
                "on its source)"
            )
            return []
        start, end = (
            positions.to_stored(convention, sel.start),
            positions.to_stored(convention, sel.end),
        )
        if start >= end:
            imp.report.skip("annotations of no characters (each became a memo on its source)")
            return []
        ranges.append((start, end))
    return ranges


def _annotate(
    imp: RowImporter,
    note: RTextSource,
    author: int,
    source_id: int,
    ranges: list[tuple[int, int]],
    text: str,
) -> str:
    """One annotation per range: the first takes the note's id, further ones their selection's.
    Returns the first annotation's uuid. An annotation a file also wrote as a selection's
    Description (same source, range and text) is not made twice."""
    guids = [note.guid] + [s.guid for s in note.selections[1:]]
    text = text if text.strip() else note.name
    made: list[str] = []
    for (start, end), guid in zip(ranges, guids, strict=False):
        twin = imp.described.get((source_id, start, end, text))
        if twin is not None:
            imp.report.warn(
                "annotations written both as a note and as a Description were kept once"
            )
            made.append(twin)
            continue
        uuid = imp.uuid_for(guid)
        annotation = imp.tx.add(
            "annotation",
            flush=False,
            uuid=uuid,
            source_id=source_id,
            coder_id=author,
            start=start,
            end=end,
            text=text,
            **({"created_at": note.created} if note.created else {}),
        )
        _keep_modified(annotation, note)
        imp.report.count("annotations")
        made.append(uuid)
    return made[0]


def _count_unsupported(imp: RowImporter, note: RTextSource) -> None:
    """A note is a text source in the schema: what a memo cannot hold is counted."""
    imp.report.skip(
        "codings inside notes",
        sum(len(s.codings) for s in note.selections) + note.whole_codings,
    )
    imp.report.skip("variable values of notes", len(note.values))
    imp.report.skip(
        "descriptions of text selections inside notes",
        sum(1 for s in note.selections if (s.description or "").strip()),
    )


def _wanted(imp: RowImporter) -> tuple[set[str], set[str]]:
    """The uuids of the codings and annotations some note (or QualCoder's coding memo) is
    attached to."""
    codings: set[str] = {uuid for uuid, _ in imp.coding_memos}
    annotations: set[str] = set()
    for targets in imp.note_targets.values():
        for kind, key in targets:
            if kind == "coding":
                codings.add(str(key))
            elif kind in ("selection", "link"):
                selection = imp.selections.get(str(key))
                if selection is not None:
                    codings.update(selection.codings)
                    annotations.update([selection.annotation] if selection.annotation else [])
                uuid = imp.coding_uuid(str(key))
                if uuid is not None:
                    codings.add(uuid)
    return codings, annotations


def _resolve(imp: RowImporter, ids: dict[str, int], target: tuple[str, str | int]) -> Target | None:
    kind, key = target
    if kind == "project":
        return ("project", None)
    if kind in ("code", "source", "note"):  # a note's: resolved once its note is placed
        return (kind, key)
    if kind == "coding":
        return ("coding", ids[str(key)]) if str(key) in ids else None
    if kind == "selection" or (kind == "link" and key in imp.selections):
        selection = imp.selections.get(str(key))
        if selection is None:
            return None
        if selection.annotation is not None:
            return ("annotation", ids[selection.annotation])
        if len(selection.codings) == 1:
            return ("coding", ids[selection.codings[0]])
        if selection.codings:
            imp.report.warn("notes on a selection with several codings were put on its source")
            return ("source", selection.source_id)
        return ("bare-selection", selection)
    key = str(key)
    if key in imp.cases:
        return ("case", imp.cases[key])
    if key in imp.sources:
        return ("source", imp.sources[key])
    if key in imp.codes:
        return ("code", imp.codes[key])
    uuid = imp.coding_uuid(key)
    if uuid is not None and uuid in ids:
        return ("coding", ids[uuid])
    return None
