"""Where the workbench keeps files outside projects: backups, caches, settings-free data."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "QualitativeWorkbench"
DATA_DIR_ENV = "WORKBENCH_DATA_DIR"
CACHE_DIR_ENV = "WORKBENCH_CACHE_DIR"


def user_data_dir() -> Path:
    """The per-user data folder (overridable with WORKBENCH_DATA_DIR, which tests use)."""
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, False))


def user_cache_dir() -> Path:
    override = os.environ.get(CACHE_DIR_ENV)
    return Path(override) if override else Path(platformdirs.user_cache_dir(APP_NAME, False))


def backup_dir(project_uuid: str) -> Path:
    """Backups of one project live here, never beside the (possibly shared) project file."""
    return user_data_dir() / "backups" / project_uuid


def private_dir(name: str) -> Path:
    """A folder in the user data folder that only this user may read (0700), for work files
    that must never reach a shared or synced folder (e.g. a copy before it is pseudonymized)."""
    folder = user_data_dir() / name
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)  # mkdir's mode is masked by the umask and spares existing folders
    return folder
