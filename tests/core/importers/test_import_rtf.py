"""RTF import."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.importers import ImportProblem, SourceImportError, read_source

RTF = (
    r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss Arial;}}"
    r"{\colortbl;\red0\green0\blue0;}"
    "\r\n"
    r"\f0\fs24 Interviewer: Caf\'e9 na\'efve \'93quoted\'94?\par"
    "\r\n"
    r"P01: \u8364? 5 and \u24378?\u-10179?\u-8704? ok.\par"
    "\r\n"
    r"Interviewer: Sm\'f8rrebr\'f8d, \u-3913?.\par"
    "\r\n}"
)


def test_accents_code_page_and_unicode_escapes(tmp_path: Path) -> None:
    path = tmp_path / "interview.rtf"
    path.write_bytes(RTF.encode("ascii"))
    doc = read_source(path)
    assert doc.text == (
        "Interviewer: Café naïve “quoted”?\n"
        "P01: € 5 and \u5f3a😀 ok.\n"
        "Interviewer: Smørrebrød, \uf0b7."
    )
    assert doc.original_format == "rtf"
    assert doc.metadata["speakers"] == ["Interviewer", "P01"]
    assert doc.position_map.is_identity


def test_raw_eight_bit_bytes_are_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "raw.rtf"
    path.write_bytes(b"{\\rtf1\\ansi Interviewer: \x93caf\xe9\x94\\par}")
    assert read_source(path).text == "Interviewer: “café”"


def test_not_rtf(tmp_path: Path) -> None:
    path = tmp_path / "notes.rtf"
    path.write_bytes(b"Just text, saved with the wrong extension.")
    with pytest.raises(SourceImportError) as caught:
        read_source(path)
    assert caught.value.reason == ImportProblem.CORRUPT
    assert str(caught.value) == (
        "notes.rtf: not a valid RTF document (it does not start with the RTF header, so it "
        "is damaged or not really .rtf). Open it in the program that created it and save it "
        "again as .rtf, .docx or .txt."
    )


def test_rtf_without_text(tmp_path: Path) -> None:
    path = tmp_path / "blank.rtf"
    path.write_bytes(rb"{\rtf1\ansi{\fonttbl{\f0 Arial;}}\par\par}")
    with pytest.raises(SourceImportError) as caught:
        read_source(path)
    assert caught.value.reason == ImportProblem.EMPTY
    assert str(caught.value) == (
        "blank.rtf: the document contains no text. Check that you picked the right file."
    )
