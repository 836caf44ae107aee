"""A full disk anywhere — project writes, backups, imports, exports, shares, merges, restores, the
lock — reads "not enough disk space for …", never "internal error", and leaves nothing behind."""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from reliability_helpers import digest

from workbench.cli.main import main
from workbench.core.backups import restore_damaged
from workbench.core.db import sqlite_file
from workbench.core.errors import DiskFullError, ProjectFileError, as_user_error, is_disk_full
from workbench.core.project import Project

FULL = "not enough disk space for"


def fsync_full(*_args: object) -> None:
    """The disk fills while a new file is flushed (where a full disk shows on many systems)."""
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def project_full(monkeypatch: pytest.MonkeyPatch, project: Path) -> None:
    """SQLite's own "database or disk is full" for every change to ``project``."""
    real = sqlite_file.connect

    def connect(path: Path, *, mode: str) -> sqlite3.Connection:
        conn = real(path, mode=mode)
        if mode != "ro" and Path(path).resolve() == project.resolve():
            (pages,) = conn.execute("PRAGMA page_count").fetchone()
            conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    monkeypatch.setattr(sqlite_file, "connect", connect)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().err


def cli_cases(tmp: Path, project: Path) -> dict[str, tuple[list[str], Path]]:
    """Command lines that write something, and the file each would have written."""
    return {
        "new": (["new", str(tmp / "new.qwb"), "--name", "New"], tmp / "new.qwb"),
        "share": (["share", str(project), str(tmp / "ana.qwb")], tmp / "ana.qwb"),
        "export-qdpx": (["export-qdpx", str(project), str(tmp / "out.qdpx")], tmp / "out.qdpx"),
        "export-codebook": (["export-codebook", str(project), str(tmp / "cb.pdf")], tmp / "cb.pdf"),
    }


@pytest.mark.parametrize("command", ["new", "share", "export-qdpx", "export-codebook"])
def test_new_files_on_a_full_disk(
    project_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: str,
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    argv, target = cli_cases(out, project_path)[command]
    monkeypatch.setattr(os, "fsync", fsync_full)
    code, err = run(capsys, *argv)
    assert code == 1 and FULL in err and "internal error" not in err, err
    assert list(out.iterdir()) == []  # nothing half-written
    assert not target.exists()


def test_import_qdpx_on_a_full_disk(
    project_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    archive = tmp_path / "study.qdpx"
    assert run(capsys, "export-qdpx", str(project_path), str(archive))[0] == 0
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(os, "fsync", fsync_full)
    code, err = run(capsys, "import-qdpx", str(archive), str(out / "new.qwb"))
    assert code == 1 and FULL in err and "internal error" not in err, err
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("command", ["import", "code-book", "merge"])
def test_changes_to_the_project_on_a_full_disk(
    project_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: str,
) -> None:
    text = tmp_path / "P03.txt"
    text.write_text("P03: A long answer about mentoring online.\n" * 2000)
    codebook = tmp_path / "codebook.json"
    codebook.write_text('{"codes": [{"name": "Trust", "description": "' + "x" * 20000 + '"}]}')
    copy = tmp_path / "ana.qwb"
    assert run(capsys, "share", str(project_path), str(copy))[0] == 0
    assert run(capsys, "import", str(copy), str(text), "--coder", "Ana")[0] == 0
    argv = {
        "import": ["import", str(project_path), str(text)],
        "code-book": ["codebook-import", str(project_path), str(codebook)],
        "merge": ["merge", str(project_path), str(copy), "--prefer", "mine"],
    }[command]
    before = digest(project_path)
    project_full(monkeypatch, project_path)
    code, err = run(capsys, *argv)
    assert FULL in err and "internal error" not in err, err
    assert code == 1 or command == "import"  # an import reports each file it could not add
    assert digest(project_path) == before


def test_restoring_a_damaged_project_on_a_full_disk(
    project_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Project.open(project_path) as project:
        backup = project.backups.make("by hand")
    data = bytearray(project_path.read_bytes())
    for offset in range(2 * 4096 + 40, len(data), 89):
        data[offset] = (data[offset] + 101) % 256
    project_path.write_bytes(bytes(data))
    before = digest(project_path)
    monkeypatch.setattr(os, "fsync", fsync_full)
    with pytest.raises(DiskFullError, match=FULL):
        restore_damaged(project_path, backup.path)
    assert digest(project_path) == before
    assert sorted(p.name for p in project_path.parent.iterdir()) == ["study.qwb"]


def test_the_lock_file_on_a_full_disk(project_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def write_full(*_args: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", write_full)
    with pytest.raises(DiskFullError, match="the lock file of study.qwb"):
        Project.open(project_path)
    assert sorted(p.name for p in project_path.parent.iterdir()) == ["study.qwb"]


@pytest.mark.parametrize(
    "make",
    [
        lambda: OSError(errno.ENOSPC, "No space left on device"),
        lambda: sqlite3.OperationalError("database or disk is full"),
    ],
    ids=["ENOSPC", "SQLITE_FULL"],
)
def test_a_full_disk_is_recognised_through_wrappers(make: Callable[[], BaseException]) -> None:
    try:
        try:
            raise make()
        except (OSError, sqlite3.Error):
            raise ProjectFileError("x.qwb", "could not be written.") from None
    except ProjectFileError as wrapped:
        assert is_disk_full(wrapped)
        shown = as_user_error(wrapped, "saving x.qwb")
    assert isinstance(shown, DiskFullError) and f"{FULL} saving x.qwb" in str(shown)
    assert as_user_error(ValueError("a bug"), "x") is None
