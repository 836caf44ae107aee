"""Reading a project file for a merge a few rows at a time, never whole.

A merge compares the other copy's changed rows with the rows of this project they touch; every
other row of this project stays as stored, so it need not be read. ``ProjectReader`` reads what
the merge asks for (rows by uuid, by key, the rows pointing at a row) and, with every row, the
rows it points at, so that a row the merge holds never points at one it does not hold. The
small dictionaries (coders, codes, attributes, sets) are read whole: code paths, code-tree loops
and names need them, and they do not grow with the data.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from typing import Any

from sqlalchemy.orm import Session

from workbench.core.db import project_rows, sqlite_file
from workbench.core.db.dialect import small_page_cache
from workbench.core.teamwork.merge_base import CommonBase
from workbench.core.teamwork.rows import ORDER, ProjectRows, Row, foreign_keys, rows_of

WHOLE_KINDS = ("coder", "code", "attribute", "set")
"""Kinds read whole: few rows, and a merge needs all of them (paths, loops, names)."""

CLOSED = "The merge's read snapshot is closed: a plan reads nothing more."

Loaded = Callable[[str, dict[str, Row]], None]
"""Told of rows newly read (kind, rows by uuid), after they joined ``ProjectRows.rows``."""


class ProjectReader:
    """Reads rows of one project file into its ``ProjectRows`` on demand, with the rows they
    point at; says which uuids the file holds without reading the rows."""

    def __init__(self, session: Session, project: ProjectRows) -> None:
        self._session: Session | None = session
        self.project = project
        self.on_load: Loaded = lambda kind, rows: None
        self.whole: set[str] = set()
        self._absent: dict[str, set[str]] = {k: set() for k in ORDER}
        self._asked: dict[tuple[str, tuple[str, ...]], set[tuple[Any, ...]]] = {}

    @property
    def session(self) -> Session:
        """The session the rows are read in, until ``close``."""
        if self._session is None:
            raise RuntimeError(CLOSED)
        return self._session

    def close(self) -> None:
        """Read nothing more (the snapshot is gone): a later read raises instead of reading
        another snapshot's rows into this one's."""
        self._session = None

    def load_whole(self) -> None:
        """Read every row of the kinds read whole (``WHOLE_KINDS``)."""
        for kind in WHOLE_KINDS:
            self._adopt(kind, project_rows.tracked_rows(self.session, kind))
            self.whole.add(kind)

    def load_changed(self, kind: str, after: int) -> None:
        """Read the rows of one kind changed after revision ``after``."""
        self._adopt(kind, project_rows.tracked_rows(self.session, kind, after=after))

    def load(self, kind: str, uuids: Iterable[str]) -> None:
        """Read the rows of one kind with these uuids (those not read yet)."""
        held = self.project.rows[kind]
        missing = sorted({u for u in uuids if u not in held} - self._absent[kind])
        if not missing or kind in self.whole:
            return
        self._adopt(kind, project_rows.tracked_rows(self.session, kind, uuids=missing))
        self._absent[kind].update(u for u in missing if u not in held)

    def load_keys(self, kind: str, attrs: Sequence[str], keys: Iterable[Sequence[Any]]) -> None:
        """Read the rows of one kind whose ``attrs`` (foreign keys as uuids) equal one of
        ``keys``."""
        if kind in self.whole:
            return
        asked = self._asked.setdefault((kind, tuple(attrs)), set())
        todo = {tuple(k) for k in keys} - asked
        if todo:
            asked |= todo
            found = project_rows.tracked_rows_by_keys(self.session, kind, attrs, todo)
            self._adopt(kind, found)

    def load_referrers(self, kind: str, uuids: Collection[str]) -> None:
        """Read every row that points at one of these rows of ``kind``."""
        if not uuids:
            return
        for other in ORDER:
            for attr, target in foreign_keys(other).items():
                if target == kind:
                    self.load_keys(other, (attr,), [(u,) for u in uuids])

    def has(self, kind: str, uuid: str) -> bool:
        """True if the file holds a row of ``kind`` with this uuid."""
        if uuid in self.project.rows[kind] or uuid in self.project.uuids[kind]:
            return True
        if uuid not in self._absent[kind]:
            self.check(kind, [uuid])
        return uuid in self.project.uuids[kind]

    def check(self, kind: str, uuids: Iterable[str]) -> None:
        """Find out in one pass which of ``uuids`` the file holds (for ``has``)."""
        known = self.project.uuids[kind]
        held = self.project.rows[kind]
        todo = {u for u in uuids if u not in known and u not in held} - self._absent[kind]
        if todo:
            found = project_rows.existing_uuids(self.session, kind, todo)
            known |= found
            self._absent[kind] |= todo - found

    def _adopt(self, kind: str, found: Iterable[Any]) -> None:
        held = self.project.rows[kind]
        new = {u: row for u, row in rows_of(kind, found).items() if u not in held}
        if not new:
            return
        held.update(new)
        self.on_load(kind, new)
        for attr, target in foreign_keys(kind).items():
            self.load(target, {ref for row in new.values() if (ref := row.values.get(attr))})


@contextmanager
def small_caches(*sessions: Session) -> Iterator[None]:
    """While a merge reads: tables are scanned once for the rows changed since the base (no
    index finds them, and a source's version lies past its text), so a big page cache would
    only hold memory, up to as much as the file is big. Writing gets the big cache back."""
    with ExitStack() as stack:
        for session in sessions:
            stack.enter_context(small_page_cache(session, sqlite_file.CHECK_CACHE_KIB))
        yield


def read_touched(reader: ProjectReader, theirs: ProjectRows, base: CommonBase | None) -> None:
    """Read the rows of this project the other copy's rows name: the same rows, the rows they
    point at, and the rows it deleted since the base (the planner reads the rest it needs)."""
    deleted: dict[str, set[str]] = {}
    for uuid, (kind, version) in theirs.tombstones.items():
        if base is None or base.theirs_changed(uuid, version):
            deleted.setdefault(kind, set()).add(uuid)
    for kind in ORDER:
        rows = theirs.rows[kind]
        reader.load(kind, set(rows) | deleted.get(kind, set()))
        for attr, target in foreign_keys(kind).items():
            reader.load(target, {ref for row in rows.values() if (ref := row.values.get(attr))})
