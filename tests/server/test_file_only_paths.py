"""What only a project file allows, asked of a project on a server: a clear message naming the
way out (or, for recordings, the server's own way of finding them)."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from media_files import write_wav
from sqlalchemy import text

from workbench.core.errors import NotOnServerError
from workbench.core.project import Project
from workbench.core.refi import export_qdpx
from workbench.core.teamwork.merge_undo import undo_merge, undoable_merge, why_no_undo
from workbench.core.teamwork.pseudonymize import pseudonymize_copy
from workbench.core.teamwork.share_copy import share_copy

CODER = "Ana"


@pytest.fixture
def project(server_project: Callable[..., str]) -> Iterator[Project]:
    with Project.open(server_project()) as opened:
        opened.sources.add(name="P01", text="Interviewer: Hello Alex.\n", coder=CODER)
        yield opened


def test_backups_are_the_servers(project: Project, tmp_path: Path) -> None:
    for attempt in (
        lambda: project.backups.list(),
        lambda: project.backups.make("by hand"),
        lambda: project.backups.verify(tmp_path / "old.qwb"),
        lambda: project.backups.restore(tmp_path / "old.qwb", coder=CODER),
        lambda: project.backups.folder,
    ):
        with pytest.raises(NotOnServerError, match=r"Backups by the workbench .*pg_dump -Fc"):
            attempt()


def test_copies_for_coders_say_what_a_server_does_instead(project: Project, tmp_path: Path) -> None:
    with pytest.raises(NotOnServerError, match=r"every coder works in the project itself"):
        share_copy(project, tmp_path / "ben.qwb", coder=CODER)
    with pytest.raises(NotOnServerError, match=r"team blind URL on"):
        share_copy(project, tmp_path / "ben.qwb", coder=CODER, blind=True)
    with pytest.raises(NotOnServerError, match=r"offline copy first .* pseudonymize that copy"):
        pseudonymize_copy(project, tmp_path / "anon.qwb", mapping={"Alex": "Sam"}, coder=CODER)
    with pytest.raises(NotOnServerError, match=r"snapshot URL OUT\.qwb"):
        project.save_copy(tmp_path / "copy.qwb")
    assert list(tmp_path.iterdir()) == []


def test_a_merge_is_not_undone_from_a_backup(project: Project) -> None:
    assert undoable_merge(project) is None
    with pytest.raises(NotOnServerError, match="Undoing a merge .* pg_dump"):
        undo_merge(project, coder=CODER)
    assert "pg_dump" in why_no_undo(project)


def test_recordings_are_stored_absolute_and_found_in_media_folders(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server project has no folder: not the working directory's, as ``project.path``'s
    parent would make it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "audio").mkdir()
    recording = write_wav(tmp_path / "audio" / "P01.wav", 1.0)
    source = project.sources.find("P01")
    project.media.attach(source_id=source, path=recording, coder=CODER)
    info = project.media.get(source)
    assert info is not None and info.path == str(recording.resolve())
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    shutil.move(recording, moved / "P01.wav")
    shutil.copyfile(moved / "P01.wav", tmp_path / "P01.wav")  # "beside" the old wrong folder
    assert project.media.locate(source) is None
    assert project.media.locate(source, media_folders=[moved]) == moved / "P01.wav"


def test_no_lock_file_or_leftovers_appear_in_the_working_folder(
    server_project: Callable[..., str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with Project.open(server_project()) as project:
        project.codebook.add(name="Trust", coder=CODER)
        assert project.folder is None
    assert list(tmp_path.iterdir()) == []


def test_a_recording_stored_relative_to_a_former_file_is_found_in_media_folders(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A project published from a file keeps its recordings' paths relative to that file's
    folder, which the server has not: media folders find them, and the REFI-QDA export keeps
    the path relative rather than placing it in the working directory."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "audio").mkdir()
    recording = write_wav(tmp_path / "audio" / "P01.wav", 1.0)
    source = project.sources.find("P01")
    project.media.attach(source_id=source, path=recording, coder=CODER)
    with project.write(coder=CODER) as tx:  # as ``publish`` copies a file's row
        tx.session.execute(text("UPDATE media SET path = 'audio/P01.wav'"))
    assert project.media.locate(source) is None  # not beside the working directory
    assert project.media.locate(source, media_folders=[tmp_path / "audio"]) == recording
    recording.unlink()
    export_qdpx(project, tmp_path / "study.qdpx")
    with zipfile.ZipFile(tmp_path / "study.qdpx") as archive:
        qde = archive.read("project.qde").decode()
    assert 'path="relative:///audio/P01.wav"' in qde
