"""What every importer returns, the import error, and helpers shared by the importers."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from workbench.core.errors import FileProblemError
from workbench.core.text.normalize import NormalizedText, PositionMap, normalize_text
from workbench.core.text.speakers import detect_turns, speakers

__all__ = [
    "FORMAT_BY_EXTENSION",
    "MAX_LINE_CHARS",
    "MAX_SOURCE_BYTES",
    "MAX_TEXT_CHARS",
    "MAX_UNPACKED_BYTES",
    "ImportProblem",
    "ImportedDocument",
    "SourceImportError",
    "build_document",
    "check_file_size",
    "check_line_lengths",
    "check_text_length",
    "check_unpacked_size",
    "empty_file_error",
    "finish_text",
    "fix_surrogates",
    "no_text_error",
    "supported_extensions_text",
]

MAX_SOURCE_BYTES = 50 * 1024 * 1024
"""Largest source file accepted, in bytes (checked before anything is parsed)."""

MAX_TEXT_CHARS = 20_000_000
"""Longest text accepted, in characters."""

MAX_LINE_CHARS = 100_000
"""Longest line (paragraph) accepted, in characters: the transcript view lays out a paragraph
as a whole: one of 100,000 characters opens in about 0.2 s, one of 20M characters took 22–49 s
and 1–1.3 GB (benchmarks/long_line.py)."""

MAX_UNPACKED_BYTES = 512 * 1024 * 1024
"""Largest total size of the unpacked parts of a .docx/.odt (guards against zip bombs)."""

FORMAT_BY_EXTENSION: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".docx": "docx",
    ".pdf": "pdf",
    ".odt": "odt",
    ".rtf": "rtf",
    ".html": "html",
    ".htm": "html",
    ".vtt": "vtt",
    ".srt": "srt",
}
"""Supported file extensions (lower case) and the ``original_format`` they import as."""

_SURROGATE = re.compile("[\ud800-\udfff]")
_LINE_BREAK = re.compile("[\n\u2029]")  # what starts a new paragraph in the view


class ImportProblem(StrEnum):
    """Why a source file could not be imported (the ``reason`` of a SourceImportError)."""

    UNSUPPORTED_TYPE = "unsupported_type"
    UNREADABLE = "unreadable"
    TOO_LARGE = "too_large"
    EMPTY = "empty"
    BINARY = "binary"
    UNDECODABLE = "undecodable"
    CORRUPT = "corrupt"
    ENCRYPTED = "encrypted"
    NO_TEXT_LAYER = "no_text_layer"


class SourceImportError(FileProblemError):
    """A source file cannot be imported; the message names the file, the problem and a fix."""

    def __init__(self, path: Path, reason: ImportProblem, problem: str, advice: str = "") -> None:
        self.reason = reason
        super().__init__(path, problem, advice)


@dataclass(frozen=True)
class ImportedDocument:
    """Text of an imported source in stored form, with metadata.

    ``metadata`` is JSON-serialisable and always holds ``"speakers"`` (list of names) and
    ``"turns"`` (list of ``[speaker, start, end]``); formats add their own keys.
    ``position_map`` maps positions in the raw decoded text to stored positions; for
    formats whose raw form is not text it is the identity map of ``text``.
    """

    text: str
    kind: str
    original_format: str
    metadata: dict[str, Any]
    position_map: PositionMap


def supported_extensions_text() -> str:
    """The supported extensions as a readable list, e.g. ``.docx, .htm, ...``."""
    return ", ".join(sorted(FORMAT_BY_EXTENSION))


def check_file_size(path: Path, size: int) -> None:
    """Refuse a file larger than MAX_SOURCE_BYTES."""
    if size > MAX_SOURCE_BYTES:
        raise SourceImportError(
            path,
            ImportProblem.TOO_LARGE,
            f"the file is too large to import ({_megabytes(size)}; "
            f"the limit is {_megabytes(MAX_SOURCE_BYTES)}).",
            "Split it into smaller files and import those.",
        )


def check_text_length(path: Path, length: int) -> None:
    """Refuse a text longer than MAX_TEXT_CHARS characters."""
    if length > MAX_TEXT_CHARS:
        raise SourceImportError(
            path,
            ImportProblem.TOO_LARGE,
            f"the text is too long to import ({length:,} characters; "
            f"the limit is {MAX_TEXT_CHARS:,}).",
            "Split it into smaller files and import those.",
        )


def check_line_lengths(path: Path, text: str) -> None:
    """Refuse a text with a line (paragraph) longer than MAX_LINE_CHARS characters."""
    if len(text) <= MAX_LINE_CHARS:
        return
    lengths = [len(line) for line in _LINE_BREAK.split(text)]
    longest = max(lengths)
    if longest > MAX_LINE_CHARS:
        number = lengths.index(longest) + 1
        raise SourceImportError(
            path,
            ImportProblem.TOO_LARGE,
            f"line {number:,} is {longest:,} characters long; one line (paragraph) may have at "
            f"most {MAX_LINE_CHARS:,}, or the transcript becomes too slow to read and code.",
            "Break that paragraph into shorter ones (e.g. at speaker turns or sentences), "
            "save the file and import it again.",
        )


def check_unpacked_size(path: Path, size: int, kind: str) -> None:
    """Refuse a zip-based document whose parts unpack to more than MAX_UNPACKED_BYTES."""
    if size > MAX_UNPACKED_BYTES:
        raise SourceImportError(
            path,
            ImportProblem.TOO_LARGE,
            f"the {kind} unpacks to {_megabytes(size)}, more than the limit of "
            f"{_megabytes(MAX_UNPACKED_BYTES)}.",
            "Save a copy without large embedded pictures or objects, or export it as .txt.",
        )


def empty_file_error(path: Path) -> SourceImportError:
    """The error for a file of 0 bytes."""
    return SourceImportError(
        path,
        ImportProblem.EMPTY,
        "the file is empty (0 bytes).",
        "Check that you picked the right file and that it was saved completely.",
    )


def no_text_error(path: Path, what: str = "the file", advice: str = "") -> SourceImportError:
    """The error for a file that opened fine but holds no text."""
    return SourceImportError(
        path,
        ImportProblem.EMPTY,
        f"{what} contains no text.",
        advice or "Check that you picked the right file.",
    )


def fix_surrogates(text: str) -> str:
    """Join UTF-16 surrogate pairs and replace lone surrogates with U+FFFD."""
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def build_document(
    path: Path,
    normalized: NormalizedText,
    original_format: str,
    metadata: dict[str, Any] | None = None,
    *,
    raw_positions: bool = False,
    known_speakers: Iterable[str] = (),
    empty_what: str = "the file",
) -> ImportedDocument:
    """Assemble the ImportedDocument: size and emptiness checks, speaker turns, metadata.

    ``raw_positions`` keeps the normalization map (the importer's raw text is the decoded
    file); otherwise the identity map of the stored text is used.
    """
    text = normalized.text
    check_text_length(path, len(text))
    check_line_lengths(path, text)
    if not text.strip():
        raise no_text_error(path, empty_what)
    if _SURROGATE.search(text):  # unencodable; importers join pairs before normalizing
        text = _SURROGATE.sub("\ufffd", text)
    turns = detect_turns(text, known_speakers)
    data: dict[str, Any] = {
        "speakers": speakers(turns),
        "turns": [[turn.speaker, turn.start, turn.end] for turn in turns],
    }
    if metadata:
        data.update(metadata)
    position_map = normalized.position_map if raw_positions else PositionMap.identity(len(text))
    return ImportedDocument(
        text=text,
        kind="text",
        original_format=original_format,
        metadata=data,
        position_map=position_map,
    )


def finish_text(
    path: Path,
    text: str,
    original_format: str,
    metadata: dict[str, Any] | None = None,
    *,
    empty_what: str = "the file",
) -> ImportedDocument:
    """Normalize an extracted text and build its document (identity position map)."""
    check_text_length(path, len(text))
    return build_document(
        path, normalize_text(fix_surrogates(text)), original_format, metadata, empty_what=empty_what
    )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size % (1024 * 1024) else f"{size // 2**20} MB"
