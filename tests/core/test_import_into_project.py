"""Importing files into a project: each file its own transaction, bad files leave no trace."""

from __future__ import annotations

import hashlib
import threading
import zipfile
from pathlib import Path

import pytest

from workbench.core.importers import SourceImportError
from workbench.core.progress import Cancelled, Progress
from workbench.core.project import Project
from workbench.core.services.sources import DuplicateSourceError

C = "Maya Chen"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def bad_files(folder: Path) -> dict[str, Path]:
    files = {
        "empty": folder / "empty.txt",
        "binary": folder / "photo.txt",
        "corrupt docx": folder / "broken.docx",
        "unsupported": folder / "slides.pptx",
        "fake zip docx": folder / "notes.docx",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(bytes(range(256)) * 64)
    files["corrupt docx"].write_bytes(b"PK\x03\x04 this is not really a zip")
    files["unsupported"].write_bytes(b"whatever")
    with zipfile.ZipFile(files["fake zip docx"], "w") as zf:
        zf.writestr("hello.txt", "not a Word document")
    return files


@pytest.mark.parametrize(
    "kind", ["empty", "binary", "corrupt docx", "unsupported", "fake zip docx"]
)
def test_a_bad_file_is_refused_by_name_and_changes_nothing(
    project: Project, tmp_path: Path, kind: str
) -> None:
    path = bad_files(tmp_path)[kind]
    before = digest(project.path)
    with pytest.raises(SourceImportError) as info:
        project.sources.import_file(path, coder=C)
    assert str(info.value).startswith(path.name + ":")
    assert digest(project.path) == before


def test_batch_import_keeps_the_good_files(project: Project, tmp_path: Path) -> None:
    good = tmp_path / "P01.txt"
    good.write_text("Interviewer: Hello\r\nP01: Héllo 😀\r\n", encoding="utf-16")
    clash = tmp_path / "sub"
    clash.mkdir()
    (clash / "P01.md").write_text("Interviewer: Another text\n", encoding="utf-8")
    paths = [good, *bad_files(tmp_path).values(), clash / "P01.md"]
    seen: list[str] = []
    report = project.sources.import_files(
        paths, coder=C, progress=Progress(lambda i, n, label: seen.append(label))
    )
    assert [o.name for o in report.imported] == ["P01", "P01 (2)"]
    assert len(report.problems) == 5 and all(o.status == "failed" for o in report.problems)
    assert seen[:2] == ["Reading P01.txt", "Reading empty.txt"]
    text = project.sources.text(project.sources.find("P01"))
    assert text == "Interviewer: Hello\nP01: Héllo 😀\n"
    info = project.sources.get(project.sources.find("P01"))
    assert info.original_format == "txt" and info.speakers == ("Interviewer", "P01")


def test_identical_text_is_detected_not_duplicated(project: Project, tmp_path: Path) -> None:
    first = tmp_path / "a.txt"
    first.write_text("Interviewer: same\n", encoding="utf-8")
    second = tmp_path / "b.txt"
    second.write_bytes(b"\xef\xbb\xbfInterviewer: same\r\n")  # BOM and CRLF: the same stored text
    project.sources.import_file(first, coder=C)
    before = digest(project.path)
    with pytest.raises(
        DuplicateSourceError, match="b.txt: the same text is already in the project as 'a'"
    ):
        project.sources.import_file(second, coder=C)
    assert digest(project.path) == before


def test_a_batch_reports_progress_monotonically(project: Project, tmp_path: Path) -> None:
    paths = []
    for i in range(4):
        paths.append(tmp_path / f"f{i}.txt")
        paths[-1].write_text(f"text {i}", encoding="utf-8")
    steps: list[tuple[int, int]] = []
    report = project.sources.import_files(
        paths, coder=C, progress=Progress(lambda done, total, _label: steps.append((done, total)))
    )
    assert len(report.imported) == 4 and report.changes is not None
    dones = [done for done, _ in steps]
    assert dones == sorted(dones) and dones[0] == 0
    assert {total for _, total in steps} == {steps[-1][1]} and dones[-1] == steps[-1][1]


@pytest.mark.parametrize("stop_at", [0, 2, 3])  # while reading; while writing (rolled back)
def test_cancelling_a_batch_leaves_the_project_as_it_was(
    project: Project, tmp_path: Path, stop_at: int
) -> None:
    project.sources.add(name="Before", text="Interviewer: already here", coder=C)
    paths = []
    for i in range(3):
        paths.append(tmp_path / f"f{i}.txt")
        paths[-1].write_text(f"text {i}", encoding="utf-8")
    before = digest(project.path)

    def step(done: int, total: int, label: str) -> None:
        if done >= stop_at:
            progress.cancel()

    progress = Progress(step)
    with pytest.raises(Cancelled):
        project.sources.import_files(paths, coder=C, progress=progress)
    assert digest(project.path) == before
    assert [s.name for s in project.sources.list()] == ["Before"]


def test_writes_from_several_threads_all_land(project: Project) -> None:
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(10):
                project.codebook.add(name=f"T{n}-{i}", coder=f"Coder {n}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert project.info().codes == 40
