"""What our own export says about notes and dates comes back on import (issue 13): a memo on an
annotation (a NoteRef of the annotation's Note) stays on that annotation, the project keeps its
creationDateTime and a memo or annotation its Note@modifiedDateTime."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from workbench.core.project import Project
from workbench.core.refi import export_qdpx, import_qdpx

CODER = "Maya Chen"
BEGAN, CHANGED, WRITTEN = "2019-05-06 07:08:09", "2021-02-03 04:05:06", "2020-01-01 00:00:00"


def _exported(project_path: Path, tmp_path: Path) -> Path:
    with Project.open(project_path) as project:
        source = project.sources.add(name="S", text="one two three", coder=CODER).created[-1]
        project.annotations.add(source=source, start=4, end=7, text="two!", coder=CODER)
        note = project.annotations.list()[0].uuid
        project.memos.add(text="on a note", target_kind="annotation", target=note, coder=CODER)
    with sqlite3.connect(project_path) as db:  # dates an import could not have made up
        db.execute("UPDATE project SET created_at = ?", (BEGAN,))
        db.execute("UPDATE memos SET created_at = ?, modified_at = ?", (WRITTEN, CHANGED))
        db.execute("UPDATE annotations SET created_at = ?, modified_at = ?", (WRITTEN, CHANGED))
    db.close()
    out = tmp_path / "p.qdpx"
    with Project.open(project_path, read_only=True) as project:
        export_qdpx(project, out)
    return out


def test_a_memo_on_an_annotation_stays_on_it(project_path: Path, tmp_path: Path) -> None:
    report = import_qdpx(_exported(project_path, tmp_path), tmp_path / "q.qwb", coder=CODER)
    assert not report.skipped and not report.warnings
    with Project.open(tmp_path / "q.qwb", read_only=True) as copy:
        (note,) = copy.annotations.list()
        (memo,) = copy.memos.list()
    assert (memo.target_kind, memo.target_uuid, memo.text) == ("annotation", note.uuid, "on a note")


def test_the_project_and_its_notes_keep_their_dates(project_path: Path, tmp_path: Path) -> None:
    import_qdpx(_exported(project_path, tmp_path), tmp_path / "q.qwb", coder=CODER)
    with Project.open(tmp_path / "q.qwb", read_only=True) as copy:
        assert copy.info().created_at == datetime.fromisoformat(BEGAN)
        (memo,) = copy.memos.list()
        (note,) = copy.annotations.list()
    changed = datetime.fromisoformat(CHANGED)
    assert (memo.created_at, memo.modified_at) == (datetime.fromisoformat(WRITTEN), changed)
    assert note.modified_at == changed
