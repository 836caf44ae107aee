"""A project held by another running program, abandoned locks, and projects in synced folders or
on network drives."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from reliability_helpers import digest

from workbench.core.errors import ProjectLockedError
from workbench.core.location import cloud_service, network_filesystem
from workbench.core.lockfile import ABANDONED_AFTER, HEARTBEAT_SECONDS, lock_path, read_lock
from workbench.core.project import Project

HOLDER = """
import sys
from workbench.core.project import Project
project = Project.open(sys.argv[1], app="other workbench")
print("open", flush=True)
sys.stdin.readline()
project.close()
print("closed", flush=True)
"""


@pytest.fixture
def holder(project_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another running workbench that has the project open until told to close it."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(project_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdout.readline() == "open\n"
    yield child
    if child.poll() is None:
        child.kill()
        child.wait()


def test_a_project_open_in_another_program_is_refused_within_a_second(
    project_path: Path, holder: subprocess.Popen[str]
) -> None:
    lock = read_lock(lock_path(project_path))
    assert lock is not None and lock.pid == holder.pid
    started = time.perf_counter()
    with pytest.raises(ProjectLockedError) as caught:
        Project.open(project_path)
    assert time.perf_counter() - started < 1.0
    assert "is open in another program" in str(caught.value)
    assert f"other workbench, process {holder.pid}" in str(caught.value)
    assert "take it over" not in str(caught.value)
    with Project.open(project_path, read_only=True) as reader:  # the offered alternative
        assert reader.info().name == "Mentoring study"


def test_a_clean_close_removes_the_lock(project_path: Path, holder: subprocess.Popen[str]) -> None:
    assert holder.stdin is not None and holder.stdout is not None
    holder.stdin.write("close\n")
    holder.stdin.flush()
    assert holder.stdout.readline() == "closed\n"
    assert holder.wait(timeout=10) == 0
    assert sorted(p.name for p in project_path.parent.iterdir()) == ["study.qwb"]
    with Project.open(project_path):
        pass


def write_lock(project: Path, *, pid: int, age: float, host: str | None = None) -> None:
    now = time.time()
    data = {
        "user": "ana",
        "host": host or socket.gethostname(),
        "pid": pid,
        "app": "workbench",
        "started": now - 3600,
        "heartbeat": now - age,
    }
    lock_path(project).write_text(json.dumps(data))


@pytest.mark.parametrize("host", [None, "shared-drive-laptop"])
def test_a_lock_silent_for_more_than_30_seconds_can_be_taken_over(
    project_path: Path, host: str | None
) -> None:
    """A live process (here: this machine's test runner, or one on another machine) whose
    heartbeat stopped: refused while the heartbeat is under 30 s old, then offered for takeover."""
    assert ABANDONED_AFTER == 30.0 and HEARTBEAT_SECONDS * 3 <= ABANDONED_AFTER
    before = digest(project_path)
    write_lock(project_path, pid=1, age=25, host=host)
    with pytest.raises(ProjectLockedError) as caught:
        Project.open(project_path, takeover=True)
    assert "take it over" not in str(caught.value)
    write_lock(project_path, pid=1, age=31, host=host)
    with pytest.raises(ProjectLockedError, match="you may take it over"):
        Project.open(project_path)
    assert digest(project_path) == before
    with Project.open(project_path, takeover=True) as project:
        lock = read_lock(lock_path(project_path))
        assert lock is not None and lock.pid == os.getpid()
        assert project.info().name == "Mentoring study"
    assert not lock_path(project_path).exists()


def test_the_heartbeat_keeps_a_live_lock_fresh(project: Project) -> None:
    path = lock_path(project.path)
    first = read_lock(path)
    assert first is not None
    time.sleep(0.05)
    assert project._lock is not None
    project._lock.refresh()
    second = read_lock(path)
    assert second is not None and second.heartbeat > first.heartbeat
    assert second.started == first.started


@pytest.mark.parametrize(
    ("folder", "service"),
    [
        ("Dropbox", "Dropbox"),
        ("Dropbox (Personal)", "Dropbox"),
        ("OneDrive - University of Leeds", "OneDrive"),
        ("Google Drive/My Drive", "Google Drive"),
        ("Library/Mobile Documents/com~apple~CloudDocs", "iCloud Drive"),
        ("Library/CloudStorage/Box-Box", "Box"),
        ("Nextcloud", "Nextcloud"),
    ],
)
def test_cloud_synced_folders_get_a_warning(tmp_path: Path, folder: str, service: str) -> None:
    path = tmp_path / folder / "Thesis" / "study.qwb"
    assert cloud_service(path) == service
    path.parent.mkdir(parents=True)
    with Project.create(path, name="Study") as project:
        warning = project.location_warning()
    assert warning is not None and warning.startswith(f"study.qwb is in a {service} folder.")
    assert "one computer at a time" in warning


MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
server:/export/home /mnt/home nfs4 rw,relatime 0 0
//fileserver/Research\\040Data /mnt/research cifs rw 0 0
ana@host:/srv /home/ana/remote fuse.sshfs rw 0 0
/dev/sdb1 /media/usb fuseblk rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/home/ana/study.qwb", None),
        ("/mnt/home/ana/study.qwb", "nfs4"),
        ("/mnt/research/Research Data/x.qwb", "cifs"),
        ("/home/ana/remote/projects/x.qwb", "fuse.sshfs"),
        ("/media/usb/x.qwb", None),
    ],
)
def test_network_file_systems_are_recognised(path: str, kind: str | None) -> None:
    assert network_filesystem(Path(path), mounts=MOUNTS) == kind


def test_a_local_project_gets_no_warning(project: Project) -> None:
    assert cloud_service(project.path) is None
    if network_filesystem(project.path) is None:
        assert project.location_warning() is None
