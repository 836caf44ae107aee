"""The search index of a project on a server: a cache on this computer, one per server
project and login, kept by one program at a time.

A published project keeps its file's ids (so offline copies still merge), so the file's id
alone would name the same cache folder for the file and for the server project: the key also
holds where the project lives and who reads it (under blind coding two logins see different
rows). Several programs of one user may open the same server project; the first keeps the
index (``writer.lock`` in the folder), the others read what it keeps.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.core.errors import ProjectLockedError
from workbench.core.lockfile import ProjectLock

if TYPE_CHECKING:
    from workbench.core.project import Project

__all__ = ["index_key", "take_writer"]

_WRITER = "writer"


def index_key(project: Project) -> str:
    """The cache folder's name: the file id for a file; for a server project a digest of the
    server, database and login with the project's uuid and file id."""
    if project.server_url is None:
        return project.text_token()[0]
    from workbench.core.server.engine import where

    info = project.info()

    ident = f"{where(project.server_url)}|{info.uuid}|{info.file_id}"
    return "server-" + hashlib.sha256(ident.encode("utf-8")).hexdigest()[:32]


def take_writer(folder: Path, *, app: str) -> ProjectLock | None:
    """The lock that makes this program the keeper of the index in ``folder``; None when
    another running program keeps it."""
    folder.mkdir(parents=True, exist_ok=True)
    lock = ProjectLock(folder / _WRITER, app=app)
    try:
        lock.acquire()
    except ProjectLockedError:
        return None
    return lock
