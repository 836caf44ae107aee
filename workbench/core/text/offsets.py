"""Convert text positions between Unicode code points and UTF-16 code units.

The project stores offsets as code points (Python ``str`` indices); Qt's ``QTextCursor``
counts UTF-16 code units, in which every character outside the Basic Multilingual Plane
(most emoji, for instance) takes two units.  Nearly all text is BMP, so :class:`OffsetMap`
remembers only where the non-BMP characters are and answers each lookup with a bisection.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable

__all__ = ["OffsetMap"]

_NON_BMP = re.compile("[\U00010000-\U0010ffff]")


class OffsetMap:
    """Position converter for one text: O(n) to build, O(log k) per lookup (k non-BMP chars)."""

    __slots__ = ("_length", "_non_bmp_cp", "_non_bmp_u16")

    def __init__(self, text: str) -> None:
        """Index the non-BMP characters of ``text``."""
        self._length = len(text)
        if text.isascii():
            cps: list[int] = []
        else:
            cps = [match.start() for match in _NON_BMP.finditer(text)]
        # Code-point index of each non-BMP char, and the UTF-16 index of its high surrogate.
        self._non_bmp_cp = cps
        self._non_bmp_u16 = [cp + i for i, cp in enumerate(cps)]

    def __len__(self) -> int:
        """Length of the text in code points."""
        return self._length

    def __repr__(self) -> str:
        return (
            f"OffsetMap(length={self._length}, utf16_length={self.utf16_length}, "
            f"non_bmp={len(self._non_bmp_cp)})"
        )

    @property
    def utf16_length(self) -> int:
        """Length of the text in UTF-16 code units."""
        return self._length + len(self._non_bmp_cp)

    def to_utf16(self, cp: int) -> int:
        """UTF-16 position of code-point position ``cp`` (0 <= cp <= len)."""
        if not 0 <= cp <= self._length:
            raise ValueError(_out_of_range("code-point", cp, self._length))
        return cp + bisect_left(self._non_bmp_cp, cp)

    def from_utf16(self, u16: int) -> int:
        """Code-point position of UTF-16 position ``u16`` (0 <= u16 <= utf16_length).

        A position between the two halves of a surrogate pair rounds down to the start of
        that character.
        """
        if not 0 <= u16 <= self.utf16_length:
            raise ValueError(_out_of_range("UTF-16", u16, self.utf16_length))
        return self._from_utf16(u16)

    def to_utf16_many(self, cps: Iterable[int]) -> list[int]:
        """:meth:`to_utf16` for each position, in the given order."""
        values = list(cps)
        _check_all(values, "code-point", self._length)
        table = self._non_bmp_cp
        if not table:
            return values
        return [cp + bisect_left(table, cp) for cp in values]

    def from_utf16_many(self, u16s: Iterable[int]) -> list[int]:
        """:meth:`from_utf16` for each position, in the given order."""
        values = list(u16s)
        _check_all(values, "UTF-16", self.utf16_length)
        if not self._non_bmp_cp:
            return values
        return [self._from_utf16(u16) for u16 in values]

    def _from_utf16(self, u16: int) -> int:
        table = self._non_bmp_u16
        before = bisect_left(table, u16)  # non-BMP chars starting before u16
        if before and table[before - 1] + 1 == u16:
            return self._non_bmp_cp[before - 1]  # inside a surrogate pair: round down
        return u16 - before


def _out_of_range(unit: str, position: int, length: int) -> str:
    return f"{unit} position {position} is outside the text (0 to {length})"


def _check_all(values: list[int], unit: str, length: int) -> None:
    if values and (min(values) < 0 or max(values) > length):
        bad = next(v for v in values if not 0 <= v <= length)
        raise ValueError(_out_of_range(unit, bad, length))
