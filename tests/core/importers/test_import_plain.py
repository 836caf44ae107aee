"""Plain-text import: encodings, position maps, binary and empty files."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from workbench.core.importers import ImportProblem, SourceImportError, read_source

TRANSCRIPT = "Interviewer: Wie war's?\nP01: Schön, danke – „gut“.\nInterviewer: Und dann?\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_utf8_without_bom(tmp_path: Path) -> None:
    doc = read_source(write(tmp_path, "interview.txt", TRANSCRIPT.encode()))
    assert doc.text == TRANSCRIPT
    assert doc.kind == "text"
    assert doc.original_format == "txt"
    assert doc.metadata["encoding"] == "utf-8"
    assert doc.metadata["speakers"] == ["Interviewer", "P01"]
    second = TRANSCRIPT.index("P01")
    third = TRANSCRIPT.index("Interviewer: Und")
    assert doc.metadata["turns"] == [
        ["Interviewer", 0, second - 1],
        ["P01", second, third - 1],
        ["Interviewer", third, len(TRANSCRIPT) - 1],
    ]
    assert doc.position_map.is_identity
    json.dumps(doc.metadata)


def test_utf8_with_bom_maps_raw_position_one_to_zero(tmp_path: Path) -> None:
    doc = read_source(write(tmp_path, "interview.txt", b"\xef\xbb\xbf" + TRANSCRIPT.encode()))
    assert doc.text == TRANSCRIPT
    assert doc.metadata["encoding"] == "utf-8-sig"
    assert doc.position_map.raw_length == len(TRANSCRIPT) + 1
    assert doc.position_map.raw_to_stored(1) == 0
    assert doc.position_map.raw_to_stored(len(TRANSCRIPT) + 1) == len(TRANSCRIPT)


@pytest.mark.parametrize(
    ("codec", "bom", "name"),
    [
        ("utf-16-le", b"\xff\xfe", "utf-16"),
        ("utf-16-be", b"\xfe\xff", "utf-16"),
        ("utf-32-le", b"\xff\xfe\x00\x00", "utf-32"),
        ("utf-32-be", b"\x00\x00\xfe\xff", "utf-32"),
    ],
)
def test_utf16_and_utf32_with_bom(tmp_path: Path, codec: str, bom: str, name: str) -> None:
    doc = read_source(write(tmp_path, "interview.txt", bom + TRANSCRIPT.encode(codec)))
    assert doc.text == TRANSCRIPT
    assert doc.metadata["encoding"] == name
    assert doc.position_map.raw_to_stored(1) == 0


def test_utf16_without_bom(tmp_path: Path) -> None:
    doc = read_source(write(tmp_path, "interview.txt", TRANSCRIPT.encode("utf-16-le")))
    assert doc.text == TRANSCRIPT
    assert doc.metadata["encoding"] == "utf-16-le"


def test_cp1252(tmp_path: Path) -> None:
    text = (
        "Interviewer: Grüße aus München! Wie läuft's mit der Straße?\r\n"
        "P02: Très bien – «naïve» idée, l'élève est à Noël – 5 €.\r\n"
        "Interviewer: Señor Muñoz, ¿qué tal? Ça va?\r\n"
    )
    doc = read_source(write(tmp_path, "alt.txt", text.encode("cp1252")))
    assert doc.text == text.replace("\r\n", "\n")
    assert doc.metadata["encoding"] not in ("utf-8", "ascii")
    assert doc.position_map.raw_to_stored(text.index("P02")) == doc.text.index("P02")


def test_cp1250_is_not_mistaken_for_cp1252(tmp_path: Path) -> None:
    text = (
        "Tazatel: Příliš žluťoučký kůň úpěl ďábelské ódy. Dobrý den, jak se máte?\n"
        "R: Děkuji, mám se dobře. Řeknu vám, že to bylo těžké.\n"
    )
    doc = read_source(write(tmp_path, "rozhovor.txt", text.encode("cp1250")))
    assert doc.text == text
    assert doc.metadata["encoding"] == "cp1250"


def test_crlf_and_decomposed_text_are_normalized_with_raw_map(tmp_path: Path) -> None:
    raw = "Interviewer: cafe\u0301?\r\nP1: oui\r\n"
    doc = read_source(write(tmp_path, "nfd.txt", raw.encode()))
    assert doc.text == "Interviewer: café?\nP1: oui\n"
    mapping = doc.position_map
    assert mapping.raw_length == len(raw)
    assert mapping.raw_to_stored(raw.index("P1")) == doc.text.index("P1")
    assert mapping.raw_to_stored(raw.index("\u0301")) == doc.text.index("é")
    assert mapping.stored_to_raw(doc.text.index("P1")) == raw.index("P1")


def test_markdown_and_other_extensions(tmp_path: Path) -> None:
    assert read_source(write(tmp_path, "notes.md", b"# Title\n\nI: hi")).original_format == "md"
    assert read_source(write(tmp_path, "NOTES.TXT", b"hello")).original_format == "txt"
    assert read_source(write(tmp_path, "notes.text", b"hello")).original_format == "txt"


def test_random_bytes_are_binary(tmp_path: Path) -> None:
    rng = random.Random(1234)
    data = bytes(rng.randrange(256) for _ in range(4096))
    with pytest.raises(SourceImportError) as caught:
        read_source(write(tmp_path, "data.txt", data))
    error = caught.value
    assert error.reason == ImportProblem.BINARY
    assert error.path.name == "data.txt"
    assert str(error) == (
        "data.txt: the file contains binary data, not text (is it really a .txt file?). "
        "Open it in the program that created it and export the text as .txt (UTF-8) or .docx."
    )


def test_control_characters_without_nul_are_binary(tmp_path: Path) -> None:
    data = bytes(range(1, 32)) * 50 + b"some text"
    with pytest.raises(SourceImportError) as caught:
        read_source(write(tmp_path, "data.txt", data))
    assert caught.value.reason == ImportProblem.BINARY
    assert str(caught.value).startswith("data.txt: the file contains binary data")


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(SourceImportError) as caught:
        read_source(write(tmp_path, "empty.txt", b""))
    assert caught.value.reason == ImportProblem.EMPTY
    assert str(caught.value) == (
        "empty.txt: the file is empty (0 bytes). "
        "Check that you picked the right file and that it was saved completely."
    )


def test_blank_file(tmp_path: Path) -> None:
    with pytest.raises(SourceImportError) as caught:
        read_source(write(tmp_path, "blank.txt", b"\xef\xbb\xbf \r\n\t\n"))
    assert caught.value.reason == ImportProblem.EMPTY
    assert str(caught.value) == (
        "blank.txt: the file contains no text. It holds only blank lines or spaces."
    )


def test_undecodable_text(tmp_path: Path) -> None:
    rng = random.Random(5)
    alphabet = list(range(0xA0, 0x100)) + [0x20] * 10 + list(range(0x61, 0x7B))
    data = bytes(rng.choice(alphabet) for _ in range(300))
    with pytest.raises(SourceImportError) as caught:
        read_source(write(tmp_path, "mystery.txt", data))
    assert caught.value.reason == ImportProblem.UNDECODABLE
    assert str(caught.value) == (
        "mystery.txt: the text encoding could not be recognised (it is neither UTF-8 nor a "
        "known single-byte encoding). Open it in a text editor and save it as UTF-8, then "
        "import it again."
    )


def test_damaged_utf16(tmp_path: Path) -> None:
    with pytest.raises(SourceImportError) as caught:
        read_source(write(tmp_path, "broken.txt", b"\xff\xfeh\x00i\x00\x00"))
    assert caught.value.reason == ImportProblem.UNDECODABLE
    assert str(caught.value) == (
        "broken.txt: the file is marked as UTF-16 text, but its content is not valid in that "
        "encoding (the file may be damaged). Open it in a text editor and save it again as "
        "UTF-8."
    )
