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
from collections.abc import Callable, Mapping, Sequence
from itertools import repeat
from typing import Any, NamedTuple

from workbench.core.search.analysis import WORD, fold

__all__ = [
    "CODE_PARTS",
    "KIND_OF_TABLE",
    "Cuts",
    "Item",
    "PartPassages",
    "Passage",
    "fold_label",
    "source_passages",
]

CODE_PARTS = ("name", "description", "inclusion", "exclusion", "example")
KIND_OF_TABLE = {"source": "source", "memo": "memo", "annotation": "memo", "code": "code"}


class Passage(NamedTuple):
    """Characters ``start``-``end`` of one part of an item; ``speaker`` labels a turn.

    (A tuple: a search makes the passages of every item it checks, and a frozen dataclass
    took four times as long to make.)"""

    part: str
    start: int
    end: int
    speaker: str = ""


class Cuts(NamedTuple):
    """A source's passages as cut before (cutting costs about a millisecond per source):
    ``flat`` holds ``start, end, speaker index`` of each passage, into ``speakers``."""

    flat: Sequence[int]
    speakers: Sequence[str]

    def passages(self) -> tuple[Passage, ...]:
        flat = self.flat
        speakers = map(self.speakers.__getitem__, flat[2::3])
        return tuple(map(Passage, repeat("text"), flat[0::3], flat[1::3], speakers))

    def passage(self, index: int) -> Passage:
        at = 3 * index
        flat = self.flat
        return Passage("text", flat[at], flat[at + 1], self.speakers[flat[at + 2]])


class PartPassages:
    """The passages of one part of an item, in order: their starts and ends, and each passage
    made when asked for (a search looks at the few passages its words are in)."""

    __slots__ = ("_make", "ends", "starts")

    def __init__(
        self, starts: Sequence[int], ends: Sequence[int], make: Callable[[int], Passage]
    ) -> None:
        self.starts = starts
        self.ends = ends
        self._make = make

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, index: int) -> Passage:
        return self._make(index)


class Item:
    """One searchable item: the folded text of each part, and (lazily) its passages.

    ``turns`` (sources only) are the ``[speaker, start, end]`` entries of the source's
    metadata, or their JSON text, or the :class:`Cuts` of passages cut before."""

    __slots__ = ("_passages", "_turns", "kind", "parts", "table", "uuid", "version")

    def __init__(
        self,
        table: str,
        uuid: str,
        parts: Mapping[str, str],
        *,
        version: int = 0,
        turns: Sequence[Sequence[Any]] | str | Cuts | None = None,
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
    def cut(self) -> bool:
        """Are the passages cut (or read back cut: only sources need cutting)?"""
        return self.table != "source" or self._passages is not None or isinstance(self._turns, Cuts)

    def uncut_turns(self) -> str:
        """A source's turns, not cut yet, as the JSON text of its metadata."""
        turns = self._turns
        if isinstance(turns, Cuts) or self._passages is not None:
            raise ValueError("the passages are cut")
        return turns if isinstance(turns, str) else json.dumps({"turns": turns or []})

    @property
    def passages(self) -> tuple[Passage, ...]:
        if self._passages is None:
            turns = self._turns
            if isinstance(turns, Cuts):
                self._passages = turns.passages()
            elif self.table == "source":
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

    def passages_of(self, part: str) -> PartPassages:
        """The passages of ``part`` (cheaper than :attr:`passages` for an item read back with
        its :class:`Cuts`)."""
        turns = self._turns
        if isinstance(turns, Cuts):
            flat = turns.flat if part == "text" else ()
            return PartPassages(flat[0::3], flat[1::3], turns.passage)
        passages = [p for p in self.passages if p.part == part]
        return PartPassages(
            [p.start for p in passages], [p.end for p in passages], passages.__getitem__
        )

    def terms(self) -> list[str]:
        """Every folded word of every part (what the index stores)."""
        out: list[str] = []
        for text in self.parts.values():
            out.extend(WORD.findall(text))
        return out

    def cuts(self) -> Cuts:
        """The passages of a source, to be kept with its text (see :class:`Cuts`)."""
        speakers: dict[str, int] = {}
        flat: list[int] = []
        for p in self.passages:
            flat += (p.start, p.end, speakers.setdefault(p.speaker, len(speakers)))
        return Cuts(flat, list(speakers))

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
