"""OpenDocument text (.odt) import."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from odf.office import Annotation
from odf.opendocument import OpenDocumentSpreadsheet, OpenDocumentText
from odf.table import CoveredTableCell, Table, TableCell, TableColumn, TableRow
from odf.text import H, LineBreak, List, ListItem, Note, NoteBody, NoteCitation, P, S, Span, Tab

from workbench.core.importers import ImportProblem, SourceImportError, read_source

CORRUPT_MESSAGE = (
    "notes.odt: not a valid OpenDocument text file (the file is damaged or not really .odt). "
    "Re-save it from LibreOffice or Word, or export it as .txt."
)


def cell(text: str, **attributes: object) -> TableCell:
    element = TableCell(**attributes)
    element.addElement(P(text=text))
    return element


def test_headings_paragraphs_lists_tables_in_order(tmp_path: Path) -> None:
    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Interview 3"))
    paragraph = P(text="Interviewer: Hello")
    paragraph.addElement(S(c=3))
    paragraph.addText("there")
    paragraph.addElement(Tab())
    paragraph.addText("tabbed")
    paragraph.addElement(LineBreak())
    span = Span(text="second line")
    paragraph.addElement(span)
    note = Note(noteclass="footnote")
    note.addElement(NoteCitation(text="1"))
    body = NoteBody()
    body.addElement(P(text="A footnote"))
    note.addElement(body)
    paragraph.addElement(note)
    annotation = Annotation()
    annotation.addElement(P(text="A comment"))
    paragraph.addElement(annotation)
    document.text.addElement(paragraph)
    items = List()
    for text in ("first item", "second item"):
        item = ListItem()
        item.addElement(P(text=text))
        items.addElement(item)
    document.text.addElement(items)
    table = Table(name="People")
    table.addElement(TableColumn(numbercolumnsrepeated=3))
    row = TableRow()
    row.addElement(cell("Name"))
    row.addElement(cell("Role", numbercolumnsspanned=2))
    row.addElement(CoveredTableCell())
    table.addElement(row)
    row = TableRow()
    row.addElement(cell("Anna"))
    row.addElement(cell("x", numbercolumnsrepeated=2))
    table.addElement(row)
    document.text.addElement(table)
    document.text.addElement(P(text="P01: Thanks."))
    path = tmp_path / "interview.odt"
    document.save(str(path))

    doc = read_source(path)
    assert doc.text == (
        "Interview 3\n"
        "Interviewer: Hello   there\ttabbed\nsecond line\n"
        "first item\n"
        "second item\n"
        "Name\tRole\n"
        "Anna\tx\tx\n"
        "P01: Thanks."
    )
    assert doc.original_format == "odt"
    assert doc.metadata["speakers"] == ["Interviewer", "P01"]
    assert doc.position_map.is_identity


def test_spreadsheet_named_odt(tmp_path: Path) -> None:
    document = OpenDocumentSpreadsheet()
    path = tmp_path / "sheet.odt"
    document.save(str(path))
    with pytest.raises(SourceImportError) as caught:
        read_source(path)
    assert caught.value.reason == ImportProblem.CORRUPT
    assert str(caught.value) == (
        "sheet.odt: this is not an OpenDocument text document (its type is "
        "application/vnd.oasis.opendocument.spreadsheet). Open it in LibreOffice and save "
        "the text as .odt or .txt."
    )


def test_zip_without_odf_content(tmp_path: Path) -> None:
    path = tmp_path / "notes.odt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(SourceImportError) as caught:
        read_source(path)
    assert caught.value.reason == ImportProblem.CORRUPT
    assert str(caught.value) == CORRUPT_MESSAGE


def test_random_bytes_named_odt(tmp_path: Path) -> None:
    path = tmp_path / "notes.odt"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    with pytest.raises(SourceImportError) as caught:
        read_source(path)
    assert str(caught.value) == CORRUPT_MESSAGE


def test_damaged_content_xml(tmp_path: Path) -> None:
    document = OpenDocumentText()
    document.text.addElement(P(text="hello"))
    source = tmp_path / "good.odt"
    document.save(str(source))
    path = tmp_path / "notes.odt"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "content.xml":
                data = data[: len(data) // 2]
            new.writestr(info, data)
    with pytest.raises(SourceImportError) as caught:
        read_source(path)
    assert str(caught.value) == CORRUPT_MESSAGE


def test_password_protected_odt(tmp_path: Path) -> None:
    path = tmp_path / "secret.odt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
            'manifest:1.0"><manifest:file-entry manifest:full-path="content.xml">'
            "<manifest:encryption-data/></manifest:file-entry></manifest:manifest>",
        )
        archive.writestr("content.xml", b"\x8a\x01encrypted bytes")
    with pytest.raises(SourceImportError) as caught:
        read_source(path)
    assert caught.value.reason == ImportProblem.ENCRYPTED
    assert str(caught.value) == (
        "secret.odt: the document is protected by a password. Open it in LibreOffice with "
        "the password, save a copy without a password and import that."
    )


def test_document_without_text(tmp_path: Path) -> None:
    document = OpenDocumentText()
    document.text.addElement(P())
    path = tmp_path / "blank.odt"
    document.save(str(path))
    with pytest.raises(SourceImportError) as caught:
        read_source(path)
    assert caught.value.reason == ImportProblem.EMPTY
    assert str(caught.value) == (
        "blank.odt: the document contains no text. Check that you picked the right file."
    )
