"""Writing many new ranges of codings and annotations at once (a text correction, a merge, an
undo) without tripping the codings' unique key midway."""

from __future__ import annotations

from collections.abc import Sequence

from workbench.core.db.models import Annotation, Coding
from workbench.core.db.transaction import WriteTx

# Beyond any text's length, and with 2 × id added still a 32-bit INTEGER (PostgreSQL's, for
# ids below 2**29).
_PARKED = 1 << 30


def park_ranges(tx: WriteTx, rows: Sequence[Coding | Annotation]) -> None:
    """Move ``rows`` (recorded as edited first) to temporary ranges no other row has, so that a
    batch of new ranges can then be written in any order: codings shifted by a correction may
    land on each other's old range, and SQLite checks the unique key statement by statement."""
    with tx.session.no_autoflush:
        for row in rows:
            tx.touch(row)
            row.start, row.end = _PARKED + 2 * row.id, _PARKED + 2 * row.id + 1
    tx.session.flush()
