"""Reading a whole project in bounded memory: rows a batch of sources at a time (with a small
page cache: ``Project.read(small_cache=True)``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

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
