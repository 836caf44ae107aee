"""Hostile and broken files are refused with a clear error, and nothing is left behind."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest
from refi_helpers import files_in, make_qdpx

from workbench.core.progress import Cancelled, Progress
from workbench.core.project import Project
from workbench.core.refi import (
    InvalidRefiFileError,
    RefiError,
    UnsafeArchiveError,
    UnsafeXmlError,
    import_qdc,
    import_qdpx,
)

GOOD = (
    '<Project xmlns="urn:QDA-XML:project:1.0" name="Fine"><CodeBook><Codes>'
    '<Code guid="0a1b2c3d-0000-4000-8000-000000000001" name="A" isCodable="true"/>'
    "</Codes></CodeBook></Project>"
)
BOMB = (
    '<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    '<Project xmlns="urn:QDA-XML:project:1.0" name="&c;"/>'
)
XXE = (
    '<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    '<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Description>&x;</Description></Project>'
)


def _zip(path: Path, members: dict[str, bytes], symlink: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = 0o120777 << 16
            archive.writestr(info, "/etc/passwd")
    return path


def _refused(tmp_path: Path, source: Path, error: type[Exception], match: str) -> None:
    before = files_in(tmp_path)
    with pytest.raises(error, match=match) as caught:
        import_qdpx(source, tmp_path / "new.qwb", coder="Tester")
    assert str(caught.value).startswith(source.name + ":")
    assert files_in(tmp_path) == before  # no project, no temporary file, no lock


@pytest.mark.parametrize(
    ("members", "symlink", "error", "match"),
    [
        ({"project.qde": GOOD.encode(), "../evil.txt": b"x"}, None, UnsafeArchiveError, "outside"),
        ({"project.qde": GOOD.encode(), "/etc/cron": b"x"}, None, UnsafeArchiveError, "outside"),
        ({"project.qde": GOOD.encode(), "C:/win.ini": b"x"}, None, UnsafeArchiveError, "outside"),
        ({"project.qde": GOOD.encode(), "a\\..\\..\\b": b"x"}, None, UnsafeArchiveError, "outside"),
        ({"project.qde": GOOD.encode()}, "sources/link.txt", UnsafeArchiveError, "symbolic link"),
        (
            {"project.qde": GOOD.encode(), "sources/z.txt": bytes(30 << 20)},
            None,
            UnsafeArchiveError,
            "zip bomb",
        ),
        ({"project.qde": BOMB.encode()}, None, UnsafeXmlError, "document type"),
        ({"project.qde": XXE.encode()}, None, UnsafeXmlError, "document type"),
        ({"project.qde": b"this is not XML at all"}, None, InvalidRefiFileError, "well-formed"),
        (
            {"project.qde": b"<Project><unclosed></Project>"},
            None,
            InvalidRefiFileError,
            "well-formed",
        ),
        ({"project.qde": b"<CodeBook/>"}, None, InvalidRefiFileError, "not a REFI-QDA project"),
        ({"readme.txt": b"hi"}, None, InvalidRefiFileError, "no project.qde"),
        (
            {"a.qde": GOOD.encode(), "b.qde": GOOD.encode()},
            None,
            InvalidRefiFileError,
            "exactly one",
        ),
    ],
    ids=[
        "dotdot",
        "absolute",
        "drive",
        "backslash-dotdot",
        "symlink",
        "zip-bomb",
        "billion-laughs",
        "xxe",
        "not-xml",
        "broken-xml",
        "wrong-root",
        "no-qde",
        "two-qde",
    ],
)
def test_hostile_archives_are_refused(
    tmp_path: Path,
    members: dict[str, bytes],
    symlink: str | None,
    error: type[Exception],
    match: str,
) -> None:
    source = _zip(tmp_path / "hostile.qdpx", members, symlink)
    _refused(tmp_path, source, error, match)


def test_not_a_zip_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "fake.qdpx"
    source.write_text("<Project/>")
    _refused(tmp_path, source, InvalidRefiFileError, "this file is not one")


def test_a_member_lying_about_its_size_is_refused(tmp_path: Path) -> None:
    source = _zip(tmp_path / "liar.qdpx", {"project.qde": GOOD.encode()})
    data = bytearray(source.read_bytes())
    central = data.rindex(b"PK\x01\x02")
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")  # declared size: 10 bytes
    source.write_bytes(bytes(data))
    _refused(tmp_path, source, InvalidRefiFileError, "damaged")


def test_internal_paths_may_not_escape_the_archive(tmp_path: Path) -> None:
    doc = GOOD.replace(
        "</CodeBook>",
        '</CodeBook><Sources><TextSource guid="0a1b2c3d-0000-4000-8000-000000000002" '
        'plainTextPath="internal://../../etc/passwd"/></Sources>',
    )
    _refused(tmp_path, make_qdpx(tmp_path / "esc.qdpx", doc), UnsafeArchiveError, "outside")


def test_external_files_are_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read")
    doc = GOOD.replace(
        "</CodeBook>",
        '</CodeBook><Sources><TextSource guid="0a1b2c3d-0000-4000-8000-000000000002" '
        f'name="S" plainTextPath="absolute:///{secret}"/></Sources>',
    )
    report = import_qdpx(make_qdpx(tmp_path / "ext.qdpx", doc), tmp_path / "n.qwb", coder="T")
    assert report.counts["sources"] == 0
    assert "sources whose text lies outside the archive (not read)" in report.skipped


def test_existing_target_is_never_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "there.qwb"
    target.write_bytes(b"precious")
    with pytest.raises(RefiError, match="already exists"):
        import_qdpx(make_qdpx(tmp_path / "ok.qdpx", GOOD), target, coder="Tester")
    assert target.read_bytes() == b"precious"


def test_a_failure_inside_the_transaction_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import workbench.core.refi.qdpx_import as importer

    def explode(rows: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(importer, "import_sets", explode)
    source = make_qdpx(tmp_path / "ok.qdpx", GOOD)
    before = files_in(tmp_path)
    with pytest.raises(RuntimeError, match="disk on fire"):
        import_qdpx(source, tmp_path / "new.qwb", coder="Tester")
    assert files_in(tmp_path) == before


def test_cancelling_an_import_leaves_nothing(tmp_path: Path) -> None:
    source = make_qdpx(tmp_path / "ok.qdpx", GOOD)
    before = files_in(tmp_path)
    def step(done: int, total: int, stage: str) -> None:
        if stage == "sources":
            progress.cancel()

    progress = Progress(step)
    with pytest.raises(Cancelled, match="ok.qdpx: cancelled"):
        import_qdpx(source, tmp_path / "new.qwb", coder="T", progress=progress)
    assert files_in(tmp_path) == before


@pytest.mark.parametrize(
    ("content", "error", "match"),
    [
        (BOMB.replace("Project", "CodeBook"), UnsafeXmlError, "document type"),
        (XXE.replace("Project", "CodeBook"), UnsafeXmlError, "document type"),
        ("not xml", InvalidRefiFileError, "well-formed"),
        (GOOD, InvalidRefiFileError, "not a REFI-QDA codebook"),
        (
            '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>',
            InvalidRefiFileError,
            "holds no codes",
        ),
    ],
    ids=["billion-laughs", "xxe", "not-xml", "project-not-codebook", "no-codes"],
)
def test_bad_codebooks_leave_the_project_byte_identical(
    project_path: Path, tmp_path: Path, content: str, error: type[Exception], match: str
) -> None:
    book = tmp_path / "bad.qdc"
    book.write_text(content, encoding="utf-8")
    digest = hashlib.sha256(project_path.read_bytes()).hexdigest()
    with Project.open(project_path) as project, pytest.raises(error, match=match):
        import_qdc(project, book, coder="Tester")
    assert hashlib.sha256(project_path.read_bytes()).hexdigest() == digest


def test_a_qdpx_given_as_codebook_is_refused(project_path: Path, tmp_path: Path) -> None:
    with Project.open(project_path) as project, pytest.raises(InvalidRefiFileError, match="ZIP"):
        import_qdc(project, make_qdpx(tmp_path / "p.qdc", GOOD), coder="Tester")
