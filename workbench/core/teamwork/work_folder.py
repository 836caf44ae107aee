"""A private folder for building a copy before anything of it may reach its destination.

Each run gets a folder of its own (0700) under ``paths.private_dir("work")``, named by its
process id; it is removed when the run ends, and leftovers of runs that were killed are removed
by the next run.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from workbench.core.lockfile import pid_alive
from workbench.core.paths import private_dir

PREFIX = "copy-"


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
        except ValueError:
            continue
        if pid != os.getpid() and not pid_alive(pid):
            shutil.rmtree(folder, ignore_errors=True)
