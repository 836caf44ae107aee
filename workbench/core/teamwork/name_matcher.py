"""Finding names the way people write them, for pseudonymized copies.

A name matches after Unicode NFC normalization and case folding, with space, ``_``, ``-`` and
``.`` (and runs of them) treated alike: "Jonas Berg", "JONAS BERG", "jonas_berg" and
"Jonas-Berg" are one name, in any normalization form. A name matches where no letter or digit
touches it ("Maria's" yes, "Mariana" no). Each replacement is counted per name and per place;
the first and last names of a mapped full name that remain on their own are counted too, so
the report can warn about them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from typing import Any

from workbench.core.errors import ValidationError
from workbench.core.text.replace import Replacement

SEPARATORS = frozenset(" _-.")
_SEPARATOR_RE = re.compile(r"[\s_.\-]")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> tuple[str, list[int] | None]:
    """``text`` case-folded with every separator (and whitespace) as a space, and for each
    character of the result the index of the character of ``text`` it came from (None when
    that is the same index: no character folded into several)."""
    folded = text.casefold()
    if len(folded) == len(text):  # the common case, at C speed: folding is one to one
        return _SEPARATOR_RE.sub(" ", folded), None
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        piece = " " if char in SEPARATORS or char.isspace() else char.casefold()
        out.append(piece)
        origin.extend([index] * len(piece))
    return "".join(out), origin


def name_key(name: str) -> str:
    """How a name is compared: NFC, case-folded, words joined by one space."""
    return " ".join(fold(nfc(name))[0].split())


def _alternatives(keys: list[str]) -> str:
    # longest first, so "maria lopez" wins over "maria"
    ordered = sorted(keys, key=len, reverse=True)
    words = (" +".join(re.escape(w) for w in key.split(" ")) for key in ordered)
    return r"(?<![^\W_])(?:" + "|".join(words) + r")(?![^\W_])"


class NameMatcher:
    """Replaces the names of a mapping (name → pseudonym) and counts what it did."""

    def __init__(self, mapping: Mapping[str, str]) -> None:
        self.names: dict[str, str] = {}  # key → the name as given
        self.pseudonyms: dict[str, str] = {}  # key → its pseudonym
        for name, pseudonym in mapping.items():
            key = name_key(name)
            if not key:
                continue
            if key in self.pseudonyms and self.pseudonyms[key] != nfc(pseudonym.strip()):
                raise ValidationError(
                    f"{self.names[key]!r} and {name!r} are the same name written differently "
                    "but have different pseudonyms; give them one."
                )
            self.names.setdefault(key, nfc(name.strip()))
            self.pseudonyms[key] = nfc(pseudonym.strip())
        self.pattern = re.compile(_alternatives(list(self.names)))
        # first and last names of full names that are not mapped names themselves
        self.part_of: dict[str, tuple[str, str]] = {}  # folded part → (as written, full name)
        for key, name in self.names.items():
            words = key.split(" ")
            written = _SEPARATOR_RE.sub(" ", name).split()
            for word, shown in zip(words, written, strict=True) if len(words) > 1 else ():
                if len(word) > 1 and word not in self.names:
                    self.part_of.setdefault(word, (shown, name))
        self.part_pattern = re.compile(_alternatives(list(self.part_of))) if self.part_of else None
        self.by_name: Counter[str] = Counter({name: 0 for name in self.names.values()})
        self.by_place: Counter[str] = Counter()
        self.parts: Counter[str] = Counter()

    def spans(self, text: str) -> list[Replacement]:
        """The replacements for ``text`` (which must be NFC), counted."""
        folded, origin = fold(text)
        out = []
        for match in self.pattern.finditer(folded):
            key = " ".join(match.group().split())
            self.by_name[self.names[key]] += 1
            start, end = match.start(), match.end()
            if origin is not None:
                start, end = origin[start], origin[end - 1] + 1
            out.append(Replacement(start, end, self.pseudonyms[key]))
        return out

    def count_parts(self, text: str) -> None:
        """Count the first or last names left on their own in ``text`` (already replaced)."""
        if self.part_pattern is None:
            return
        for match in self.part_pattern.finditer(fold(text)[0]):
            self.parts[match.group()] += 1

    def text(self, value: str, place: str) -> str:
        """``value`` with every name replaced (NFC-normalized if anything was replaced)."""
        normal = nfc(value)
        edits = self.spans(normal)
        if not edits:
            self.count_parts(normal)
            return value
        self.by_place[place] += len(edits)
        pieces, last = [], 0
        for edit in edits:
            pieces += [normal[last : edit.start], edit.new_text]
            last = edit.end
        pieces.append(normal[last:])
        result = "".join(pieces)
        self.count_parts(result)
        return result

    def deep(self, value: Any, place: str) -> Any:
        """``text`` on every string (keys too) of a JSON value."""
        if isinstance(value, str):
            return self.text(value, place)
        if isinstance(value, list):
            return [self.deep(v, place) for v in value]
        if isinstance(value, dict):
            return {self.deep(k, place): self.deep(v, place) for k, v in value.items()}
        return value

    def warnings(self) -> list[str]:
        """Names never found, and first or last names still found on their own."""
        out = [
            f"{name!r} was not found anywhere: check its spelling in the mapping."
            for name, count in self.by_name.items()
            if count == 0
        ]
        for part, count in sorted(self.parts.items()):
            shown, name = self.part_of[part]
            out.append(
                f"{shown!r} (part of {name!r}) is still in the copy {count} "
                "time(s) on its own: add it to the mapping if it identifies someone."
            )
        return out
