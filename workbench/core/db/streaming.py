"""Reading a whole project in bounded memory: rows a batch of sources at a time, and a small
SQLite page cache while one session reads most of the file once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

READ_ONCE_KIB = 2048
BATCH = 100  # sources whose rows are read (and held) at once
Row = Any  # a SQLAlchemy Row: attribute access by column name


def per_source(
    sources: Sequence[Row], read: Callable[[list[int]], Iterable[Row]]
) -> Iterator[tuple[Row, list[Row]]]:
    """Each source (rows with an ``id``, in the given order) with its rows (those with its
    ``source_id``, in the order ``read`` gives them). ``read`` is given a batch of source ids
    at a time, so only one batch's rows are held."""
    for i in range(0, len(sources), BATCH):
        batch = sources[i : i + BATCH]
        rows: dict[int, list[Row]] = defaultdict(list)
        for row in read([r.id for r in batch]):
            rows[row.source_id].append(row)
        for source in batch:
            yield source, rows.get(source.id, [])


@contextmanager
def reading_once(s: Session, kib: int = READ_ONCE_KIB) -> Iterator[Session]:
    """Lower ``s``'s page cache to ``kib`` while the block reads (an export, agreement): each
    page is read about once, and the connection's 64 MB cache full of them would be a large
    part of the peak memory. The connection's own limit comes back after."""
    if s.get_bind().dialect.name != "sqlite":
        yield s
        return
    kept = s.execute(text("PRAGMA cache_size")).scalar_one()
    s.execute(text(f"PRAGMA cache_size = -{int(kib)}"))
    try:
        yield s
    finally:
        s.execute(text(f"PRAGMA cache_size = {int(kept)}"))
