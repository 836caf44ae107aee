"""What a streaming REFI-QDA import remembers about every coding and selection, in bounded
memory: which uuids are taken (a filter in memory, the codings table for certainty) and where
each selection landed (a temporary table, looked up when a case, link or note refers to it)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

_SLOTS = 1 << 24  # 16 MB of flags: at 800,000 codings, 1 in 120 checks asks the database
_MASK = _SLOTS - 1


class TakenUuids:
    """The uuids handed out so far. Every uuid but a coding's (or media coding's) is kept in a
    set; a coding's is marked in a two-probe filter and, when the filter says "maybe", looked up
    among the codings not yet written (``pending``) and in the codings and media codings
    tables."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._few: set[str] = set()
        self._marks = bytearray(_SLOTS)
        self.pending: set[str] = set()  # coding uuids not yet in their table

    def claim(self, uuid: str, *, coding: bool = False) -> bool:
        """Mark ``uuid`` taken (by a coding or not); False, and nothing marked, if it was."""
        if uuid in self._few:
            return False
        h = hash(uuid)
        first, second, marks = h & _MASK, (h >> 24) & _MASK, self._marks
        if marks[first] and marks[second] and self.is_coding(uuid):
            return False
        if coding:
            marks[first] = marks[second] = 1
            self.pending.add(uuid)
        else:
            self._few.add(uuid)
        return True

    def is_coding(self, uuid: str | None) -> bool:
        """True if a coding or media coding has this uuid (written or not yet)."""
        if uuid in self.pending:
            return True
        found = self._session.connection().exec_driver_sql(
            "SELECT 1 FROM codings WHERE uuid = ? UNION ALL "
            "SELECT 1 FROM media_codings WHERE uuid = ?",
            (uuid, uuid),
        )
        return found.first() is not None


@dataclass
class Selection:
    """Where a selection landed: its source, stored range, codings and annotation."""

    source_id: int
    start: int
    end: int
    codings: list[str] = field(default_factory=list)
    annotation: str | None = None


class Selections:
    """Selections by their GUID (the first of a repeated GUID wins), in a temporary table that
    is only appended to while the sources are read, and indexed once it is first looked up:
    inserting into an index of random GUIDs would re-read and re-write pages all along."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._batch: list[tuple[str, int, int, int, str, str | None]] = []
        self._indexed = False
        self._sql("DROP TABLE IF EXISTS temp.refi_selection")
        self._sql(
            "CREATE TEMP TABLE refi_selection (key TEXT, source_id INTEGER, start INTEGER, "
            '"end" INTEGER, codings TEXT, annotation TEXT)'
        )

    def _sql(self, statement: str, params: Any = ()) -> Any:
        return self._session.connection().exec_driver_sql(statement, params)

    def add(self, key: str, selection: Selection) -> None:
        s = selection
        self._batch.append((key, s.source_id, s.start, s.end, " ".join(s.codings), s.annotation))

    def flush(self) -> None:
        if self._batch:
            self._sql("INSERT INTO temp.refi_selection VALUES (?, ?, ?, ?, ?, ?)", self._batch)
            self._batch = []

    def get(self, key: str) -> Selection | None:
        self.flush()
        if not self._indexed:
            self._sql("CREATE INDEX temp.refi_selection_key ON refi_selection (key)")
            self._indexed = True
        row = self._sql(
            'SELECT source_id, start, "end", codings, annotation FROM temp.refi_selection '
            "WHERE key = ? ORDER BY rowid LIMIT 1",
            (key,),
        ).first()
        if row is None:
            return None
        return Selection(row[0], row[1], row[2], row[3].split() if row[3] else [], row[4])

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def drop(self) -> None:
        self._batch = []
        self._sql("DROP TABLE IF EXISTS temp.refi_selection")


@contextmanager
def indexes_built_last(session: Session, table: str) -> Iterator[None]:
    """Drop ``table``'s plain indexes (not those of its unique constraints) for the block and
    build them again after it: one sort each instead of a random insert per row."""
    conn = session.connection()
    found = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
        "AND sql IS NOT NULL",
        (table,),
    ).all()
    for name, _ in found:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _, sql in found:
        conn.exec_driver_sql(sql)
