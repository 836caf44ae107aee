"""Opening a project while another program commits to it: never a false "damaged", and the
restore offered for a damaged file never throws work away."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from reliability_helpers import CODER, digest

from workbench.core.backups import restore_damaged
from workbench.core.errors import CorruptProjectError, ProjectFileError, ProjectLockedError
from workbench.core.project import Project

WRITER = """
import sys, time
from workbench.core.project import Project
project = Project.open(sys.argv[1], app="importer")
text = "An interview line that makes the file grow page by page.\\n" * 80
print("open", flush=True)
n = 0
while sys.stdin.readline().strip() != "stop":
    for _ in range(5):  # a small import: every commit grows the file
        n += 1
        project.sources.add(name=f"Import {n}", text=f"{n}: {text}", coder="Importer")
    print(n, flush=True)
project.close()
print("closed", flush=True)
"""

OPENS = int(os.environ.get("CONCURRENT_OPENS", "2000"))


@pytest.mark.slow
def test_opens_racing_a_writers_commits_never_read_damaged(project_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(project_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert writer.stdin is not None and writer.stdout is not None
    assert writer.stdout.readline() == "open\n"
    false_alarms: list[str] = []
    in_use = opened = 0
    try:
        for i in range(OPENS):
            if i % 10 == 0:  # keep the writer importing, a few sources at a time
                writer.stdin.write("more\n")
                writer.stdin.flush()
            try:
                with Project.open(project_path, read_only=True) as reader:
                    if i % 100 == 0:
                        assert reader.info().name == "Mentoring study"
                opened += 1
            except CorruptProjectError as exc:
                false_alarms.append(str(exc))
            if i % 50 == 0:  # a writable open reads "in use", never "damaged"
                try:
                    Project.open(project_path).close()
                except ProjectLockedError:
                    in_use += 1
                except CorruptProjectError as exc:
                    false_alarms.append(str(exc))
        writer.stdin.write("stop\n")
        writer.stdin.flush()
        imported = [line.strip() for line in writer.stdout]
    finally:
        if writer.poll() is None:
            writer.stdin.close()
            writer.wait(timeout=60)
    assert false_alarms == []
    assert opened == OPENS and in_use == len(range(0, OPENS, 50))
    assert imported[-1] == "closed" and int(imported[-2]) >= OPENS // 10
    with Project.open(project_path) as project:
        assert project.info().sources == 2 + int(imported[-2])


def damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for offset in range(2 * 4096 + 40, len(data), 89):
        data[offset] = (data[offset] + 101) % 256
    path.write_bytes(bytes(data))


@pytest.fixture
def judged_damaged(project_path: Path) -> tuple[CorruptProjectError, bytes]:
    """A project with a good backup, found damaged on open: the error and the sound bytes."""
    with Project.open(project_path) as project:
        project.backups.make("by hand")
        for i in range(30):
            project.sources.add(
                name=f"Later {i}", text=f"{i}: " + "Later work. " * 200, coder=CODER
            )
    sound = project_path.read_bytes()
    damage(project_path)
    with pytest.raises(CorruptProjectError) as caught:
        Project.open(project_path)
    assert caught.value.backup is not None and caught.value.fingerprint is not None
    return caught.value, sound


def test_a_file_sound_again_under_the_lock_is_opened_not_replaced(
    project_path: Path, judged_damaged: tuple[CorruptProjectError, bytes]
) -> None:
    """The file was judged while something else was rewriting it; by the time the user agrees
    to restore, it passes: the backup must not replace 30 sources of later work."""
    error, sound = judged_damaged
    project_path.write_bytes(sound)
    assert error.backup is not None
    kept = restore_damaged(error.path, error.backup, judged=error.fingerprint)
    assert kept is None and project_path.read_bytes() == sound
    with Project.open(project_path) as project:
        assert project.info().sources == 32


def test_a_file_changed_since_it_was_judged_is_not_replaced(
    project_path: Path, judged_damaged: tuple[CorruptProjectError, bytes]
) -> None:
    error, _sound = judged_damaged
    time.sleep(0.01)
    data = bytearray(project_path.read_bytes())
    data[-7] ^= 0x55  # written to again (and still damaged)
    project_path.write_bytes(bytes(data))
    before = digest(project_path)
    assert error.backup is not None
    with pytest.raises(ProjectFileError, match="has changed since it was found damaged"):
        restore_damaged(error.path, error.backup, judged=error.fingerprint)
    assert digest(project_path) == before
    assert sorted(p.name for p in project_path.parent.iterdir()) == ["study.qwb"]


def test_a_restore_waits_for_the_lock_of_a_program_using_the_file(
    project_path: Path, judged_damaged: tuple[CorruptProjectError, bytes]
) -> None:
    error, sound = judged_damaged
    project_path.write_bytes(sound)
    assert error.backup is not None
    with Project.open(project_path), pytest.raises(ProjectLockedError):
        restore_damaged(error.path, error.backup, judged=error.fingerprint)
    assert project_path.read_bytes() == sound


def test_an_unchanged_damaged_file_is_restored_and_kept(
    project_path: Path, judged_damaged: tuple[CorruptProjectError, bytes]
) -> None:
    error, _sound = judged_damaged
    damaged = project_path.read_bytes()
    assert error.backup is not None
    kept = restore_damaged(error.path, error.backup, judged=error.fingerprint)
    assert kept is not None and kept.read_bytes() == damaged
    with Project.open(project_path) as project:
        assert project.info().sources == 2


def test_a_read_only_open_never_offers_a_restore(project_path: Path) -> None:
    with Project.open(project_path) as project:
        project.backups.make("by hand")
    damage(project_path)
    copy = project_path.with_name("copy.qwb")
    shutil.copyfile(project_path, copy)
    with pytest.raises(CorruptProjectError) as caught:
        Project.open(project_path, read_only=True)
    assert caught.value.backup is None and "newest good backup" not in str(caught.value)
    assert digest(project_path) == digest(copy)
