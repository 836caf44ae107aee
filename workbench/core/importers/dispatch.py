"""Choosing the importer for a file, and the checks every file gets before it is parsed."""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path

from workbench.core.importers.base import (
    FORMAT_BY_EXTENSION,
    ImportedDocument,
    ImportProblem,
    SourceImportError,
    check_file_size,
    empty_file_error,
    supported_extensions_text,
)

__all__ = ["read_source"]


# The importers are imported on first use: their libraries (pypdf, python-docx, odfpy,
# charset-normalizer) take a noticeable time to load.
def _plain(path: Path, data: bytes, original_format: str) -> ImportedDocument:
    from workbench.core.importers.plain import import_plain

    return import_plain(path, data, original_format)


def _docx(path: Path, data: bytes, original_format: str) -> ImportedDocument:
    from workbench.core.importers.docx import import_docx

    return import_docx(path, data)


def _pdf(path: Path, data: bytes, original_format: str) -> ImportedDocument:
    from workbench.core.importers.pdf import import_pdf

    return import_pdf(path, data)


def _odt(path: Path, data: bytes, original_format: str) -> ImportedDocument:
    from workbench.core.importers.odt import import_odt

    return import_odt(path, data)


def _rtf(path: Path, data: bytes, original_format: str) -> ImportedDocument:
    from workbench.core.importers.rtf import import_rtf

    return import_rtf(path, data)


def _html(path: Path, data: bytes, original_format: str) -> ImportedDocument:
    from workbench.core.importers.html import import_html

    return import_html(path, data)


def _subtitles(path: Path, data: bytes, original_format: str) -> ImportedDocument:
    from workbench.core.importers.subtitles import import_subtitles

    return import_subtitles(path, data, original_format)


_IMPORTERS: dict[str, Callable[[Path, bytes, str], ImportedDocument]] = {
    "txt": _plain,
    "md": _plain,
    "docx": _docx,
    "pdf": _pdf,
    "odt": _odt,
    "rtf": _rtf,
    "html": _html,
    "vtt": _subtitles,
    "srt": _subtitles,
}


def read_source(path: Path | str) -> ImportedDocument:
    """Import the file at ``path``, choosing the importer by its extension (any case).

    Raises SourceImportError, with a message naming the file, the problem and a fix, for
    every file that cannot be imported.
    """
    path = Path(path)
    original_format = FORMAT_BY_EXTENSION.get(path.suffix.lower())
    if original_format is None:
        raise _unsupported(path)
    data = _read_bytes(path)
    return _IMPORTERS[original_format](path, data, original_format)


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, after refusing missing, unreadable, empty or too-large files."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise SourceImportError(
                path,
                ImportProblem.UNREADABLE,
                "this is a folder, not a file.",
                "Choose the files inside it instead.",
            )
        check_file_size(path, size)
        if size == 0:
            raise empty_file_error(path)
        with path.open("rb") as stream:
            data = stream.read(size + 1)
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    check_file_size(path, len(data))  # it may have grown since stat()
    if not data:
        raise empty_file_error(path)
    return data


def _unsupported(path: Path) -> SourceImportError:
    kind = f'files of type "{path.suffix}"' if path.suffix else "files without an extension"
    return SourceImportError(
        path,
        ImportProblem.UNSUPPORTED_TYPE,
        f"{kind} cannot be imported. Supported types: {supported_extensions_text()}.",
        "Save the document in one of these formats (e.g. .docx or .txt) and import that.",
    )


def _unreadable(path: Path, exc: OSError) -> SourceImportError:
    if isinstance(exc, FileNotFoundError):
        problem = "the file cannot be found."
        advice = "It may have been moved, renamed or deleted; choose it again."
    elif isinstance(exc, PermissionError):
        problem = "the file cannot be read (permission denied)."
        advice = "Check that your user account may open it, or copy it somewhere you can."
    elif isinstance(exc, IsADirectoryError):
        problem = "this is a folder, not a file."
        advice = "Choose the files inside it instead."
    else:
        reason = exc.strerror or errno.errorcode.get(exc.errno or 0, "") or str(exc)
        problem = f"the file cannot be read ({reason})."
        advice = "Check that the disk or network drive is available and try again."
    return SourceImportError(path, ImportProblem.UNREADABLE, problem, advice)
