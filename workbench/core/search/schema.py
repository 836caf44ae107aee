"""The index schema: one Whoosh document per searchable item (a source, a memo or annotation,
a code's definition), indexed from term lists made by :mod:`workbench.core.search.analysis`.

No positions are stored: phrases, passages and hit offsets are checked on the stored text, so
the index only has to find and rank candidate items.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from whoosh import analysis, formats
from whoosh.fields import ID, KEYWORD, STORED, FieldType, Schema
from whoosh.system import pack_uint
from whoosh.writing import SegmentWriter

from workbench.core.search.postings import CompactPool

# Bump when the schema or the analysis changes: older indexes are then rebuilt.
INDEX_FORMAT = 1


class TermsField(FieldType):  # type: ignore[misc]
    """A scored field indexed from a list of already analysed terms (frequencies only)."""

    def __init__(self) -> None:
        self.format = formats.Frequency()
        self.analyzer = analysis.IDAnalyzer()  # unused: values arrive as term lists
        self.scorable = True
        self.stored = False
        self.unique = False
        self.vector = None
        self.set_sortable(False)

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        for term, freq in Counter(value).items():
            yield term.encode("utf-8"), freq, float(freq), pack_uint(freq)


def make_schema() -> Schema:
    return Schema(
        kind=ID(stored=True),  # source, memo or code (annotations are memos)
        table=STORED(),  # source, memo, annotation or code: where the item lives
        owner=ID(unique=True, sortable=True),  # the item's uuid (a column: fast to read)
        speaker=KEYWORD(lowercase=False),  # folded speaker labels (given as a list)
        text=TermsField(),  # folded words
    )


class _Lengths:
    """Field lengths for the postings writer, from memory where this writer knows them."""

    def __init__(self, fallback: Any, known: dict[int, int]) -> None:
        self._fallback = fallback
        self._known = known

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        if fieldname == "text":
            known = self._known.get(docnum)
            if known is not None:
                return known
        return int(self._fallback.doc_field_length(docnum, fieldname, default))


class FastWriter(SegmentWriter):  # type: ignore[misc]
    """A segment writer that remembers the lengths of the documents it adds, and holds its
    postings compactly in memory (:class:`CompactPool`; a segment must fit: the rebuild
    commits one per million words or fewer).

    Whoosh's writer reads each document's field length back from disk once per posting when it
    writes the postings, which tripled the time of a full build; this one answers from memory.
    """

    pool: Any

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self._lengths: dict[int, int] = {}
        self.pool.cleanup()  # Whoosh's own, still empty
        self.pool = CompactPool("text")

    def add_item(
        self, *, kind: str, table: str, owner: str, speakers: list[str], terms: list[str]
    ) -> None:
        self._lengths[self.docnum] = len(terms)
        self.add_document(kind=kind, table=table, owner=owner, speaker=list(speakers), text=terms)

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = self.per_document_reader()
        try:
            self.fieldwriter.add_postings(
                self.schema, _Lengths(lengths, self._lengths), self.pool.iter_postings()
            )
            self.fieldwriter.close()
        finally:
            lengths.close()
