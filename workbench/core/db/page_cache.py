"""A smaller SQLite page cache while one session reads most of the file once."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.orm import Session

READ_ONCE_KIB = 2048


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
