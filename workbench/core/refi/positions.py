"""Text selection positions as other programs count them, converted to our stored code points.

The standard counts Unicode code points of the plain text (half-open ranges). NVivo counts
UTF-16 code units (a character outside the BMP, such as most emoji, is two) with the BOM
excluded and CRLF as two; ATLAS.ti counts a CRLF as one character. The convention is taken from
``Project@origin`` and confirmed per source by whether all its selections fit the text.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Literal

from workbench.core.text.normalize import NormalizedText, normalize_text
from workbench.core.text.offsets import OffsetMap

Convention = Literal["codepoints", "utf16", "crlf-as-one"]
CONVENTIONS: tuple[Convention, ...] = ("codepoints", "utf16", "crlf-as-one")
DESCRIBE: dict[Convention, str] = {
    "codepoints": "Unicode code points (the standard)",
    "utf16": "UTF-16 code units (as NVivo counts)",
    "crlf-as-one": "characters with CRLF counted once (as ATLAS.ti counts)",
}


def preferred_convention(origin: str) -> Convention:
    """How the program named in ``Project@origin`` counts positions."""
    text = origin.lower()
    if "nvivo" in text:
        return "utf16"
    if "atlas" in text:
        return "crlf-as-one"
    return "codepoints"


class TextPositions:
    """Position conversion for one source's raw text (as decoded, without a BOM)."""

    def __init__(self, raw: str) -> None:
        self.raw = raw.removeprefix("\ufeff")

    @cached_property
    def _normalized(self) -> NormalizedText:
        return normalize_text(self.raw)

    @cached_property
    def _crlf_normalized(self) -> NormalizedText:
        return normalize_text(self.raw.replace("\r\n", "\n"))

    @cached_property
    def _utf16(self) -> OffsetMap:
        return OffsetMap(self.raw)

    @property
    def stored(self) -> str:
        """The text as the project stores it (NFC, ``\\n`` line ends)."""
        return self._normalized.text

    def length(self, convention: Convention) -> int:
        """The text's length as ``convention`` counts it."""
        if convention == "utf16":
            return self._utf16.utf16_length
        if convention == "crlf-as-one":
            return len(self.raw) - self.raw.count("\r\n")
        return len(self.raw)

    def fits(self, convention: Convention, spans: Sequence[tuple[int, int]]) -> bool:
        limit = self.length(convention)
        return all(0 <= start <= end <= limit for start, end in spans)

    def choose(self, preferred: Convention, spans: Sequence[tuple[int, int]]) -> Convention:
        """``preferred`` if every span fits it, else the first convention they all fit."""
        if self.fits(preferred, spans):
            return preferred
        for convention in CONVENTIONS:
            if self.fits(convention, spans):
                return convention
        return preferred

    def to_stored(self, convention: Convention, position: int) -> int:
        """The stored position of ``position`` counted in ``convention`` (must fit)."""
        if convention == "crlf-as-one":
            return self._crlf_normalized.position_map.raw_to_stored(position)
        if convention == "utf16":
            position = self._utf16.from_utf16(position)
        return self._normalized.position_map.raw_to_stored(position)
