"""The postings of a segment being written, held compactly until the segment is committed.

Whoosh's pool keeps each posting as a tuple of five objects (about 200 bytes: 45 MB for a
segment of a million words) and spills to disk past its memory limit. The postings of the
words field are a document number and a frequency (their weight is the frequency, their value
the frequency packed), so here they are two integers in an array per word: 8 bytes a
posting. Postings of the other fields (a few per item) stay tuples.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from typing import Any

from whoosh.system import pack_uint

__all__ = ["CompactPool"]

# (field name, term, document number, weight, value): what Whoosh's writers pass around
Posting = tuple[str, bytes, int, Any, Any]
_NUMBERS = "I"  # document numbers and frequencies: unsigned 32-bit


class CompactPool:
    """Whoosh's posting pool interface (``add``, ``iter_postings``, ``cleanup``) in memory."""

    def __init__(self, field: str) -> None:
        self._field = field  # the field of TermsField postings
        self._words: dict[bytes, array[int]] = {}  # term -> document, frequency, document, …
        self._other: dict[str, list[Posting]] = {}

    def add(self, posting: Posting) -> None:
        field, term, docnum, weight, _value = posting
        if field == self._field:
            freq = int(weight)  # TermsField: the weight is the frequency, the value packs it
            assert freq == weight, "not a TermsField posting"
            numbers = self._words.get(term)
            if numbers is None:
                numbers = self._words[term] = array(_NUMBERS)
            numbers.append(docnum)
            numbers.append(freq)
        else:
            self._other.setdefault(field, []).append(posting)

    def iter_postings(self) -> Iterator[Posting]:
        """Every posting, ordered by field, term and document (as Whoosh's writer wants)."""
        fields = set(self._other)
        if self._words:
            fields.add(self._field)
        for field in sorted(fields):
            if field != self._field:
                yield from sorted(self._other[field], key=lambda p: (p[1], p[2]))
                continue
            for term in sorted(self._words):
                numbers = self._words[term]
                for docnum, freq in sorted(zip(numbers[0::2], numbers[1::2], strict=True)):
                    yield field, term, docnum, float(freq), pack_uint(freq)

    def cleanup(self) -> None:
        self._words = {}
        self._other = {}
