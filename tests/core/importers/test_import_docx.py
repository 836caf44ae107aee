"""Word (.docx) import."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from workbench.core.importers import ImportProblem, SourceImportError, base, read_source

CORRUPT_MESSAGE = (
    "interview.docx: not a valid Word document (the file is damaged or not really .docx). "
    "Re-save it from Word or export it as .txt."
)


def save(document: docx.document.Document, path: Path) -> Path:
    document.save(str(path))
    return path


def test_paragraphs_and_tables_in_document_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "HEADER TEXT"
    document.add_paragraph("Interviewer: Welcome to the interview.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Name"
    table.cell(0, 1).text = "Role"
    table.cell(1, 0).text = "Anna"
    cell = table.cell(1, 1)
    cell.text = "Nurse"
    nested = cell.add_table(rows=1, cols=2)
    nested.cell(0, 0).text = "x"
    nested.cell(0, 1).text = "y"
    document.add_paragraph("P01: Thank you.")
    for _ in range(5):
        document.add_paragraph("")
    paragraph = document.add_paragraph("Interviewer: Line one")
    run = paragraph.add_run()
    run.add_break()
    run.add_text("line two\tafter a tab")
    document.add_paragraph("")
    document.add_paragraph("P01: Bye.")

    doc = read_source(save(document, tmp_path / "interview.docx"))

    assert doc.text == (
        "Interviewer: Welcome to the interview.\n"
        "Name\tRole\n"
        "Anna\tNurse\nx\ty\n"
        "P01: Thank you.\n"
        "\n\n"
        "Interviewer: Line one\nline two\tafter a tab\n"
        "\n"
        "P01: Bye."
    )
    assert doc.original_format == "docx"
    assert doc.kind == "text"
    assert doc.metadata["speakers"] == ["Interviewer", "P01"]
    assert [turn[0] for turn in doc.metadata["turns"]] == [
        "Interviewer",
        "P01",
        "Interviewer",
        "P01",
    ]
    assert doc.position_map.is_identity
    assert doc.position_map.raw_length == len(doc.text)


def test_tracked_changes_hyperlinks_and_content_controls(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Kept ")
    w = nsdecls("w")
    paragraph._p.append(
        parse_xml(f'<w:ins {w} w:id="1" w:author="a"><w:r><w:t>inserted </w:t></w:r></w:ins>')
    )
    paragraph._p.append(
        parse_xml(
            f'<w:del {w} w:id="2" w:author="a"><w:r><w:delText>deleted</w:delText></w:r></w:del>'
        )
    )
    paragraph._p.append(
        parse_xml(f'<w:hyperlink {w} w:anchor="x"><w:r><w:t>link</w:t></w:r></w:hyperlink>')
    )
    document.element.body.insert(
        1,
        parse_xml(
            f"<w:sdt {w}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>In a content control</w:t>"
            "</w:r></w:p></w:sdtContent></w:sdt>"
        ),
    )
    doc = read_source(save(document, tmp_path / "changes.docx"))
    assert doc.text == "Kept inserted link\nIn a content control"


def test_merged_cells_are_not_repeated(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "Merged down"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "Merged across"
    table.cell(1, 1).text = "b"
    table.cell(1, 2).text = "c"
    doc = read_source(save(document, tmp_path / "merged.docx"))
    assert doc.text == "Merged down\tMerged across\n\tb\tc"


def test_zip_that_is_not_a_docx(tmp_path: Path) -> None:
    path = tmp_path / "interview.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    with pytest.raises(SourceImportError) as caught:
        read_source(path)
    assert caught.value.reason == ImportProblem.CORRUPT
    assert str(caught.value) == CORRUPT_MESSAGE


def test_not_a_zip_at_all(tmp_path: Path) -> None:
    path = tmp_path / "interview.docx"
    path.write_bytes(b"This is plain text pretending to be a Word document.")
    with pytest.raises(SourceImportError) as caught:
        read_source(path)
    assert caught.value.reason == ImportProblem.CORRUPT
    assert str(caught.value) == CORRUPT_MESSAGE


def test_truncated_docx(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Interviewer: hello")
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "interview.docx"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    with pytest.raises(SourceImportError) as caught:
        read_source(path)
    assert str(caught.value) == CORRUPT_MESSAGE


def test_old_word_document_renamed(tmp_path: Path) -> None:
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(SourceImportError) as caught:
        read_source(path)
    assert caught.value.reason == ImportProblem.CORRUPT
    assert str(caught.value) == (
        "old.docx: this is an old-style Word 97-2003 document (.doc) with a .docx name. "
        "Open it in Word or LibreOffice and save it as .docx, then import that."
    )


def test_password_protected_word_document(tmp_path: Path) -> None:
    path = tmp_path / "secret.docx"
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100
    path.write_bytes(ole + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 100)
    with pytest.raises(SourceImportError) as caught:
        read_source(path)
    assert caught.value.reason == ImportProblem.ENCRYPTED
    assert str(caught.value) == (
        "secret.docx: the Word document is protected by a password. Open it in Word, remove "
        "the password (File > Info > Protect Document), save it and import it again."
    )


def test_document_without_text(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("")
    document.add_table(rows=1, cols=2)
    with pytest.raises(SourceImportError) as caught:
        read_source(save(document, tmp_path / "blank.docx"))
    assert caught.value.reason == ImportProblem.EMPTY
    assert str(caught.value) == (
        "blank.docx: the document contains no text. Check that you picked the right file."
    )


def test_zip_bomb_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    document = docx.Document()
    document.add_paragraph("Interviewer: hello")
    path = save(document, tmp_path / "big.docx")
    monkeypatch.setattr(base, "MAX_UNPACKED_BYTES", 1024 * 1024)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("word/media/padding.bin", b"\x00" * (2 * 1024 * 1024))
    with pytest.raises(SourceImportError) as caught:
        read_source(path)
    assert caught.value.reason == ImportProblem.TOO_LARGE
    assert re.fullmatch(
        r"big\.docx: the document unpacks to 2\.\d MB, more than the limit of 1 MB\. "
        r"Save a copy without large embedded pictures or objects, or export it as \.txt\.",
        str(caught.value),
    )
