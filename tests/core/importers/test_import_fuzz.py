"""Fuzzing: any bytes under any supported extension give a document or a SourceImportError."""

from __future__ import annotations

import io
import json
import unicodedata
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from odf.opendocument import OpenDocumentText
from odf.text import P
from reportlab.pdfgen import canvas

from workbench.core.importers import FORMAT_BY_EXTENSION, ImportedDocument, SourceImportError
from workbench.core.importers import read_source as import_file

EXTENSIONS = sorted(FORMAT_BY_EXTENSION)
FUZZ = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def check(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    try:
        doc = import_file(path)
    except SourceImportError as error:
        assert str(error).startswith(f"{path.name}: ")
        return
    assert isinstance(doc, ImportedDocument)
    assert unicodedata.is_normalized("NFC", doc.text)
    assert "\r" not in doc.text
    assert not doc.text.startswith("\ufeff")
    doc.text.encode("utf-8")  # no lone surrogates
    json.dumps(doc.metadata)
    assert doc.position_map.stored_length == len(doc.text)
    for _, start, end in doc.metadata["turns"]:
        assert 0 <= start <= end <= len(doc.text)


def sample_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Interviewer: Hello")
    document.add_table(rows=1, cols=2).cell(0, 1).text = "cell"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def sample_pdf() -> bytes:
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer)
    drawing.drawString(72, 700, "Interviewer: Hello")
    drawing.showPage()
    drawing.save()
    return buffer.getvalue()


def sample_odt() -> bytes:
    document = OpenDocumentText()
    document.text.addElement(P(text="Interviewer: Hello"))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


SAMPLES: dict[str, bytes] = {
    ".txt": "Interviewer: Grüße\r\nP1: cafe\u0301\n".encode("utf-16"),
    ".html": b"<html><body><p>Interviewer: &amp; hi</p><table><tr><td>a</td></tr></table>",
    ".rtf": rb"{\rtf1\ansi Interviewer: Caf\'e9 \u8364?\par P1: ok\par}",
    ".vtt": b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Anna>Hello</v>\n",
    ".srt": b"1\n00:00:01,000 --> 00:00:02,000\nANNA: Hello\n",
}


@pytest.fixture(scope="module")
def samples() -> dict[str, bytes]:
    return {**SAMPLES, ".docx": sample_docx(), ".pdf": sample_pdf(), ".odt": sample_odt()}


@pytest.mark.parametrize("extension", EXTENSIONS)
@FUZZ
@given(data=st.binary(max_size=2000))
def test_random_bytes(tmp_path: Path, extension: str, data: bytes) -> None:
    check(tmp_path / f"fuzz{extension}", data)


@pytest.mark.parametrize("extension", EXTENSIONS)
@FUZZ
@given(text=st.text(max_size=300), encoding=st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_random_text(tmp_path: Path, extension: str, text: str, encoding: str) -> None:
    check(tmp_path / f"fuzz{extension}", text.encode(encoding, "replace"))


@pytest.mark.parametrize("extension", [".docx", ".pdf", ".odt", ".rtf", ".html", ".vtt", ".txt"])
@FUZZ
@given(
    cut=st.floats(min_value=0.0, max_value=1.0),
    flips=st.lists(st.tuples(st.floats(0.0, 1.0), st.integers(0, 255)), max_size=8),
)
def test_damaged_real_files(
    tmp_path: Path,
    samples: dict[str, bytes],
    extension: str,
    cut: float,
    flips: list[tuple[float, int]],
) -> None:
    data = bytearray(samples[extension])
    for where, value in flips:
        data[int(where * (len(data) - 1))] = value
    if cut < 0.3:
        del data[int(cut / 0.3 * len(data)) :]
    check(tmp_path / f"damaged{extension}", bytes(data))
