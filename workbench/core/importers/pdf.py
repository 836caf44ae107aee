"""PDF documents, read with pypdf: the text layer, pages joined with a blank line.

Metadata ``page_starts`` lists the stored offset where each page's text starts.
A PDF "encrypted" with an empty user password (only restricting printing, copying ...)
is opened; one that needs a password to open is refused, as is one without a text layer
(a scan: it needs OCR first).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError

from workbench.core.importers.base import (
    ImportedDocument,
    ImportProblem,
    SourceImportError,
    build_document,
    check_text_length,
    empty_file_error,
    fix_surrogates,
)
from workbench.core.text.normalize import normalize_text

__all__ = ["PAGE_SEPARATOR", "import_pdf"]

PAGE_SEPARATOR = "\n\n"


def import_pdf(path: Path, data: bytes) -> ImportedDocument:
    """Import the text layer of a PDF (identity position map)."""
    if not data:
        raise empty_file_error(path)
    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
    except Exception as exc:
        raise _corrupt(path) from exc
    if encrypted:
        _decrypt(path, reader)
    try:
        pages = list(reader.pages)
    except Exception as exc:
        raise _corrupt(path) from exc
    if not pages:
        raise SourceImportError(
            path,
            ImportProblem.EMPTY,
            "the PDF has no pages.",
            "Re-export it from the program that created it.",
        )
    texts: list[str] = []
    unreadable: list[int] = []
    total = 0
    for number, page in enumerate(pages, start=1):
        try:
            text = fix_surrogates(page.extract_text()).strip()
        except Exception:
            unreadable.append(number)
            text = ""
        texts.append(text)
        total += len(text) + len(PAGE_SEPARATOR)
        check_text_length(path, total)
    if not any(texts):
        if unreadable:
            raise _corrupt(path)
        raise SourceImportError(
            path,
            ImportProblem.NO_TEXT_LAYER,
            "the PDF has no text layer, only images (is it a scanned document?).",
            "Run OCR on it first (e.g. in your scanner software or PDF reader), "
            "then import the result.",
        )
    raw_starts: list[int] = []
    offset = 0
    for text in texts:
        raw_starts.append(offset)
        offset += len(text) + len(PAGE_SEPARATOR)
    normalized = normalize_text(PAGE_SEPARATOR.join(texts))
    to_stored = normalized.position_map.raw_to_stored
    metadata: dict[str, Any] = {"page_starts": [to_stored(start) for start in raw_starts]}
    if unreadable:
        metadata["unreadable_pages"] = unreadable
    return build_document(path, normalized, "pdf", metadata, empty_what="the PDF")


def _decrypt(path: Path, reader: PdfReader) -> None:
    """Open a PDF encrypted with an empty user password; refuse any other."""
    try:
        result = reader.decrypt("")
    except DependencyError as exc:
        raise SourceImportError(
            path,
            ImportProblem.ENCRYPTED,
            "the PDF is encrypted with AES, which this installation cannot decrypt "
            "(the optional 'cryptography' package is missing).",
            "Print it to a new PDF or export its text, and import that.",
        ) from exc
    except Exception as exc:
        raise SourceImportError(
            path,
            ImportProblem.ENCRYPTED,
            "the PDF is encrypted with a method that cannot be opened here.",
            "Open it in a PDF reader, save or print an unprotected copy, and import that.",
        ) from exc
    if result == PasswordType.NOT_DECRYPTED:
        raise _password_error(path)


def _password_error(path: Path) -> SourceImportError:
    return SourceImportError(
        path,
        ImportProblem.ENCRYPTED,
        "the PDF is protected by a password.",
        "Open it in a PDF reader with the password, save or print an unprotected copy, "
        "and import that.",
    )


def _corrupt(path: Path) -> SourceImportError:
    return SourceImportError(
        path,
        ImportProblem.CORRUPT,
        "not a valid PDF (the file is damaged or not really a PDF).",
        "Re-export it from the program that created it, or export its text as .txt.",
    )
