"""Writing a file so that nobody ever sees it half-written."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from workbench.core.errors import DiskFullError, is_disk_full


@contextmanager
def built_beside(target: Path, tag: str = "partial") -> Iterator[Path]:
    """A path beside ``target`` (``NAME.tag``) to build the new file at. When the block ends
    the file is flushed to disk and renamed onto ``target`` in one step; when it fails, the
    half-built file and any SQLite journal beside it are removed and the error goes on (a full
    disk as a DiskFullError)."""
    partial = target.with_name(f"{target.name}.{tag}")
    partial.unlink(missing_ok=True)
    try:
        yield partial
        with partial.open("rb") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, target)
    except BaseException as exc:
        partial.unlink(missing_ok=True)
        partial.with_name(partial.name + "-journal").unlink(missing_ok=True)
        if is_disk_full(exc) and not isinstance(exc, DiskFullError):
            raise DiskFullError(f"saving {target.name}") from exc
        raise
