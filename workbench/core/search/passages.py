"""What is searched: items (a source, a memo or annotation, a code's definition) cut into
passages, kept as folded text.

A source is cut at its speaker turns; the text before the first turn and any text between
turns are passages without a speaker. The passages of a source cover every word exactly once
and never split a word. A memo has its title and its text as passages, a code its name and the
four fields of its definition. Operators (AND, OR, NOT) and fields apply to one passage at a
time. Folded text has the offsets of the stored text, so passages found on it are exact.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from workbench.core.search.analysis import WORD, fold

__all__ = ["CODE_PARTS", "KIND_OF_TABLE", "Item", "Passage", "fold_label", "source_passages"]

CODE_PARTS = ("name", "description", "inclusion", "exclusion", "example")
KIND_OF_TABLE = {"source": "source", "memo": "memo", "annotation": "memo", "code": "code"}


@dataclass(frozen=True)
class Passage:
    """Characters ``start``-``end`` of one part of an item; ``speaker`` labels a turn."""

    part: str
    start: int
    end: int
    speaker: str = ""


class Item:
    """One searchable item: the folded text of each part, and (lazily) its passages.

    ``turns`` (sources only) are the ``[speaker, start, end]`` entries of the source's
    metadata, or their JSON text."""

    __slots__ = ("_passages", "_turns", "kind", "parts", "table", "uuid", "version")

    def __init__(
        self,
        table: str,
        uuid: str,
        parts: Mapping[str, str],
        *,
        version: int = 0,
        turns: Sequence[Sequence[Any]] | str | None = None,
    ) -> None:
        self.table = table
        self.kind = KIND_OF_TABLE[table]
        self.uuid = uuid
        self.parts = {name: text for name, text in parts.items() if text}
        self.version = version
        self._turns = turns
        self._passages: tuple[Passage, ...] | None = None

    @property
    def owner(self) -> tuple[str, str]:
        return self.table, self.uuid

    @property
    def passages(self) -> tuple[Passage, ...]:
        if self._passages is None:
            if self.table == "source":
                turns = self._turns
                if isinstance(turns, str):
                    turns = _turns_from_json(turns)
                text = self.parts.get("text", "")
                self._passages = source_passages(text, turns or ()) if text else ()
            else:
                self._passages = tuple(
                    Passage(name, 0, len(text))
                    for name, text in self.parts.items()
                    if WORD.search(text)
                )
            self._turns = None
        return self._passages

    def terms(self) -> list[str]:
        """Every folded word of every part (what the index stores)."""
        out: list[str] = []
        for text in self.parts.values():
            out.extend(WORD.findall(text))
        return out

    def speakers(self) -> list[str]:
        """Folded speaker labels of the passages (what ``speaker:`` finds in the index)."""
        return sorted({fold_label(p.speaker) for p in self.passages if p.speaker})


def fold_label(label: str) -> str:
    """A speaker, case or source name, folded, blanks collapsed ("Dr.  Ana Díaz")."""
    return fold(" ".join(label.split()))


def _turns_from_json(raw: str) -> list[Sequence[Any]]:
    try:
        data = json.loads(raw)
    except ValueError:
        return []
    turns = data.get("turns") if isinstance(data, dict) else None
    return turns if isinstance(turns, list) else []


def source_passages(text: str, turns: Sequence[Sequence[Any]]) -> tuple[Passage, ...]:
    """A source's text cut at its speaker turns (``[speaker, start, end]`` entries)."""
    cleaned: list[tuple[int, int, str]] = []
    for entry in turns:
        try:
            cleaned.append((int(entry[1]), int(entry[2]), str(entry[0])))
        except (IndexError, TypeError, ValueError):
            continue
    cleaned.sort()
    length = len(text)
    cuts: list[tuple[int, int, str]] = []
    position = 0
    for start, end, speaker in cleaned:
        start, end = max(start, position), min(end, length)
        if end <= start:
            continue
        if start > position:
            cuts.append((position, start, ""))
        cuts.append((start, end, speaker))
        position = end
    if position < length:
        cuts.append((position, length, ""))
    out: list[Passage] = []
    carry = 0
    search = WORD.search
    for start, end, speaker in cuts:
        start = max(start, carry)
        if 0 < end < length and _joins(text, end):
            end = WORD.match(text, end).end()  # type: ignore[union-attr]
        carry = end
        if end > start and search(text, start, end):
            out.append(Passage("text", start, end, speaker))
    return tuple(out)


def _joins(text: str, position: int) -> bool:
    """Does a word run across ``position`` (word characters on both sides)?"""
    return WORD.match(text, position - 1, position) is not None and (
        WORD.match(text, position, position + 1) is not None
    )
