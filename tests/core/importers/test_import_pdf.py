"""PDF import: text layer, page starts, encryption, scans and damaged files."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.errors import DependencyError
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from workbench.core.importers import ImportProblem, SourceImportError, read_source

PAGES = [
    ["Interviewer: Welcome to the interview.", "Anna: Thank you. Café au lait."],
    ["Interviewer: This is the second page.", "Anna: Good."],
]


def make_pdf(path: Path, pages: list[list[str]]) -> Path:
    drawing = canvas.Canvas(str(path), pagesize=A4)
    for lines in pages:
        y = 780.0
        for line in lines:
            drawing.drawString(72, y, line)
            y -= 20
        drawing.showPage()
    drawing.save()
    return path


def encrypt(source: Path, target: Path, user_password: str) -> Path:
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    with target.open("wb") as stream:
        writer.write(stream)
    return target


def test_two_pages_with_page_starts(tmp_path: Path) -> None:
    doc = read_source(make_pdf(tmp_path / "interview.pdf", PAGES))
    first = "\n".join(PAGES[0])
    second = "\n".join(PAGES[1])
    assert doc.text == f"{first}\n\n{second}"
    assert doc.original_format == "pdf"
    assert doc.metadata["page_starts"] == [0, len(first) + 2]
    assert doc.metadata["speakers"] == ["Interviewer", "Anna"]
    start = len(first) + 2
    assert doc.metadata["turns"][2] == ["Interviewer", start, start + len(PAGES[1][0])]
    assert doc.position_map.is_identity
    assert "unreadable_pages" not in doc.metadata


def test_password_protected_pdf_is_refused(tmp_path: Path) -> None:
    plain = make_pdf(tmp_path / "plain.pdf", PAGES)
    path = encrypt(plain, tmp_path / "secret.pdf", "s3cret")
    with pytest.raises(SourceImportError) as caught:
        read_source(path)
    assert caught.value.reason == ImportProblem.ENCRYPTED
    assert str(caught.value) == (
        "secret.pdf: the PDF is protected by a password. Open it in a PDF reader with the "
        "password, save or print an unprotected copy, and import that."
    )


def test_pdf_encrypted_with_empty_user_password_is_imported(tmp_path: Path) -> None:
    plain = make_pdf(tmp_path / "plain.pdf", PAGES)
    path = encrypt(plain, tmp_path / "restricted.pdf", "")
    assert PdfReader(path).is_encrypted
    doc = read_source(path)
    assert doc.text.startswith("Interviewer: Welcome to the interview.\nAnna: Thank you.")


def test_aes_without_crypto_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = encrypt(make_pdf(tmp_path / "plain.pdf", PAGES), tmp_path / "aes.pdf", "")

    def fail(self: PdfReader, password: str) -> pypdf.PasswordType:
        raise DependencyError("cryptography is required for AES algorithm")

    monkeypatch.setattr(PdfReader, "decrypt", fail)
    with pytest.raises(SourceImportError) as caught:
        read_source(path)
    assert caught.value.reason == ImportProblem.ENCRYPTED
    assert str(caught.value) == (
        "aes.pdf: the PDF is encrypted with AES, which this installation cannot decrypt (the "
        "optional 'cryptography' package is missing). Print it to a new PDF or export its "
        "text, and import that."
    )


def test_unsupported_encryption(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = encrypt(make_pdf(tmp_path / "plain.pdf", PAGES), tmp_path / "pubsec.pdf", "")

    def fail(self: PdfReader, password: str) -> pypdf.PasswordType:
        raise NotImplementedError("only Standard PDF encryption handler is available")

    monkeypatch.setattr(PdfReader, "decrypt", fail)
    with pytest.raises(SourceImportError) as caught:
        read_source(path)
    assert caught.value.reason == ImportProblem.ENCRYPTED
    assert str(caught.value) == (
        "pubsec.pdf: the PDF is encrypted with a method that cannot be opened here. Open it "
        "in a PDF reader, save or print an unprotected copy, and import that."
    )


def test_image_only_pdf(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    drawing = canvas.Canvas(str(path), pagesize=A4)
    drawing.rect(50, 50, 300, 400, fill=1)
    drawing.drawImage(ImageReader(Image.new("RGB", (40, 30), "red")), 100, 500)
    drawing.showPage()
    drawing.rect(80, 80, 100, 100)
    drawing.showPage()
    drawing.save()
    with pytest.raises(SourceImportError) as caught:
        read_source(path)
    assert caught.value.reason == ImportProblem.NO_TEXT_LAYER
    assert str(caught.value) == (
        "scan.pdf: the PDF has no text layer, only images (is it a scanned document?). "
        "Run OCR on it first (e.g. in your scanner software or PDF reader), then import the "
        "result."
    )


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage without xref or trailer",
        b"This is not a PDF at all, just some text in a file called .pdf",
    ],
)
def test_corrupt_pdf(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    with pytest.raises(SourceImportError) as caught:
        read_source(path)
    assert caught.value.reason == ImportProblem.CORRUPT
    assert str(caught.value) == (
        "broken.pdf: not a valid PDF (the file is damaged or not really a PDF). Re-export it "
        "from the program that created it, or export its text as .txt."
    )


def test_truncated_pdf_never_crashes(tmp_path: Path) -> None:
    data = make_pdf(tmp_path / "whole.pdf", PAGES).read_bytes()
    path = tmp_path / "cut.pdf"
    for size in (len(data) // 4, len(data) // 2, len(data) - 40):
        path.write_bytes(data[:size])
        try:
            doc = read_source(path)
        except SourceImportError as error:
            assert str(error).startswith("cut.pdf: ")
        else:
            assert "Interviewer" in doc.text
