"""The text selections of a REFI-QDA import: codings and annotations placed in a source's
stored text (the hot path of a large import), and what is lost with a source that cannot be
imported."""

from __future__ import annotations

from itertools import count as counter
from typing import TYPE_CHECKING

from workbench.core.refi.import_keys import Selection
from workbench.core.refi.model import RTextSource
from workbench.core.refi.positions import Convention, TextPositions

if TYPE_CHECKING:
    from workbench.core.refi.import_rows import RowImporter

_ANONYMOUS = counter()  # keys for selections without a GUID (only their own NoteRefs reach them)


def import_selections(
    imp: RowImporter,
    source: RTextSource,
    source_id: int,
    positions: TextPositions,
    convention: Convention,
) -> None:
    """Codings and annotations of one imported source (stored as ``source_id``), placed in its
    stored text."""
    # The hot path of a large import (one pass per coding): lookups are bound to locals.
    seen: set[tuple[int, int, int, int]] = set()
    limit = positions.length(convention)
    to_stored, codes = positions.to_stored, imp.codes
    coders, coder_id, uuid_for = imp.coders, imp.coder_id, imp.uuid_for
    rows, selections, count = imp.codings, imp.selections, 0
    # QualCoder writes a coding's memo as the Description of its one-coding selection.
    described_codings = "qualcoder" in imp.doc.origin.lower()
    for sel in source.selections:
        if not 0 <= sel.start <= sel.end <= limit:
            imp.report.skip("selections outside their source's text")
            continue
        start = to_stored(convention, sel.start)
        end = to_stored(convention, sel.end)
        if start >= end:
            imp.report.skip("empty selections (no characters)")
            continue
        placed = Selection(source_id, start, end)
        key_guid = sel.guid or f"anonymous-{next(_ANONYMOUS)}"
        for coding in sel.codings:
            code_id = codes.get(coding.code or "")
            if code_id is None:
                imp.report.skip("codings with a code that is not in the codebook")
                continue
            user = coding.user or sel.user
            coder = coders[user] if user in coders else coder_id(user)
            key = (code_id, coder, start, end)
            if key in seen:
                imp.report.skip("duplicate codings (same code, coder and range)")
                continue
            seen.add(key)
            uuid = uuid_for(coding.guid, coding=True)
            rows.append(
                {
                    "uuid": uuid,
                    "source_id": source_id,
                    "code_id": code_id,
                    "coder_id": coder,
                    "start": start,
                    "end": end,
                    "created_at": coding.created or imp.tx.now,
                }
            )
            placed.codings.append(uuid)
            count += 1
            for note in coding.notes:
                imp.attach_note(note, "coding", uuid)
        described = sel.description is not None and sel.description.strip() != ""
        if described and described_codings and len(sel.codings) == 1 == len(placed.codings):
            imp.coding_memos.append((placed.codings[0], sel))
        elif described:
            uuid = uuid_for(None if sel.codings else sel.guid)
            imp.annotations.append(
                {
                    "uuid": uuid,
                    "source_id": source_id,
                    "coder_id": coder_id(sel.user),
                    "start": start,
                    "end": end,
                    "created_at": sel.created or imp.tx.now,
                    "text": sel.description,
                }
            )
            placed.annotation = uuid
            imp.described[(source_id, start, end, sel.description or "")] = uuid
            imp.report.count("annotations")
        for note in sel.notes:
            imp.attach_note(note, "selection", key_guid)
        if sel.guid is not None or sel.notes:
            selections.add(key_guid, placed)
    imp.report.count("codings", count)


def count_lost(imp: RowImporter, source: RTextSource) -> None:
    """Count what hangs on a source that was not imported; its notes are reported as not
    placed (they become project memos)."""
    lost = source.selections
    imp.report.skip(
        "codings in sources that were not imported",
        sum(len(s.codings) for s in lost) + source.whole_codings,
    )
    imp.report.skip(
        "annotations in sources that were not imported",
        sum(1 for s in lost if s.description and s.description.strip()),
    )
    imp.report.skip("variable values of sources that were not imported", len(source.values))
    if source.media is not None:
        timed = sum(len(s.codings) for s in source.media.selections)
        imp.report.skip("media codings in sources that were not imported", timed)
    if source.description and source.description.strip():
        imp.report.skip("descriptions of sources that were not imported")
    notes = [*source.notes, *(n for s in lost for n in s.notes)]
    notes += [n for s in lost for c in s.codings for n in c.notes]
    for note in notes:
        imp.attach_note(note, "lost", 0)
