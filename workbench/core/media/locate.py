"""Finding a recording that moved: by its stored path, beside the project, then in the user's
media folders, recognised by size and sha256 (a team shares projects, not paths)."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath

from workbench.core.media.probe import file_sha256
from workbench.core.values import MediaInfo


def stored_path(recording: Path, project_folder: Path | None) -> str:
    """How a recording's path is stored: relative to the project's folder with "/" when it
    lies under it (the pair can move together), else absolute (always, for a project on a
    server: ``project_folder`` None)."""
    recording = recording.resolve()
    if project_folder is None:
        return str(recording)
    try:
        return recording.relative_to(project_folder.resolve()).as_posix()
    except ValueError:
        return str(recording)


def resolved_path(stored: str, project_folder: Path | None) -> Path | None:
    """A stored path as a path on this machine (None: relative, and no project folder)."""
    path = Path(stored)
    if path.is_absolute():
        return path
    if project_folder is None:
        return None
    return project_folder / Path(*PurePosixPath(stored).parts)


def find_recording(
    info: MediaInfo, *, project_folder: Path | None, media_folders: Sequence[Path]
) -> Path | None:
    """The recording ``info`` describes: the stored path if a file of its size is there,
    else a file of the same name beside the project, else the first file under the media
    folders (walked) with its size and sha256 (hashed only for files of the right size).
    A project on a server (``project_folder`` None) has no "beside": its recordings are found
    by their stored path and in the user's media folders only."""
    stored = resolved_path(info.path, project_folder)
    if stored is not None and _size(stored) == info.size:
        return stored
    name = PurePosixPath(info.path.replace("\\", "/")).name
    beside = None if project_folder is None else project_folder / name
    if beside is not None and beside != stored and _matches(beside, info):
        return beside
    for folder in media_folders:
        # Files named like the recording are hashed first: most moves keep the name.
        sized = sorted(_files_of_size(folder, info.size), key=lambda p: p.name != name)
        for candidate in sized:
            if _matches(candidate, info):
                return candidate
    return None


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size if path.is_file() else None
    except OSError:
        return None


def _matches(path: Path, info: MediaInfo) -> bool:
    if _size(path) != info.size:
        return False
    try:
        return file_sha256(path) == info.sha256
    except OSError:
        return False


def _files_of_size(folder: Path, size: int) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder, onerror=None):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for file in sorted(files):
            path = Path(root) / file
            if _size(path) == size:
                yield path
