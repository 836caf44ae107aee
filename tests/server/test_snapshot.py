"""An offline copy of a server project: a new project file parented on the server, written
whole or not at all."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from workbench.core.db import sqlite_file
from workbench.core.db.migrations import SCHEMA_VERSION
from workbench.core.errors import NotOnServerError, ServerError, ValidationError
from workbench.core.progress import Cancelled, Progress
from workbench.core.project import Project
from workbench.core.server.snapshot import snapshot
from workbench.core.services.codings import CodingRequest
from workbench.core.teamwork.merge import merge_copy


@pytest.fixture
def busy_project(server_project: Callable[..., str]) -> str:
    location = server_project("Busy")
    with Project.open(location) as project:
        source = project.sources.add(name="P01", text="word " * 2000, coder="ana").created[-1]
        code = project.codebook.add(name="Trust", coder="ana").created[-1]
        requests = [CodingRequest(source, code, start, start + 4) for start in range(0, 5000, 10)]
        project.codings.apply_many(requests, coder="ana")
    return location


def test_a_snapshot_is_a_new_file_parented_on_the_server(busy_project: str, tmp_path: Path) -> None:
    out = tmp_path / "offline.qwb"
    steps: list[int] = []
    assert snapshot(busy_project, out, progress=Progress(lambda d, _t, _l: steps.append(d))) == out
    assert len(steps) > 1  # written a page at a time
    header = sqlite_file.read_header(out)
    assert header.user_version == SCHEMA_VERSION
    conn = sqlite3.connect(out)
    try:
        (application_id,) = conn.execute("PRAGMA application_id").fetchone()
    finally:
        conn.close()
    assert application_id == sqlite_file.APPLICATION_ID
    with Project.open(busy_project) as server, Project.open(out) as copy:
        on_server, offline = server.info(), copy.info()
        assert offline.file_id != on_server.file_id
        assert (offline.parent_file_id, offline.parent_revision) == (
            on_server.file_id,
            on_server.revision,
        )
        assert (offline.uuid, offline.codings, offline.revision) == (
            on_server.uuid,
            500,
            on_server.revision,
        )
        # A new row in the copy gets a fresh id (SQLite continues past the copied ids).
        code = copy.codebook.add(name="Offline", coder="bo").created[-1]
        copy.codings.apply(source=copy.sources.find("P01"), code=code, start=1, end=3, coder="bo")
        outcome = merge_copy(server, out, coder="ana")
        assert outcome.report.base == "copy of this project"
        assert outcome.report.added == {"code": 1, "coder": 1, "coding": 1}
        assert server.info().codings == 501


def test_a_cancelled_snapshot_leaves_no_file(busy_project: str, tmp_path: Path) -> None:
    out = tmp_path / "offline.qwb"
    progress = Progress(lambda done, _t, _l: progress.cancel())
    with pytest.raises(Cancelled):
        snapshot(busy_project, out, progress=progress)
    assert list(tmp_path.iterdir()) == []


def test_a_snapshot_never_overwrites(busy_project: str, tmp_path: Path) -> None:
    out = tmp_path / "offline.qwb"
    out.write_bytes(b"mine")
    with pytest.raises(ValidationError, match="already exists"):
        snapshot(busy_project, out)
    assert out.read_bytes() == b"mine"
    with pytest.raises(ValidationError, match=r"\.qwb"):
        snapshot(busy_project, tmp_path / "offline.txt")


def test_a_snapshot_needs_a_server_project(tmp_path: Path, pg_database: Callable[[], str]) -> None:
    empty = pg_database().replace("postgresql+psycopg://", "postgresql://")
    with pytest.raises(ServerError, match="holds no workbench project"):
        snapshot(empty, tmp_path / "x.qwb")
    assert list(tmp_path.iterdir()) == []


def test_undo_merge_is_refused_on_a_server(busy_project: str) -> None:
    from workbench.core.teamwork.merge_undo import undo_merge, undoable_merge

    with Project.open(busy_project) as server:
        assert undoable_merge(server) is None
        with pytest.raises(NotOnServerError, match="Undoing a merge is not possible"):
            undo_merge(server, coder="ana")
