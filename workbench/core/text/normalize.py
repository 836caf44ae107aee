"""Canonical stored form of document text, and the map from raw positions to stored ones.

Stored text is NFC-normalized, uses ``\\n`` as the only line end (CRLF and lone CR become
``\\n``) and carries no byte-order mark (one leading U+FEFF is dropped). Nothing else is
changed: control characters, tabs and trailing spaces are kept.

:func:`normalize_text` returns the stored text together with a :class:`PositionMap` that
translates code-point positions in the raw decoded string into positions in the stored
string and back.

How the NFC step stays fast and exact: NFC of a concatenation equals the concatenation of
the NFC of its parts when every cut is placed before a *safe starter*, i.e. a character of
canonical combining class 0 that cannot compose with what precedes it (and whose canonical
decomposition starts with such a character). The text is therefore cut into small chunks
(a safe starter followed by the unsafe characters that trail it) and only the chunks that
can change are normalized; each chunk's landing position is known, which is what the
position map records.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

__all__ = ["NormalizedText", "PositionMap", "can_split_before", "normalize_text"]

_BOM = "\ufeff"

# Hangul jamo that compose with the preceding character (algorithmic compositions that
# unicodedata.decomposition() does not list): medial vowels and final consonants.
_HANGUL_V = range(0x1161, 0x1176)
_HANGUL_T = range(0x11A8, 0x11C3)

# Canonical decompositions and non-zero combining classes all live in planes 0-2. A
# character missed here would only make a cut unsafe; normalize_text verifies its result
# and falls back to normalizing the whole text, so correctness never depends on this.
_SCAN_LIMIT = 0x30000

_CR_RE = re.compile("\r")
_ASTRAL_START = "\U00010000"
_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")


@dataclass(frozen=True, eq=False)
class PositionMap:
    """Monotonic map between positions in a raw decoded string and in its stored form.

    The map is piecewise: ``raw_breaks[i]`` in the raw string corresponds to
    ``stored_breaks[i]`` in the stored string, and the segment up to the next break (or to
    the end) is either *linear* (same length on both sides: positions map one to one) or
    *collapsed* (different lengths, e.g. a CRLF that became LF or ``e`` + U+0301 that became
    ``é``: every position inside it maps to the segment's start). The first break is
    always ``(0, 0)``. Lookups are O(log n).
    """

    raw_length: int
    stored_length: int
    raw_breaks: array[int]
    stored_breaks: array[int]

    def __post_init__(self) -> None:
        if len(self.raw_breaks) != len(self.stored_breaks) or not self.raw_breaks:
            raise ValueError("raw_breaks and stored_breaks must be non-empty and equally long")
        if self.raw_breaks[0] != 0 or self.stored_breaks[0] != 0:
            raise ValueError("the first break must be (0, 0)")
        if self.raw_breaks[-1] > self.raw_length or self.stored_breaks[-1] > self.stored_length:
            raise ValueError("a break lies beyond the end of the text")

    @classmethod
    def identity(cls, length: int) -> PositionMap:
        """The map of a text that normalization left unchanged."""
        return cls(length, length, array("q", [0]), array("q", [0]))

    @property
    def is_identity(self) -> bool:
        """True when every position maps to itself."""
        return len(self.raw_breaks) == 1 and self.raw_length == self.stored_length

    def raw_to_stored(self, pos: int) -> int:
        """Stored position of raw position ``pos`` (0 <= pos <= raw_length).

        A position inside a collapsed sequence maps to the start of the stored character(s)
        it became; the end of the raw text maps to the end of the stored text.
        """
        if not 0 <= pos <= self.raw_length:
            raise ValueError(f"raw position {pos} outside 0..{self.raw_length}")
        if len(self.raw_breaks) == 1 and self.raw_length == self.stored_length:
            return pos
        if pos == self.raw_length:
            return self.stored_length
        i = bisect_right(self.raw_breaks, pos) - 1
        raw_start = self.raw_breaks[i]
        stored_start = self.stored_breaks[i]
        if pos == raw_start:
            return stored_start
        if self._linear(i):
            return stored_start + (pos - raw_start)
        return stored_start

    def stored_to_raw(self, pos: int) -> int:
        """Raw position of stored position ``pos`` (0 <= pos <= stored_length).

        A position inside a stored sequence that came from a collapsed raw sequence maps to
        the start of that raw sequence; the end maps to the end.
        """
        if not 0 <= pos <= self.stored_length:
            raise ValueError(f"stored position {pos} outside 0..{self.stored_length}")
        if len(self.raw_breaks) == 1 and self.raw_length == self.stored_length:
            return pos
        if pos == self.stored_length:
            return self.raw_length
        i = bisect_right(self.stored_breaks, pos) - 1
        raw_start = self.raw_breaks[i]
        stored_start = self.stored_breaks[i]
        if pos == stored_start:
            return raw_start
        if self._linear(i):
            return raw_start + (pos - stored_start)
        return raw_start

    def _linear(self, i: int) -> bool:
        last = len(self.raw_breaks) - 1
        raw_end = self.raw_breaks[i + 1] if i < last else self.raw_length
        stored_end = self.stored_breaks[i + 1] if i < last else self.stored_length
        return raw_end - self.raw_breaks[i] == stored_end - self.stored_breaks[i]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PositionMap):
            return NotImplemented
        return (
            self.raw_length == other.raw_length
            and self.stored_length == other.stored_length
            and self.raw_breaks == other.raw_breaks
            and self.stored_breaks == other.stored_breaks
        )

    def __hash__(self) -> int:
        return hash((self.raw_length, self.stored_length, bytes(self.raw_breaks)))


@dataclass(frozen=True)
class NormalizedText:
    """Stored text and the map from positions in the raw string it came from."""

    text: str
    position_map: PositionMap


def normalize_text(raw: str) -> NormalizedText:
    """Return the stored form of ``raw`` (NFC, ``\\n`` line ends, no leading BOM) and its map."""
    has_bom = raw.startswith(_BOM)
    needs_nfc = not unicodedata.is_normalized("NFC", raw)
    if not needs_nfc and "\r" not in raw:
        if not has_bom:
            return NormalizedText(raw, PositionMap.identity(len(raw)))
        return _replace_all(raw, has_bom, raw[1:])
    result = _normalize_pieces(raw, has_bom, needs_nfc)
    if needs_nfc and not unicodedata.is_normalized("NFC", result.text):
        # Cannot happen with a correct chunking; stay correct anyway (with a coarser map).
        body = raw[1 if has_bom else 0 :].replace("\r\n", "\n").replace("\r", "\n")
        result = _replace_all(raw, has_bom, unicodedata.normalize("NFC", body))
    return result


def can_split_before(char: str) -> bool:
    """True when NFC never joins ``char`` to the text before it (a safe chunk boundary)."""
    return char not in _tables().unsafe


def _normalize_pieces(raw: str, has_bom: bool, needs_nfc: bool) -> NormalizedText:
    """Slow path: find the chunks that change, replace them, and record where they land.

    A chunk is a CR or CRLF, or a run of unsafe characters together with the safe starter
    before it, or a starter that NFC replaces on its own (with any unsafe run after it).
    """
    tables = _tables()
    if not needs_nfc:
        finder = _CR_RE
        unsafe_run = tables.bmp_unsafe_run
    elif _ASTRAL_RE.search(raw):
        finder = tables.full_finder
        unsafe_run = tables.full_unsafe_run
    else:
        finder = tables.bmp_finder
        unsafe_run = tables.bmp_unsafe_run
    unsafe = tables.unsafe
    changing = tables.changing
    nfc = unicodedata.normalize
    seen: dict[str, tuple[str, int, int] | None] = {}
    pieces: list[str] = []
    raw_breaks = array("q", [0])
    stored_breaks = array("q", [0])
    length = len(raw)
    copied = 0  # raw text before this position has been emitted
    shift = 0  # stored position minus raw position, at ``copied``
    if has_bom:
        copied, shift = 1, -1
        raw_breaks.append(1)
        stored_breaks.append(0)
    pos = copied  # everything before ``pos`` has been examined
    while True:
        match = finder.search(raw, pos)
        if match is None:
            break
        i = match.start()
        char = raw[i]
        if char == "\r":
            begin = i
            end = i + 2 if i + 1 < length and raw[i + 1] == "\n" else i + 1
            entry: tuple[str, int, int] | None = ("\n", 0, 0)
        else:
            if char in unsafe:
                begin = i - 1 if i > pos else i
                run = unsafe_run.match(raw, i)
                end = run.end() if run else i + 1
            elif char in changing:
                begin = i
                run = unsafe_run.match(raw, i + 1)
                end = run.end() if run else i + 1
            else:  # an astral character that needs nothing
                pos = i + 1
                continue
            chunk = raw[begin:end]
            try:
                entry = seen[chunk]
            except KeyError:
                new = nfc("NFC", chunk)
                entry = None if new == chunk else (new, *_common_ends(chunk, new))
                if len(seen) < 50_000:
                    seen[chunk] = entry
        pos = end
        if entry is None:
            continue
        new, head, tail = entry
        if begin > copied:
            pieces.append(raw[copied:begin])
        pieces.append(new)
        growth = len(new) - (end - begin)
        if growth:
            if raw_breaks[-1] != begin + head:
                raw_breaks.append(begin + head)
                stored_breaks.append(begin + shift + head)
            raw_breaks.append(end - tail)
            stored_breaks.append(end + shift + growth - tail)
            shift += growth
        copied = end
    pieces.append(raw[copied:])
    return _finish(raw, "".join(pieces), raw_breaks, stored_breaks)


def _replace_all(raw: str, has_bom: bool, stored: str) -> NormalizedText:
    """Map for ``stored`` replacing all of ``raw``: exact at both ends, coarse in between."""
    raw_breaks = array("q", [0])
    stored_breaks = array("q", [0])
    start = 1 if has_bom else 0
    if has_bom:
        raw_breaks.append(1)
        stored_breaks.append(0)
    body = raw[start:]
    if body != stored:
        head, tail = _common_ends(body, stored)
        if head:
            raw_breaks.append(start + head)
            stored_breaks.append(head)
        raw_breaks.append(len(raw) - tail)
        stored_breaks.append(len(stored) - tail)
    return _finish(raw, stored, raw_breaks, stored_breaks)


def _finish(
    raw: str, stored: str, raw_breaks: array[int], stored_breaks: array[int]
) -> NormalizedText:
    if len(raw_breaks) > 1 and raw_breaks[-1] == len(raw) and stored_breaks[-1] == len(stored):
        raw_breaks.pop()
        stored_breaks.pop()
    return NormalizedText(stored, PositionMap(len(raw), len(stored), raw_breaks, stored_breaks))


def _common_ends(old: str, new: str) -> tuple[int, int]:
    """Lengths of the common prefix and suffix, leaving at least one char on each side."""
    limit = min(len(old), len(new)) - 1
    head = 0
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return head, tail


@dataclass(frozen=True)
class _Tables:
    unsafe: frozenset[str]  # non-starters, and starters that may compose with what precedes
    changing: frozenset[str]  # safe starters that NFC replaces on their own
    bmp_finder: re.Pattern[str]  # the first character of a chunk, in a text without astral chars
    full_finder: re.Pattern[str]  # the same, or any astral character
    bmp_unsafe_run: re.Pattern[str]
    full_unsafe_run: re.Pattern[str]


@cache
def _tables() -> _Tables:
    """Scan ``unicodedata`` once for the characters that matter to chunking."""
    seconds: set[str] = {chr(cp) for cp in _HANGUL_V}
    seconds.update(chr(cp) for cp in _HANGUL_T)
    unsafe: set[str] = set()
    decomposable: list[str] = []
    for cp in range(_SCAN_LIMIT):
        if 0xD800 <= cp < 0xE000:
            continue
        char = chr(cp)
        if unicodedata.combining(char):
            unsafe.add(char)
        decomposition = unicodedata.decomposition(char)
        if not decomposition or decomposition.startswith("<"):
            continue
        decomposable.append(char)
        parts = decomposition.split()
        if len(parts) == 2:
            seconds.add(chr(int(parts[1], 16)))
    unsafe.update(seconds)
    changing: set[str] = set()
    for char in decomposable:
        if char in unsafe:
            continue
        first = unicodedata.normalize("NFD", char)[0]
        if first in unsafe:
            unsafe.add(char)
        elif unicodedata.normalize("NFC", char) != char:
            changing.add(char)
    # Character classes that mix BMP and astral characters are slow in `re`, so the BMP
    # parts get their own classes; astral characters are checked one by one.
    unsafe_bmp = _char_class(c for c in unsafe if c < _ASTRAL_START)
    unsafe_astral = _char_class(c for c in unsafe if c >= _ASTRAL_START)
    changing_bmp = _char_class(c for c in changing if c < _ASTRAL_START)
    astral = "\\U00010000-\\U0010ffff"
    return _Tables(
        unsafe=frozenset(unsafe),
        changing=frozenset(changing),
        bmp_finder=re.compile(f"[\\r{unsafe_bmp}{changing_bmp}]"),
        full_finder=re.compile(f"[\\r{unsafe_bmp}{changing_bmp}{astral}]"),
        bmp_unsafe_run=re.compile(f"[{unsafe_bmp}]+"),
        full_unsafe_run=re.compile(f"(?:[{unsafe_bmp}]|[{astral}](?<=[{unsafe_astral}]))+"),
    )


def _char_class(chars: Iterable[str]) -> str:
    """Body of a regex character class matching exactly ``chars``."""
    parts: list[str] = []
    ordered = sorted(ord(c) for c in chars)
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        first, last = ordered[i], ordered[j]
        parts.append(_escape(first) if first == last else f"{_escape(first)}-{_escape(last)}")
        i = j + 1
    return "".join(parts)


def _escape(cp: int) -> str:
    return f"\\U{cp:08x}"
