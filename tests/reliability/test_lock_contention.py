"""Many programs opening one project at the same moment, with and without a stale lock: exactly
one of them holds the lock. Also locks that are folders or carry absurd numbers."""

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
from workbench.core.errors import ProjectLockedError
from workbench.core.lockfile import ProjectLock, lock_path, read_lock
from workbench.core.project import Project

CONTENDER = """
import os, random, sys, time
from pathlib import Path
from workbench.core import lockfile
from workbench.cli.main import main
from workbench.core.errors import ProjectLockedError
from workbench.core.lockfile import ProjectLock, read_lock

def slow_read(path):
    # A busy machine may pause a process between reading a lock and acting on it.
    info = read_lock(path)
    time.sleep(random.uniform(0, 0.03))
    return info

lockfile.read_lock = slow_read
lock = ProjectLock(Path(sys.argv[1]))
start = float(sys.argv[2])
decided = Path(sys.argv[3])
while time.time() < start:
    pass
try:
    lock.acquire()
except ProjectLockedError:
    (decided / str(os.getpid())).touch()
    print("refused", flush=True)
    sys.exit(0)
began = time.time()
(decided / str(os.getpid())).touch()
# Hold the lock until every contender has decided (a loaded machine may start one late).
while len(list(decided.iterdir())) < int(sys.argv[4]) and time.time() < began + 60:
    time.sleep(0.05)
still = read_lock(lock.path)
print("held", began, time.time(), still is not None and still.pid == os.getpid(), flush=True)
lock.release()
"""

CONTENDERS = 12
ROUNDS = int(os.environ.get("LOCK_RACE_ROUNDS", "3"))


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def plant_lock(project: Path, **fields: object) -> None:
    now = time.time()
    data: dict[str, object] = {
        "user": "someone",
        "host": socket.gethostname(),
        "pid": dead_pid(),
        "app": "workbench",
        "started": now,
        "heartbeat": now,
    }
    data.update(fields)
    lock_path(project).write_text(json.dumps(data))


def race(project: Path, decided: Path) -> list[str]:
    start = time.time() + 2.0  # most contenders have imported and are spinning by then
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    children = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                CONTENDER,
                str(project),
                repr(start),
                str(decided),
                str(CONTENDERS),
            ],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(CONTENDERS)
    ]
    return [child.communicate(timeout=60)[0].strip() for child in children]


@pytest.mark.parametrize("stale", [True, False], ids=["stale-lock-present", "no-lock"])
def test_simultaneous_opens_leave_exactly_one_holder(
    project_path: Path, stale: bool, tmp_path_factory: pytest.TempPathFactory
) -> None:
    for round_ in range(ROUNDS):
        if stale:
            plant_lock(project_path)
        decided = tmp_path_factory.mktemp(f"decided-{round_}")
        outcomes = race(project_path, decided)
        held = [o for o in outcomes if o.startswith("held")]
        assert len(held) == 1, outcomes
        assert held[0].endswith("True")  # its lock was never taken from it while it held it
        assert outcomes.count("refused") == CONTENDERS - 1
        assert sorted(p.name for p in project_path.parent.iterdir()) == ["study.qwb"]


def test_the_heartbeat_never_rewrites_a_lock_taken_over(project_path: Path) -> None:
    first = ProjectLock(project_path)
    first.acquire()
    first._stop.set()  # as if this process were suspended: its heartbeat stops
    planted = {"user": "b", "host": "other-laptop", "pid": 4242, "app": "workbench"}
    lock_path(project_path).write_text(
        json.dumps({**planted, "started": 1.0, "heartbeat": time.time(), "token": "theirs"})
    )
    assert first.refresh() is False and not first.held
    first.release()
    holder = read_lock(lock_path(project_path))
    assert holder is not None and holder.token == "theirs"  # neither rewritten nor removed


def test_a_lock_that_is_a_folder_is_explained(
    project_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lock_path(project_path).mkdir()
    with pytest.raises(ProjectLockedError, match=r"study\.qwb\.lock is a folder"):
        Project.open(project_path)
    codebook = project_path.with_name("codebook.json")
    codebook.write_text('{"codes": [{"name": "Trust"}]}')
    assert main(["codebook-import", str(project_path), str(codebook)]) == 1
    err = capsys.readouterr().err
    assert "study.qwb.lock is a folder" in err and "internal error" not in err
    with Project.open(project_path, read_only=True) as reader:
        assert reader.info().name == "Mentoring study"


@pytest.mark.parametrize(
    "fields",
    [
        {"pid": 1e23},
        {"pid": 99999999999999999999999},
        {"pid": "12"},
        {"started": 1e300},
        {"started": float("nan")},
        {"heartbeat": float("inf")},
        {"heartbeat": float("-inf")},
        {"heartbeat": float("nan")},
    ],
)
def test_a_lock_with_absurd_numbers_is_treated_as_damaged(
    project_path: Path, fields: dict[str, object]
) -> None:
    plant_lock(project_path, **{"host": "other-laptop", "pid": 12, **fields})
    old = time.time() - 5
    os.utime(lock_path(project_path), (old, old))
    with Project.open(project_path):
        holder = read_lock(lock_path(project_path))
        assert holder is not None and holder.pid == os.getpid()
    assert not lock_path(project_path).exists()


def test_a_takeover_file_left_by_a_killed_process_does_not_block(project_path: Path) -> None:
    plant_lock(project_path)
    takeover = ProjectLock(project_path).takeover_path
    takeover.write_text(json.dumps({"host": socket.gethostname(), "pid": dead_pid()}))
    with Project.open(project_path):
        assert read_lock(lock_path(project_path)).pid == os.getpid()  # type: ignore[union-attr]
    assert sorted(p.name for p in project_path.parent.iterdir()) == ["study.qwb"]
