"""Test-wide settings: user data and cache folders in a temporary place, Qt offscreen."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Session-wide too, so fixtures built before the per-test folders exist (and the backups a
# project makes when opened) never touch the real user data folder.
_SESSION_DIRS = Path(tempfile.mkdtemp(prefix="workbench-tests-"))
os.environ["WORKBENCH_DATA_DIR"] = str(_SESSION_DIRS / "data")
os.environ["WORKBENCH_CACHE_DIR"] = str(_SESSION_DIRS / "cache")
atexit.register(shutil.rmtree, _SESSION_DIRS, True)


@pytest.fixture(autouse=True)
def _user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    base = tmp_path_factory.mktemp("userdirs")
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("WORKBENCH_CACHE_DIR", str(base / "cache"))
    yield base
