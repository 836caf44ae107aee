"""read_source: choosing the importer, and the checks made before any parsing."""

from __future__ import annotations

import os
import pathlib
import time
from pathlib import Path

import pytest

from workbench.core.errors import WorkbenchError
from workbench.core.importers import (
    MAX_SOURCE_BYTES,
    ImportProblem,
    SourceImportError,
    base,
    read_source,
)

SUPPORTED = ".docx, .htm, .html, .md, .odt, .pdf, .rtf, .srt, .text, .txt, .vtt"


def test_unsupported_type_lists_supported_extensions(tmp_path: Path) -> None:
    path = tmp_path / "notes.xyz"
    path.write_text("hello")
    with pytest.raises(SourceImportError) as caught:
        read_source(path)
    error = caught.value
    assert isinstance(error, WorkbenchError)
    assert error.reason == ImportProblem.UNSUPPORTED_TYPE
    assert error.path == path
    assert str(error) == (
        f'notes.xyz: files of type ".xyz" cannot be imported. Supported types: {SUPPORTED}. '
        "Save the document in one of these formats (e.g. .docx or .txt) and import that."
    )


def test_no_extension(tmp_path: Path) -> None:
    with pytest.raises(SourceImportError) as caught:
        read_source(tmp_path / "README")
    assert str(caught.value).startswith(
        "README: files without an extension cannot be imported. Supported types: .docx"
    )


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceImportError) as caught:
        read_source(str(tmp_path / "gone.txt"))
    assert caught.value.reason == ImportProblem.UNREADABLE
    assert str(caught.value) == (
        "gone.txt: the file cannot be found. It may have been moved, renamed or deleted; "
        "choose it again."
    )


def test_folder(tmp_path: Path) -> None:
    folder = tmp_path / "interviews.txt"
    folder.mkdir()
    with pytest.raises(SourceImportError) as caught:
        read_source(folder)
    assert caught.value.reason == ImportProblem.UNREADABLE
    assert str(caught.value) == (
        "interviews.txt: this is a folder, not a file. Choose the files inside it instead."
    )


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("secret")
    path.chmod(0)
    try:
        with pytest.raises(SourceImportError) as caught:
            read_source(path)
    finally:
        path.chmod(0o600)
    assert caught.value.reason == ImportProblem.UNREADABLE
    assert str(caught.value) == (
        "locked.txt: the file cannot be read (permission denied). Check that your user "
        "account may open it, or copy it somewhere you can."
    )


def test_permission_denied_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("secret")

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(pathlib.Path, "open", refuse)
    with pytest.raises(SourceImportError) as caught:
        read_source(path)
    assert caught.value.reason == ImportProblem.UNREADABLE
    assert str(caught.value) == (
        "locked.txt: the file cannot be read (permission denied). Check that your user "
        "account may open it, or copy it somewhere you can."
    )


@pytest.mark.parametrize("name", ["huge.pdf", "huge.txt", "huge.docx"])
def test_too_large_file_is_refused_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    path = tmp_path / name
    with path.open("wb") as stream:
        stream.truncate(MAX_SOURCE_BYTES + 1)  # sparse: nothing is written

    def must_not_open(self: Path, *args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(pathlib.Path, "open", must_not_open)
    started = time.perf_counter()
    with pytest.raises(SourceImportError) as caught:
        read_source(path)
    assert time.perf_counter() - started < 0.5
    assert caught.value.reason == ImportProblem.TOO_LARGE
    assert str(caught.value) == (
        f"{name}: the file is too large to import (50.0 MB; the limit is 50 MB). "
        "Split it into smaller files and import those."
    )


def test_too_much_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "MAX_TEXT_CHARS", 10)
    path = tmp_path / "long.txt"
    path.write_text("Interviewer: far too long")
    with pytest.raises(SourceImportError) as caught:
        read_source(path)
    assert caught.value.reason == ImportProblem.TOO_LARGE
    assert str(caught.value) == (
        "long.txt: the text is too long to import (25 characters; the limit is 10). "
        "Split it into smaller files and import those."
    )


@pytest.mark.parametrize("name", ["empty.docx", "empty.pdf", "empty.srt", "EMPTY.ODT"])
def test_empty_files_of_every_kind(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(SourceImportError) as caught:
        read_source(path)
    assert caught.value.reason == ImportProblem.EMPTY
    assert str(caught.value) == (
        f"{name}: the file is empty (0 bytes). "
        "Check that you picked the right file and that it was saved completely."
    )


def test_error_attributes(tmp_path: Path) -> None:
    error = SourceImportError(tmp_path / "a.txt", ImportProblem.CORRUPT, "broken.", "Fix it.")
    assert (error.path.name, error.reason, error.problem, error.advice) == (
        "a.txt",
        "corrupt",
        "broken.",
        "Fix it.",
    )
    assert str(error) == "a.txt: broken. Fix it."


@pytest.mark.parametrize("suffix", [".txt", ".html", ".srt"])
def test_a_line_too_long_to_show_is_refused_naming_the_line(tmp_path: Path, suffix: str) -> None:
    long = "word " * (base.MAX_LINE_CHARS // 5 + 1)
    body = {
        ".txt": f"Interviewer: hello\n\nP01: {long}\n",
        ".html": f"<p>Interviewer: hello</p><p>P01: {long}</p>",
        ".srt": "1\n00:00:01,000 --> 00:00:02,000\nhello\n\n"
        f"2\n00:00:02,000 --> 00:00:09,000\n{long}\n",
    }[suffix]
    path = tmp_path / f"monologue{suffix}"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(SourceImportError) as caught:
        read_source(path)
    message = str(caught.value)
    assert caught.value.reason == ImportProblem.TOO_LARGE
    assert message.startswith(f"monologue{suffix}: line ")
    assert f"at most {base.MAX_LINE_CHARS:,}" in message and "Break that paragraph" in message


def test_lines_up_to_the_limit_import(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("P01: " + "x" * (base.MAX_LINE_CHARS - 5) + "\n" + "y" * 50, encoding="utf-8")
    assert max(len(line) for line in read_source(path).text.split("\n")) == base.MAX_LINE_CHARS
