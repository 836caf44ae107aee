"""Hostile and broken input against a real project: refused with a plain message, and the project
file byte-identical afterwards. (The file-level cases — not SQLite, another application's
database, truncated, corrupted page, newer schema — are in tests/core/test_project_file.py, the
parser-level ones in tests/core/importers/, the .qdpx ones in tests/core/refi/.)"""

from __future__ import annotations

import os
import random
import sqlite3
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from odf.opendocument import OpenDocumentText
from odf.text import P
from PIL import Image
from pypdf import PdfReader, PdfWriter
from reliability_helpers import CODER, digest
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from workbench.cli.main import main as cli
from workbench.core.db import sqlite_file
from workbench.core.errors import DiskFullError, ReadOnlyProjectError
from workbench.core.importers import SourceImportError
from workbench.core.project import Project


def corrupt_odt(folder: Path) -> Path:
    document = OpenDocumentText()
    document.text.addElement(P(text="Interviewer: hello"))
    good = folder / "good.odt"
    document.save(str(good))
    path = folder / "notes.odt"
    with zipfile.ZipFile(good) as old, zipfile.ZipFile(path, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            new.writestr(info, data[: len(data) // 2] if info.filename == "content.xml" else data)
    return path


def encrypted_pdf(folder: Path) -> Path:
    plain = folder / "plain.pdf"
    drawing = canvas.Canvas(str(plain))
    drawing.drawString(72, 700, "Interviewer: confidential")
    drawing.save()
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="s3cret", owner_password="owner", algorithm="RC4-128")
    path = folder / "secret.pdf"
    with path.open("wb") as stream:
        writer.write(stream)
    return path


def image_only_pdf(folder: Path) -> Path:
    path = folder / "scan.pdf"
    drawing = canvas.Canvas(str(path))
    drawing.drawImage(ImageReader(Image.new("RGB", (40, 30), "red")), 100, 500)
    drawing.save()
    return path


def undecodable_txt(folder: Path) -> Path:
    rng = random.Random(5)
    alphabet = list(range(0xA0, 0x100)) + [0x20] * 10 + list(range(0x61, 0x7B))
    path = folder / "mystery.txt"
    path.write_bytes(bytes(rng.choice(alphabet) for _ in range(300)))
    return path


def huge_txt(folder: Path) -> Path:
    path = folder / "transcripts.txt"
    with path.open("wb") as stream:
        stream.truncate(200 * 1024 * 1024)  # 200 MB (sparse: nothing is written)
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (corrupt_odt, "notes.odt: not a valid OpenDocument text file"),
        (encrypted_pdf, "secret.pdf: the PDF is protected by a password"),
        (image_only_pdf, "scan.pdf: the PDF has no text layer, only images"),
        (undecodable_txt, "mystery.txt: the text encoding could not be recognised"),
        (huge_txt, "transcripts.txt: the file is too large to import (200 MB; the limit is 50 MB)"),
    ],
    ids=["corrupt-odt", "encrypted-pdf", "image-only-pdf", "invalid-utf8", "200-MB-text"],
)
def test_a_bad_source_is_refused_and_the_project_is_untouched(
    project: Project, tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    path = make(tmp_path)
    before = digest(project.path)
    started = time.perf_counter()
    with pytest.raises(SourceImportError) as caught:
        project.sources.import_file(path, coder=CODER)
    assert time.perf_counter() - started < 5
    assert str(caught.value).startswith(message)
    assert digest(project.path) == before
    assert project.info().sources == 2


def test_a_full_disk_during_an_import_leaves_nothing_half_written(
    project_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite reports a full disk (SQLITE_FULL) when a write needs a page it cannot get;
    ``max_page_count`` produces exactly that in the middle of the import's transaction."""
    big = tmp_path / "long interview.txt"
    big.write_text("Interviewer: and then?\nP09: " + "we talked every week.\n" * 20_000)
    real_connect = sqlite_file.connect

    def no_room(path: Path, *, mode: str) -> sqlite3.Connection:
        conn = real_connect(path, mode=mode)
        (pages,) = conn.execute("PRAGMA page_count").fetchone()
        conn.execute(f"PRAGMA max_page_count = {pages + 2}")
        return conn

    with Project.open(project_path) as project:
        before = digest(project_path)
        with monkeypatch.context() as full:
            full.setattr(sqlite_file, "connect", no_room)
            project._engine.dispose()  # new connections, with the disk "full"
            report = project.sources.import_files([big], coder=CODER)
            with pytest.raises(DiskFullError) as caught:
                project.sources.import_file(big, coder=CODER)
        assert str(caught.value) == (
            "There is not enough disk space for saving changes to study.qwb. Free some space and "
            "try again; nothing half-written was kept."
        )
        assert [o.status for o in report.outcomes] == ["failed"]
        assert "not enough disk space for saving changes" in report.outcomes[0].message
        assert digest(project_path) == before
        assert not sqlite_file.journal_path(project_path).exists()
        project._engine.dispose()
        assert project.info().sources == 2
        project.sources.import_file(big, coder=CODER)  # room again: the same file imports
        assert project.info().sources == 3


@pytest.mark.parametrize(
    ("command", "name", "content", "message"),
    [
        (
            "codebook-import",
            "cycle.json",
            '{"codes": [{"id": "a", "parent": "b", "name": "A"},'
            ' {"id": "b", "parent": "a", "name": "B"}]}',
            "cycle.json: the codebook has a cycle: A → B → A.",
        ),
        (
            "codebook-import",
            "deep.json",
            '{"codes": [' + '{"name": "x", "children": [' * 10_000 + "]}" * 10_000 + "]}",
            "deep.json: ",
        ),
        ("cases-import", "cases.csv", "case,role,role\nP01,a,b\n", "cases.csv: "),
        ("cases-import", "ragged.csv", "case,role\nP01,a,b,c\n", "ragged.csv, row 2: 4 cells"),
    ],
    ids=["codebook-cycle", "codebook-10000-levels", "csv-duplicate-column", "csv-ragged-row"],
)
def test_bad_codebooks_and_case_tables_through_the_cli(
    project_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
    name: str,
    content: str,
    message: str,
) -> None:
    bad = tmp_path / name
    bad.write_text(content, encoding="utf-8")
    before = digest(project_path)
    code = cli([command, str(project_path), str(bad), "--coder", CODER])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and message in err and "Traceback" not in err
    assert digest(project_path) == before


def test_a_read_only_file_is_refused_for_changes_even_for_root(
    project_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The permission check, as a normal user meets it (root may write anything, so the
    refusal is simulated here; tests/core/test_project_file.py checks a real 0o444 file)."""
    real_access = os.access

    def denied(path: str, mode: int) -> bool:
        return False if Path(path) == project_path and mode == os.W_OK else real_access(path, mode)

    monkeypatch.setattr(os, "access", denied)
    before = digest(project_path)
    with pytest.raises(ReadOnlyProjectError, match="is read-only"):
        Project.open(project_path)
    assert digest(project_path) == before
    assert sorted(p.name for p in project_path.parent.iterdir()) == ["study.qwb"]
