"""Words and how they are compared: words are ``\\w+`` runs, folded character by character
(lower case, diacritics removed: "Café" → "cafe") and optionally stemmed (English, Porter).

Folding maps every character to exactly one character and keeps letters letters, so the folded
form of a text has the same length and the same words at the same offsets. The index, the
query words and the hit locator all use these functions and can never disagree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from whoosh.lang.porter import stem as _porter_stem

__all__ = ["WORD", "fold", "fold_text", "folded_words", "stem"]

WORD = re.compile(r"\w+")
_CACHE_LIMIT = 400_000


def _strip(char: str) -> str:
    """``char`` without diacritics and lower-cased, if that is one character (else ``char``)."""
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    if len(base) != 1:
        return char
    low = base.lower()
    return low if len(low) == 1 else base


def _is_word(char: str) -> bool:
    return WORD.match(char) is not None


def _fold_lowered(code: int) -> str:
    """Fold a character that is already lower case (or has no one-character lower case)."""
    char = chr(code)
    folded = _strip(char)
    return folded if _is_word(folded) == _is_word(char) else char


def _fold_any(code: int) -> str:
    """Fold any character: lower-case it where that gives one character, then strip."""
    char = chr(code)
    low = char.lower()
    if len(low) == 1:
        folded = _LOWERED[ord(low)]
        return folded if _is_word(folded) == _is_word(char) else char
    folded = _strip(char)  # e.g. "İ", whose lower case has two characters
    return folded if _is_word(folded) == _is_word(char) else char


class _FoldTable(dict[int, str]):
    """A ``str.translate`` table filled on first use of each character."""

    def __init__(self, function: Callable[[int], str]) -> None:
        super().__init__()
        self._function = function

    def __missing__(self, code: int) -> str:
        folded = self._function(code)
        self[code] = folded
        return folded


_LOWERED = _FoldTable(_fold_lowered)
_ANY = _FoldTable(_fold_any)
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _fold_run(match: re.Match[str]) -> str:
    return match.group().translate(_LOWERED)


def fold_text(text: str) -> str:
    """``text`` folded character by character (same length, same word boundaries)."""
    if text.isascii():
        return text.lower()
    lowered = text.lower()
    if len(lowered) != len(text):
        return text.translate(_ANY)
    return _NON_ASCII.sub(_fold_run, lowered)


class _Memo(dict[str, str]):
    """A cache whose misses compute the value, so ``map(cache.__getitem__, words)`` stays in C."""

    def __init__(self, function: object) -> None:
        super().__init__()
        self._function = function

    def __missing__(self, key: str) -> str:
        if len(self) > _CACHE_LIMIT:
            self.clear()
        value: str = self._function(key)  # type: ignore[operator]
        self[key] = value
        return value


_STEMMED = _Memo(_porter_stem)


def fold(word: str) -> str:
    """Folded form of a word or label ("Café" → "cafe"); same length as ``word``."""
    return fold_text(word)


def stem(folded: str) -> str:
    """English stem of an already folded word ("mentoring" → "mentor")."""
    return _STEMMED[folded]


def folded_words(text: str) -> list[str]:
    """The folded form of every word of ``text``, in order (what the index stores)."""
    return WORD.findall(fold_text(text))
