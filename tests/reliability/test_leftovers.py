"""A killed ``import-qdpx`` leaves a hidden half-built project (with journal and lock) beside its
target; the next run removes it, but never one another run is still building."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from workbench.cli.main import main
from workbench.core.lockfile import lock_path
from workbench.core.project import Project


def leftover(folder: Path, name: str, *, pid: int) -> Path:
    """What a run killed while importing leaves: the file, a hot journal and its lock."""
    building = folder / f".{name}.1a2b3c4d.importing"
    Project.create(building, name="Half imported").close()
    building.with_name(building.name + "-journal").write_bytes(b"\0" * 512)
    now = time.time()
    lock_path(building).write_text(
        json.dumps(
            {
                "user": "ana",
                "host": socket.gethostname(),
                "pid": pid,
                "app": "workbench",
                "started": now,
                "heartbeat": now,
            }
        )
    )
    return building


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.fixture
def archive(project_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "study.qdpx"
    assert main(["export-qdpx", str(project_path), str(path)]) == 0
    capsys.readouterr()
    return path


def test_the_next_import_removes_what_a_killed_one_left(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    leftover(out, "old.qwb", pid=dead_pid())
    leftover(out, "new.qwb", pid=dead_pid())
    assert main(["import-qdpx", str(archive), str(out / "new.qwb")]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["new.qwb"]


def test_a_build_another_run_is_working_on_is_left_alone(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    building = leftover(out, "other.qwb", pid=os.getpid())  # a live process holds it
    assert main(["import-qdpx", str(archive), str(out / "new.qwb")]) == 0
    assert building.exists() and lock_path(building).exists()
