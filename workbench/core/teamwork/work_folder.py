"""A private folder for building a copy before anything of it may reach its destination.

Each run gets a folder of its own (0700) under ``paths.private_dir("work")``, named by its
process id; it is removed when the run ends, and leftovers of runs that were killed are removed
by the next run.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from workbench.core.paths import private_dir

PREFIX = "copy-"
WINDOWS_LEFTOVER_AGE = 24 * 3600.0
"""On Windows, where no cheap check tells whether a process runs, a folder this old is a
leftover."""


@contextmanager
def private_work_folder() -> Iterator[Path]:
    """A new private folder for one run, removed with everything in it when the block ends."""
    parent = private_dir("work")
    remove_leftovers(parent)
    folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def remove_leftovers(parent: Path) -> None:
    """Remove the folders of runs whose process no longer runs."""
    for folder in parent.glob(f"{PREFIX}*"):
        try:
            pid = int(folder.name[len(PREFIX) :].split("-")[0])
            age = time.time() - folder.stat().st_mtime
        except (ValueError, OSError):
            continue
        if pid != os.getpid() and not _running(pid, age):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int, age: float) -> bool:
    if sys.platform == "win32":
        return age < WINDOWS_LEFTOVER_AGE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process with the same number
    return True
