"""Correcting a source's text: the replacements narrowed to the characters that differ, every
coding and annotation moved with the text (exact, unsure, or lost and named), the speaker turns,
page starts and cues shifted, and the compact inverse kept for undo."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from workbench.core.db.models import Annotation, Coding, Memo, Source
from workbench.core.db.span_rows import park_ranges
from workbench.core.db.transaction import WriteTx
from workbench.core.errors import ValidationError
from workbench.core.services.codebook_ops import delete_coding
from workbench.core.text.hashing import text_sha256
from workbench.core.text.normalize import normalize_text
from workbench.core.text.remap import map_spans
from workbench.core.text.replace import Replacement, Span
from workbench.core.text.speakers import detect_turns, speakers
from workbench.core.text.text_patch import inverse_patch
from workbench.core.text.textdiff import refine_replacements
from workbench.core.text.wording import counted


def correct_text(tx: WriteTx, row: Source, replacements: Sequence[Replacement]) -> None:
    """Apply ``replacements`` to ``row`` inside ``tx``; what could not be kept exactly is told
    in ``tx.messages``."""
    normalized = [
        Replacement(r.start, r.end, normalize_text(r.new_text).text) for r in replacements
    ]
    codings = list(tx.session.scalars(select(Coding).where(Coding.source_id == row.id)))
    notes = list(tx.session.scalars(select(Annotation).where(Annotation.source_id == row.id)))
    items: list[Coding | Annotation] = [*codings, *notes]
    spans = [Span(c.uuid, c.start, c.end) for c in items]
    try:
        diff = refine_replacements(row.text, normalized)
        result = map_spans(row.text, diff, spans)
    except ValueError as exc:
        raise ValidationError(f"{row.name}: {exc}") from None
    if normalize_text(result.text).text != result.text:
        raise ValidationError(f"{row.name}: the corrected text would not be normalized.")
    tx.text_inverses[row.uuid] = inverse_patch(row.text, diff.replacements)
    kept = {**result.exact, **result.unsure}
    twins = _twins(codings, kept)
    for uuid in twins:
        del kept[uuid]
    _apply_remap(tx, row, result.text, diff.replacements, kept, items)
    if twins:
        tx.messages.append(
            f"{counted(len(twins), 'coding')} now covered the same text as another "
            "coding of the same code by the same coder: kept once."
        )
    for span in result.lost:
        tx.messages.append(
            f"Removed a coded span at {span.start}-{span.end}: its text was deleted."
        )
    before = {s.key: s for s in spans}
    for key, (start, end) in result.unsure.items():
        was = before[key]
        tx.messages.append(
            f"A coded span at {was.start}-{was.end} lies in a change too long to compare "
            f"character by character; it now covers {start}-{end}: please check it."
        )
    tx.audit(
        "edit_text",
        "source",
        row.uuid,
        f"Text of {row.name!r} corrected ({counted(len(normalized), 'change')}, "
        f"{counted(len(result.lost), 'span')} removed)",
        replacements=[[r.start, r.end, r.new_text] for r in normalized],
    )


def _shift_position(pos: int, replacements: Sequence[Replacement]) -> int:
    """Where a single position lands after the replacements (inside one → its start)."""
    delta = 0
    for r in sorted(replacements, key=lambda r: r.start):
        if r.end <= pos and not (r.start == r.end == pos):
            delta += len(r.new_text) - (r.end - r.start)
        elif r.start < pos < r.end:
            return r.start + delta
    return pos + delta


def _twins(codings: Sequence[Coding], kept: dict[str, tuple[int, int]]) -> list[str]:
    """Codings a correction gives the same code, coder and range as an older one (deleting the
    text between two nested codings, say): all but the oldest of each such group go."""
    seen: set[tuple[int, int, int, int]] = set()
    twins: list[str] = []
    for coding in sorted(codings, key=lambda c: (c.created_at, c.id)):
        span = kept.get(coding.uuid)
        if span is None:
            continue
        key = (coding.code_id, coding.coder_id, *span)
        if key in seen:
            twins.append(coding.uuid)
        seen.add(key)
    return twins


def _apply_remap(
    tx: WriteTx,
    row: Source,
    text: str,
    replacements: Sequence[Replacement],
    kept: dict[str, tuple[int, int]],
    items: Sequence[Coding | Annotation],
) -> None:
    moving = [i for i in items if kept.get(i.uuid, (i.start, i.end)) != (i.start, i.end)]
    park_ranges(tx, moving)
    for item in items:
        span = kept.get(item.uuid)
        if span is None:
            if isinstance(item, Coding):
                delete_coding(tx, item)
            else:
                for memo in list(
                    tx.session.scalars(select(Memo).where(Memo.annotation_id == item.id))
                ):
                    tx.delete(memo)
                tx.delete(item)
        elif span != (item.start, item.end):
            tx.touch(item)
            item.start, item.end = span
    tx.touch(row)
    meta = dict(row.meta)
    turns = detect_turns(text, known_speakers=meta.get("speakers", []))
    meta["turns"] = [[t.speaker, t.start, t.end] for t in turns]
    meta["speakers"] = speakers(turns)
    if "page_starts" in meta:
        meta["page_starts"] = [_shift_position(p, replacements) for p in meta["page_starts"]]
    if "cues" in meta:
        meta["cues"] = [
            {**cue, "offset": _shift_position(int(cue["offset"]), replacements)}
            for cue in meta["cues"]
        ]
    row.text = text
    row.length = len(text)
    row.sha256 = text_sha256(text)
    row.speakers = list(meta["speakers"])
    row.meta = meta
